#pragma once

#include "JsonCodec.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace fr {

// What went wrong with one API call, classified for the code (kind, verdict) and put into a
// sentence for the person (message). Built from a finished QNetworkReply by fromReply(), or by
// the transport itself when it cut a call off (answerTooLarge, deadlineExceeded).
struct ApiError {
    Q_DECLARE_TR_FUNCTIONS(ApiError)
public:
    enum class Kind {
        None,
        Unreachable,      // nothing answered: refused, host not found, reset, offline
        Timeout,          // the transfer timeout fired (no bytes for that long)
        Tls,              // the certificate could not be verified (never ignored)
        BadCredentials,   // our backend's 401 on /auth/token: wrong password or refused refresh token
        SessionExpired,   // our backend's 401 on any other call, after the transport's one renewal
        Forbidden,        // our backend's 403
        NotFound,         // our backend's 404
        Conflict,         // our backend's 409
        TooLarge,         // 413 (from anyone: a proxy's body limit is a real limit too)
        Invalid,          // our backend's other 4xx (400, 422...)
        RateLimited,      // 429
        ServerError,      // 5xx
        Malformed,        // a 2xx whose body did not parse
        CaptivePortal,    // a redirect, a 511, or an HTML page where JSON was due: a login page
        Intercepted,      // a 4xx that is not our backend's problem+json: a filter, a proxy
        Truncated,        // the answer began but was cut off before its end
        AnswerTooLarge,   // the answer exceeded the limit for its call; the transport refused it
        DeadlineExceeded, // the whole call took longer than its overall deadline
    };

    // What the caller should do about a failed call. verdict() is the ONE place this is decided.
    enum class Verdict {
        Blocked,       // not an answer from our backend about this request (redirect, non-problem/HTML
                       // body, 401/403/404/5xx not from us, 429, 5xx, reset, timeout, truncated, answer
                       // too large, TLS, malformed 2xx body): retry later with backoff, mark nothing
        Refused,       // our backend's own application/problem+json 409 or 422 (404 too, for a
                       // retract of an unknown feedback id): the request's item is refused
        TooLarge,      // 413: halve the batch
        SignInNeeded,  // the backend refused the refresh token (or no token to refresh): ask for the password
    };

    Kind kind = Kind::None;
    int httpStatus = 0;          // 0 when no HTTP answer came
    QString message;             // a sentence for a person
    int retryAfterSeconds = -1;  // from Retry-After; -1 when absent
    std::optional<Problem> problem;
    bool fromBackend = false;    // the body was our problem+json (content type, and its status matches)

    bool isError() const { return kind != Kind::None; }
    // Meaningful only when isError(); for Kind::None it says Blocked.
    Verdict verdict() const;
    // Nothing answered at all (unreachable, timeout, TLS): for the connectivity display.
    bool offline() const;
    // Worth trying again later with the same request: verdict() == Blocked.
    bool isTransient() const;

    // `body` is what the transport read of the answer (it reads as the bytes come, to bound them).
    static ApiError fromReply(QNetworkReply *reply, const QUrl &server, int timeoutMs, const QByteArray &body);
    static ApiError malformed(const QString &why);
    static ApiError answerTooLarge(qint64 limitBytes);
    // httpStatus: the status line if one came before the deadline (0: nothing answered).
    static ApiError deadlineExceeded(const QUrl &server, int deadlineMs, int httpStatus);
    // The transport's renewal of the access token could not reach the server.
    static ApiError renewalUnreachable(const QString &why);
    // The backend refused the refresh token, or there was none: the person must sign in.
    static ApiError signInNeeded(const QString &why);
    // "Refused: Rev Two (rev2) already rejected this output, at 14:03 on 1 Dec 2026.": a conflict
    // that says who and what, for the refused view, the review pane and the status line.
    static QString decidedFirstSentence(const DecidedFirst &first);
};

// "Retry-After: 120" or an HTTP date → seconds from now; -1 when absent or unreadable.
int parseRetryAfter(const QByteArray &value);

} // namespace fr
