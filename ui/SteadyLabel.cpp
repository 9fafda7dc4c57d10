#include "SteadyLabel.h"

#include <QEnterEvent>
#include <QEvent>
#include <QPainter>
#include <QStyle>

namespace fr {

SteadyLabel::SteadyLabel(Width width, const QString &accessibleName, QWidget *parent)
    : QLabel(parent)
    , m_width(width)
{
    setTextFormat(Qt::PlainText);  // model names and server words are untrusted text
    setAccessibleName(accessibleName);
    setWordWrap(false);
    setSizePolicy(width == Width::FillsRow ? QSizePolicy::Ignored : QSizePolicy::Fixed, QSizePolicy::Fixed);
}

int SteadyLabel::lineHeight() const
{
    const QMargins m = contentsMargins();
    return fontMetrics().height() + m.top() + m.bottom() + 2 * margin();
}

QSize SteadyLabel::sizeHint() const
{
    if (m_width == Width::FillsRow)
        return {0, lineHeight()};
    // Measured as QLabel measures it; kept when a narrower text follows.
    m_widest = std::max(m_widest, QLabel::sizeHint().width());
    return {m_widest, lineHeight()};
}

QSize SteadyLabel::minimumSizeHint() const { return sizeHint(); }

void SteadyLabel::setSelectableByMouse(bool selectable)
{
    m_selectable = selectable;
    if (!selectable)
        setTextInteractionFlags(Qt::NoTextInteraction);
    else if (underMouse())
        setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void SteadyLabel::enterEvent(QEnterEvent *event)
{
    if (m_selectable)
        setTextInteractionFlags(Qt::TextSelectableByMouse);
    QLabel::enterEvent(event);
}

void SteadyLabel::leaveEvent(QEvent *event)
{
    QLabel::leaveEvent(event);
    if (m_selectable && !hasSelectedText())
        setTextInteractionFlags(Qt::NoTextInteraction);
}

void SteadyLabel::paintEvent(QPaintEvent *event)
{
    const QRect area = contentsRect().marginsRemoved(QMargins(margin(), margin(), margin(), margin()));
    if (m_width != Width::FillsRow || hasSelectedText() || fontMetrics().horizontalAdvance(text()) <= area.width()) {
        QLabel::paintEvent(event);
        return;
    }
    // Cut where it leaves the row, and say so, rather than half a glyph at the edge.
    QPainter painter(this);
    drawFrame(&painter);
    style()->drawItemText(&painter, area, int(QStyle::visualAlignment(layoutDirection(), alignment())), palette(),
                          isEnabled(), fontMetrics().elidedText(text(), Qt::ElideRight, area.width()),
                          foregroundRole());
}

void SteadyLabel::changeEvent(QEvent *event)
{
    // Another font or style measures the texts differently: the widest seen so far no longer says.
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        m_widest = 0;
    QLabel::changeEvent(event);
}

} // namespace fr
