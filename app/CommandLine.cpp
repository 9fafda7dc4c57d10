#include "CommandLine.h"

#include <QCoreApplication>

namespace fr {

namespace {

// "review.example.org" means http://review.example.org; a full URL is read strictly, because
// QUrl::fromUserInput turns "http://[::1" into the host "http". Only http(s) with a host will do.
QUrl serverUrl(const QString &text)
{
    const QUrl url = text.contains(QLatin1String("://")) ? QUrl(text, QUrl::StrictMode) : QUrl::fromUserInput(text);
    const bool web = url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
    return url.isValid() && web && !url.host().isEmpty() ? url : QUrl();
}

} // namespace

CommandLine::CommandLine()
    : m_server(QStringLiteral("server"),
               QCoreApplication::translate("main", "The feedback backend to use, e.g. https://review.example.org."),
               QCoreApplication::translate("main", "URL"))
    , m_offline(QStringLiteral("offline"),
                QCoreApplication::translate(
                    "main", "Review the cached outputs without any network access; decisions wait in the outbox."))
    , m_verbose(QStringLiteral("verbose"),
                QCoreApplication::translate("main", "Write debug messages of every area to the log (and stderr)."))
{
    m_parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Review AI model outputs with the keyboard: approve, reject, correct, comment."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOption(m_server);
    m_parser.addOption(m_offline);
    m_parser.addOption(m_verbose);
}

CommandLine::Options CommandLine::options() const
{
    Options options;
    if (m_parser.isSet(m_server)) {
        options.server = serverUrl(m_parser.value(m_server));
        if (options.server.isEmpty())
            options.serverError = QCoreApplication::translate("main", "Not a URL: %1").arg(m_parser.value(m_server));
    }
    options.offline = m_parser.isSet(m_offline);
    options.verbose = m_parser.isSet(m_verbose);
    return options;
}

QString CommandLine::summary() const
{
    const Options o = options();
    // The server without user info or query: a URL may carry a password (user:pw@host).
    const QString server = o.server.isEmpty()
                               ? QStringLiteral("(last used)")
                               : o.server.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
                                     .toDisplayString();
    return QStringLiteral("server %1, offline %2, verbose %3")
        .arg(server, o.offline ? QStringLiteral("yes") : QStringLiteral("no"),
             o.verbose ? QStringLiteral("yes") : QStringLiteral("no"));
}

} // namespace fr
