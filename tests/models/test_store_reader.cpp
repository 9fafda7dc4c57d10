// StoreReader: the queue in pages and the counts, read on the worker's own connection.
#include "LocalStore.h"
#include "StoreReader.h"
#include "StoreTestData.h"
#include "TestUtil.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;
using namespace Qt::StringLiterals;

namespace {

QStringList idsOf(const QList<OutputSummary> &rows)
{
    QStringList ids;
    for (const OutputSummary &row : rows)
        ids.append(row.id);
    return ids;
}

// Many rows that share a deadline and a confidence (the id decides), and some without deadline.
QList<ModelOutput> crowdedOutputs(int count)
{
    QList<ModelOutput> outputs;
    for (int n = 0; n < count; ++n) {
        ModelOutput output = makeOutput(n, n % 5, (n % 3) * 0.25);
        if (n % 11 == 0)
            output.slaDeadline = {};
        outputs.append(output);
    }
    return outputs;
}

struct ReaderRig {
    QTemporaryDir dir;
    QString path = dir.filePath(u"store.sqlite"_s);
    LocalStore store;
    StoreReader reader;
    QList<QList<OutputSummary>> pages;
    bool done = false;
    QList<StoreCounts> counts;

    explicit ReaderRig(int outputs)
    {
        REQUIRE(dir.isValid());
        REQUIRE(store.open(path).ok);
        REQUIRE(store.cacheOutputs(crowdedOutputs(outputs)));
        reader.open(path);
        QObject::connect(&reader, &StoreReader::queuePage, [this](const QList<OutputSummary> &rows, bool last) {
            pages.append(rows);
            done = last;
        });
        QObject::connect(&reader, &StoreReader::countsRead, [this](const StoreCounts &c) { counts.append(c); });
    }

    QList<OutputSummary> loaded() const
    {
        QList<OutputSummary> all;
        for (const auto &page : pages)
            all += page;
        return all;
    }

    StoreCounts recount()
    {
        return {store.pendingCount(), store.waitingCount(), store.earliestPendingLeaseExpiry()};
    }
};

} // namespace

TEST_CASE("the queue arrives page by page in the store's order, every row once")
{
    ReaderRig rig(1234);
    const QList<OutputSummary> first = rig.store.summariesPage(0, 100);
    rig.reader.loadQueue(QueueCursor::after(first.constLast()), 97);
    REQUIRE(waitUntil([&rig] { return rig.done; }));
    CHECK(rig.pages.size() == (1234 - 100) / 97 + 1);
    for (qsizetype i = 0; i + 1 < rig.pages.size(); ++i)
        CHECK(rig.pages.at(i).size() == 97);
    CHECK(idsOf(first) + idsOf(rig.loaded()) == idsOf(rig.store.summaries()));
}

TEST_CASE("a load from the start delivers the whole queue, and an empty store one empty last page")
{
    ReaderRig rig(300);
    rig.reader.loadQueue(std::nullopt, 100);
    REQUIRE(waitUntil([&rig] { return rig.done; }));
    CHECK(idsOf(rig.loaded()) == idsOf(rig.store.summaries()));

    ReaderRig empty(0);
    empty.reader.loadQueue(std::nullopt, 100);
    REQUIRE(waitUntil([&empty] { return empty.done; }));
    CHECK(empty.loaded().isEmpty());
}

// The pages are read through SQLite's C API (QueuePageQuery), the store's own reads through
// QSqlQuery: every field must come out the same, NULLs, verdicts and non-ASCII text included.
TEST_CASE("every field of a queued row reads as the store's own read gives it")
{
    ReaderRig rig(0);
    QList<ModelOutput> outputs = crowdedOutputs(40);
    outputs[3].input = u"Zeile eins \u00e4\u00f6\u00fc \U0001F600\nzweite Zeile, sehr lang "_s + QString(300, u'x');
    outputs[4].leaseExpiresAt = {};
    outputs[5].modelVersion = QString();
    REQUIRE(rig.store.cacheOutputs(outputs));
    const Decision approved = makeDecision(outputs[6].id, true);
    const Decision rejected = makeDecision(outputs[7].id, false);
    REQUIRE(rig.store.enqueue(approved));
    REQUIRE(rig.store.enqueue(rejected));
    REQUIRE(rig.store.markTransmitted({rejected.idempotencyKey}));
    REQUIRE(rig.store.beginBatch());
    REQUIRE(rig.store.markConflict(rejected.idempotencyKey, u"taken"_s));
    REQUIRE(rig.store.commitBatch());

    rig.reader.loadQueue(std::nullopt, 7);
    REQUIRE(waitUntil([&rig] { return rig.done; }));
    const QList<OutputSummary> pages = rig.loaded();
    const QList<OutputSummary> store = rig.store.summaries();
    REQUIRE(pages.size() == store.size());
    int checkedNulls = 0;
    for (qsizetype i = 0; i < store.size(); ++i) {
        const OutputSummary &a = pages.at(i);
        const OutputSummary &b = store.at(i);
        INFO("row " << i << " " << b.id.toStdString());
        CHECK(a.id == b.id);
        CHECK(a.modelName == b.modelName);
        CHECK(a.modelVersion == b.modelVersion);
        CHECK(a.preview == b.preview);
        CHECK(a.confidence == b.confidence);
        CHECK(a.createdAt == b.createdAt);
        CHECK(a.slaDeadline == b.slaDeadline);
        CHECK(a.leaseExpiresAt == b.leaseExpiresAt);
        CHECK(a.state == b.state);
        CHECK(a.verdict == b.verdict);
        checkedNulls += !b.slaDeadline.isValid() + !b.leaseExpiresAt.isValid();
    }
    // What the comparison above covered: NULL times, both verdicts, a decided and a refused state.
    CHECK(checkedNulls >= 2);
    const auto summaryOf = [&pages](const QString &id) {
        for (const OutputSummary &row : pages)
            if (row.id == id)
                return row;
        return OutputSummary();
    };
    CHECK(summaryOf(outputs[6].id).verdict == Verdict::Approved);
    CHECK(summaryOf(outputs[7].id).verdict == Verdict::Rejected);
    CHECK(summaryOf(outputs[7].id).state == ReviewState::Conflict);
    CHECK(summaryOf(outputs[3].id).preview.contains(u"\u00e4\u00f6\u00fc \U0001F600"_s));
}

TEST_CASE("decisions committed while the queue loads: the pages keep the order, none is lost or doubled")
{
    ReaderRig rig(2000);
    const QList<OutputSummary> first = rig.store.summariesPage(0, 50);
    rig.reader.loadQueue(QueueCursor::after(first.constLast()), 50);
    // Decide on rows of the first page and on rows still to come, between pages.
    const QList<OutputSummary> all = rig.store.summaries();
    int decided = 0;
    REQUIRE(waitUntil([&] {
        if (decided < 40 && !rig.pages.isEmpty()) {
            REQUIRE(rig.store.enqueue(makeDecision(all.at(decided * 37).id)));
            ++decided;
        }
        return rig.done;
    }));
    // Decisions change states, never the order key: the same rows, in the same order.
    CHECK(idsOf(first) + idsOf(rig.loaded()) == idsOf(all));
}

TEST_CASE("the counts shown equal a recount, also after changes made while a read was on its way")
{
    ReaderRig rig(500);
    rig.reader.refreshCounts();
    REQUIRE(waitUntil([&rig] { return !rig.counts.isEmpty(); }));
    CHECK(rig.counts.constLast() == rig.recount());
    CHECK(rig.counts.constLast().pending == 500);

    // A run of decisions, each followed by a refresh, as the app does: the last answer is the
    // state after the last decision.
    const QList<OutputSummary> all = rig.store.summaries();
    for (int i = 0; i < 30; ++i) {
        REQUIRE(rig.store.enqueue(makeDecision(all.at(i).id)));
        rig.reader.refreshCounts();
    }
    const StoreCounts expected = rig.recount();
    CHECK(expected.pending == 470);
    CHECK(expected.waiting == 30);
    REQUIRE(waitUntil([&] { return rig.counts.constLast() == expected; }));
    processEventsUntilIdle();
    CHECK(rig.counts.constLast() == expected);  // and no older answer after it
}

// The sign-out question must not take an answer to a read that was already on its way when it
// was asked (seen: "0 decisions not yet synced" with one waiting).
TEST_CASE("a refresh's ticket is covered only by an answer to a read that began after it")
{
    ReaderRig rig(50);
    const QList<OutputSummary> all = rig.store.summaries();
    const quint64 first = rig.reader.refreshCounts();
    REQUIRE(rig.store.enqueue(makeDecision(all.at(0).id)));  // while the first read is on its way
    const quint64 asked = rig.reader.refreshCounts();
    CHECK(asked > first);
    QList<quint64> covered;
    QObject::connect(&rig.reader, &StoreReader::countsRead, [&] { covered.append(rig.reader.countsCovered()); });
    REQUIRE(waitUntil([&] { return !covered.isEmpty() && covered.constLast() >= asked; }));
    // Every answer that covers the question saw the decision.
    for (qsizetype i = 0; i < covered.size(); ++i)
        if (covered.at(i) >= asked)
            CHECK(rig.counts.at(rig.counts.size() - covered.size() + i).waiting == 1);
    CHECK(covered.constFirst() == first);  // the read on its way answered first, covering only itself
}

TEST_CASE("answers asked for before a close are never delivered")
{
    ReaderRig rig(3000);
    rig.reader.loadQueue(std::nullopt, 10);
    rig.reader.refreshCounts();
    rig.reader.close();
    CHECK_FALSE(rig.reader.isLoadingQueue());
    // The worker answers in order: once the answer to a read asked after a new open() is here,
    // everything asked before close() has come back too (and was dropped).
    rig.reader.open(rig.path);
    rig.reader.refreshCounts();
    REQUIRE(waitUntil([&rig] { return !rig.counts.isEmpty(); }));
    processEventsUntilIdle();
    CHECK(rig.pages.isEmpty());
    CHECK(rig.counts.size() == 1);
    CHECK(rig.counts.constFirst() == rig.recount());
}

TEST_CASE("the refused decisions come from the worker as the store holds them, the last answer after the last change")
{
    ReaderRig rig(200);
    QList<QList<OutboxEntry>> answers;
    QObject::connect(&rig.reader, &StoreReader::refusedRead,
                     [&answers](const QList<OutboxEntry> &entries) { answers.append(entries); });
    const QList<OutputSummary> all = rig.store.summaries();
    QStringList conflicts;
    QStringList rejected;
    for (int i = 0; i < 20; ++i) {
        const Decision decision = makeDecision(all.at(i).id);
        REQUIRE(rig.store.enqueue(decision));
        if (i % 2 == 0) {
            REQUIRE(rig.store.markConflict(decision.idempotencyKey, u"taken"_s));
            conflicts.append(decision.idempotencyKey);
        } else if (i % 3 == 0) {
            REQUIRE(rig.store.markRejected(decision.idempotencyKey, u"invalid"_s));
            rejected.append(decision.idempotencyKey);
        }
        rig.reader.refreshRefused();  // as the app does after each change
    }
    const auto keysOf = [](const QList<OutboxEntry> &entries) {
        QStringList keys;
        for (const OutboxEntry &entry : entries)
            keys.append(entry.decision.idempotencyKey);
        return keys;
    };
    // Conflicts first, then rejected, each in decision order: what the store's entries() give.
    const QStringList expected = conflicts + rejected;
    CHECK(keysOf(rig.store.entries(OutboxState::Conflict) + rig.store.entries(OutboxState::Rejected)) == expected);
    REQUIRE(waitUntil([&] { return !answers.isEmpty() && keysOf(answers.constLast()) == expected; }));
    processEventsUntilIdle();
    CHECK(keysOf(answers.constLast()) == expected);  // and no older answer after it
    CHECK(answers.size() < 20);  // folded: not one read per change
}

TEST_CASE("the pending ids come from the worker in the queue's order, decided ones left out")
{
    ReaderRig rig(1500);
    QList<QStringList> answers;
    QObject::connect(&rig.reader, &StoreReader::pendingIdsRead, [&answers](const QStringList &ids) { answers.append(ids); });
    const QList<OutputSummary> all = rig.store.summaries();
    for (int i = 0; i < 10; ++i)
        REQUIRE(rig.store.enqueue(makeDecision(all.at(i * 7).id)));
    rig.reader.readPendingIds();
    REQUIRE(waitUntil([&answers] { return !answers.isEmpty(); }));
    CHECK(answers.constFirst() == rig.store.pendingIds());
    CHECK(answers.constFirst().size() == 1490);
}

// Issue 11: SQLite's checkpoint ran inside whichever GUI-thread commit took the log past 1,000
// pages (30-100 ms at 100,000 cached outputs). LocalStore leaves it to the reader's thread: a
// commit of several thousand pages stays in the log until the reader copies it back.
TEST_CASE("the reader's thread checkpoints the log that the store's commits leave behind")
{
    ReaderRig rig(0);
    int longestLog = 0;
    QObject::connect(&rig.reader, &StoreReader::checkpointed, [&longestLog](int logPages) {
        longestLog = std::max(longestLog, logPages);
    });
    QList<ModelOutput> outputs = crowdedOutputs(3000);
    for (ModelOutput &output : outputs)
        output.input = QString(3000, u'x');  // about a page each
    REQUIRE(rig.store.cacheOutputs(outputs));
    REQUIRE(waitUntil([&longestLog] { return longestLog >= 3000; }, 60000));

    // The copy is complete: a fresh connection reads every row from the file and the log.
    LocalStore again;
    REQUIRE(again.open(rig.path).ok);
    CHECK(again.summaries().size() == 3000);
}

TEST_CASE("a load says how many rows the queue holds before its first page")
{
    ReaderRig rig(777);
    std::vector<int> sizes;
    int pagesBeforeSize = -1;
    QObject::connect(&rig.reader, &StoreReader::queueSizeRead, [&](int rows) {
        sizes.push_back(rows);
        pagesBeforeSize = int(rig.pages.size());
    });
    REQUIRE(rig.store.enqueue(makeDecision(rig.store.summaries().constFirst().id)));  // a decided row counts too
    rig.reader.loadQueue(std::nullopt, 100);
    REQUIRE(waitUntil([&rig] { return rig.done; }));
    REQUIRE(sizes.size() == 1);
    CHECK(sizes.front() == 777);
    CHECK(pagesBeforeSize == 0);
}
