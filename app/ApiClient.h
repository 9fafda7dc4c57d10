#pragma once

#include "ApiError.h"
#include "Decision.h"
#include "JsonCodec.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QUrlQuery;

namespace fr {

// The result of one call: a value or an error (never both).
template <typename T>
struct ApiResult {
    std::optional<T> value;
    ApiError error;
    bool ok() const { return value.has_value(); }
};

// API v1 over HTTP(S) (docs/api.md). One method per call; each answers exactly once through its
// callback, on this thread. TLS is verified (errors are never ignored), every transfer has a
// timeout, the bearer token is added, and failures arrive as ApiError sentences.
// The QNetworkAccessManager is injected so that tests can script replies.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    template <typename T>
    using Callback = std::function<void(const ApiResult<T> &)>;

    explicit ApiClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setServer(const QUrl &server);
    QUrl server() const;
    void setAccessToken(const QString &token);  // kept in memory only
    QString accessToken() const;
    bool hasAccessToken() const;
    void setTimeoutMs(int ms);                  // per transfer; default 30 s
    int timeoutMs() const;

    void signInWithPassword(const QString &username, const QString &password, Callback<TokenPair> done);
    void refreshTokens(const QString &refreshToken, Callback<TokenPair> done);
    void me(Callback<Account> done);
    // HeldFirst: our own live leases come back first (renewed); OnlyNew: outputs we do not hold
    // yet, so that an offline session can lease more than one call's worth page by page.
    enum class LeaseScope { HeldFirst, OnlyNew };
    void lease(int limit, int leaseSeconds, LeaseScope scope, Callback<LeaseBatch> done);
    void release(const QStringList &outputIds, Callback<int> done);
    void sendBatch(const QList<Decision> &decisions, Callback<QList<BatchItemResult>> done);
    void retract(const QString &feedbackId, Callback<QString> done);  // → the feedback id
    // Supervisors: GET /sla/summary and GET /sla/timeseries. targetHours <= 0: the server's default;
    // an invalid since/until: the server's default range.
    void slaSummary(double targetHours, Callback<SlaSummary> done);
    void slaTimeseries(SlaTimeseries::Bucket bucket, const QDateTime &since, const QDateTime &until,
                       Callback<SlaTimeseries> done, double targetHours = 0.0);

    QNetworkAccessManager *network() const { return m_network; }

private:
    using BodyHandler = std::function<void(QNetworkReply *reply, const ApiError &error)>;
    QNetworkRequest request(const QString &path, bool withToken) const;
    void finish(QNetworkReply *reply, BodyHandler handler);
    template <typename T>
    void finishParsed(QNetworkReply *reply, std::function<Parsed<T>(const QByteArray &)> parse, Callback<T> done);
    template <typename T>
    void postJson(const QString &path, const QByteArray &body,
                  std::function<Parsed<T>(const QByteArray &)> parse, Callback<T> done);
    template <typename T>
    void getJson(const QString &path, const QUrlQuery &query, std::function<Parsed<T>(const QByteArray &)> parse,
                 Callback<T> done);
    void postToken(const QByteArray &form, Callback<TokenPair> done);

    QNetworkAccessManager *m_network;
    QUrl m_server;
    QString m_accessToken;
    int m_timeoutMs = 30000;
};

} // namespace fr
