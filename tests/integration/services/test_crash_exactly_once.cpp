// Exactly once, the hard way: the crash driver decides and syncs and is killed with SIGKILL at
// random moments (≥ 50 lives of 100–400 ms on one local store), the backend itself is killed
// and restarted now and then, and a last clean run drains the outbox. Then every decision the
// driver logged is in the backend exactly once.
#include "BackendProcess.h"
#include "LocalStore.h"
#include "TestUtil.h"

#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;

namespace {

struct Driver {
    QStringList arguments;
    QProcess process;
    void start(const QStringList &extra = {})
    {
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral(CRASH_DRIVER), arguments + extra);
        REQUIRE(process.waitForStarted(10000));
    }
};

void runCrashTest(BackendProcess::Database database)
{
    QString why;
    if (database == BackendProcess::Database::Postgres && !BackendProcess::postgresConfigured(&why)) {
        if (BackendProcess::postgresRequired())
            FAIL(why.toStdString());
        FR_SKIP(why.toStdString());
    }
    BackendProcess backend(database);
    INFO(backend.error().toStdString());
    REQUIRE(backend.start());
    REQUIRE(backend.ingest(BackendProcess::sampleOutputs(2000, 300)).size() == 2000);
    const QString token = backend.signIn(BackendProcess::reviewer);
    const QJsonObject me = backend.request("GET", QStringLiteral("/me"), {}, {}, token).json();
    REQUIRE(!token.isEmpty());

    QTemporaryDir dir;
    const QString storePath = dir.filePath(QStringLiteral("store.sqlite"));
    const QString logPath = dir.filePath(QStringLiteral("decisions.log"));
    Driver driver;
    driver.arguments = {QStringLiteral("--server"), backend.url().toString(), QStringLiteral("--token"), token,
                        QStringLiteral("--reviewer-id"), me.value(QLatin1String("reviewer_id")).toString(),
                        QStringLiteral("--store"), storePath, QStringLiteral("--log"), logPath};

    QRandomGenerator random(20261127);
    const int lives = 60;
    for (int life = 0; life < lives; ++life) {
        driver.start();
        QThread::msleep(100 + random.bounded(300));
        if (life % 15 == 7) {  // the backend dies too, mid-drain, and comes back
            backend.kill();
            QThread::msleep(50 + random.bounded(200));
            REQUIRE(backend.restart());
        }
        driver.process.kill();  // SIGKILL
        REQUIRE(driver.process.waitForFinished(5000));
    }

    driver.start({QStringLiteral("--drain")});
    REQUIRE(driver.process.waitForFinished(90000));
    CHECK(driver.process.exitCode() == 0);

    QFile log(logPath);
    REQUIRE(log.open(QIODevice::ReadOnly));
    QStringList logged;
    for (const QByteArray &line : log.readAll().split('\n'))
        if (!line.isEmpty())
            logged.append(QString::fromLatin1(line));
    INFO("decisions logged: " << logged.size());
    CHECK(logged.size() >= 200);

    LocalStore store;
    REQUIRE(store.open(storePath).ok);
    CHECK(store.waitingCount() == 0);
    QHash<QString, int> rowsPerFeedback;
    QHash<QString, int> rowsPerOutput;
    const QList<QJsonObject> rows = backend.exportFeedback();
    for (const QJsonObject &row : rows) {
        rowsPerFeedback[row.value(QLatin1String("feedback_id")).toString()] += 1;
        rowsPerOutput[row.value(QLatin1String("model_output_id")).toString()] += 1;
    }
    int missing = 0, duplicated = 0;
    for (const QString &key : logged) {
        const auto entry = store.entry(key);
        if (!entry || entry->state != OutboxState::Sent || rowsPerFeedback.value(entry->feedbackId) != 1) {
            ++missing;
            continue;
        }
        if (rowsPerOutput.value(entry->decision.outputId) != 1)
            ++duplicated;
    }
    CHECK(missing == 0);
    CHECK(duplicated == 0);
    // Nothing extra either: the backend holds only decisions from this store.
    CHECK(rows.size() == store.entries(OutboxState::Sent).size());
    std::printf("crash test (%s): %d lives, %lld decisions logged, %lld feedback rows\n",
                database == BackendProcess::Database::Sqlite ? "SQLite" : "PostgreSQL", lives,
                qlonglong(logged.size()), qlonglong(rows.size()));
}

} // namespace

TEST_CASE("SIGKILL at random moments loses nothing and doubles nothing (SQLite backend)")
{
    runCrashTest(BackendProcess::Database::Sqlite);
}

TEST_CASE("SIGKILL at random moments loses nothing and doubles nothing (PostgreSQL backend)")
{
    runCrashTest(BackendProcess::Database::Postgres);
}
