#include "LocalStore.h"
#include "StoreSchema.h"
#include "StoreTestData.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <sqlite3.h>

using namespace fr;
using namespace fr::test;
using namespace Qt::StringLiterals;

namespace {

// A store opened on a fresh file in a temporary folder, with three cached outputs.
struct OpenStore {
    QTemporaryDir dir;
    QString path = dir.filePath(u"store.sqlite"_s);
    LocalStore store;

    OpenStore()
    {
        REQUIRE(dir.isValid());
        const StoreOpenReport report = store.open(path);
        REQUIRE(report.ok);
        REQUIRE(store.cacheOutputs({makeOutput(1, 30, 0.6), makeOutput(2, 10, 0.5), makeOutput(3, 30, 0.2)}));
    }

    OutboxEntry queued(const QString &outputId)
    {
        const Decision decision = makeDecision(outputId);
        const bool enqueued = store.enqueue(decision);
        INFO(store.lastError().toStdString());
        REQUIRE(enqueued);
        return *store.entry(decision.idempotencyKey);
    }

    ReviewState stateOf(const QString &outputId)
    {
        for (const OutputSummary &summary : store.summaries()) {
            if (summary.id == outputId)
                return summary.state;
        }
        FAIL("no such output");
        return ReviewState::Pending;
    }
};

} // namespace

TEST_CASE("LocalStore: open creates a WAL database at the current schema version")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"nested/folder/store.sqlite"_s);
    LocalStore store;
    const StoreOpenReport report = store.open(path);
    REQUIRE(report.ok);
    CHECK(report.error.isEmpty());
    CHECK(report.movedAsidePath.isEmpty());
    CHECK(report.schemaVersion == StoreSchema::currentVersion());
    CHECK(store.isOpen());
    CHECK(store.path() == path);
    CHECK(querySingleValue(path, u"PRAGMA journal_mode"_s).toString() == u"wal"_s);
    CHECK(querySingleValue(path, u"PRAGMA user_version"_s).toInt() == StoreSchema::currentVersion());
    store.close();
    CHECK_FALSE(store.isOpen());
}

TEST_CASE("LocalStore: a file that cannot be created is an error sentence, not a crash")
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_s));
    REQUIRE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    LocalStore store;
    const StoreOpenReport report = store.open(dir.filePath(u"file/store.sqlite"_s));  // parent is a file
    CHECK_FALSE(report.ok);
    CHECK_FALSE(report.error.isEmpty());
    CHECK(report.movedAsidePath.isEmpty());
    CHECK_FALSE(store.isOpen());
    CHECK_FALSE(store.enqueue(makeDecision(u"out-1"_s)));
    CHECK(store.lastError() == u"The local database is not open."_s);
    CHECK(store.summaries().isEmpty());
}

TEST_CASE("LocalStore: the default path is per server and account, with safe file names")
{
    const QString path = LocalStore::defaultPath(QUrl(u"https://review.example.org:8443/api"_s), u"rev1"_s);
    CHECK(path.endsWith(u"/stores/review.example.org_8443/rev1.sqlite"_s));
    const QString other = LocalStore::defaultPath(QUrl(u"https://review.example.org"_s), u"../../etc/x y"_s);
    CHECK(other.endsWith(u"/stores/review.example.org_443/.._.._etc_x_y.sqlite"_s));
    CHECK(QDir::isAbsolutePath(path));
}

TEST_CASE("LocalStore: an enqueued decision survives close and reopen")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"store.sqlite"_s);
    Decision decision = makeDecision(u"out-1"_s, false, 4321);
    {
        LocalStore store;
        REQUIRE(store.open(path).ok);
        REQUIRE(store.cacheOutputs({makeOutput(1)}));
        REQUIRE(store.enqueue(decision));
    }  // the destructor closes; nothing else is flushed
    LocalStore reopened;
    REQUIRE(reopened.open(path).ok);
    const std::optional<OutboxEntry> entry = reopened.entry(decision.idempotencyKey);
    REQUIRE(entry);
    CHECK(entry->state == OutboxState::Queued);
    CHECK(entry->attempts == 0);
    CHECK(entry->decision.outputId == u"out-1"_s);
    CHECK(entry->decision.reviewerId == u"rev-1"_s);
    CHECK(entry->decision.approval == false);
    CHECK(entry->decision.correction == u"negative"_s);
    CHECK(entry->decision.comment == u"a comment"_s);
    CHECK(entry->decision.decidedAt == decision.decidedAt);
    CHECK(entry->decision.dwellMs == 4321);
    CHECK(reopened.summaries().first().state == ReviewState::Queued);
    CHECK(reopened.waitingCount() == 1);
}

TEST_CASE("LocalStore: the same idempotency key twice is refused with a sentence")
{
    OpenStore s;
    const Decision decision = makeDecision(u"out-1"_s);
    REQUIRE(s.store.enqueue(decision));
    CHECK_FALSE(s.store.enqueue(decision));
    CHECK(s.store.lastError().startsWith(u"The local database could not keep the decision"_s));
    CHECK(s.store.waitingCount() == 1);
}

TEST_CASE("LocalStore: withdraw removes a queued decision and makes the output pending again")
{
    OpenStore s;
    const OutboxEntry entry = s.queued(u"out-1"_s);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Queued);
    CHECK(s.store.pendingCount() == 2);
    REQUIRE(s.store.withdraw(entry.decision.idempotencyKey));
    CHECK_FALSE(s.store.entry(entry.decision.idempotencyKey));
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Pending);
    CHECK(s.store.pendingCount() == 3);
    CHECK_FALSE(s.store.withdraw(entry.decision.idempotencyKey));  // gone now
    CHECK_FALSE(s.store.lastError().isEmpty());
}

TEST_CASE("LocalStore: hasFewerPendingThan answers as pendingCount() < n")
{
    OpenStore s;  // three pending
    s.queued(u"out-1"_s);
    for (int n = 0; n <= 4; ++n) {
        INFO(n);
        CHECK(s.store.hasFewerPendingThan(n) == (s.store.pendingCount() < n));
    }
}

TEST_CASE("LocalStore: a sent decision cannot be withdrawn, only retracted")
{
    OpenStore s;
    const QString key = s.queued(u"out-1"_s).decision.idempotencyKey;
    REQUIRE(s.store.markSent(key, u"fb-1"_s));
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Synced);
    CHECK_FALSE(s.store.withdraw(key));
    CHECK(s.store.lastError().contains(u"cannot be withdrawn"_s));
    CHECK(s.store.entry(key)->state == OutboxState::Sent);

    REQUIRE(s.store.queueRetract(key));
    const OutboxEntry retract = *s.store.entry(key);
    CHECK(retract.state == OutboxState::RetractQueued);
    CHECK(retract.feedbackId == u"fb-1"_s);  // the retract call needs it
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Pending);
    CHECK(keysOf(s.store.due(QDateTime::currentDateTimeUtc(), 10)) == QStringList{key});

    REQUIRE(s.store.markRetracted(key));
    CHECK(s.store.entry(key)->state == OutboxState::Retracted);
    CHECK(s.store.waitingCount() == 0);
}

TEST_CASE("LocalStore: queueRetract only for sent decisions")
{
    OpenStore s;
    const QString key = s.queued(u"out-1"_s).decision.idempotencyKey;
    CHECK_FALSE(s.store.queueRetract(key));
    CHECK_FALSE(s.store.lastError().isEmpty());
    CHECK(s.store.entry(key)->state == OutboxState::Queued);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Queued);
    CHECK_FALSE(s.store.markRetracted(key));  // only a queued retract can be marked retracted
    CHECK_FALSE(s.store.queueRetract(u"no-such-key"_s));
}

TEST_CASE("LocalStore: due() lists waiting entries in decision order and honours nextAttemptAt")
{
    OpenStore s;
    const QString first = s.queued(u"out-1"_s).decision.idempotencyKey;
    const QString second = s.queued(u"out-2"_s).decision.idempotencyKey;
    const QString third = s.queued(u"out-3"_s).decision.idempotencyKey;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    CHECK(keysOf(s.store.due(now, 10)) == QStringList{first, second, third});
    CHECK(keysOf(s.store.due(now, 2)) == QStringList{first, second});
    CHECK_FALSE(s.store.nextAttemptAt().isValid());

    const QDateTime later = now.addSecs(3600);
    REQUIRE(s.store.markRetry(first, later, u"The server did not answer."_s));
    CHECK(keysOf(s.store.due(now, 10)) == QStringList{second, third});
    CHECK(keysOf(s.store.due(later, 10)) == QStringList{first, second, third});
    CHECK(s.store.nextAttemptAt().toMSecsSinceEpoch() == later.toMSecsSinceEpoch());

    const OutboxEntry retried = *s.store.entry(first);
    CHECK(retried.attempts == 1);
    CHECK(retried.lastError == u"The server did not answer."_s);
    REQUIRE(s.store.markRetry(first, now.addSecs(-1), u"again"_s));
    CHECK(s.store.entry(first)->attempts == 2);
    // A time already past is still reported: it is due, and whoever waits on it must wake now.
    CHECK(s.store.nextAttemptAt().toMSecsSinceEpoch() == now.addSecs(-1).toMSecsSinceEpoch());

    REQUIRE(s.store.markSent(second, u"fb-2"_s));
    CHECK(keysOf(s.store.due(now, 10)) == QStringList{first, third});
    CHECK(s.store.waitingCount() == 2);
}

TEST_CASE("LocalStore: markX moves entries and outputs to their states, only from allowed states")
{
    OpenStore s;
    const QString sent = s.queued(u"out-1"_s).decision.idempotencyKey;
    const QString conflict = s.queued(u"out-2"_s).decision.idempotencyKey;
    const QString rejected = s.queued(u"out-3"_s).decision.idempotencyKey;

    REQUIRE(s.store.markSent(sent, u"fb-1"_s));
    REQUIRE(s.store.markConflict(conflict, u"Another reviewer decided first."_s));
    REQUIRE(s.store.markRejected(rejected, u"decided_at is in the future."_s));

    CHECK(s.store.entry(sent)->feedbackId == u"fb-1"_s);
    CHECK(s.store.entry(conflict)->state == OutboxState::Conflict);
    CHECK(s.store.entry(conflict)->lastError == u"Another reviewer decided first."_s);
    CHECK(s.store.entry(rejected)->state == OutboxState::Rejected);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Synced);
    CHECK(s.stateOf(u"out-2"_s) == ReviewState::Conflict);
    CHECK(s.stateOf(u"out-3"_s) == ReviewState::Rejected);
    CHECK(keysOf(s.store.entries(OutboxState::Conflict)) == QStringList{conflict});
    CHECK(keysOf(s.store.entries(OutboxState::Rejected)) == QStringList{rejected});

    // Final states do not move again.
    CHECK_FALSE(s.store.markSent(conflict, u"fb-x"_s));
    CHECK_FALSE(s.store.markConflict(sent, u"x"_s));
    CHECK_FALSE(s.store.markRetry(sent, QDateTime(), u"x"_s));
    CHECK_FALSE(s.store.markSent(u"no-such-key"_s, u"fb"_s));
    CHECK(s.store.lastError().contains(u"no-such-key"_s));
    CHECK(s.store.entry(sent)->state == OutboxState::Sent);
}

TEST_CASE("LocalStore: a batch applies several results in one transaction")
{
    OpenStore s;
    const QString a = s.queued(u"out-1"_s).decision.idempotencyKey;
    const QString b = s.queued(u"out-2"_s).decision.idempotencyKey;
    REQUIRE(s.store.beginBatch());
    CHECK_FALSE(s.store.beginBatch());
    REQUIRE(s.store.markSent(a, u"fb-a"_s));
    CHECK_FALSE(s.store.markSent(u"unknown"_s, u"fb"_s));  // one failure does not undo the others
    REQUIRE(s.store.markConflict(b, u"taken"_s));
    REQUIRE(s.store.commitBatch());
    CHECK_FALSE(s.store.commitBatch());
    s.store.close();

    LocalStore reopened;
    REQUIRE(reopened.open(s.path).ok);
    CHECK(reopened.entry(a)->state == OutboxState::Sent);
    CHECK(reopened.entry(b)->state == OutboxState::Conflict);
}

// Issue 11: what the backend can say again is committed without an fsync on the GUI thread, and
// the connection is FULL again the moment the batch ends: a decision is never committed relaxed.
TEST_CASE("LocalStore: a relaxed batch commits its results and leaves the connection fully durable again")
{
    OpenStore s;
    CHECK(s.store.synchronousLevelForTesting() == 2);
    const QString a = s.queued(u"out-1"_s).decision.idempotencyKey;
    REQUIRE(s.store.beginBatch(LocalStore::Durability::Relaxed));
    CHECK(s.store.synchronousLevelForTesting() == 1);
    REQUIRE(s.store.markSent(a, u"fb-a"_s));
    REQUIRE(s.store.commitBatch());
    CHECK(s.store.synchronousLevelForTesting() == 2);
    const QString b = s.queued(u"out-2"_s).decision.idempotencyKey;  // committed with FULL

    // A batch that cannot begin (one is open) leaves it FULL too, as does a failed commit.
    REQUIRE(s.store.beginBatch());
    CHECK_FALSE(s.store.beginBatch(LocalStore::Durability::Relaxed));
    CHECK(s.store.synchronousLevelForTesting() == 2);
    REQUIRE(s.store.commitBatch());
    s.store.close();

    LocalStore reopened;
    REQUIRE(reopened.open(s.path).ok);
    CHECK(reopened.entry(a)->state == OutboxState::Sent);
    CHECK(reopened.entry(b)->state == OutboxState::Queued);
}

TEST_CASE("LocalStore: the cache keeps decided states, refreshes leases and lists by urgency")
{
    OpenStore s;
    s.queued(u"out-1"_s);
    ModelOutput refreshed = makeOutput(1, 30, 0.6);
    refreshed.leaseExpiresAt = baseTime().addSecs(20 * 3600);
    REQUIRE(s.store.cacheOutputs({refreshed}));

    const QList<OutputSummary> summaries = s.store.summaries();
    REQUIRE(summaries.size() == 3);
    // Deadline first (out-2 at 10 h), then the lower confidence (out-3 0.2 before out-1 0.6).
    CHECK(summaries.at(0).id == u"out-2"_s);
    CHECK(summaries.at(1).id == u"out-3"_s);
    CHECK(summaries.at(2).id == u"out-1"_s);
    CHECK(summaries.at(2).state == ReviewState::Queued);
    CHECK(summaries.at(2).leaseExpiresAt == refreshed.leaseExpiresAt);
    CHECK(summaries.at(2).slaDeadline == baseTime().addSecs(30 * 3600));
    CHECK(summaries.at(2).modelVersion == u"1.4.2"_s);
    CHECK(s.store.pendingIds() == QStringList({u"out-2"_s, u"out-3"_s}));

    REQUIRE(s.store.removeOutputs({u"out-2"_s, u"not-there"_s}));
    CHECK(s.store.pendingIds() == QStringList{u"out-3"_s});
    CHECK_FALSE(s.store.output(u"out-2"_s));
}

TEST_CASE("LocalStore: summaries of given ids come in urgency order, unknown ids ignored")
{
    OpenStore s;
    QList<ModelOutput> many;
    for (int i = 10; i < 1210; ++i)  // more than one SQL chunk of ids
        many.append(makeOutput(i, 1000 - i % 50, 0.5));
    REQUIRE(s.store.cacheOutputs(many));

    QStringList wanted{u"out-1"_s, u"out-3"_s, u"nope"_s};
    for (int i = 10; i < 1210; i += 2)
        wanted.append(makeOutput(i).id);
    const QList<OutputSummary> some = s.store.summaries(wanted);
    REQUIRE(some.size() == 602);
    QList<OutputSummary> expected;
    for (const OutputSummary &summary : s.store.summaries())
        if (wanted.contains(summary.id))
            expected.append(summary);
    for (int i = 0; i < some.size(); ++i)
        CHECK(some.at(i).id == expected.at(i).id);
    CHECK(s.store.summaries(QStringList{}).isEmpty());
}

TEST_CASE("LocalStore: summaries carry a one-line preview, output() the full texts")
{
    OpenStore s;
    ModelOutput big = makeOutput(7);
    big.input = u"First line\n\twith  <b>tags</b>\n"_s + QString(1024 * 1024, u'y');
    big.output = u"<script>x</script>"_s;
    big.metadata = QJsonObject{{u"lang"_s, u"de"_s}, {u"nested"_s, QJsonObject{{u"k"_s, 1}}}};
    REQUIRE(s.store.cacheOutputs({big}));

    OutputSummary summary;
    for (const OutputSummary &candidate : s.store.summaries()) {
        if (candidate.id == big.id)
            summary = candidate;
    }
    CHECK(summary.preview.startsWith(u"First line with <b>tags</b> yyy"_s));
    CHECK(summary.preview.size() <= 120);
    CHECK(summary.preview.endsWith(u"…"_s));
    CHECK_FALSE(summary.preview.contains(u'\n'));
    // 100,000 previews live in the queue: none keeps spare room (simplified() and `+` left
    // 160 characters of it per row, 16 MB at 100,000).
    CHECK(summary.preview.capacity() == summary.preview.size());

    const std::optional<ModelOutput> full = s.store.output(big.id);
    REQUIRE(full);
    CHECK(full->input == big.input);
    CHECK(full->output == big.output);
    CHECK(full->metadata == big.metadata);
    CHECK(full->createdAt == big.createdAt);
    CHECK(full->confidence == big.confidence);
    CHECK_FALSE(s.store.output(u"missing"_s));
}

TEST_CASE("LocalStore: pace counts decisions since a time, the rate from known dwell times only")
{
    OpenStore s;
    REQUIRE(s.store.enqueue(makeDecision(u"out-1"_s, true, 10000)));
    REQUIRE(s.store.enqueue(makeDecision(u"out-2"_s, true, 20000)));
    REQUIRE(s.store.enqueue(makeDecision(u"out-3"_s, true, -1)));
    Decision old = makeDecision(u"out-1"_s, true, 5000);
    old.decidedAt = baseTime().addDays(-1);
    REQUIRE(s.store.enqueue(old));

    const PaceStats pace = s.store.paceSince(baseTime());
    CHECK(pace.decisions == 3);
    CHECK(pace.decisionsWithDwell == 2);
    CHECK(pace.totalDwellMs == 30000);
    CHECK(pace.itemsPerHour() == Approx(240.0));  // 2 decisions in 30 s
    CHECK(PaceStats{}.itemsPerHour() == 0.0);
}

TEST_CASE("LocalStore: a write whose savepoint cannot be opened is refused, never half-applied")
{
    OpenStore s;
    const Decision decision = makeDecision(u"out-1"_s);
    s.store.failSavepointsForTesting(1);
    CHECK_FALSE(s.store.enqueue(decision));
    CHECK(s.store.lastError().contains(u"could not start saving"_s));
    CHECK_FALSE(s.store.entry(decision.idempotencyKey));   // no outbox row…
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Pending);  // …and the output untouched

    const QString key = s.queued(u"out-2"_s).decision.idempotencyKey;
    s.store.failSavepointsForTesting(1);
    CHECK_FALSE(s.store.markSent(key, u"fb-2"_s));
    CHECK(s.store.entry(key)->state == OutboxState::Queued);
    CHECK(s.store.entry(key)->feedbackId.isEmpty());
    CHECK(s.stateOf(u"out-2"_s) == ReviewState::Queued);
    s.store.failSavepointsForTesting(1);
    CHECK_FALSE(s.store.withdraw(key));
    CHECK(s.store.entry(key));
    s.store.failSavepointsForTesting(1);
    CHECK_FALSE(s.store.cacheOutputs({makeOutput(9)}));
    CHECK_FALSE(s.store.output(makeOutput(9).id));
    CHECK(s.store.markSent(key, u"fb-2"_s));  // and the next write works again
}

TEST_CASE("LocalStore: undo withdraws what never went out, marks what did, retracts what was sent")
{
    OpenStore s;
    const QString local = s.queued(u"out-1"_s).decision.idempotencyKey;
    const QString inFlight = s.queued(u"out-2"_s).decision.idempotencyKey;
    const QString sent = s.queued(u"out-3"_s).decision.idempotencyKey;
    REQUIRE(s.store.markTransmitted({inFlight, sent}));
    REQUIRE(s.store.markSent(sent, u"fb-3"_s));

    CHECK(s.store.undo(local) == LocalStore::UndoOutcome::Withdrawn);
    CHECK_FALSE(s.store.entry(local));
    CHECK_FALSE(s.store.withdraw(inFlight));  // it may be on the backend: never just deleted
    CHECK(s.store.undo(inFlight) == LocalStore::UndoOutcome::RetractLater);
    CHECK(s.store.entry(inFlight)->undoRequested);
    CHECK(s.store.undo(inFlight) == LocalStore::UndoOutcome::Failed);  // once is enough
    CHECK(s.store.undo(sent) == LocalStore::UndoOutcome::RetractQueued);
    for (const QString &id : {u"out-1"_s, u"out-2"_s, u"out-3"_s})
        CHECK(s.stateOf(id) == ReviewState::Pending);
    CHECK(keysOf(s.store.undoableUnsent()).isEmpty());

    // The backend's accept of the marked one: the undo wins, a retract is queued with its id.
    REQUIRE(s.store.markSent(inFlight, u"fb-2"_s));
    const OutboxEntry retract = s.store.entry(inFlight).value();
    CHECK(retract.state == OutboxState::RetractQueued);
    CHECK(retract.feedbackId == u"fb-2"_s);
    CHECK_FALSE(retract.undoRequested);
    CHECK(s.stateOf(u"out-2"_s) == ReviewState::Pending);
    CHECK(keysOf(s.store.due(QDateTime::currentDateTimeUtc(), 10)) == QStringList{inFlight, sent});
}

TEST_CASE("LocalStore: a decision waits while an earlier one on the same output waits for a later retry")
{
    // Found by the fault suite: an undone decision the backend may hold was backed off, the new
    // decision on the same output went first and the backend refused it ("you already decided").
    OpenStore s;
    const QString undone = s.queued(u"out-1"_s).decision.idempotencyKey;
    REQUIRE(s.store.markTransmitted({undone}));
    REQUIRE(s.store.undo(undone) == LocalStore::UndoOutcome::RetractLater);
    const QString redecided = s.queued(u"out-1"_s).decision.idempotencyKey;
    const QString other = s.queued(u"out-2"_s).decision.idempotencyKey;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    CHECK(keysOf(s.store.due(now, 10)) == QStringList{undone, redecided, other});

    REQUIRE(s.store.markRetry(undone, now.addSecs(60), u"blocked"_s));
    CHECK(keysOf(s.store.due(now, 10)) == QStringList{other});
    CHECK(keysOf(s.store.due(now.addSecs(61), 10)) == QStringList{undone, redecided, other});

    // The accept arrives: the retract is queued; backed off, it still holds the new decision back.
    REQUIRE(s.store.markSent(undone, u"fb-1"_s));
    REQUIRE(s.store.markRetry(undone, now.addSecs(60), u"blocked"_s));
    CHECK(keysOf(s.store.due(now, 10)) == QStringList{other});
    REQUIRE(s.store.markRetracted(undone));
    CHECK(keysOf(s.store.due(now, 10)) == QStringList{redecided, other});
}

TEST_CASE("LocalStore: the undo history is the unsent decisions, oldest first, across a reopen")
{
    OpenStore s;
    const QString first = s.queued(u"out-1"_s).decision.idempotencyKey;
    const QString second = s.queued(u"out-2"_s).decision.idempotencyKey;
    const QString sent = s.queued(u"out-3"_s).decision.idempotencyKey;
    REQUIRE(s.store.markSent(sent, u"fb"_s));
    s.store.close();
    REQUIRE(s.store.open(s.path).ok);
    CHECK(keysOf(s.store.undoableUnsent()) == QStringList{first, second});
}

TEST_CASE("LocalStore: a refused retract sent again is a retract again, and discarding it leaves the feedback")
{
    OpenStore s;
    const QString key = s.queued(u"out-1"_s).decision.idempotencyKey;
    REQUIRE(s.store.markSent(key, u"fb-1"_s));
    REQUIRE(s.store.queueRetract(key));
    REQUIRE(s.store.markRejected(key, u"Not found"_s));
    REQUIRE(s.store.resend(key));
    CHECK(s.store.entry(key)->state == OutboxState::RetractQueued);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Pending);
    CHECK_FALSE(s.store.resendEdited(key, makeDecision(u"out-1"_s)));  // a retract has no body to edit
    REQUIRE(s.store.markRejected(key, u"Not found"_s));
    REQUIRE(s.store.discard(key));
    CHECK(s.store.entry(key)->state == OutboxState::Discarded);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Synced);
}

TEST_CASE("LocalStore: the last sync time is kept across a reopen")
{
    OpenStore s;
    CHECK(s.store.lastSyncedAt().isNull());
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    REQUIRE(s.store.setLastSyncedAt(at));
    s.store.close();
    REQUIRE(s.store.open(s.path).ok);
    CHECK(s.store.lastSyncedAt() == at);
}

// --- changing a decision (issue 10) ----------------------------------------------------------

namespace {

Verdict verdictOf(LocalStore &store, const QString &outputId)
{
    for (const OutputSummary &summary : store.summaries({outputId}))
        return summary.verdict;
    return Verdict::None;
}

} // namespace

TEST_CASE("LocalStore change: an unsent decision is replaced in the outbox, one row, with its reason code")
{
    OpenStore s;
    const OutboxEntry first = s.queued(u"out-1"_s);
    CHECK(verdictOf(s.store, u"out-1"_s) == Verdict::Approved);
    Decision changed = makeDecision(u"out-1"_s, false);
    changed.reasonCode = u"off_topic"_s;
    REQUIRE(s.store.change(first.decision.idempotencyKey, changed) == LocalStore::ChangeOutcome::Replaced);
    CHECK_FALSE(s.store.entry(first.decision.idempotencyKey));
    const auto due = s.store.due(QDateTime::currentDateTimeUtc(), 10);
    REQUIRE(due.size() == 1);
    CHECK(due.first().decision.idempotencyKey == changed.idempotencyKey);
    CHECK(due.first().decision.reasonCode == u"off_topic"_s);
    CHECK(due.first().decision.replaces.isEmpty());
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Queued);
    CHECK(verdictOf(s.store, u"out-1"_s) == Verdict::Rejected);
    CHECK(s.store.latestDecision(u"out-1"_s)->decision.idempotencyKey == changed.idempotencyKey);
}

TEST_CASE("LocalStore change: a sent decision is replaced through `replaces`, and is retracted once the change is sent")
{
    OpenStore s;
    const OutboxEntry first = s.queued(u"out-1"_s);
    REQUIRE(s.store.markTransmitted({first.decision.idempotencyKey}));
    REQUIRE(s.store.markSent(first.decision.idempotencyKey, u"fb-1"_s));
    const Decision changed = makeDecision(u"out-1"_s, false);
    REQUIRE(s.store.change(first.decision.idempotencyKey, changed) == LocalStore::ChangeOutcome::Superseded);
    const auto due = s.store.due(QDateTime::currentDateTimeUtc(), 10);
    REQUIRE(due.size() == 1);
    CHECK(due.first().decision.replaces == u"fb-1"_s);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Queued);
    REQUIRE(s.store.markSent(changed.idempotencyKey, u"fb-2"_s));
    CHECK(s.store.entry(first.decision.idempotencyKey)->state == OutboxState::Retracted);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Synced);
    CHECK(s.store.latestDecision(u"out-1"_s)->feedbackId == u"fb-2"_s);
}

TEST_CASE("LocalStore change: a change of a decision on its way waits for its answer and then replaces it")
{
    OpenStore s;
    const OutboxEntry first = s.queued(u"out-1"_s);
    REQUIRE(s.store.markTransmitted({first.decision.idempotencyKey}));  // in flight
    const Decision changed = makeDecision(u"out-1"_s, false);
    REQUIRE(s.store.change(first.decision.idempotencyKey, changed) == LocalStore::ChangeOutcome::Superseded);
    // Only the first goes (again) while its fate is unknown: never both in one batch.
    CHECK(keysOf(s.store.due(QDateTime::currentDateTimeUtc(), 10)) == QStringList{first.decision.idempotencyKey});

    SECTION("accepted: the change replaces it")
    {
        REQUIRE(s.store.markSent(first.decision.idempotencyKey, u"fb-1"_s));
        const auto due = s.store.due(QDateTime::currentDateTimeUtc(), 10);
        REQUIRE(due.size() == 1);
        CHECK(due.first().decision.idempotencyKey == changed.idempotencyKey);
        CHECK(due.first().decision.replaces == u"fb-1"_s);
        CHECK(s.stateOf(u"out-1"_s) == ReviewState::Queued);  // the change still waits
    }
    SECTION("refused: the change goes as a first decision, the refused one is history")
    {
        REQUIRE(s.store.markRejected(first.decision.idempotencyKey, u"bad"_s));
        CHECK(s.store.entry(first.decision.idempotencyKey)->state == OutboxState::Discarded);
        const auto due = s.store.due(QDateTime::currentDateTimeUtc(), 10);
        REQUIRE(due.size() == 1);
        CHECK(due.first().decision.replaces.isEmpty());
        CHECK(s.stateOf(u"out-1"_s) == ReviewState::Queued);
        CHECK(s.store.entries(OutboxState::Rejected).isEmpty());
    }
}

TEST_CASE("LocalStore change: withdrawing a change leaves the decision it changed standing")
{
    OpenStore s;
    const OutboxEntry first = s.queued(u"out-1"_s);
    REQUIRE(s.store.markTransmitted({first.decision.idempotencyKey}));
    REQUIRE(s.store.markSent(first.decision.idempotencyKey, u"fb-1"_s));
    const Decision changed = makeDecision(u"out-1"_s, false);
    REQUIRE(s.store.change(first.decision.idempotencyKey, changed) == LocalStore::ChangeOutcome::Superseded);
    REQUIRE(s.store.undo(changed.idempotencyKey) == LocalStore::UndoOutcome::Withdrawn);
    CHECK(s.stateOf(u"out-1"_s) == ReviewState::Synced);
    CHECK(s.store.latestDecision(u"out-1"_s)->state == OutboxState::Sent);
}

// Issue 11: with memory statistics on, every allocation inside SQLite takes one process-wide
// mutex, and the GUI thread's reads queued behind StoreReader's on it. LocalStore turns them off
// before SQLite's first use, so SQLite counts nothing however much it allocates.
TEST_CASE("LocalStore: SQLite keeps no memory statistics, so its allocations take no global lock")
{
    OpenStore s;
    for (int i = 0; i < 20; ++i)
        REQUIRE(s.store.summaries().size() == 3);
    CHECK(sqlite3_memory_used() == 0);
    CHECK(sqlite3_memory_highwater(0) == 0);
}
