// The queue's list at a size where a full layout pass costs: it lays rows out again when rows
// come or go, never because one row's data changed (issue 11).
#include <catch2/catch.hpp>

#include "QueueListView.h"
#include "QueueModel.h"

#include <QTest>

using namespace fr;

namespace {

// Every layout pass of the view starts in doItemsLayout(); visualRect() runs a posted one at
// once, so the count is exact without waiting for the event loop.
class CountingListView : public QueueListView
{
public:
    using QueueListView::QueueListView;
    int layouts = 0;
    void doItemsLayout() override
    {
        ++layouts;
        QueueListView::doItemsLayout();
    }
};

QList<OutputSummary> summaries(int from, int count)
{
    QList<OutputSummary> rows;
    const QDateTime base = QDateTime::currentDateTimeUtc();
    for (int i = from; i < from + count; ++i) {
        OutputSummary row;
        row.id = QStringLiteral("out-%1").arg(i, 6, 10, QLatin1Char('0'));
        row.modelName = QStringLiteral("model");
        row.preview = QStringLiteral("input %1").arg(i);
        row.confidence = 0.5;
        row.createdAt = base;
        row.slaDeadline = base.addSecs(i);
        rows.append(row);
    }
    return rows;
}

} // namespace

TEST_CASE("the queue list lays its rows out again when rows come, not when one row's state changes")
{
    QueueModel queue;
    queue.reset(summaries(0, 20000));
    CountingListView view;
    view.setModel(&queue);
    view.resize(320, 400);
    view.show();
    REQUIRE(QTest::qWaitForWindowExposed(&view));
    const QModelIndex row = queue.index(10);
    REQUIRE(view.visualRect(row).isValid());  // any layout still posted runs here
    const int settled = view.layouts;

    // A decision: the row's state and verdict change, its place and size do not.
    queue.setState(queue.summaryAt(10).id, ReviewState::Queued);
    queue.setVerdict(queue.summaryAt(10).id, Verdict::Approved);
    CHECK(view.visualRect(row).isValid());
    CHECK(view.layouts == settled);

    // New rows do move rows: the view lays them out again (the count above can see a pass).
    queue.upsert(summaries(20000, 10));
    (void)view.visualRect(queue.index(10));  // runs the posted pass
    CHECK(view.layouts == settled + 1);
}
