#include "LocalStore.h"
#include "StoreCheck.h"
#include "StoreSchema.h"
#include "StoreTestData.h"
#include "TestUtil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAt(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadWrite));
    REQUIRE(file.seek(offset));
    REQUIRE(file.write(bytes) == bytes.size());
}

QByteArray garbage(qsizetype size)
{
    QByteArray bytes(size, '\0');
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 7919 + 13) % 251);
    return bytes;
}

// What the store says in the log (fr.store) while it lives: what a person sends in after a loss.
class StoreLog
{
public:
    StoreLog() { s_lines.clear(); m_previous = qInstallMessageHandler(&StoreLog::collect); }
    ~StoreLog() { qInstallMessageHandler(m_previous); }
    QString text() const { return s_lines.join(u'\n'); }

private:
    static void collect(QtMsgType, const QMessageLogContext &context, const QString &message)
    {
        if (context.category && QByteArrayView(context.category) == "fr.store")
            s_lines.append(message);
    }
    static inline QStringList s_lines;
    QtMessageHandler m_previous;
};

QStringList filesIn(const QTemporaryDir &dir)
{
    return QDir(dir.path()).entryList(QDir::Files, QDir::Name);
}

} // namespace

TEST_CASE("LocalStore recovery: a damaged database is moved aside, kept, and its unsent decisions recovered")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    QStringList unsent;
    {
        LocalStore store;
        REQUIRE(store.open(path).ok);
        QList<ModelOutput> outputs;
        for (int n = 0; n < 300; ++n) {
            outputs.append(makeOutput(n));
            outputs.last().input += QString(2000, u'z');  // enough pages for an interior root
        }
        REQUIRE(store.cacheOutputs(outputs));
        for (int n = 0; n < 5; ++n) {
            const Decision decision = makeDecision(u"out-%1"_s.arg(n), n % 2 == 0, 1000 + n);
            REQUIRE(store.enqueue(decision));
            unsent.append(decision.idempotencyKey);
        }
        const Decision sent = makeDecision(u"out-9"_s);
        REQUIRE(store.enqueue(sent));
        REQUIRE(store.markSent(sent.idempotencyKey, u"fb-9"_s));
        REQUIRE(store.markSent(unsent.at(4), u"fb-4"_s));
        REQUIRE(store.queueRetract(unsent.at(4)));  // a retract waiting to be sent is unsent too
    }
    // Garbage over the root page of the outputs table: the outbox is still readable.
    const int pageSize = querySingleValue(path, u"PRAGMA page_size"_s).toInt();
    const int outputsRoot = querySingleValue(path, u"SELECT rootpage FROM sqlite_master WHERE name = 'outputs'"_s).toInt();
    REQUIRE(pageSize > 0);
    REQUIRE(outputsRoot > 1);
    writeAt(path, qint64(outputsRoot - 1) * pageSize, garbage(pageSize));
    const QByteArray damagedBytes = readAll(path);

    LocalStore store;
    StoreLog log;
    const StoreOpenReport report = store.open(path);
    REQUIRE(report.ok);
    INFO(log.text().toStdString());
    CHECK(log.text().contains(u"moved aside to %1"_s.arg(report.movedAsidePath)));
    CHECK(log.text().contains(u"recovered 5 unsent decisions"_s));
    CHECK(report.schemaVersion == StoreSchema::currentVersion());
    CHECK(report.movedAsidePath.startsWith(path + u".damaged-"_s));
    CHECK(readAll(report.movedAsidePath) == damagedBytes);  // kept as it was
    CHECK(report.recoveredDecisions == 5);
    CHECK(report.notice.contains(report.movedAsidePath));
    CHECK(report.notice.contains(u"5 unsent decision"_s));

    CHECK(store.summaries().isEmpty());  // the cache starts empty
    CHECK(store.waitingCount() == 5);
    QStringList recovered;
    for (const OutboxEntry &entry : store.due(QDateTime::currentDateTimeUtc(), 100))
        recovered.append(entry.decision.idempotencyKey);
    CHECK(recovered == unsent);  // in decision order; the sent one is not copied
    CHECK(store.entry(unsent.at(4))->state == OutboxState::RetractQueued);
    CHECK(store.entry(unsent.at(4))->feedbackId == u"fb-4"_s);
    CHECK(store.entry(unsent.at(1))->decision.dwellMs == 1001);
    CHECK(store.entry(unsent.at(1))->decision.approval == false);

    // A lease of an output with a recovered decision shows it as decided, not pending.
    REQUIRE(store.cacheOutputs({makeOutput(0)}));
    CHECK(store.summaries().first().state == ReviewState::Queued);
}

TEST_CASE("LocalStore recovery: a file that is not a database is moved aside and a fresh store starts")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    const QByteArray junk = QByteArray("this is not a database\n").repeated(400);
    writeAt(path, 0, junk);

    LocalStore store;
    const StoreOpenReport report = store.open(path);
    REQUIRE(report.ok);
    CHECK_FALSE(report.movedAsidePath.isEmpty());
    CHECK(readAll(report.movedAsidePath) == junk);
    CHECK(report.recoveredDecisions == 0);
    CHECK_FALSE(report.notice.isEmpty());
    CHECK(querySingleValue(path, u"PRAGMA journal_mode"_s).toString() == u"wal"_s);
    REQUIRE(store.enqueue(makeDecision(u"out-1"_s)));  // the fresh store works
    CHECK(store.waitingCount() == 1);
}

TEST_CASE("LocalStore recovery: a healthy file is never moved, one from a newer build is refused untouched")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    {
        LocalStore store;
        REQUIRE(store.open(path).ok);
    }
    {
        LocalStore store;
        const StoreOpenReport again = store.open(path);
        CHECK(again.ok);
        CHECK(again.movedAsidePath.isEmpty());
        CHECK(again.notice.isEmpty());
    }
    querySingleValue(path, u"PRAGMA user_version = 99"_s);
    LocalStore store;
    const StoreOpenReport newer = store.open(path);
    CHECK_FALSE(newer.ok);
    CHECK(newer.error.contains(u"newer version"_s));
    CHECK(newer.movedAsidePath.isEmpty());
    CHECK_FALSE(store.isOpen());
    CHECK(querySingleValue(path, u"PRAGMA user_version"_s).toInt() == 99);
    for (const QString &name : filesIn(dir))
        CHECK_FALSE(name.contains(u"damaged"_s));
}

TEST_CASE("LocalStore recovery: when the outbox itself is unreadable the file is still kept and a fresh store opens")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    {
        LocalStore store;
        REQUIRE(store.open(path).ok);
        for (int n = 0; n < 3; ++n)
            REQUIRE(store.enqueue(makeDecision(u"out-%1"_s.arg(n))));
    }
    const int pageSize = querySingleValue(path, u"PRAGMA page_size"_s).toInt();
    const int outboxRoot = querySingleValue(path, u"SELECT rootpage FROM sqlite_master WHERE name = 'outbox'"_s).toInt();
    REQUIRE(outboxRoot > 1);
    writeAt(path, qint64(outboxRoot - 1) * pageSize, garbage(pageSize));
    const QByteArray damagedBytes = readAll(path);

    LocalStore store;
    const StoreOpenReport report = store.open(path);
    REQUIRE(report.ok);
    CHECK(readAll(report.movedAsidePath) == damagedBytes);
    CHECK(report.recoveredDecisions == 0);
    CHECK(report.notice.contains(u"0 unsent decision"_s));
    CHECK(store.waitingCount() == 0);
    CHECK(filesIn(dir).size() >= 2);  // the fresh file and the kept copy
}

// Issue 11: the full check reads every page (up to a second at 100,000 outputs), so the app
// opens with Integrity::Deferred and StoreCheck runs quick_check, and the recovery, off the GUI.
TEST_CASE("StoreCheck: damage that only the full check sees is found off the GUI thread and recovered as at open")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    QStringList unsent;
    {
        LocalStore store;
        REQUIRE(store.open(path).ok);
        QList<ModelOutput> outputs;
        for (int n = 0; n < 300; ++n) {
            outputs.append(makeOutput(n));
            outputs.last().input += QString(2000, u'z');
        }
        REQUIRE(store.cacheOutputs(outputs));
        for (int n = 0; n < 3; ++n) {
            const Decision decision = makeDecision(u"out-%1"_s.arg(n));
            REQUIRE(store.enqueue(decision));
            unsent.append(decision.idempotencyKey);
        }
    }
    StoreCheck check;
    QStringList healthy;
    QStringList damaged;
    QList<StoreOpenReport> recovered;
    QObject::connect(&check, &StoreCheck::healthy, [&healthy](const QString &p) { healthy.append(p); });
    QObject::connect(&check, &StoreCheck::damaged, [&damaged](const QString &p, const QString &) { damaged.append(p); });
    QObject::connect(&check, &StoreCheck::recovered,
                     [&recovered](const QString &, const StoreOpenReport &report) { recovered.append(report); });
    check.check(path);
    REQUIRE(waitUntil([&] { return !healthy.isEmpty() || !damaged.isEmpty(); }));
    CHECK(healthy == QStringList{path});
    CHECK(damaged.isEmpty());

    // The root page of the queue's index: the header, the schema, the tables still read (and a
    // decision still commits), but the file is damaged.
    const int pageSize = querySingleValue(path, u"PRAGMA page_size"_s).toInt();
    const int indexRoot = querySingleValue(path, u"SELECT rootpage FROM sqlite_master WHERE name = 'outputs_queue_key'"_s).toInt();
    REQUIRE(indexRoot > 1);
    writeAt(path, qint64(indexRoot - 1) * pageSize, garbage(pageSize));
    {
        LocalStore deferred;  // opens: only the full check would have seen it
        const StoreOpenReport report = deferred.open(path, LocalStore::Integrity::Deferred);
        REQUIRE(report.ok);
        CHECK(report.movedAsidePath.isEmpty());
        const Decision later = makeDecision(u"out-7"_s);  // made before the check's answer
        REQUIRE(deferred.enqueue(later));
        unsent.append(later.idempotencyKey);
        check.check(path);
        REQUIRE(waitUntil([&] { return !damaged.isEmpty(); }));
        CHECK(damaged == QStringList{path});
    }
    check.recover(path);  // every connection of ours to the file is closed now
    REQUIRE(waitUntil([&] { return !recovered.isEmpty(); }));
    const StoreOpenReport report = recovered.constFirst();
    REQUIRE(report.ok);
    CHECK(report.movedAsidePath.startsWith(path + u".damaged-"_s));
    CHECK(QFileInfo::exists(report.movedAsidePath));
    CHECK(report.recoveredDecisions == 4);

    LocalStore fresh;
    REQUIRE(fresh.open(path, LocalStore::Integrity::Deferred).ok);
    QStringList keys;
    for (const OutboxEntry &entry : fresh.due(QDateTime::currentDateTimeUtc(), 100))
        keys.append(entry.decision.idempotencyKey);
    CHECK(keys == unsent);
}

TEST_CASE("StoreCheck: an answer asked for before cancel() is dropped")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    {
        LocalStore store;
        REQUIRE(store.open(path).ok);
    }
    StoreCheck check;
    int answers = 0;
    QObject::connect(&check, &StoreCheck::healthy, [&answers] { ++answers; });
    check.check(path);
    check.cancel();
    REQUIRE(waitUntil([&check] { return !check.isBusy(); }));
    processEventsUntilIdle();
    CHECK(answers == 0);
    check.check(path);
    REQUIRE(waitUntil([&answers] { return answers == 1; }));
}
