// LogFile: where the log lives, rotation at the size limit, redaction of anything that looks like
// a secret, the Qt message handler; CommandLine: --verbose and the other options.
#include "CommandLine.h"
#include "LogCategories.h"
#include "LogFile.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QThread>

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

using namespace fr;

namespace {

QString readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

const QString kJwt = QStringLiteral("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZXYxIn0.c2lnbmF0dXJlLXBhcnQ");

} // namespace

TEST_CASE("the log lives in the app's local data folder, under logs/")
{
    // catch_main turns on QStandardPaths' test mode: this is ~/.qttest/..., never the real folder.
    REQUIRE(QStandardPaths::isTestModeEnabled());
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    CHECK(data.contains(QStringLiteral(".qttest")));
    CHECK(LogFile::defaultPath() == data + QStringLiteral("/logs/feedback-reviewer.log"));

    QDir(data + QStringLiteral("/logs")).removeRecursively();
    LogFile log;
    log.write(QtInfoMsg, QStringLiteral("fr.store"), QStringLiteral("opened"));
    CHECK(log.lastError().isEmpty());
    CHECK(readAll(LogFile::defaultPath()).contains(QStringLiteral("info fr.store: opened")));
    QDir(data + QStringLiteral("/logs")).removeRecursively();
}

TEST_CASE("a line says when (UTC, ms), how bad and which area")
{
    QTemporaryDir dir;
    LogFile log(dir.filePath(QStringLiteral("logs/feedback-reviewer.log")));
    log.write(QtWarningMsg, QStringLiteral("fr.sync"), QStringLiteral("batch refused"));
    const QString text = readAll(log.path());
    INFO(text.toStdString());
    CHECK(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warning fr\.sync: batch refused\n$)"))
              .match(text)
              .hasMatch());
}

TEST_CASE("the log rotates at its size limit and keeps the newest old files")
{
    QTemporaryDir dir;
    const qint64 limit = 1000;
    LogFile log(dir.filePath(QStringLiteral("feedback-reviewer.log")), limit, 3);
    CHECK(log.rotatedPath(1) == dir.filePath(QStringLiteral("feedback-reviewer.1.log")));
    CHECK(log.rotatedPath(3) == dir.filePath(QStringLiteral("feedback-reviewer.3.log")));
    const QString filler(60, QLatin1Char('x'));
    // ~100 bytes a line, 10 lines a file: 60 lines make 6 files' worth, of which 1 + 3 stay.
    for (int i = 0; i < 60; ++i)
        log.write(QtInfoMsg, QStringLiteral("fr.sync"), QStringLiteral("line %1 %2").arg(i, 2, 10, QLatin1Char('0')).arg(filler));

    const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    CHECK(files == QStringList{QStringLiteral("feedback-reviewer.1.log"), QStringLiteral("feedback-reviewer.2.log"),
                               QStringLiteral("feedback-reviewer.3.log"), QStringLiteral("feedback-reviewer.log")});
    for (int n = 0; n <= 3; ++n) {
        INFO("file " << n);
        CHECK(QFileInfo(log.rotatedPath(n)).size() <= limit);
        CHECK(QFileInfo(log.rotatedPath(n)).size() > 0);
    }
    CHECK(readAll(log.path()).contains(QStringLiteral("line 59")));   // the newest line, current file
    CHECK(readAll(log.rotatedPath(1)).contains(QStringLiteral("line 49")));
    CHECK_FALSE(readAll(log.rotatedPath(3)).contains(QStringLiteral("line 00")));  // the oldest went
}

TEST_CASE("a 1 MiB default limit keeps 3 old files")
{
    CHECK(LogFile::kDefaultMaxBytes == 1024 * 1024);
    CHECK(LogFile::kDefaultKeptFiles == 3);
}

TEST_CASE("bearer tokens, JWTs and password or token assignments never reach the log")
{
    CHECK(LogFile::redact(QStringLiteral("Authorization: Bearer abc.def-123")) == QStringLiteral("Authorization: Bearer [redacted]"));
    CHECK(LogFile::redact(QStringLiteral("header bearer   s3cr3t, next")) == QStringLiteral("header Bearer [redacted], next"));
    CHECK(LogFile::redact(QStringLiteral("token ") + kJwt + QStringLiteral(" expired")) == QStringLiteral("token [redacted] expired"));
    CHECK(LogFile::redact(QStringLiteral(R"({"access_token": "opaque-1", "refresh_token":"opaque-2"})"))
          == QStringLiteral(R"({"access_token": "[redacted]", "refresh_token":"[redacted]"})"));
    CHECK(LogFile::redact(QStringLiteral("username=rev1&password=hunter2")) == QStringLiteral("username=rev1&password=[redacted]"));
    // Ordinary sentences pass unchanged.
    const QString plain = QStringLiteral("moved the damaged store aside, recovered 3 unsent decisions (eyes: 2)");
    CHECK(LogFile::redact(plain) == plain);

    QTemporaryDir dir;
    LogFile log(dir.filePath(QStringLiteral("feedback-reviewer.log")));
    log.write(QtWarningMsg, QStringLiteral("fr.api"), QStringLiteral("sent Bearer ") + kJwt);
    const QString text = readAll(log.path());
    CHECK(text.contains(QStringLiteral("sent Bearer [redacted]")));
    CHECK_FALSE(text.contains(QStringLiteral("eyJ")));
}

TEST_CASE("installed, the log takes the program's messages from any thread, redacted, and hands them on")
{
    QTemporaryDir dir;
    LogFile log(dir.filePath(QStringLiteral("feedback-reviewer.log")));
    log.install();
    qCInfo(lcStore) << "store opened";
    qCDebug(lcSync) << "not written: debug is off by default";
    qCWarning(lcAuth).noquote() << "refresh failed for Bearer" << kJwt;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 4; ++t) {
        threads.push_back(std::unique_ptr<QThread>(QThread::create([t] {
            for (int i = 0; i < 200; ++i)
                qCInfo(lcSync).noquote() << QStringLiteral("thread %1 line %2").arg(t).arg(i);
        })));
        threads.back()->start();
    }
    for (auto &thread : threads)
        REQUIRE(thread->wait(60000));
    log.uninstall();
    qCInfo(lcStore) << "after uninstall";

    const QString text = readAll(log.path());
    CHECK(text.contains(QStringLiteral("info fr.store: store opened")));
    CHECK_FALSE(text.contains(QStringLiteral("not written")));
    CHECK(text.contains(QStringLiteral("warning fr.auth: refresh failed for Bearer [redacted]")));
    CHECK_FALSE(text.contains(QStringLiteral("eyJ")));
    CHECK_FALSE(text.contains(QStringLiteral("after uninstall")));
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    CHECK(lines.size() == 2 + 4 * 200);  // every line whole: none lost, none interleaved
    for (const QString &line : lines)
        CHECK(line.contains(QStringLiteral(" fr.")));
}

TEST_CASE("the verbose option turns on debug output of every fr category")
{
    CommandLine commandLine;
    REQUIRE(commandLine.parser().parse({QStringLiteral("feedback-reviewer"), QStringLiteral("--verbose")}));
    const CommandLine::Options options = commandLine.options();
    CHECK(options.verbose);
    CHECK_FALSE(options.offline);
    CHECK(options.server.isEmpty());

    CHECK_FALSE(lcSync().isDebugEnabled());
    LogFile::setVerbose(options.verbose);
    for (const QLoggingCategory *category : {&lcSync(), &lcApi(), &lcStore(), &lcAuth(), &lcUi()}) {
        INFO(category->categoryName());
        CHECK(category->isDebugEnabled());
    }
    LogFile::setVerbose(false);
    CHECK_FALSE(lcSync().isDebugEnabled());
    CHECK(lcSync().isInfoEnabled());
}

TEST_CASE("the command line: server and offline options, a bad URL and a summary without user info")
{
    CommandLine commandLine;
    REQUIRE(commandLine.parser().parse({QStringLiteral("feedback-reviewer"), QStringLiteral("--offline"),
                                        QStringLiteral("--server"), QStringLiteral("https://rev1:pw@review.example.org/?k=v")}));
    const CommandLine::Options options = commandLine.options();
    CHECK(options.offline);
    CHECK_FALSE(options.verbose);
    CHECK(options.serverError.isEmpty());
    CHECK(options.server.host() == QStringLiteral("review.example.org"));
    const QString summary = commandLine.summary();
    INFO(summary.toStdString());
    CHECK(summary.contains(QStringLiteral("review.example.org")));
    CHECK_FALSE(summary.contains(QStringLiteral("pw")));
    CHECK(summary.contains(QStringLiteral("offline yes")));

    CommandLine bad;
    REQUIRE(bad.parser().parse({QStringLiteral("feedback-reviewer"), QStringLiteral("--server"), QStringLiteral("http://[::1")}));
    CHECK_FALSE(bad.options().serverError.isEmpty());
    CHECK(bad.options().server.isEmpty());
    for (const char *text : {"ftp://review.example.org", "%", "https://"}) {
        CommandLine other;
        REQUIRE(other.parser().parse({QStringLiteral("feedback-reviewer"), QStringLiteral("--server"), QString::fromLatin1(text)}));
        INFO(text);
        CHECK_FALSE(other.options().serverError.isEmpty());
    }
    CommandLine bare;
    REQUIRE(bare.parser().parse({QStringLiteral("feedback-reviewer"), QStringLiteral("--server"), QStringLiteral("review.example.org")}));
    CHECK(bare.options().server == QUrl(QStringLiteral("http://review.example.org")));

    CommandLine unknown;
    CHECK_FALSE(unknown.parser().parse({QStringLiteral("feedback-reviewer"), QStringLiteral("--verbos")}));
}
