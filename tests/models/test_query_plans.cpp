// Every statement the store runs, planned by SQLite itself: none may read all of outputs or
// outbox (issue 11). The statements are not listed by hand: the test drives every operation of
// LocalStore and records what it runs (LocalStore::observeStatementsForTesting), so a new query
// without an index fails here the day it is written. StoreReader's statements are added.
#include "LocalStore.h"
#include "StoreReader.h"
#include "StoreTestData.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;
using namespace Qt::StringLiterals;

namespace {

// Drives each public operation of the store at least once, through the states that change
// which statements run (a refused decision, a sent one, an undone one, a batch).
void exerciseEveryOperation(LocalStore &store)
{
    QList<ModelOutput> outputs;
    for (int n = 1; n <= 60; ++n)
        outputs.append(makeOutput(n, n % 7, 0.01 * n));
    outputs[5].slaDeadline = {};  // the "no deadline" part of the order
    REQUIRE(store.cacheOutputs(outputs));
    store.summaries();
    store.summaries({u"out-1"_s, u"out-2"_s});
    store.summariesPage(0, 10);
    store.output(u"out-1"_s);
    store.pendingCount();
    store.hasFewerPendingThan(10);
    store.pendingIds();
    store.earliestPendingLeaseExpiry();
    store.latestPendingLeaseExpiry();

    const Decision sent = makeDecision(u"out-1"_s);
    const Decision conflicted = makeDecision(u"out-2"_s);
    const Decision rejected = makeDecision(u"out-3"_s);
    const Decision withdrawn = makeDecision(u"out-4"_s);
    const Decision retried = makeDecision(u"out-5"_s);
    for (const Decision &decision : {sent, conflicted, rejected, withdrawn, retried})
        REQUIRE(store.enqueue(decision));
    store.undoableUnsent();
    store.due(QDateTime::currentDateTimeUtc(), 50);
    store.entry(sent.idempotencyKey);
    store.entries(OutboxState::Queued);
    store.waitingCount();
    store.waitingCountUpTo(3);
    store.nextAttemptAt();
    REQUIRE(store.markTransmitted({sent.idempotencyKey, conflicted.idempotencyKey}));
    REQUIRE(store.withdraw(withdrawn.idempotencyKey));
    REQUIRE(store.beginBatch());
    REQUIRE(store.markSent(sent.idempotencyKey, u"fb-1"_s));
    REQUIRE(store.markConflict(conflicted.idempotencyKey, u"taken"_s));
    REQUIRE(store.markRejected(rejected.idempotencyKey, u"invalid"_s));
    REQUIRE(store.markRetry(retried.idempotencyKey, QDateTime::currentDateTimeUtc().addSecs(60), u"timeout"_s));
    REQUIRE(store.commitBatch());
    REQUIRE(store.makeWaitingDueNow());
    REQUIRE(store.undo(sent.idempotencyKey) == LocalStore::UndoOutcome::RetractQueued);
    REQUIRE(store.markRetracted(sent.idempotencyKey));
    REQUIRE(store.resend(conflicted.idempotencyKey));
    Decision edited = makeDecision(u"out-3"_s, false);
    REQUIRE(store.resendEdited(rejected.idempotencyKey, edited));
    REQUIRE(store.markRejected(edited.idempotencyKey, u"invalid"_s));
    REQUIRE(store.discard(edited.idempotencyKey));
    REQUIRE(store.undo(retried.idempotencyKey) != LocalStore::UndoOutcome::Failed);
    store.queueRetract(u"no-such-key"_s);
    store.paceSince(baseTime());
    REQUIRE(store.setLastSyncedAt(QDateTime::currentDateTimeUtc()));
    store.lastSyncedAt();
    REQUIRE(store.removeOutputs({u"out-60"_s}));
}

bool isPlannable(const QString &sql)
{
    static const QRegularExpression control(u"^\\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)\\b"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    return !control.match(sql).hasMatch();
}

// SQLite's plan, one line per step ("SEARCH outputs USING INDEX ...").
QStringList planOf(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery explain(db);
    if (!explain.prepare(u"EXPLAIN QUERY PLAN "_s + sql)) {
        FAIL_CHECK("cannot plan: " << sql.toStdString() << ": " << explain.lastError().text().toStdString());
        return {};
    }
    // Values do not change the plan (no STAT4 here); NULL for every placeholder.
    for (qsizetype i = 0, n = sql.count(u'?'); i < n; ++i)
        explain.addBindValue(QVariant());
    if (!explain.exec()) {
        FAIL_CHECK("cannot plan: " << sql.toStdString() << ": " << explain.lastError().text().toStdString());
        return {};
    }
    QStringList steps;
    while (explain.next())
        steps.append(explain.value(3).toString());
    return steps;
}

// A full scan reads every row. The one SCAN allowed is an ordered walk of an index that the
// statement's LIMIT stops (a queue page): the ORDER BY comes from the index (no temp B-tree),
// so SQLite reads the page's rows and no more.
QString fullScanIn(const QString &sql, const QStringList &plan)
{
    static const QRegularExpression scan(u"^SCAN (outputs|outbox)\\b"_s);
    static const QRegularExpression limited(u"\\bLIMIT\\b"_s);
    const bool sortsItself = plan.join(u'\n').contains(u"TEMP B-TREE FOR ORDER BY"_s);
    for (const QString &step : plan) {
        if (!scan.match(step).hasMatch())
            continue;
        const bool orderedWalk = step.contains(u" INDEX "_s) && limited.match(sql).hasMatch() && !sortsItself;
        if (!orderedWalk)
            return step;
    }
    return {};
}

// A statement that names its rows by a key (one decision, the decision it replaces, its
// feedback id) must find them by that key. Found through another index (outbox's state) it reads
// every row in that state: a drain of 2,000 decisions read the 2,000 still queued for each answer
// (half of the answer's cost in bench_triage). Returns the key searched the wrong way.
QString keyNotSearchedIn(const QString &sql, const QStringList &plan)
{
    static const QRegularExpression keyed(
        u"\\b(replaces_key|idempotency_key|feedback_id|output_id)\\s*=\\s*\\?"_s);
    const QString steps = plan.join(u'\n');
    const qsizetype where = sql.indexOf(u"WHERE"_s, 0, Qt::CaseInsensitive);  // not the SET's "key = ?"
    if (where < 0)
        return {};
    for (auto match = keyed.globalMatch(sql.mid(where)); match.hasNext();) {
        const QString key = match.next().captured(1);
        if (!steps.contains(key + u"=?"_s))
            return key;
    }
    return {};
}

} // namespace

TEST_CASE("no statement of the store reads all of outputs or outbox")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(u"store.sqlite"_s);
    QStringList statements;
    LocalStore::observeStatementsForTesting([&statements](const QString &sql) {
        if (!statements.contains(sql))
            statements.append(sql);
    });
    {
        LocalStore store;
        REQUIRE(store.open(path).ok);
        exerciseEveryOperation(store);
    }
    LocalStore::observeStatementsForTesting({});
    statements += StoreReader::statements();

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"plans"_s);
    db.setDatabaseName(path);
    REQUIRE(db.open());
    int planned = 0;
    for (const QString &sql : std::as_const(statements)) {
        if (!isPlannable(sql))
            continue;
        const QStringList plan = planOf(db, sql);
        ++planned;
        INFO(sql.toStdString() << "\n  plan: " << plan.join(u" | "_s).toStdString());
        CHECK(fullScanIn(sql, plan).isEmpty());
        CHECK(keyNotSearchedIn(sql, plan).isEmpty());
    }
    // Guards the test itself: the observer saw the store's statements, not just a handful.
    CHECK(planned >= 30);
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"plans"_s);
}

TEST_CASE("the query-plan check refuses a full scan")
{
    // The check itself, on plans SQLite gives for statements without an index.
    CHECK_FALSE(fullScanIn(u"SELECT COUNT(*) FROM outputs WHERE input = ?"_s, {u"SCAN outputs"_s}).isEmpty());
    CHECK_FALSE(fullScanIn(u"SELECT id FROM outbox ORDER BY comment"_s,
                           {u"SCAN outbox"_s, u"USE TEMP B-TREE FOR ORDER BY"_s}).isEmpty());
    CHECK_FALSE(fullScanIn(u"SELECT COUNT(*) FROM outputs"_s, {u"SCAN outputs USING COVERING INDEX x"_s}).isEmpty());
    CHECK(fullScanIn(u"SELECT id FROM outputs ORDER BY k LIMIT ?"_s, {u"SCAN outputs USING INDEX k"_s}).isEmpty());
    CHECK(fullScanIn(u"SELECT id FROM outputs WHERE id = ?"_s, {u"SEARCH outputs USING INDEX pk (id=?)"_s}).isEmpty());
}

TEST_CASE("the query-plan check refuses a key found through another index")
{
    const QString byKey = u"UPDATE outbox SET replaces = ? WHERE replaces_key = ? AND state = 'queued'"_s;
    CHECK(keyNotSearchedIn(byKey, {u"SEARCH outbox USING INDEX outbox_state_next (state=?)"_s}) == u"replaces_key"_s);
    CHECK(keyNotSearchedIn(byKey, {u"SEARCH outbox USING INDEX outbox_replaces (replaces_key=? AND state=?)"_s}).isEmpty());
    CHECK(keyNotSearchedIn(u"SELECT 1 FROM outbox WHERE state = ?"_s, {u"SEARCH outbox USING INDEX s (state=?)"_s}).isEmpty());
}
