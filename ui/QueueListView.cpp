#include "QueueListView.h"

namespace fr {

QueueListView::QueueListView(QWidget *parent) : QListView(parent)
{
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(200);
}

void QueueListView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (uniformItemSizes() && viewMode() == ListMode && !wordWrap() && !isWrapping()) {
        QAbstractItemView::dataChanged(topLeft, bottomRight, roles);  // repaints what changed
        return;
    }
    QListView::dataChanged(topLeft, bottomRight, roles);
}

} // namespace fr
