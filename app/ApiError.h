#pragma once

#include "JsonCodec.h"

#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace fr {

// What went wrong with one API call, classified for the code (kind, transient?) and put into a
// sentence for the person (message). Built from a finished QNetworkReply by fromReply().
struct ApiError {
    Q_DECLARE_TR_FUNCTIONS(ApiError)
public:
    enum class Kind {
        None,
        Unreachable,      // nothing answered: refused, host not found, reset, offline
        Timeout,          // the transfer timeout fired
        Tls,              // the certificate could not be verified (never ignored)
        BadCredentials,   // /auth/token said 401: wrong password or refused refresh token
        SessionExpired,   // 401 on any other call
        Forbidden,        // 403
        NotFound,         // 404
        Conflict,         // 409
        TooLarge,         // 413
        Invalid,          // other 4xx (400, 422...): not retried, shown
        RateLimited,      // 429
        ServerError,      // 5xx
        Malformed,        // a 2xx whose body did not parse
    };

    Kind kind = Kind::None;
    int httpStatus = 0;          // 0 when no HTTP answer came
    QString message;             // a sentence for a person
    int retryAfterSeconds = -1;  // from Retry-After; -1 when absent
    std::optional<Problem> problem;

    bool isError() const { return kind != Kind::None; }
    // Worth trying again later with the same request (network, timeout, 429, 5xx).
    bool isTransient() const;

    static ApiError fromReply(QNetworkReply *reply, const QUrl &server, int timeoutMs);
    static ApiError malformed(const QString &why);
};

// "Retry-After: 120" or an HTTP date → seconds from now; -1 when absent or unreadable.
int parseRetryAfter(const QByteArray &value);

} // namespace fr
