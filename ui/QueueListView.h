#pragma once

#include <QListView>

namespace fr {

// The queue's list: a QListView that does not lay out every row again when one row's data
// changes. QListView's list mode posts a full relayout on every dataChanged(); with 100,000 rows
// that was ~170 batched layout passes after each decision (a third of the GUI thread's time
// while deciding, in bench_triage). With uniform item sizes and no word wrap a row's data
// cannot move any row, so a change only repaints.
class QueueListView : public QListView
{
    Q_OBJECT
public:
    // Uniform item sizes (the view measures one row, not 100,000) and batched layout (a page of
    // new rows is laid out a batch per turn, so the first paint stays quick).
    explicit QueueListView(QWidget *parent = nullptr);

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
};

} // namespace fr
