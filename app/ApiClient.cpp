#include "ApiClient.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QPromise>
#include <QThreadPool>
#include <QTimer>

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

// One transfer of a call: the bytes read so far, and why the transport cut it off (if it did).
struct Transfer {
    QByteArray received;
    std::optional<ApiError> cutOff;
};

// Moves what the reply has into the transfer, never more than limit + 1 bytes in all.
// True when the answer is over the limit.
bool takeBytes(QNetworkReply *reply, Transfer &transfer, qint64 limit)
{
    const qint64 room = limit + 1 - transfer.received.size();
    if (room > 0 && reply->bytesAvailable() > 0)
        transfer.received += reply->read(room);
    return transfer.received.size() > limit;
}

} // namespace

// One API call, as often as it is sent (a replay after a renewal sends it again unchanged).
struct ApiClient::Call {
    QByteArray verb;  // "GET" or "POST"
    QString path;
    QUrlQuery query;
    QByteArray contentType;
    QByteArray body;
    bool withToken = true;
    qint64 answerLimit = 0;
    std::function<void(const ApiError &error, const QByteArray &body)> done;
    quint64 session = 0;  // m_session when the call began
    QString tokenSent;
    bool replayed = false;
};

qint64 ApiClient::leaseAnswerLimit(int limit)
{
    constexpr qint64 base = 4 * 1024 * 1024;
    constexpr qint64 perOutput = 256 * 1024;
    constexpr qint64 most = 64 * 1024 * 1024;
    return std::min(most, base + perOutput * std::max(0, limit));
}

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
void ApiClient::setDeadlineMs(int ms) { m_deadlineMs = ms; }
int ApiClient::deadlineMs() const { return m_deadlineMs; }
void ApiClient::setTokenRenewer(TokenRenewer renewer) { m_renewer = std::move(renewer); }

QNetworkRequest ApiClient::request(const Call &call) const
{
    QUrl url = m_server;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + call.path);
    if (!call.query.isEmpty())
        url.setQuery(call.query);
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json, application/problem+json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("feedback-reviewer/" FR_VERSION));
    if (!call.contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, call.contentType);
    if (call.withToken && !m_accessToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_accessToken.toUtf8());
    return request;
}

// The one send path. The answer is read as it comes and cut off at the call's size limit or at
// the overall deadline; either becomes the call's error. TLS errors are not ignored: the reply
// then fails with SslHandshakeFailedError and says so.
void ApiClient::send(const CallPtr &call)
{
    call->tokenSent = call->withToken ? m_accessToken : QString();
    const QNetworkRequest req = request(*call);
    QNetworkReply *reply = call->verb == "GET" ? m_network->get(req) : m_network->post(req, call->body);
    auto transfer = std::make_shared<Transfer>();
    const qint64 limit = call->answerLimit;
    const auto cut = [reply, transfer](const ApiError &why) {
        if (transfer->cutOff || reply->isFinished())
            return;
        transfer->cutOff = why;
        reply->abort();  // → finished, at once
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, [reply, limit, cut] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > limit)
            cut(ApiError::answerTooLarge(limit));
    });
    connect(reply, &QNetworkReply::readyRead, this, [reply, transfer, limit, cut] {
        if (!transfer->cutOff && takeBytes(reply, *transfer, limit))
            cut(ApiError::answerTooLarge(limit));
    });
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this, reply, cut] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        cut(ApiError::deadlineExceeded(m_server, m_deadlineMs, status));
    });
    deadline->start(m_deadlineMs);
    connect(reply, &QNetworkReply::finished, this, [this, call, reply, transfer, limit] {
        reply->deleteLater();
        if (!transfer->cutOff && takeBytes(reply, *transfer, limit))
            transfer->cutOff = ApiError::answerTooLarge(limit);
        if (transfer->cutOff) {
            transfer->received.clear();
            answered(call, *transfer->cutOff, {});
            return;
        }
        answered(call, ApiError::fromReply(reply, m_server, m_timeoutMs, transfer->received), transfer->received);
    });
}

// A 401 from our backend on a call with a token: renew once, then send the call again.
void ApiClient::answered(const CallPtr &call, const ApiError &error, const QByteArray &body)
{
    const bool renewable = error.kind == ApiError::Kind::SessionExpired && call->withToken && !call->replayed
                           && m_renewer;
    if (!renewable) {
        call->done(error, body);
        return;
    }
    if (call->session != m_session) {  // sent before a sign-out: nothing to renew
        call->done(ApiError::signInNeeded(tr("You signed out.")), {});
        return;
    }
    call->replayed = true;
    if (!m_accessToken.isEmpty() && m_accessToken != call->tokenSent) {
        send(call);  // renewed while this call was on its way
        return;
    }
    waitForRenewal(call);
}

void ApiClient::waitForRenewal(const CallPtr &call)
{
    m_waitingForToken.append(call);
    if (m_waitingForToken.size() > 1)
        return;  // the renewal is on its way; it answers every call waiting then
    QPointer<ApiClient> self(this);
    const quint64 session = m_session;
    m_renewer([self, session](Renewal outcome, const QString &message) {
        if (self)
            self->renewed(session, outcome, message);
    });
}

void ApiClient::renewed(quint64 session, Renewal outcome, const QString &message)
{
    if (session != m_session)
        return;  // signed out meanwhile: endSession() answered those calls already
    const QList<CallPtr> waiting = std::exchange(m_waitingForToken, {});
    for (const CallPtr &call : waiting) {
        switch (outcome) {
        case Renewal::Renewed:
            send(call);
            break;
        case Renewal::Unreachable:
            call->done(ApiError::renewalUnreachable(message), {});
            break;
        case Renewal::SignInNeeded:
            call->done(ApiError::signInNeeded(message), {});
            break;
        }
    }
}

void ApiClient::endSession()
{
    ++m_session;
    m_accessToken.clear();
    const QList<CallPtr> waiting = std::exchange(m_waitingForToken, {});
    for (const CallPtr &call : waiting)
        call->done(ApiError::signInNeeded(tr("You signed out.")), {});
}

// The answer's body through `parse`: a value, or the transport/HTTP error, or "malformed".
template <typename T>
ApiResult<T> ApiClient::resultOf(const ApiError &error, const QByteArray &body, const Parser<T> &parse)
{
    ApiResult<T> result;
    if (error.isError()) {
        result.error = error;
    } else if (Parsed<T> parsed = parse(body)) {
        result.value = std::move(parsed.value);
    } else {
        result.error = ApiError::malformed(parsed.error);
    }
    return result;
}

template <typename T>
void ApiClient::start(CallPtr call, Parser<T> parse, Callback<T> done)
{
    call->done = [parse = std::move(parse), done = std::move(done)](const ApiError &error, const QByteArray &body) {
        done(resultOf(error, body, parse));
    };
    call->session = m_session;
    send(call);
}

// A page of a lease is up to 500 outputs, 0.4-2 MB of JSON: parsed here it was 5-8 ms of the
// offline lease's longest stall. The parse needs nothing but the body, so a pool thread does it;
// `done` still runs on this object's thread (not at all once it is gone), and the call stays on
// the line until then.
template <typename T>
void ApiClient::startParsedElsewhere(CallPtr call, Parser<T> parse, Callback<T> done)
{
    call->done = [this, parse = std::move(parse), done = std::move(done)](const ApiError &error, const QByteArray &body) {
        if (error.isError()) {
            done(resultOf(error, body, parse));
            return;
        }
        auto promise = std::make_shared<QPromise<ApiResult<T>>>();
        auto *watcher = new QFutureWatcher<ApiResult<T>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [watcher, done] {
            watcher->deleteLater();
            done(watcher->result());
        });
        watcher->setFuture(promise->future());
        QThreadPool::globalInstance()->start([promise, parse, body] {
            promise->start();
            promise->addResult(resultOf(ApiError{}, body, parse));
            promise->finish();
        });
    };
    call->session = m_session;
    send(call);
}

ApiClient::CallPtr ApiClient::postCall(const QString &path, const QByteArray &contentType, const QByteArray &body,
                                       qint64 limit) const
{
    auto call = std::make_shared<Call>();
    call->verb = "POST";
    call->path = path;
    call->contentType = contentType;
    call->body = body;
    call->answerLimit = limit;
    return call;
}

ApiClient::CallPtr ApiClient::getCall(const QString &path, const QUrlQuery &query, qint64 limit) const
{
    auto call = std::make_shared<Call>();
    call->verb = "GET";
    call->path = path;
    call->query = query;
    call->answerLimit = limit;
    return call;
}

void ApiClient::postToken(const QByteArray &form, Callback<TokenPair> done)
{
    CallPtr call = postCall(QStringLiteral("/auth/token"), QByteArrayLiteral("application/x-www-form-urlencoded"),
                            form, kTokenAnswerLimit);
    call->withToken = false;
    start<TokenPair>(std::move(call), &JsonCodec::parseTokenPair, std::move(done));
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
    start<Account>(getCall(QStringLiteral("/me"), {}, kAccountAnswerLimit), &JsonCodec::parseAccount, std::move(done));
}

void ApiClient::lease(int limit, int leaseSeconds, LeaseScope scope, Callback<LeaseBatch> done)
{
    const QJsonObject body{{QStringLiteral("limit"), limit},
                           {QStringLiteral("lease_seconds"), leaseSeconds},
                           {QStringLiteral("include_held"), scope == LeaseScope::HeldFirst}};
    // More outputs than asked for is not an answer to this lease (and would flood the cache).
    Parser<LeaseBatch> parse = [limit](const QByteArray &answer) {
        Parsed<LeaseBatch> parsed = JsonCodec::parseLeaseBatch(answer);
        if (parsed && parsed.value->items.size() > limit)
            return Parsed<LeaseBatch>{std::nullopt, QStringLiteral("%1 outputs for a lease of %2")
                                                        .arg(parsed.value->items.size()).arg(limit)};
        return parsed;
    };
    startParsedElsewhere<LeaseBatch>(postCall(QStringLiteral("/outputs/lease"), kJson,
                               QJsonDocument(body).toJson(QJsonDocument::Compact), leaseAnswerLimit(limit)),
                      std::move(parse), std::move(done));
}

void ApiClient::release(const QStringList &outputIds, Callback<int> done)
{
    const QJsonObject body{{QStringLiteral("ids"), QJsonArray::fromStringList(outputIds)}};
    start<int>(postCall(QStringLiteral("/outputs/release"), kJson, QJsonDocument(body).toJson(QJsonDocument::Compact),
                        kSmallAnswerLimit),
               &parseReleased, std::move(done));
}

void ApiClient::sendBatch(const QByteArray &body, Callback<QList<BatchItemResult>> done)
{
    start<QList<BatchItemResult>>(
        postCall(QStringLiteral("/feedback/batch"), kJson, body, kBatchAnswerLimit),
        &JsonCodec::parseBatchResults, std::move(done));
}

void ApiClient::retract(const QString &feedbackId, Callback<QString> done)
{
    const QString path = QStringLiteral("/feedback/%1/retract")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(feedbackId)));
    start<QString>(postCall(path, kJson, QByteArrayLiteral("{}"), kSmallAnswerLimit), &parseFeedbackId,
                   std::move(done));
}

void ApiClient::slaSummary(double targetHours, Callback<SlaSummary> done)
{
    QUrlQuery query;
    if (targetHours > 0)
        query.addQueryItem(QStringLiteral("target_hours"), QString::number(targetHours));
    start<SlaSummary>(getCall(QStringLiteral("/sla/summary"), query, kSlaAnswerLimit), &JsonCodec::parseSlaSummary,
                      std::move(done));
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
    start<SlaTimeseries>(getCall(QStringLiteral("/sla/timeseries"), query, kSlaAnswerLimit),
                         &JsonCodec::parseSlaTimeseries, std::move(done));
}

namespace {

void addTarget(QUrlQuery &query, double targetHours)
{
    if (targetHours > 0)
        query.addQueryItem(QStringLiteral("target_hours"), QString::number(targetHours));
}

} // namespace

void ApiClient::slaItems(const SlaItemQuery &q, Callback<SlaItemPage> done)
{
    QUrlQuery query;
    const bool overdue = q.kind == SlaItemPage::Kind::Overdue;
    query.addQueryItem(QStringLiteral("kind"), overdue ? QStringLiteral("overdue") : QStringLiteral("at_risk"));
    if (!overdue)
        query.addQueryItem(QStringLiteral("within_hours"), QString::number(q.withinHours));
    if (!q.model.isEmpty())
        query.addQueryItem(QStringLiteral("model"), q.model);
    static const QStringList sorts{QStringLiteral("deadline"), QStringLiteral("confidence"), QStringLiteral("age")};
    query.addQueryItem(QStringLiteral("sort"), sorts.at(int(q.sort)));
    query.addQueryItem(QStringLiteral("limit"), QString::number(q.limit));
    query.addQueryItem(QStringLiteral("offset"), QString::number(q.offset));
    addTarget(query, q.targetHours);
    Parser<SlaItemPage> parse = [](const QByteArray &body) { return JsonCodec::parseSlaItemPage(body); };
    start<SlaItemPage>(getCall(QStringLiteral("/sla/items"), query, kSlaAnswerLimit), std::move(parse), std::move(done));
}

void ApiClient::slaForecast(double horizonHours, double targetHours, Callback<SlaForecast> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("horizon_hours"), QString::number(horizonHours));
    addTarget(query, targetHours);
    Parser<SlaForecast> parse = [](const QByteArray &body) { return JsonCodec::parseSlaForecast(body); };
    start<SlaForecast>(getCall(QStringLiteral("/sla/forecast"), query, kSmallAnswerLimit), std::move(parse),
                       std::move(done));
}

void ApiClient::slaBreakdown(SlaBreakdown::By by, const QDateTime &since, const QDateTime &until, double targetHours,
                             Callback<SlaBreakdown> done)
{
    QUrlQuery query;
    static const QStringList names{QStringLiteral("model"), QStringLiteral("reason"), QStringLiteral("reviewer")};
    query.addQueryItem(QStringLiteral("by"), names.at(int(by)));
    if (since.isValid())
        query.addQueryItem(QStringLiteral("since"), JsonCodec::formatTime(since));
    if (until.isValid())
        query.addQueryItem(QStringLiteral("until"), JsonCodec::formatTime(until));
    addTarget(query, targetHours);
    Parser<SlaBreakdown> parse = [](const QByteArray &body) { return JsonCodec::parseSlaBreakdown(body); };
    start<SlaBreakdown>(getCall(QStringLiteral("/sla/breakdown"), query, kSlaAnswerLimit), std::move(parse),
                        std::move(done));
}

void ApiClient::slaHistogram(double targetHours, Callback<SlaHistogram> done)
{
    QUrlQuery query;
    addTarget(query, targetHours);
    Parser<SlaHistogram> parse = [](const QByteArray &body) { return JsonCodec::parseSlaHistogram(body); };
    start<SlaHistogram>(getCall(QStringLiteral("/sla/histogram"), query, kSlaAnswerLimit), std::move(parse),
                        std::move(done));
}

void ApiClient::slaLeases(Callback<QList<SlaLeaseHolder>> done)
{
    Parser<QList<SlaLeaseHolder>> parse = [](const QByteArray &body) { return JsonCodec::parseSlaLeases(body); };
    start<QList<SlaLeaseHolder>>(getCall(QStringLiteral("/sla/leases"), {}, kSlaAnswerLimit), std::move(parse),
                                 std::move(done));
}

void ApiClient::releaseLeasesOf(const QString &reviewerId, Callback<int> done)
{
    const QJsonObject body{{QStringLiteral("reviewer_id"), reviewerId}};
    start<int>(postCall(QStringLiteral("/sla/leases/release"), kJson, QJsonDocument(body).toJson(QJsonDocument::Compact),
                        kSmallAnswerLimit),
               &JsonCodec::parseSlaReleased, std::move(done));
}

} // namespace fr
