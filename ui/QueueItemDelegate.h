#pragma once

#include <QStyledItemDelegate>

namespace fr {

// One queue row in three parts — state mark + confidence, the input preview, the age — each
// drawn on its own, so that a right-to-left preview cannot drag the numbers across the row (the
// bidi algorithm would reorder a single combined string).
class QueueItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QString ageText(qint64 seconds);  // "12 min", "31 h", "4 d"
};

} // namespace fr
