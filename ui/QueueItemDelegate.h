#pragma once

#include <QFont>
#include <QStyledItemDelegate>

#include <optional>

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

private:
    // The mark + confidence and the age columns are as wide for every row: measured once per font,
    // not twice per painted row (text shaping, a sixth of a key's paint time).
    struct Columns {
        QFont font;
        int left = 0;
        int right = 0;
    };
    const Columns &columnsFor(const QFont &font) const;

    mutable std::optional<Columns> m_columns;
};

} // namespace fr
