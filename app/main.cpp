// feedback-reviewer [--server URL] [--offline] [--help] [--version]
// The composition root: parses the command line and hands over to ReviewerApp, which creates the
// services and the windows and wires them together.
#include "ReviewerApp.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
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

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Review AI model outputs with the keyboard: approve, reject, correct, comment."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
        QApplication::translate("main", "The feedback backend to use, e.g. https://review.example.org."),
        QApplication::translate("main", "URL"));
    const QCommandLineOption offline(QStringLiteral("offline"),
        QApplication::translate("main", "Review the cached outputs without any network access; decisions wait in the outbox."));
    parser.addOption(server);
    parser.addOption(offline);
    parser.process(app);

    fr::ReviewerOptions options;
    if (parser.isSet(server)) {
        options.server = QUrl::fromUserInput(parser.value(server));
        if (!options.server.isValid()) {
            std::fprintf(stderr, "%s\n", qPrintable(QApplication::translate("main", "Not a URL: %1").arg(parser.value(server))));
            return 2;
        }
    }
    options.offline = parser.isSet(offline);

    fr::ReviewerApp reviewer(options);
    reviewer.start();
    return app.exec();
}
