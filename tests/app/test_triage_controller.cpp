#include "LocalStore.h"
#include "QueueModel.h"
#include "TriageController.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUuid>

#include <catch2/catch.hpp>

using namespace fr;

namespace {

// Five cached outputs o0..o4 (in SLA order), a queue, its filter proxy and the controller.
struct Rig {
    QTemporaryDir dir;
    LocalStore store;
    QueueModel queue;
    QueueFilterModel order;
    TriageController triage{&store, &queue, &order};
    QStringList ids;

    Rig()
    {
        REQUIRE(store.open(path()).ok);
        QList<ModelOutput> outputs;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 5; ++i) {
            ModelOutput output;
            output.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            output.modelName = QStringLiteral("m");
            output.input = QStringLiteral("input %1").arg(i);
            output.output = QStringLiteral("output %1").arg(i);
            output.confidence = 0.5;
            output.createdAt = now.addSecs(-3600);
            output.slaDeadline = now.addSecs(3600 * (i + 1));
            output.leaseExpiresAt = now.addSecs(3600);
            outputs.append(output);
            ids.append(output.id);
        }
        REQUIRE(store.cacheOutputs(outputs));
        queue.reset(store.summaries());
        order.setSourceModel(&queue);
        triage.setReviewerId(QStringLiteral("11111111-1111-1111-1111-111111111111"));
    }
    QString path() const { return dir.filePath(QStringLiteral("store.sqlite")); }
    ReviewState stateOf(int i) const { return queue.summaryAt(queue.rowOf(ids[i])).state; }
};

// The restart: a new connection, queue and controller on the rig's file (its store closed).
struct Restarted {
    LocalStore store;
    QueueModel queue;
    QueueFilterModel order;
    TriageController triage{&store, &queue, &order};

    explicit Restarted(Rig &rig)
    {
        rig.store.close();
        REQUIRE(store.open(rig.path()).ok);
        queue.reset(store.summaries());
        order.setSourceModel(&queue);
        triage.setReviewerId(QStringLiteral("11111111-1111-1111-1111-111111111111"));
    }
};

} // namespace

TEST_CASE("approve writes a durable decision, then shows the next pending output")
{
    Rig rig;
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    QSignalSpy pace(&rig.triage, &TriageController::paceChanged);
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.currentId() == rig.ids[0]);
    CHECK(rig.triage.prefetchedId() == rig.ids[1]);
    REQUIRE(rig.triage.approve(QStringLiteral("fine")));
    CHECK(rig.triage.currentId() == rig.ids[1]);
    CHECK(rig.stateOf(0) == ReviewState::Queued);

    REQUIRE(recorded.count() == 1);
    const Decision decision = recorded.first().first().value<Decision>();
    CHECK(decision.outputId == rig.ids[0]);
    CHECK(decision.approval);
    CHECK(decision.comment == QStringLiteral("fine"));
    CHECK(decision.decidedAt.timeSpec() == Qt::UTC);
    CHECK(decision.dwellMs >= 0);
    CHECK_FALSE(QUuid::fromString(decision.idempotencyKey).isNull());

    LocalStore second;  // another connection sees it: committed, not just cached
    REQUIRE(second.open(rig.path()).ok);
    const auto entry = second.entry(decision.idempotencyKey);
    REQUIRE(entry);
    CHECK(entry->state == OutboxState::Queued);
    CHECK(pace.last().at(1).toInt() == 1);
}

TEST_CASE("reject keeps the correction and the comment")
{
    Rig rig;
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    rig.triage.show(rig.ids[2]);
    REQUIRE(rig.triage.reject(QStringLiteral("negative"), QStringLiteral("sarcasm")));
    const Decision decision = recorded.first().first().value<Decision>();
    CHECK_FALSE(decision.approval);
    CHECK(decision.correction == QStringLiteral("negative"));
    CHECK(rig.triage.currentId() == rig.ids[3]);
}

TEST_CASE("a failed enqueue keeps the current output and says why")
{
    Rig rig;
    QSignalSpy problem(&rig.triage, &TriageController::problem);
    rig.triage.showFirstPending();
    rig.store.close();
    CHECK_FALSE(rig.triage.approve());
    CHECK(rig.triage.currentId() == rig.ids[0]);
    CHECK(rig.stateOf(0) == ReviewState::Pending);
    CHECK(problem.count() == 1);
    CHECK_FALSE(rig.triage.canUndo());
    REQUIRE(rig.store.open(rig.path()).ok);
    CHECK(rig.triage.approve());
    CHECK(rig.store.waitingCount() == 1);
}

TEST_CASE("undo chains: unsent decisions are withdrawn, sent ones retracted")
{
    Rig rig;
    QSignalSpy undone(&rig.triage, &TriageController::decisionUndone);
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.approve());
    REQUIRE(rig.triage.reject());
    REQUIRE(rig.triage.approve());
    // The first two reached the server meanwhile.
    for (int i = 0; i < 2; ++i)
        REQUIRE(rig.store.markSent(recorded.at(i).first().value<Decision>().idempotencyKey, QStringLiteral("fb-%1").arg(i)));

    REQUIRE(rig.triage.undo());  // the third: never left this machine
    CHECK(undone.last().at(1).toBool() == false);
    CHECK_FALSE(rig.store.entry(recorded.at(2).first().value<Decision>().idempotencyKey));
    CHECK(rig.triage.currentId() == rig.ids[2]);

    REQUIRE(rig.triage.undo());  // the second: sent → a retract waits
    CHECK(undone.last().at(1).toBool() == true);
    CHECK(rig.store.entry(recorded.at(1).first().value<Decision>().idempotencyKey)->state == OutboxState::RetractQueued);
    REQUIRE(rig.triage.undo());
    CHECK_FALSE(rig.triage.undo());
    CHECK_FALSE(rig.triage.canUndo());
    CHECK(rig.triage.currentId() == rig.ids[0]);
    for (int i = 0; i < 5; ++i)
        CHECK(rig.stateOf(i) == ReviewState::Pending);
    CHECK(rig.store.waitingCount() == 2);  // two retracts
}

TEST_CASE("skip, next and previous follow the order the person sees")
{
    Rig rig;
    rig.triage.showFirstPending();
    rig.triage.next();
    CHECK(rig.triage.currentId() == rig.ids[1]);
    rig.triage.previous();
    CHECK(rig.triage.currentId() == rig.ids[0]);
    rig.triage.previous();  // the first row stays
    CHECK(rig.triage.currentId() == rig.ids[0]);

    rig.triage.show(rig.ids[1]);
    REQUIRE(rig.triage.approve());   // o1 decided, now on o2
    rig.triage.show(rig.ids[0]);
    rig.triage.skip();               // next pending after o0 skips decided o1
    CHECK(rig.triage.currentId() == rig.ids[2]);
    rig.triage.show(rig.ids[4]);
    rig.triage.skip();               // wraps around
    CHECK(rig.triage.currentId() == rig.ids[0]);

    rig.order.setSortKey(QueueFilterModel::SortKey::State);  // decided rows sort last
    rig.order.setStateFilter(ReviewState::Pending);            // and are hidden
    rig.triage.show(rig.ids[0]);
    rig.triage.next();
    CHECK(rig.triage.currentId() == rig.ids[2]);
}

TEST_CASE("the last pending decision leaves nothing shown")
{
    Rig rig;
    QSignalSpy changed(&rig.triage, &TriageController::currentChanged);
    rig.triage.showFirstPending();
    for (int i = 0; i < 5; ++i)
        REQUIRE(rig.triage.approve());
    CHECK_FALSE(rig.triage.current());
    CHECK(rig.store.waitingCount() == 5);
    CHECK_FALSE(changed.last().first().value<std::optional<ModelOutput>>().has_value());
}

TEST_CASE("today's pace counts decisions and undos, and agrees with the store")
{
    Rig rig;
    QSignalSpy pace(&rig.triage, &TriageController::paceChanged);
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.approve());
    REQUIRE(rig.triage.reject());
    REQUIRE(rig.triage.approve());
    CHECK(pace.last().at(1).toInt() == 3);
    REQUIRE(rig.triage.undo());
    CHECK(pace.last().at(1).toInt() == 2);

    // A new session reads today's figures from the store: the same count, the same rate.
    const double ratePerHour = pace.last().at(0).toDouble();
    TriageController fresh(&rig.store, &rig.queue, &rig.order);
    QSignalSpy freshPace(&fresh, &TriageController::paceChanged);
    fresh.setReviewerId(QStringLiteral("11111111-1111-1111-1111-111111111111"));
    REQUIRE(freshPace.count() == 1);
    CHECK(freshPace.last().at(1).toInt() == 2);
    CHECK(freshPace.last().at(0).toDouble() == Approx(ratePerHour));
}

TEST_CASE("the undo history of unsent decisions survives a restart")
{
    Rig rig;
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.approve());
    REQUIRE(rig.triage.reject(QStringLiteral("negative")));
    REQUIRE(recorded.size() == 2);

    Restarted after(rig);
    LocalStore &store = after.store;
    TriageController &triage = after.triage;
    QSignalSpy available(&triage, &TriageController::undoAvailableChanged);
    triage.restoreUndoHistory();
    REQUIRE(triage.canUndo());
    CHECK(available.size() == 1);

    REQUIRE(triage.undo());  // newest first: the reject
    CHECK(triage.currentId() == rig.ids[1]);
    CHECK_FALSE(store.entry(recorded.at(1).first().value<Decision>().idempotencyKey));
    REQUIRE(triage.undo());
    CHECK(triage.currentId() == rig.ids[0]);
    CHECK_FALSE(triage.undo());
    CHECK(store.waitingCount() == 0);
    CHECK(store.pendingCount() == 5);
}

// Issue 11: the history is read on StoreReader's thread and may arrive after the person has
// already decided and undone in this session.
TEST_CASE("an undo history that arrives late goes under this session's decisions and leaves out what was undone since")
{
    Rig rig;
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.approve());
    REQUIRE(rig.triage.approve());
    REQUIRE(recorded.size() == 2);
    const QString earlierFirst = recorded.at(0).first().value<Decision>().idempotencyKey;
    const QString earlierSecond = recorded.at(1).first().value<Decision>().idempotencyKey;

    // The restart; the history is read (as the worker would) before the person's first keys.
    Restarted after(rig);
    LocalStore &store = after.store;
    TriageController &triage = after.triage;
    const QList<OutboxEntry> history = store.undoableUnsent();
    REQUIRE(history.size() == 2);
    QSignalSpy now(&triage, &TriageController::decisionRecorded);
    triage.showFirstPending();
    REQUIRE(triage.approve());   // this session's first decision
    REQUIRE(triage.approve());
    REQUIRE(triage.undo());      // ... its second, undone at once
    const QString sessionKey = now.at(0).first().value<Decision>().idempotencyKey;

    // The person also reached back into the old history before it arrived: the restored
    // history must not bring the second old decision back, once it was changed here.
    triage.show(rig.ids[1]);
    REQUIRE(triage.reject(QStringLiteral("changed my mind")));
    const QString changedKey = now.at(2).first().value<Decision>().idempotencyKey;
    CHECK_FALSE(store.entry(earlierSecond));  // an unsent decision changed: replaced in place

    triage.restoreUndoHistory(history);
    // Newest first: the change, this session's decision, then the first old one. Nothing more.
    REQUIRE(triage.undo());
    CHECK_FALSE(store.entry(changedKey));
    REQUIRE(triage.undo());
    CHECK_FALSE(store.entry(sessionKey));
    REQUIRE(triage.undo());
    CHECK_FALSE(store.entry(earlierFirst));
    CHECK_FALSE(triage.undo());
    CHECK(store.waitingCount() == 0);
}

// A Backspace right after the start, before the earlier sessions' history came from the worker:
// kept, and done when the history arrives (it had said "nothing to undo" and dropped the key).
TEST_CASE("an undo asked before the earlier sessions' history arrived is done when it arrives")
{
    Rig rig;
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.approve());
    REQUIRE(rig.triage.approve());
    const QString newest = recorded.at(1).first().value<Decision>().idempotencyKey;
    const QString oldest = recorded.at(0).first().value<Decision>().idempotencyKey;

    Restarted after(rig);
    LocalStore &store = after.store;
    TriageController &triage = after.triage;
    triage.showFirstPending();
    triage.expectUndoHistory();  // the app asked the worker for it
    CHECK_FALSE(triage.undo());  // nothing to undo yet: asked, not done
    CHECK(store.entry(newest));

    triage.restoreUndoHistory(store.undoableUnsent());
    CHECK_FALSE(store.entry(newest));  // the asked undo, done now: newest first
    CHECK(store.entry(oldest));
    CHECK(triage.currentId() == rig.ids[1]);
    CHECK(triage.canUndo());

    // Only one undo was asked, and a later history (none expected) undoes nothing more.
    triage.restoreUndoHistory(store.undoableUnsent());
    CHECK(store.entry(oldest));
}

// Without a history on its way an empty stack stays a plain no.
TEST_CASE("an undo with nothing to undo and no history on its way does nothing later")
{
    Rig rig;
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.approve());
    const QString key = rig.store.undoableUnsent().constFirst().decision.idempotencyKey;
    Restarted after(rig);
    LocalStore &store = after.store;
    TriageController &triage = after.triage;
    CHECK_FALSE(triage.undo());
    triage.restoreUndoHistory(store.undoableUnsent());
    CHECK(store.entry(key));
    CHECK(triage.canUndo());
}

TEST_CASE("undo of a decision that went out without an answer yet leaves a durable mark, not a deleted row")
{
    Rig rig;
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    QSignalSpy undone(&rig.triage, &TriageController::decisionUndone);
    rig.triage.showFirstPending();
    REQUIRE(rig.triage.approve());
    const QString key = recorded.first().first().value<Decision>().idempotencyKey;
    REQUIRE(rig.store.markTransmitted({key}));  // the sync engine sent it; no answer yet

    REQUIRE(rig.triage.undo());
    CHECK(undone.last().at(1).toBool());  // a retract will follow
    const auto entry = rig.store.entry(key);
    REQUIRE(entry);
    CHECK(entry->state == OutboxState::Queued);
    CHECK(entry->undoRequested);
    CHECK(rig.stateOf(0) == ReviewState::Pending);
    CHECK(rig.store.pendingCount() == 5);
    // The backend refuses it after all: nothing to retract; kept as history.
    REQUIRE(rig.store.markConflict(key, QStringLiteral("already decided by rev2")));
    CHECK(rig.store.entry(key)->state == OutboxState::Discarded);
    CHECK(rig.store.pendingCount() == 5);
}

TEST_CASE("refused is not final: send again, edit and send, or discard (kept as history)")
{
    Rig rig;
    QSignalSpy recorded(&rig.triage, &TriageController::decisionRecorded);
    QSignalSpy refusedChanged(&rig.triage, &TriageController::refusedChanged);
    rig.triage.showFirstPending();
    for (int i = 0; i < 3; ++i)
        REQUIRE(rig.triage.approve(QStringLiteral("c%1").arg(i)));
    QStringList keys;
    for (const auto &args : recorded)
        keys.append(args.first().value<Decision>().idempotencyKey);
    REQUIRE(rig.store.markRejected(keys[0], QStringLiteral("decided_at is in the future")));
    REQUIRE(rig.store.markConflict(keys[1], QStringLiteral("already decided by rev2")));
    REQUIRE(rig.store.markRejected(keys[2], QStringLiteral("unknown output")));

    REQUIRE(rig.triage.resendRefused(keys[0]));
    OutboxEntry again = rig.store.entry(keys[0]).value();
    CHECK(again.state == OutboxState::Queued);
    CHECK(again.lastError.isEmpty());
    CHECK(again.attempts == 0);
    CHECK(rig.stateOf(0) == ReviewState::Queued);

    REQUIRE(rig.triage.resendRefusedEdited(keys[1], false, QStringLiteral("negative"), QStringLiteral("fixed")));
    CHECK(rig.store.entry(keys[1])->state == OutboxState::Discarded);  // the old one stays, as history
    const QList<OutboxEntry> queued = rig.store.entries(OutboxState::Queued);
    REQUIRE(queued.size() == 2);
    const OutboxEntry edited = queued.last();
    CHECK(edited.decision.idempotencyKey != keys[1]);
    CHECK(edited.decision.outputId == rig.ids[1]);
    CHECK_FALSE(edited.decision.approval);
    CHECK(edited.decision.correction == QStringLiteral("negative"));
    CHECK(edited.decision.comment == QStringLiteral("fixed"));
    CHECK(rig.stateOf(1) == ReviewState::Queued);

    REQUIRE(rig.triage.discardRefused(keys[2]));
    const auto discarded = rig.store.entry(keys[2]);
    REQUIRE(discarded);  // kept in the store's history
    CHECK(discarded->state == OutboxState::Discarded);
    CHECK(rig.stateOf(2) == ReviewState::Pending);
    CHECK(rig.store.waitingCount() == 2);
    CHECK(rig.store.entries(OutboxState::Rejected).isEmpty());
    CHECK(rig.store.entries(OutboxState::Conflict).isEmpty());
    CHECK(refusedChanged.size() == 3);
    // Only refused decisions take these verbs.
    CHECK_FALSE(rig.triage.discardRefused(keys[0]));
    CHECK(rig.store.entry(keys[0])->state == OutboxState::Queued);
}
