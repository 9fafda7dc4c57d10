// The main of every test executable: Catch2 with a QApplication, so that widget, network and
// timer code runs as it does in the app.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QStandardPaths>

#include <cstdlib>

int main(int argc, char *argv[])
{
    // CTest also runs the binary at build time to list the tests; it must not need a display.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Tests never touch the person's real data or settings folders.
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FeedbackReviewerTests"));
    QCoreApplication::setApplicationName(QStringLiteral("feedback-reviewer-tests"));
    return Catch::Session().run(argc, argv);
}
