#include "ApiClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

namespace fr {

namespace {

const QByteArray kJson = QByteArrayLiteral("application/json");

Parsed<int> parseReleased(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    if (!object.value(QLatin1String("released")).isDouble())
        return {std::nullopt, QStringLiteral("no \"released\" count")};
    return {object.value(QLatin1String("released")).toInt(), {}};
}

Parsed<QString> parseFeedbackId(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QString id = object.value(QLatin1String("id")).toString();
    if (id.isEmpty())
        return {std::nullopt, QStringLiteral("no feedback \"id\"")};
    return {id, {}};
}

} // namespace

ApiClient::ApiClient(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_network(network)
{
    // Redirects could carry the bearer token elsewhere; the API never redirects.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void ApiClient::setServer(const QUrl &server) { m_server = server; }
QUrl ApiClient::server() const { return m_server; }
void ApiClient::setAccessToken(const QString &token) { m_accessToken = token; }
QString ApiClient::accessToken() const { return m_accessToken; }
bool ApiClient::hasAccessToken() const { return !m_accessToken.isEmpty(); }
void ApiClient::setTimeoutMs(int ms) { m_timeoutMs = ms; }
int ApiClient::timeoutMs() const { return m_timeoutMs; }

QNetworkRequest ApiClient::request(const QString &path, bool withToken) const
{
    QUrl url = m_server;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setRawHeader("Accept", "application/json, application/problem+json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("feedback-reviewer/" FR_VERSION));
    if (withToken && !m_accessToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
    return request;
}

// Every reply ends here: classify it, hand it to the call's handler, free it. TLS errors are
// not ignored: the reply then fails with SslHandshakeFailedError and says so.
void ApiClient::finish(QNetworkReply *reply, BodyHandler handler)
{
    connect(reply, &QNetworkReply::finished, this, [this, reply, handler = std::move(handler)] {
        reply->deleteLater();
        const QByteArray body = reply->peek(reply->bytesAvailable());
        handler(reply, ApiError::fromReply(reply, m_server, m_timeoutMs, body));
    });
}

// The answer's body through `parse`: a value, or the transport/HTTP error, or "malformed".
template <typename T>
void ApiClient::finishParsed(QNetworkReply *reply, std::function<Parsed<T>(const QByteArray &)> parse, Callback<T> done)
{
    finish(reply, [parse, done](QNetworkReply *answered, const ApiError &error) {
        ApiResult<T> result;
        if (error.isError()) {
            result.error = error;
        } else if (Parsed<T> parsed = parse(answered->readAll())) {
            result.value = std::move(parsed.value);
        } else {
            result.error = ApiError::malformed(parsed.error);
        }
        done(result);
    });
}

template <typename T>
void ApiClient::postJson(const QString &path, const QByteArray &body,
                         std::function<Parsed<T>(const QByteArray &)> parse, Callback<T> done)
{
    QNetworkRequest req = request(path, true);
    req.setHeader(QNetworkRequest::ContentTypeHeader, kJson);
    finishParsed<T>(m_network->post(req, body), std::move(parse), std::move(done));
}

template <typename T>
void ApiClient::getJson(const QString &path, const QUrlQuery &query,
                        std::function<Parsed<T>(const QByteArray &)> parse, Callback<T> done)
{
    QNetworkRequest req = request(path, true);
    QUrl url = req.url();
    url.setQuery(query);
    req.setUrl(url);
    finishParsed<T>(m_network->get(req), std::move(parse), std::move(done));
}

void ApiClient::postToken(const QByteArray &form, Callback<TokenPair> done)
{
    QNetworkRequest req = request(QStringLiteral("/auth/token"), false);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    finishParsed<TokenPair>(m_network->post(req, form), &JsonCodec::parseTokenPair, std::move(done));
}

void ApiClient::signInWithPassword(const QString &username, const QString &password, Callback<TokenPair> done)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("username"), username);
    form.addQueryItem(QStringLiteral("password"), password);
    postToken(form.toString(QUrl::FullyEncoded).toUtf8(), std::move(done));
}

void ApiClient::refreshTokens(const QString &refreshToken, Callback<TokenPair> done)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"), refreshToken);
    postToken(form.toString(QUrl::FullyEncoded).toUtf8(), std::move(done));
}

void ApiClient::me(Callback<Account> done)
{
    finish(m_network->get(request(QStringLiteral("/me"), true)),
           [done](QNetworkReply *reply, const ApiError &error) {
               ApiResult<Account> result;
               if (error.isError())
                   result.error = error;
               else if (Parsed<Account> parsed = JsonCodec::parseAccount(reply->readAll()))
                   result.value = parsed.value;
               else
                   result.error = ApiError::malformed(parsed.error);
               done(result);
           });
}

void ApiClient::lease(int limit, int leaseSeconds, LeaseScope scope, Callback<LeaseBatch> done)
{
    const QJsonObject body{{QStringLiteral("limit"), limit},
                           {QStringLiteral("lease_seconds"), leaseSeconds},
                           {QStringLiteral("include_held"), scope == LeaseScope::HeldFirst}};
    postJson<LeaseBatch>(QStringLiteral("/outputs/lease"), QJsonDocument(body).toJson(QJsonDocument::Compact),
                         &JsonCodec::parseLeaseBatch, std::move(done));
}

void ApiClient::release(const QStringList &outputIds, Callback<int> done)
{
    const QJsonObject body{{QStringLiteral("ids"), QJsonArray::fromStringList(outputIds)}};
    postJson<int>(QStringLiteral("/outputs/release"), QJsonDocument(body).toJson(QJsonDocument::Compact),
                  &parseReleased, std::move(done));
}

void ApiClient::sendBatch(const QList<Decision> &decisions, Callback<QList<BatchItemResult>> done)
{
    postJson<QList<BatchItemResult>>(QStringLiteral("/feedback/batch"), JsonCodec::batchBody(decisions),
                                     &JsonCodec::parseBatchResults, std::move(done));
}

void ApiClient::retract(const QString &feedbackId, Callback<QString> done)
{
    const QString path = QStringLiteral("/feedback/%1/retract")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(feedbackId)));
    postJson<QString>(path, QByteArrayLiteral("{}"), &parseFeedbackId, std::move(done));
}

void ApiClient::slaSummary(double targetHours, Callback<SlaSummary> done)
{
    QUrlQuery query;
    if (targetHours > 0)
        query.addQueryItem(QStringLiteral("target_hours"), QString::number(targetHours));
    getJson<SlaSummary>(QStringLiteral("/sla/summary"), query, &JsonCodec::parseSlaSummary, std::move(done));
}

void ApiClient::slaTimeseries(SlaTimeseries::Bucket bucket, const QDateTime &since, const QDateTime &until,
                              Callback<SlaTimeseries> done, double targetHours)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("bucket"),
                       bucket == SlaTimeseries::Bucket::Hour ? QStringLiteral("hour") : QStringLiteral("day"));
    // FullyEncoded below turns the '+' of an offset into %2B; formatTime writes 'Z' anyway.
    if (since.isValid())
        query.addQueryItem(QStringLiteral("since"), JsonCodec::formatTime(since));
    if (until.isValid())
        query.addQueryItem(QStringLiteral("until"), JsonCodec::formatTime(until));
    if (targetHours > 0)
        query.addQueryItem(QStringLiteral("target_hours"), QString::number(targetHours));
    getJson<SlaTimeseries>(QStringLiteral("/sla/timeseries"), query, &JsonCodec::parseSlaTimeseries, std::move(done));
}

} // namespace fr
