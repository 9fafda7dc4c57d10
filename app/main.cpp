// feedback-reviewer [--server URL] [--offline] [--verbose] [--help] [--version]
// The composition root: parses the command line, starts the log file and hands over to
// ReviewerApp, which creates the services and the windows and wires them together.
#include "CommandLine.h"
#include "FocusRing.h"
#include "LogCategories.h"
#include "LogFile.h"
#include "ReviewerApp.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QSysInfo>
#include <QTranslator>

#include <cstdio>

// --help and --version must work on a headless machine (scripts, packaging checks).
static void useMinimalPlatformForInfoOptions(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if ((arg == "--help" || arg == "-h" || arg == "--version" || arg == "-v")
            && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "minimal");
    }
}

int main(int argc, char *argv[])
{
    useMinimalPlatformForInfoOptions(argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FeedbackReviewer"));
    QApplication::setOrganizationDomain(QStringLiteral("feedback-reviewer.org"));
    QApplication::setApplicationName(QStringLiteral("feedback-reviewer"));
    QApplication::setApplicationDisplayName(QStringLiteral("Feedback Reviewer"));
    QApplication::setApplicationVersion(QStringLiteral(FR_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.feedbackreviewer.FeedbackReviewer"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/feedback-reviewer.svg")));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("feedback-reviewer"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    fr::CommandLine commandLine;
    commandLine.parser().process(app);  // answers --help and --version and exits
    const fr::CommandLine::Options parsed = commandLine.options();
    if (!parsed.serverError.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(parsed.serverError));
        return 2;
    }

    // From here on every message also lands in the log file a person can send in.
    fr::LogFile::setVerbose(parsed.verbose);
    fr::LogFile log;
    log.install();
    qCInfo(lcUi).noquote() << "Feedback Reviewer" << QApplication::applicationVersion() << "starting on"
                           << QSysInfo::prettyProductName() << "with Qt" << qVersion();
    qCInfo(lcUi).noquote() << "options:" << commandLine.summary();
    if (log.lastError().isEmpty())
        qCInfo(lcUi).noquote() << "log file:" << log.path();
    else
        qCWarning(lcUi).noquote() << "the log file" << log.path() << "cannot be written:" << log.lastError();

    fr::ReviewerOptions options;
    options.server = parsed.server;
    options.offline = parsed.offline;

    fr::FocusRing::install();  // every window: the keyboard focus is always plain to see
    fr::ReviewerApp reviewer(options);
    reviewer.start();
    const int status = app.exec();
    qCInfo(lcUi) << "exiting with status" << status;
    return status;
}
