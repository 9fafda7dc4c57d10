#include "ApiError.h"

#include <QDateTime>
#include <QLocale>
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

// Our backend answers every error as application/problem+json whose "status" is the HTTP
// status. Anything else (an HTML page, a plain text, a JSON of another shape) came from something
// between us and the backend, or from a server that is not ours.
bool isOurProblem(int status, const QByteArray &contentType, const std::optional<Problem> &problem)
{
    return contentType.trimmed().toLower().startsWith("application/problem+json") && problem
           && problem->status == status;
}

bool isHtml(const QByteArray &contentType, const QByteArray &body)
{
    return contentType.toLower().contains("html") || body.trimmed().startsWith('<');
}

// What came back, in words: "an HTML page", "an empty answer"...
QString describeBody(const QByteArray &contentType, const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return ApiError::tr("an empty answer");
    if (isHtml(contentType, body))
        return ApiError::tr("an HTML page");
    const QByteArray type = contentType.split(';').value(0).trimmed();
    if (type.isEmpty())
        return ApiError::tr("an answer of no stated type");
    return ApiError::tr("a %1 answer").arg(QString::fromLatin1(type));
}

QString problemSlug(const std::optional<Problem> &problem)
{
    if (!problem)
        return {};
    const qsizetype slash = problem->type.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : problem->type.mid(slash + 1);
}

ApiError captivePortal(int status, const QString &sentence)
{
    ApiError error;
    error.kind = ApiError::Kind::CaptivePortal;
    error.httpStatus = status;
    error.message = ApiError::tr("The network wants you to sign in to it (captive portal?): %1 "
                                 "Your decisions are kept on this computer and sent later.").arg(sentence);
    return error;
}

// An HTTP answer that is not our backend's: never an answer about the request.
ApiError foreignAnswer(int status, const QByteArray &contentType, const QByteArray &body)
{
    using K = ApiError::Kind;
    ApiError error;
    error.httpStatus = status;
    const QString what = describeBody(contentType, body);
    if (status == 413) {
        error.kind = K::TooLarge;
        error.message = ApiError::tr("The request was too large for the server.");
    } else if (status == 429) {
        error.kind = K::RateLimited;
        error.message = ApiError::tr("The server asked us to slow down (429); trying again later.");
    } else if (status >= 500) {
        error.kind = K::ServerError;
        error.message = ApiError::tr("The server or something in between had a problem (%1, %2); "
                                     "trying again later.").arg(status).arg(what);
    } else {
        error.kind = K::Intercepted;
        error.message = ApiError::tr("Something between you and the server refuses the connection: %1, %2. "
                                     "Your decisions are kept on this computer and sent later.")
                            .arg(status).arg(what);
    }
    return error;
}

ApiError backendError(int status, const std::optional<Problem> &problem, bool tokenCall)
{
    ApiError error;
    error.httpStatus = status;
    error.problem = problem;
    error.fromBackend = true;
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
        error.message = problem && problem->decidedFirst
            ? ApiError::decidedFirstSentence(*problem->decidedFirst)
            : withDetail(ApiError::tr("Someone else already decided this output."), error.problem);
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

// The status line came, then the connection closed before the body was complete.
ApiError truncated(int status, const QUrl &server)
{
    ApiError error;
    error.kind = ApiError::Kind::Truncated;
    error.httpStatus = status;
    const QString where = server.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    error.message = ApiError::tr("The answer from %1 was cut off before its end; trying again later.").arg(where);
    return error;
}

ApiError httpError(QNetworkReply *reply, int status, const QByteArray &body)
{
    const QByteArray contentType = reply->rawHeader("Content-Type");
    if ((status >= 300 && status < 400) || status == 511) {
        const QUrl location = QUrl(QString::fromUtf8(reply->rawHeader("Location")));
        const QString where = location.host().isEmpty() ? ApiError::tr("somewhere else") : location.host();
        return captivePortal(status, ApiError::tr("the server's address answered %1, sending us to %2.")
                                         .arg(status).arg(where));
    }
    const std::optional<Problem> problem = JsonCodec::parseProblem(body);
    if (!isOurProblem(status, contentType, problem))
        return foreignAnswer(status, contentType, body);
    const bool tokenCall = reply->url().path().endsWith(QLatin1String("/auth/token"));
    return backendError(status, problem, tokenCall);
}

} // namespace

ApiError::Verdict ApiError::verdict() const
{
    const QString slug = problemSlug(problem);
    switch (kind) {
    case Kind::TooLarge:
        return Verdict::TooLarge;
    case Kind::BadCredentials:
    case Kind::SessionExpired:
        return Verdict::SignInNeeded;
    case Kind::Conflict:
        return fromBackend ? Verdict::Refused : Verdict::Blocked;
    case Kind::Invalid:
        return fromBackend && httpStatus == 422 ? Verdict::Refused : Verdict::Blocked;
    case Kind::NotFound:  // the backend's own "no feedback with this id", not an unknown route
        return fromBackend && slug == QLatin1String("not-found") ? Verdict::Refused : Verdict::Blocked;
    case Kind::Forbidden:  // retracting someone else's feedback will never succeed
        return fromBackend && slug == QLatin1String("not-yours") ? Verdict::Refused : Verdict::Blocked;
    default:
        return Verdict::Blocked;
    }
}

bool ApiError::offline() const
{
    switch (kind) {
    case Kind::Unreachable:
    case Kind::Timeout:
    case Kind::Tls:
        return true;
    case Kind::DeadlineExceeded:
        return httpStatus == 0;
    default:
        return false;
    }
}

bool ApiError::isTransient() const
{
    return isError() && verdict() == Verdict::Blocked;
}

ApiError ApiError::fromReply(QNetworkReply *reply, const QUrl &server, int timeoutMs, const QByteArray &body)
{
    // Connection and proxy failures (codes below 200) win even over a status line already
    // received: a transfer cut off half-way (timeout, reset) must not count as an answer.
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const bool transportFailed = reply->error() != QNetworkReply::NoError && reply->error() < 200;
    if (transportFailed || !status.isValid()) {
        if (reply->error() == QNetworkReply::NoError)
            return {};
        if (status.isValid() && reply->error() == QNetworkReply::RemoteHostClosedError)
            return truncated(status.toInt(), server);
        return transportError(reply, server, timeoutMs);
    }
    const int code = status.toInt();
    if (code >= 200 && code < 300) {
        const QByteArray contentType = reply->rawHeader("Content-Type");
        if (!isHtml(contentType, body))
            return {};
        return captivePortal(code, tr("an HTML page came back where the server's data was due."));
    }
    ApiError error = httpError(reply, code, body);
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

ApiError ApiError::answerTooLarge(qint64 limitBytes)
{
    ApiError error;
    error.kind = Kind::AnswerTooLarge;
    error.message = tr("The server's answer was larger than the %1 this call allows, so it was refused "
                       "(a broken server, or something in between?). Trying again later.")
                        .arg(QLocale().formattedDataSize(limitBytes));
    return error;
}

ApiError ApiError::deadlineExceeded(const QUrl &server, int deadlineMs, int httpStatus)
{
    ApiError error;
    error.kind = Kind::DeadlineExceeded;
    error.httpStatus = httpStatus;
    const QString where = server.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    error.message = tr("The server at %1 took longer than %2 s to answer completely, so the call was cut off; "
                       "trying again later.").arg(where).arg(deadlineMs / 1000.0);
    return error;
}

ApiError ApiError::renewalUnreachable(const QString &why)
{
    ApiError error;
    error.kind = Kind::Unreachable;
    error.message = tr("The sign-in could not be renewed (%1). Working offline; trying again later.").arg(why);
    return error;
}

ApiError ApiError::signInNeeded(const QString &why)
{
    ApiError error;
    error.kind = Kind::SessionExpired;
    error.httpStatus = 401;
    error.message = why.isEmpty() ? tr("Your session expired; please sign in again.") : why;
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

QString ApiError::decidedFirstSentence(const DecidedFirst &first)
{
    const QString who = first.displayName.isEmpty() || first.displayName == first.username
        ? first.username
        : tr("%1 (%2)").arg(first.displayName, first.username);
    const QString what = first.approval ? tr("approved") : tr("rejected");
    if (!first.decidedAt.isValid())
        return tr("%1 already %2 this output.").arg(who, what);
    const QDateTime local = first.decidedAt.toLocalTime();
    return tr("%1 already %2 this output, at %3 on %4.")
        .arg(who, what, local.toString(QStringLiteral("HH:mm")),
             QLocale().toString(local.date(), QLocale::ShortFormat));
}

} // namespace fr
