#include "ApiError.h"

#include <QDateTime>
#include <QNetworkReply>

namespace fr {

namespace {

QString withDetail(const QString &sentence, const std::optional<Problem> &problem)
{
    if (!problem)
        return sentence;
    const QString detail = problem->detail.isEmpty() ? problem->title : problem->detail;
    return detail.isEmpty() ? sentence : sentence + QLatin1Char(' ') + detail;
}

// No HTTP answer at all: say which server could not be reached, and how.
ApiError transportError(QNetworkReply *reply, const QUrl &server, int timeoutMs)
{
    ApiError error;
    const QString where = server.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError:  // setTransferTimeout aborts this way
    case QNetworkReply::TimeoutError:
        error.kind = ApiError::Kind::Timeout;
        error.message = ApiError::tr("The server at %1 did not answer: timed out after %2 s.")
                            .arg(where).arg(timeoutMs / 1000.0);
        return error;
    case QNetworkReply::SslHandshakeFailedError:
        error.kind = ApiError::Kind::Tls;
        error.message = ApiError::tr("The secure connection to %1 could not be verified (%2). "
                                     "Check the server address and its certificate.")
                            .arg(where, reply->errorString());
        return error;
    default:
        error.kind = ApiError::Kind::Unreachable;
        error.message = ApiError::tr("The server is unreachable at %1 (%2). Your decisions are "
                                     "kept on this computer.").arg(where, reply->errorString());
        return error;
    }
}

ApiError httpError(int status, const QByteArray &body, bool tokenCall)
{
    ApiError error;
    error.httpStatus = status;
    error.problem = JsonCodec::parseProblem(body);
    using K = ApiError::Kind;
    if (status == 401 && tokenCall) {
        error.kind = K::BadCredentials;
        error.message = ApiError::tr("Wrong user name or password.");
    } else if (status == 401) {
        error.kind = K::SessionExpired;
        error.message = ApiError::tr("Your session expired; please sign in again.");
    } else if (status == 403) {
        error.kind = K::Forbidden;
        error.message = withDetail(ApiError::tr("Your account is not allowed to do this."), error.problem);
    } else if (status == 404) {
        error.kind = K::NotFound;
        error.message = withDetail(ApiError::tr("The server does not know this item."), error.problem);
    } else if (status == 409) {
        error.kind = K::Conflict;
        error.message = withDetail(ApiError::tr("Someone else already decided this output."), error.problem);
    } else if (status == 413) {
        error.kind = K::TooLarge;
        error.message = ApiError::tr("The request was too large for the server.");
    } else if (status == 429) {
        error.kind = K::RateLimited;
        error.message = ApiError::tr("The server asked us to slow down (429); trying again later.");
    } else if (status >= 500) {
        error.kind = K::ServerError;
        error.message = ApiError::tr("The server had a problem (%1); trying again later.").arg(status);
    } else {
        error.kind = K::Invalid;
        error.message = withDetail(ApiError::tr("The server refused the request (%1).").arg(status),
                                   error.problem);
    }
    return error;
}

} // namespace

bool ApiError::isTransient() const
{
    switch (kind) {
    case Kind::Unreachable:
    case Kind::Timeout:
    case Kind::RateLimited:
    case Kind::ServerError:
        return true;
    default:
        return false;
    }
}

ApiError ApiError::fromReply(QNetworkReply *reply, const QUrl &server, int timeoutMs)
{
    // Connection and proxy failures (codes below 200) win even over a status line already
    // received: a transfer cut off half-way (timeout, reset) must not count as an answer.
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const bool transportFailed = reply->error() != QNetworkReply::NoError && reply->error() < 200;
    if (transportFailed || !status.isValid()) {
        if (reply->error() == QNetworkReply::NoError)
            return {};
        return transportError(reply, server, timeoutMs);
    }
    const int code = status.toInt();
    if (code >= 200 && code < 300)
        return {};
    const bool tokenCall = reply->url().path().endsWith(QLatin1String("/auth/token"));
    ApiError error = httpError(code, reply->readAll(), tokenCall);
    error.retryAfterSeconds = parseRetryAfter(reply->rawHeader("Retry-After"));
    return error;
}

ApiError ApiError::malformed(const QString &why)
{
    ApiError error;
    error.kind = Kind::Malformed;
    error.message = tr("The server sent an answer this version cannot read (%1).").arg(why);
    return error;
}

int parseRetryAfter(const QByteArray &value)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return -1;
    bool isNumber = false;
    const int seconds = trimmed.toInt(&isNumber);
    if (isNumber)
        return seconds >= 0 ? seconds : -1;
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(trimmed), Qt::RFC2822Date);
    if (!when.isValid())
        return -1;
    return int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(when)));
}

} // namespace fr
