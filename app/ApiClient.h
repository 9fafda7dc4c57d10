#pragma once

#include "ApiError.h"
#include "Decision.h"
#include "JsonCodec.h"

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace fr {

// The result of one call: a value or an error (never both).
template <typename T>
struct ApiResult {
    std::optional<T> value;
    ApiError error;
    bool ok() const { return value.has_value(); }
};

// API v1 over HTTP(S) (docs/api.md): the one authenticated transport of the app. One method per
// call; each answers exactly once through its callback, on this thread. Every call goes through
// one send path that:
//  - adds the bearer token; on our backend's 401 asks the token renewer once (one renewal shared
//    by every call waiting at that moment), then sends each waiting call again with the new token;
//  - never follows a redirect (it could carry the token elsewhere; a 3xx is a captive portal);
//  - verifies TLS (errors are never ignored);
//  - bounds the answer: a limit per call (checked against Content-Length up front and against the
//    bytes as they come; the reply is aborted at once), a transfer timeout (no bytes for that
//    long) and an overall deadline (however slowly the bytes come);
//  - turns failures into ApiError sentences with a verdict().
// The QNetworkAccessManager is injected so that tests can script replies.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    template <typename T>
    using Callback = std::function<void(const ApiResult<T> &)>;

    // How a renewal of the access token ended, as the token renewer (AuthService) tells it.
    enum class Renewal { Renewed, SignInNeeded, Unreachable };
    using RenewalDone = std::function<void(Renewal outcome, const QString &message)>;
    // Must answer `done` exactly once (it may do so at once); it sets the new access token first.
    using TokenRenewer = std::function<void(RenewalDone done)>;

    // Answer size limits per call.
    static constexpr qint64 kTokenAnswerLimit = 64 * 1024;
    static constexpr qint64 kAccountAnswerLimit = 64 * 1024;
    static constexpr qint64 kSmallAnswerLimit = 64 * 1024;         // release, retract
    static constexpr qint64 kBatchAnswerLimit = 8 * 1024 * 1024;   // /feedback/batch (≤ 500 results)
    static constexpr qint64 kSlaAnswerLimit = 16 * 1024 * 1024;
    static qint64 leaseAnswerLimit(int limit);                      // 4 MiB + 256 KiB per output, ≤ 64 MiB

    explicit ApiClient(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setServer(const QUrl &server);
    QUrl server() const;
    void setAccessToken(const QString &token);  // kept in memory only
    QString accessToken() const;
    bool hasAccessToken() const;
    void setTimeoutMs(int ms);                  // per transfer (no bytes for that long); default 30 s
    int timeoutMs() const;
    void setDeadlineMs(int ms);                 // per call, overall, however slowly bytes come; default 60 s
    int deadlineMs() const;

    // Asked when a call says 401. Without one, the 401 is the caller's (Kind::SessionExpired).
    void setTokenRenewer(TokenRenewer renewer);
    // Sign-out: forgets the access token; calls waiting for a renewal answer SignInNeeded now, and
    // a renewal still in flight (or a 401 of a call sent before) causes no replay.
    void endSession();

    void signInWithPassword(const QString &username, const QString &password, Callback<TokenPair> done);
    void refreshTokens(const QString &refreshToken, Callback<TokenPair> done);
    void me(Callback<Account> done);
    // HeldFirst: our own live leases come back first (renewed); OnlyNew: outputs we do not hold
    // yet, so that an offline session can lease more than one call's worth page by page.
    enum class LeaseScope { HeldFirst, OnlyNew };
    void lease(int limit, int leaseSeconds, LeaseScope scope, Callback<LeaseBatch> done);
    void release(const QStringList &outputIds, Callback<int> done);
    // body: JsonCodec::batchBody of the decisions, built where they were read (StoreWriter's thread).
    void sendBatch(const QByteArray &body, Callback<QList<BatchItemResult>> done);
    void retract(const QString &feedbackId, Callback<QString> done);  // → the feedback id
    // Supervisors: GET /sla/summary and GET /sla/timeseries. targetHours <= 0: the server's default;
    // an invalid since/until: the server's default range.
    void slaSummary(double targetHours, Callback<SlaSummary> done);
    void slaTimeseries(SlaTimeseries::Bucket bucket, const QDateTime &since, const QDateTime &until,
                       Callback<SlaTimeseries> done, double targetHours = 0.0);
    // What needs attention. targetHours <= 0 everywhere: the server's own setting (a what-if otherwise).
    struct SlaItemQuery {
        SlaItemPage::Kind kind = SlaItemPage::Kind::Overdue;
        double withinHours = 24.0;  // at_risk only: the deadline falls within this many hours
        QString model;              // empty: every model
        SlaItemPage::Sort sort = SlaItemPage::Sort::Deadline;
        int limit = 100;
        int offset = 0;
        double targetHours = 0.0;
    };
    void slaItems(const SlaItemQuery &query, Callback<SlaItemPage> done);
    void slaForecast(double horizonHours, double targetHours, Callback<SlaForecast> done);
    // An invalid since/until: the server's default range.
    void slaBreakdown(SlaBreakdown::By by, const QDateTime &since, const QDateTime &until, double targetHours,
                      Callback<SlaBreakdown> done);
    void slaHistogram(double targetHours, Callback<SlaHistogram> done);
    void slaLeases(Callback<QList<SlaLeaseHolder>> done);
    void releaseLeasesOf(const QString &reviewerId, Callback<int> done);  // → how many were released

    QNetworkAccessManager *network() const { return m_network; }

private:
    struct Call;
    using CallPtr = std::shared_ptr<Call>;
    template <typename T>
    using Parser = std::function<Parsed<T>(const QByteArray &)>;

    QNetworkRequest request(const Call &call) const;
    void send(const CallPtr &call);
    void answered(const CallPtr &call, const ApiError &error, const QByteArray &body);
    void waitForRenewal(const CallPtr &call);
    void renewed(quint64 session, Renewal outcome, const QString &message);
    template <typename T>
    static ApiResult<T> resultOf(const ApiError &error, const QByteArray &body, const Parser<T> &parse);
    template <typename T>
    void start(CallPtr call, Parser<T> parse, Callback<T> done);
    template <typename T>
    void startParsedElsewhere(CallPtr call, Parser<T> parse, Callback<T> done);
    CallPtr postCall(const QString &path, const QByteArray &contentType, const QByteArray &body, qint64 limit) const;
    CallPtr getCall(const QString &path, const QUrlQuery &query, qint64 limit) const;
    void postToken(const QByteArray &form, Callback<TokenPair> done);

    QNetworkAccessManager *m_network;
    QUrl m_server;
    QString m_accessToken;
    int m_timeoutMs = 30000;
    int m_deadlineMs = 60000;
    TokenRenewer m_renewer;
    QList<CallPtr> m_waitingForToken;  // non-empty while a renewal is on its way
    quint64 m_session = 0;             // endSession() counts up: older renewals and 401s are void
};

} // namespace fr
