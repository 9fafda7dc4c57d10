// StoreWriter: the cache's removals on a thread and connection of their own, beside LocalStore
// committing decisions on this (the GUI) thread. Real SQLite files; no mocks.
#include "JsonCodec.h"
#include "LocalStore.h"
#include "StoreTestData.h"
#include "StoreWriter.h"
#include "TestUtil.h"

#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;
using namespace Qt::StringLiterals;

namespace {

struct WriterRig {
    QTemporaryDir dir;
    QString path = dir.filePath(u"store.sqlite"_s);
    LocalStore store;
    StoreWriter writer;
    QStringList ids;

    explicit WriterRig(int outputs)
    {
        REQUIRE(dir.isValid());
        REQUIRE(store.open(path).ok);
        QList<ModelOutput> cached;
        for (int n = 0; n < outputs; ++n) {
            cached.append(makeOutput(n, n % 50, 0.5));
            ids.append(cached.constLast().id);
        }
        REQUIRE(store.cacheOutputs(cached));
        writer.open(path);
    }

    QSet<QString> cachedIds() const
    {
        QSet<QString> result;
        for (const OutputSummary &summary : store.summaries())
            result.insert(summary.id);
        return result;
    }
};

struct Outcome {
    bool finished = false;
    bool ok = false;
    QString error;
};

StoreWriter::Done recordInto(Outcome &outcome)
{
    return [&outcome](bool ok, const QString &error) {
        outcome = {true, ok, error};
    };
}

} // namespace

TEST_CASE("the writer removes the given outputs from the cache and leaves the others")
{
    WriterRig rig(1200);
    const QStringList gone = rig.ids.mid(100, 900);
    Outcome outcome;
    rig.writer.removeOutputs(gone, recordInto(outcome));
    REQUIRE(waitUntil([&outcome] { return outcome.finished; }));
    CHECK(outcome.ok);
    const QSet<QString> left = rig.cachedIds();
    CHECK(left.size() == 300);
    for (const QString &id : gone)
        CHECK_FALSE(left.contains(id));
}

// The decision's commit on this thread meets the writer's transactions on another: it waits for
// the lock (BEGIN IMMEDIATE, busy_timeout) instead of failing, and both land whole.
TEST_CASE("decisions committed while the writer removes outputs all land, as do the removals")
{
    WriterRig rig(3000);
    const QStringList gone = rig.ids.mid(0, 2500);
    const QStringList decided = rig.ids.mid(2500);
    Outcome outcome;
    rig.writer.removeOutputs(gone, recordInto(outcome));
    QStringList keys;
    for (const QString &id : decided) {
        const Decision decision = makeDecision(id);
        REQUIRE(rig.store.enqueue(decision));
        keys.append(decision.idempotencyKey);
        QCoreApplication::processEvents();
    }
    REQUIRE(waitUntil([&outcome] { return outcome.finished; }));
    CHECK(outcome.ok);
    CHECK(rig.cachedIds() == QSet<QString>(decided.cbegin(), decided.cend()));
    for (const QString &key : keys)
        CHECK(rig.store.entry(key)->state == OutboxState::Queued);
}

TEST_CASE("a removal cut short by a close says so, and what it removed it removed whole")
{
    WriterRig rig(2000);
    Outcome outcome;
    rig.writer.removeOutputs(rig.ids, recordInto(outcome));
    rig.writer.close();
    REQUIRE(waitUntil([&outcome] { return outcome.finished; }));
    const QSet<QString> left = rig.cachedIds();
    if (outcome.ok) {
        CHECK(left.isEmpty());  // it was quicker than the close
    } else {
        CHECK(outcome.error.contains(u"closed"_s));
        // Slices are transactions: the outputs left are exactly the ones after the last slice.
        const qsizetype removed = rig.ids.size() - left.size();
        CHECK(QSet<QString>(rig.ids.cbegin() + removed, rig.ids.cend()) == left);
    }

    Outcome afterClose;
    rig.writer.removeOutputs({rig.ids.constLast()}, recordInto(afterClose));
    REQUIRE(waitUntil([&afterClose] { return afterClose.finished; }));
    CHECK_FALSE(afterClose.ok);
}

// What the sync sends next, read and marked on the writer's thread: a decision withdrawn on the
// GUI thread before is left out, so that it never goes.
namespace {

struct Taken {
    bool finished = false;
    bool ok = false;
    OutboxBatch next;
};

Taken takeDue(StoreWriter &writer)
{
    Taken taken;
    writer.takeDue(QDateTime::currentDateTimeUtc(), 50, [&taken](bool ok, const QString &, const OutboxBatch &next) {
        taken = {true, ok, next};
    });
    REQUIRE(waitUntil([&taken] { return taken.finished; }));
    return taken;
}

} // namespace

TEST_CASE("the writer takes the due decisions, marks them as being sent and leaves out a withdrawn one")
{
    WriterRig rig(3);
    QStringList keys;
    for (int i = 0; i < 3; ++i) {
        const Decision decision = makeDecision(rig.ids.at(i));
        REQUIRE(rig.store.enqueue(decision));
        keys.append(decision.idempotencyKey);
    }
    REQUIRE(rig.store.withdraw(keys.at(1)));  // undone before the sync looked

    const Taken taken = takeDue(rig.writer);
    CHECK(taken.ok);
    CHECK_FALSE(taken.next.retract);
    CHECK(keysOf(taken.next.decisions) == QStringList({keys.at(0), keys.at(2)}));
    CHECK(taken.next.decisions.constFirst().decision.outputId == rig.ids.at(0));
    // The request's JSON is built there too, of what was marked only.
    QList<Decision> going;
    for (const OutboxEntry &entry : taken.next.decisions)
        going.append(entry.decision);
    CHECK(taken.next.body == JsonCodec::batchBody(going));
    CHECK_FALSE(taken.next.body.contains(keys.at(1).toUtf8()));
    CHECK(rig.store.entry(keys.at(0))->transmitted);
    CHECK(rig.store.entry(keys.at(2))->transmitted);
    CHECK_FALSE(rig.store.entry(keys.at(1)));
    // Marked: an undo now leaves a durable mark instead of deleting the row.
    CHECK_FALSE(rig.store.withdraw(keys.at(0)));
}

TEST_CASE("a retract that leads comes alone and unmarked, and with nothing due the batch is empty")
{
    WriterRig rig(2);
    CHECK(takeDue(rig.writer).next.isEmpty());
    CHECK(takeDue(rig.writer).ok);

    const Decision sent = makeDecision(rig.ids.at(0));
    REQUIRE(rig.store.enqueue(sent));
    REQUIRE(rig.store.markTransmitted({sent.idempotencyKey}));
    REQUIRE(rig.store.markSent(sent.idempotencyKey, u"fb-1"_s));
    REQUIRE(rig.store.queueRetract(sent.idempotencyKey));  // undone after it was accepted
    const Decision later = makeDecision(rig.ids.at(1));
    REQUIRE(rig.store.enqueue(later));

    const Taken taken = takeDue(rig.writer);
    CHECK(taken.ok);
    REQUIRE(taken.next.retract);
    CHECK(taken.next.retract->decision.idempotencyKey == sent.idempotencyKey);
    CHECK(taken.next.retract->feedbackId == u"fb-1"_s);
    CHECK(taken.next.decisions.isEmpty());
    CHECK_FALSE(rig.store.entry(later.idempotencyKey)->transmitted);  // its turn comes after
}

TEST_CASE("a closed writer says so and takes nothing")
{
    WriterRig rig(1);
    const Decision decision = makeDecision(rig.ids.at(0));
    REQUIRE(rig.store.enqueue(decision));
    rig.writer.close();
    const Taken taken = takeDue(rig.writer);
    CHECK_FALSE(taken.ok);
    CHECK(taken.next.isEmpty());
    CHECK_FALSE(rig.store.entry(decision.idempotencyKey)->transmitted);
}

// At a sign-out the GUI thread's close is the last: what is still in the log it copied there
// (~10 ms after a hand-back). The writer empties the log first, on its thread.
TEST_CASE("the writer's checkpoint copies the log into the database and empties it, with the store still open")
{
    WriterRig rig(1500);
    Outcome removed;
    rig.writer.removeOutputs(rig.ids.mid(0, 1000), recordInto(removed));
    REQUIRE(waitUntil([&removed] { return removed.finished; }));
    REQUIRE(removed.ok);
    const QString log = rig.path + u"-wal"_s;
    REQUIRE(QFileInfo(log).size() > 0);

    Outcome emptied;
    rig.writer.checkpoint(recordInto(emptied));
    REQUIRE(waitUntil([&emptied] { return emptied.finished; }));
    CHECK(emptied.ok);
    CHECK(emptied.error.isEmpty());
    CHECK(QFileInfo(log).size() == 0);
    CHECK(rig.cachedIds().size() == 500);  // the removals are in the database file now
    rig.writer.close();
    rig.store.close();
    LocalStore reopened;
    REQUIRE(reopened.open(rig.path).ok);
    CHECK(reopened.summaries().size() == 500);
}

TEST_CASE("a closed writer's checkpoint says so")
{
    WriterRig rig(10);
    rig.writer.close();
    Outcome outcome;
    rig.writer.checkpoint(recordInto(outcome));
    REQUIRE(waitUntil([&outcome] { return outcome.finished; }));
    CHECK_FALSE(outcome.ok);
    CHECK_FALSE(outcome.error.isEmpty());
}
