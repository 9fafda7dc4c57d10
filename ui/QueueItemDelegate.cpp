#include "QueueItemDelegate.h"

#include "QueueModel.h"

#include <QApplication>
#include <QPainter>

namespace fr {

QString QueueItemDelegate::ageText(qint64 seconds)
{
    seconds = std::max<qint64>(seconds, 0);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    if (seconds < 72 * 3600)  // the SLA is counted in hours
        return tr("%1 h").arg(seconds / 3600);
    return tr("%1 d").arg(seconds / 86400);
}

const QueueItemDelegate::Columns &QueueItemDelegate::columnsFor(const QFont &font) const
{
    if (!m_columns || !(m_columns->font == font)) {
        const QFontMetrics fm(font);
        m_columns = Columns{font, fm.horizontalAdvance(QStringLiteral("✓• 0.00")) + fm.averageCharWidth(),
                            fm.horizontalAdvance(QStringLiteral("000 min")) + fm.averageCharWidth()};
    }
    return *m_columns;
}

void QueueItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();  // the background and focus frame only; the texts follow
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const auto state = ReviewState(index.data(QueueModel::StateRole).toInt());
    const QString mark = index.data(QueueModel::MarkRole).toString();
    const QString left = (mark.isEmpty() ? QStringLiteral("  ") : mark.leftJustified(2)) + QLatin1Char(' ')
        + QString::number(index.data(QueueModel::ConfidenceRole).toDouble(), 'f', 2);
    const QDateTime created = index.data(QueueModel::CreatedAtRole).toDateTime();
    const QString right = created.isValid() ? ageText(created.secsTo(QDateTime::currentDateTimeUtc())) : QString();
    const QString preview = index.data(QueueModel::PreviewRole).toString().simplified();

    const QFontMetrics fm(option.font);
    const QRect r = option.rect.adjusted(4, 0, -4, 0);
    const Columns &columns = columnsFor(option.font);
    const int leftWidth = columns.left;
    const int rightWidth = columns.right;
    const QRect previewRect = r.adjusted(leftWidth, 0, -rightWidth, 0);

    painter->save();
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = (option.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    const QColor text = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dim = text;
    if (state != ReviewState::Pending && !selected)
        dim.setAlphaF(0.55);  // decided rows step back; the mark says how they stand
    painter->setPen(dim);
    painter->drawText(r.adjusted(0, 0, -(r.width() - leftWidth), 0), Qt::AlignLeft | Qt::AlignVCenter, left);
    painter->drawText(previewRect, Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(preview, Qt::ElideRight, previewRect.width()));
    painter->drawText(r, Qt::AlignRight | Qt::AlignVCenter, right);
    painter->restore();
}

QSize QueueItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {200, QFontMetrics(option.font).lineSpacing() + 8};
}

} // namespace fr
