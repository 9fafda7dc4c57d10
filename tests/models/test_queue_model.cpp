#include "QueueModel.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>

#include <catch2/catch.hpp>

#include <array>

using namespace fr;
using namespace Qt::StringLiterals;

namespace {

const QDateTime Now(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC);

OutputSummary summary(const QString &id, double confidence, int deadlineHours, int ageHours,
                      const QString &preview = u"Refund took three weeks"_s, const QString &model = u"sentiment-v3"_s)
{
    OutputSummary row;
    row.id = id;
    row.modelName = model;
    row.modelVersion = u"1.4.2"_s;
    row.preview = preview;
    row.confidence = confidence;
    row.createdAt = Now.addSecs(-ageHours * 3600);
    row.slaDeadline = Now.addSecs(deadlineHours * 3600);
    row.leaseExpiresAt = Now.addSecs(3600);
    return row;
}

QStringList idsOf(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(QueueModel::IdRole).toString());
    return ids;
}

// A queue model with the model tester attached; the tester fails the test on any broken rule.
struct TestedQueue {
    QueueModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
    TestedQueue() { model.setClock([] { return Now; }); }
};

} // namespace

TEST_CASE("QueueModel: display text with confidence, preview and age, tooltip with model and deadline")
{
    TestedQueue q;
    q.model.reset({summary(u"a"_s, 0.41, 17, 31, u"Refund took three weeks and nobody answered the phone at all"_s)});
    const QModelIndex index = q.model.index(0);
    const QString display = index.data(Qt::DisplayRole).toString();
    CHECK(display.startsWith(u"0.41  Refund took three weeks"_s));
    CHECK(display.contains(u"…"_s));
    CHECK(display.endsWith(u"  31 h"_s));
    const QString tip = index.data(Qt::ToolTipRole).toString();
    CHECK(tip.contains(u"sentiment-v3 1.4.2"_s));
    CHECK(tip.contains(u"Confidence 0.41"_s));
    CHECK(tip.contains(u"SLA deadline"_s));
    CHECK(tip.contains(u"Not decided yet"_s));
    CHECK(index.data(QueueModel::ConfidenceRole).toDouble() == 0.41);
    CHECK(index.data(QueueModel::SummaryRole).value<OutputSummary>().id == u"a"_s);
    CHECK(q.model.roleNames().value(QueueModel::PreviewRole) == "preview");

    q.model.setClock([] { return Now.addSecs(5 * 86400); });
    CHECK(q.model.index(0).data().toString().endsWith(u"  6 d"_s));
    q.model.setClock([] { return Now.addSecs(-31 * 3600 + 600); });
    CHECK(q.model.index(0).data().toString().endsWith(u"  10 min"_s));
}

TEST_CASE("QueueModel: approve and reject have different marks, queued or synced")
{
    TestedQueue q;
    q.model.reset({summary(u"a"_s, 0.41, 17, 31), summary(u"b"_s, 0.5, 17, 31)});
    for (const char *id : {"a", "b"})
        q.model.setState(QString::fromLatin1(id), ReviewState::Queued);
    q.model.setVerdict(u"a"_s, Verdict::Approved);
    q.model.setVerdict(u"b"_s, Verdict::Rejected);
    const auto mark = [&q](int row) { return q.model.index(row).data(QueueModel::MarkRole).toString(); };
    CHECK(q.model.index(0).data(QueueModel::VerdictRole).toInt() == int(Verdict::Approved));
    CHECK(q.model.index(1).data(QueueModel::VerdictRole).toInt() == int(Verdict::Rejected));
    CHECK(mark(0) == u"✓•"_s);
    CHECK(mark(1) == u"✗•"_s);
    q.model.setState(u"a"_s, ReviewState::Synced);
    q.model.setState(u"b"_s, ReviewState::Synced);
    CHECK(mark(0) == u"✓"_s);
    CHECK(mark(1) == u"✗"_s);
    CHECK(q.model.index(1).data().toString().startsWith(u"✗ 0.50"_s));
    q.model.setState(u"b"_s, ReviewState::Rejected);  // refused by the server: not the reject mark
    CHECK(mark(1) == u"?"_s);
}

TEST_CASE("QueueModel: the state shows in the text and in the tooltip")
{
    TestedQueue q;
    q.model.reset({summary(u"a"_s, 0.41, 17, 31), summary(u"b"_s, 0.5, 17, 31)});
    QSignalSpy counts(&q.model, &QueueModel::countsChanged);
    QSignalSpy changed(&q.model, &QAbstractItemModel::dataChanged);
    q.model.setState(u"a"_s, ReviewState::Queued);
    CHECK(q.model.index(0).data().toString().startsWith(u"• 0.41"_s));
    q.model.setState(u"a"_s, ReviewState::Conflict);
    CHECK(q.model.index(0).data(Qt::ToolTipRole).toString().contains(u"Conflict: someone else decided first"_s));
    CHECK(q.model.index(0).data(QueueModel::StateRole).toInt() == int(ReviewState::Conflict));
    CHECK(counts.count() == 2);
    CHECK(changed.count() == 2);
    q.model.setState(u"a"_s, ReviewState::Conflict);  // no change, no signal
    q.model.setState(u"missing"_s, ReviewState::Synced);
    CHECK(counts.count() == 2);
    CHECK(q.model.count(ReviewState::Conflict) == 1);
    CHECK(q.model.count(ReviewState::Pending) == 1);
}

TEST_CASE("QueueModel: reset, upsert and remove keep rows and ids in step")
{
    TestedQueue q;
    q.model.reset({summary(u"a"_s, 0.1, 1, 1), summary(u"b"_s, 0.2, 2, 2), summary(u"c"_s, 0.3, 3, 3)});
    CHECK(idsOf(q.model) == QStringList({u"a"_s, u"b"_s, u"c"_s}));

    OutputSummary changedB = summary(u"b"_s, 0.25, 2, 2);
    changedB.state = ReviewState::Synced;
    q.model.upsert({changedB, summary(u"d"_s, 0.4, 4, 4), summary(u"e"_s, 0.5, 5, 5)});
    CHECK(idsOf(q.model) == QStringList({u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s}));
    CHECK(q.model.summaryAt(1).confidence == 0.25);
    CHECK(q.model.summaryAt(1).state == ReviewState::Synced);
    CHECK(q.model.rowOf(u"e"_s) == 4);
    CHECK(q.model.count(ReviewState::Pending) == 4);
    CHECK(q.model.count(ReviewState::Synced) == 1);

    q.model.remove({u"a"_s, u"d"_s, u"nope"_s, u"a"_s});
    CHECK(idsOf(q.model) == QStringList({u"b"_s, u"c"_s, u"e"_s}));
    CHECK(q.model.rowOf(u"e"_s) == 2);
    CHECK(q.model.rowOf(u"a"_s) == -1);
    CHECK(q.model.summaryAt(99).id.isEmpty());
    CHECK(q.model.count(ReviewState::Pending) == 2);
    CHECK(q.model.count(ReviewState::Synced) == 1);

    q.model.reset({});
    CHECK(q.model.count(ReviewState::Pending) == 0);
    CHECK(q.model.rowCount() == 0);
    CHECK(q.model.rowOf(u"b"_s) == -1);
}

TEST_CASE("QueueFilterModel: sorts by SLA deadline, then confidence, by default")
{
    QueueModel source;
    QueueFilterModel filter;
    filter.setSourceModel(&source);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
    OutputSummary noDeadline = summary(u"none"_s, 0.01, 0, 1);
    noDeadline.slaDeadline = QDateTime();
    source.reset({summary(u"late"_s, 0.1, 40, 1), noDeadline, summary(u"soon-sure"_s, 0.7, 5, 1),
                  summary(u"soon-unsure"_s, 0.3, 5, 1)});
    CHECK(idsOf(filter) == QStringList({u"soon-unsure"_s, u"soon-sure"_s, u"late"_s, u"none"_s}));

    filter.setSortKey(QueueFilterModel::SortKey::Confidence);
    CHECK(filter.sortKey() == QueueFilterModel::SortKey::Confidence);
    CHECK(idsOf(filter) == QStringList({u"none"_s, u"late"_s, u"soon-unsure"_s, u"soon-sure"_s}));

    // Rows added or changed later take their place at once.
    source.upsert({summary(u"new"_s, 0.05, 1, 1)});
    CHECK(idsOf(filter).at(1) == u"new"_s);
    source.setState(u"late"_s, ReviewState::Queued);
    filter.setSortKey(QueueFilterModel::SortKey::State);
    CHECK(idsOf(filter).last() == u"late"_s);  // pending first, then by urgency
    CHECK(idsOf(filter).first() == u"new"_s);
    source.remove({u"new"_s});
    CHECK(idsOf(filter).first() == u"soon-unsure"_s);
}

TEST_CASE("QueueFilterModel: sorting by model breaks ties by urgency")
{
    QueueModel source;
    QueueFilterModel filter;
    filter.setSourceModel(&source);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
    source.reset({summary(u"t"_s, 0.2, 9, 1, u"x"_s, u"toxicity-v1"_s), summary(u"s2"_s, 0.5, 9, 1),
                  summary(u"S1"_s, 0.5, 3, 1, u"x"_s, u"Sentiment-v3"_s)});
    filter.setSortKey(QueueFilterModel::SortKey::Model);
    CHECK(idsOf(filter) == QStringList({u"S1"_s, u"s2"_s, u"t"_s}));
}

TEST_CASE("QueueFilterModel: a case-insensitive text filter over preview and model, and a state filter")
{
    QueueModel source;
    QueueFilterModel filter;
    filter.setSourceModel(&source);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
    source.reset({summary(u"refund"_s, 0.1, 1, 1, u"The REFUND took weeks"_s),
                  summary(u"toxic"_s, 0.2, 2, 1, u"You are wonderful"_s, u"toxicity-v1"_s),
                  summary(u"great"_s, 0.3, 3, 1, u"Great product"_s)});

    filter.setTextFilter(u"  refund "_s);
    CHECK(idsOf(filter) == QStringList{u"refund"_s});
    filter.setTextFilter(u"TOXICITY"_s);
    CHECK(idsOf(filter) == QStringList{u"toxic"_s});
    filter.setTextFilter(u"nothing like this"_s);
    CHECK(filter.rowCount() == 0);
    filter.setTextFilter({});
    CHECK(filter.rowCount() == 3);

    source.setState(u"great"_s, ReviewState::Queued);
    filter.setStateFilter(ReviewState::Queued);
    CHECK(idsOf(filter) == QStringList{u"great"_s});
    source.setState(u"refund"_s, ReviewState::Queued);  // the filter follows state changes
    CHECK(idsOf(filter) == QStringList({u"refund"_s, u"great"_s}));
    filter.setTextFilter(u"great"_s);
    CHECK(idsOf(filter) == QStringList{u"great"_s});
    filter.setStateFilter(std::nullopt);
    filter.setTextFilter({});
    CHECK(filter.rowCount() == 3);
}

TEST_CASE("QueueModel: upsert of a list that names a new output twice adds one row")
{
    TestedQueue q;
    q.model.reset({summary(u"a"_s, 0.1, 1, 1)});
    OutputSummary twiceSynced = summary(u"b"_s, 0.2, 2, 2);
    twiceSynced.state = ReviewState::Synced;
    q.model.upsert({summary(u"b"_s, 0.2, 2, 2), summary(u"a"_s, 0.3, 1, 1), twiceSynced, summary(u"c"_s, 0.4, 3, 3)});
    CHECK(idsOf(q.model) == QStringList({u"a"_s, u"b"_s, u"c"_s}));
    CHECK(q.model.summaryAt(0).confidence == 0.3);
    CHECK(q.model.rowOf(u"c"_s) == 2);
    CHECK(q.model.count(ReviewState::Pending) + q.model.count(ReviewState::Synced) == 3);
}

TEST_CASE("QueueFilterModel: a decision moves its row only when the sort or the filter is by state")
{
    QueueModel source;
    QueueFilterModel filter;
    filter.setSourceModel(&source);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
    source.reset({summary(u"a"_s, 0.1, 1, 1), summary(u"b"_s, 0.2, 2, 1), summary(u"c"_s, 0.3, 3, 1)});

    source.setState(u"a"_s, ReviewState::Queued);  // by deadline: stays first
    CHECK(idsOf(filter) == QStringList({u"a"_s, u"b"_s, u"c"_s}));

    filter.setSortKey(QueueFilterModel::SortKey::State);
    CHECK(idsOf(filter) == QStringList({u"b"_s, u"c"_s, u"a"_s}));
    source.setState(u"b"_s, ReviewState::Synced);  // by state: moves behind the pending one
    CHECK(idsOf(filter) == QStringList({u"c"_s, u"a"_s, u"b"_s}));

    filter.setStateFilter(ReviewState::Pending);
    CHECK(idsOf(filter) == QStringList{u"c"_s});
    source.setState(u"a"_s, ReviewState::Pending);  // undone: shows again
    CHECK(idsOf(filter) == QStringList({u"a"_s, u"c"_s}));
}

TEST_CASE("QueueModel: appendNew adds only the rows it does not hold, and never takes a state back")
{
    TestedQueue q;
    q.model.reset({summary(u"a"_s, 0.1, 1, 1), summary(u"b"_s, 0.2, 2, 1)});
    q.model.setState(u"a"_s, ReviewState::Queued);  // decided after the page below was read
    OutputSummary staleA = summary(u"a"_s, 0.1, 1, 1);  // pending, as the page read it
    const QList<OutputSummary> page{staleA, summary(u"c"_s, 0.3, 3, 1), summary(u"c"_s, 0.3, 3, 1),
                                    summary(u"d"_s, 0.4, 4, 1)};
    QSignalSpy inserted(&q.model, &QAbstractItemModel::rowsInserted);
    CHECK(q.model.appendNew(page) == 2);
    CHECK(inserted.size() == 1);  // one insertion per page
    CHECK(idsOf(q.model) == QStringList({u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    CHECK(q.model.summaryAt(0).state == ReviewState::Queued);
    CHECK(q.model.count(ReviewState::Queued) == 1);
    CHECK(q.model.count(ReviewState::Pending) == 3);
    CHECK(q.model.rowOf(u"d"_s) == 3);
    CHECK(q.model.appendNew(page) == 0);
}

// Issue 11: remove() renumbers only the rows after the first removed one, and reset() hands a
// large old list to a pool thread to free. Either way every id must still find its row.
TEST_CASE("QueueModel: after scattered removals from a large queue every id finds its row and the counts equal a recount")
{
    TestedQueue q;
    QList<OutputSummary> rows;
    for (int i = 0; i < 6000; ++i) {
        OutputSummary row = summary(u"o%1"_s.arg(i), 0.5, i % 48, 1);
        row.state = i % 7 == 0 ? ReviewState::Queued : ReviewState::Pending;
        rows.append(row);
    }
    q.model.reset(rows);
    QStringList gone;
    for (int i = 5999; i >= 0; i -= 13)
        gone.append(u"o%1"_s.arg(i));
    gone.append({u"o3"_s, u"o4"_s, u"o5"_s});  // a run of neighbours
    q.model.remove(gone);
    q.model.remove({u"o100"_s});
    gone.append(u"o100"_s);

    std::array<int, 5> recount{};
    for (int row = 0; row < q.model.rowCount(); ++row) {
        const OutputSummary &summary = q.model.summaryRef(row);
        CHECK(q.model.rowOf(summary.id) == row);
        ++recount[size_t(summary.state)];
    }
    for (const QString &id : std::as_const(gone))
        CHECK(q.model.rowOf(id) == -1);
    CHECK(q.model.rowCount() == 6000 - int(QSet<QString>(gone.cbegin(), gone.cend()).size()));
    CHECK(q.model.count(ReviewState::Pending) == recount[size_t(ReviewState::Pending)]);
    CHECK(q.model.count(ReviewState::Queued) == recount[size_t(ReviewState::Queued)]);

    // A reset from a large list: the old rows go to a pool thread, the new ones are in place.
    q.model.reset({summary(u"fresh"_s, 0.3, 1, 1)});
    CHECK(idsOf(q.model) == QStringList{u"fresh"_s});
    CHECK(q.model.rowOf(u"o1"_s) == -1);
    CHECK(q.model.count(ReviewState::Pending) == 1);
}

// Issue 11: the queue's size is reserved as it loads; an offline lease then appended 2,000 rows
// to 100,000 held, which moved them all to a bigger block (12 ms of page faults on the GUI
// thread, in one stall). The room reserved leaves space for such a lease.
TEST_CASE("QueueModel: rows appended after the loaded queue's reserve stay where they were")
{
    TestedQueue q;
    constexpr int loaded = 20000, leased = 2000;
    q.model.reserve(loaded);
    QList<OutputSummary> page;
    for (int n = 0; n < loaded; ++n) {
        page.append(summary(u"row-%1"_s.arg(n), 0.5, n % 48, 1));
        if (page.size() == 250)
            q.model.appendNew(std::exchange(page, {}));
    }
    REQUIRE(q.model.rowCount() == loaded);
    const OutputSummary *firstRow = &q.model.summaryRef(0);

    QList<OutputSummary> lease;
    for (int n = 0; n < leased; ++n)
        lease.append(summary(u"leased-%1"_s.arg(n), 0.4, 2, 1));
    for (qsizetype from = 0; from < lease.size(); from += 500)
        q.model.upsert(lease.mid(from, 500));
    REQUIRE(q.model.rowCount() == loaded + leased);
    CHECK(&q.model.summaryRef(0) == firstRow);
    CHECK(q.model.summaryRef(0).id == u"row-0"_s);
    CHECK(q.model.rowOf(u"leased-1999"_s) == loaded + leased - 1);
}
