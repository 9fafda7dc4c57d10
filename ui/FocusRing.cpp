#include "FocusRing.h"

#include <QApplication>
#include <QEvent>
#include <QPainter>
#include <QPalette>
#include <QWidget>

namespace fr {

namespace {

// Drawn over its parent, never in the way: no mouse, no focus, no background.
class RingOverlay : public QWidget
{
public:
    explicit RingOverlay(QWidget *parent)
        : QWidget(parent)
    {
        setObjectName(QStringLiteral("focusRing"));
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        setFocusPolicy(Qt::NoFocus);
        setAccessibleName(tr("Keyboard focus"));
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        // Four solid strips along the edges: crisp at any scale factor, nothing covered inside.
        QPainter painter(this);
        const QColor colour = FocusRing::colour();
        const int w = FocusRing::kWidth;
        const QRect r = rect();
        painter.fillRect(QRect(r.left(), r.top(), r.width(), w), colour);
        painter.fillRect(QRect(r.left(), r.bottom() - w + 1, r.width(), w), colour);
        painter.fillRect(QRect(r.left(), r.top(), w, r.height()), colour);
        painter.fillRect(QRect(r.right() - w + 1, r.top(), w, r.height()), colour);
    }
};

} // namespace

FocusRing::FocusRing(QObject *parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("fr-focus-ring"));
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) { follow(now); });
    follow(QApplication::focusWidget());
}

FocusRing *FocusRing::install()
{
    if (auto *ring = qApp->findChild<FocusRing *>(QStringLiteral("fr-focus-ring"), Qt::FindDirectChildrenOnly))
        return ring;
    return new FocusRing(qApp);
}

QColor FocusRing::colour()
{
    return QApplication::palette().color(QPalette::Active, QPalette::Highlight);
}

void FocusRing::follow(QWidget *focused)
{
    if (m_target)
        m_target->removeEventFilter(this);
    delete m_ring;  // a child of the old target (or gone with it)
    m_target = nullptr;
    // A window that holds the focus itself (no control in it) has its frame to show that.
    if (!focused || focused->isWindow())
        return;
    m_target = focused;
    m_ring = new RingOverlay(focused);
    focused->installEventFilter(this);
    place();
    m_ring->show();
}

void FocusRing::place()
{
    if (!m_target || !m_ring)
        return;
    m_ring->setGeometry(m_target->rect());
    m_ring->raise();  // above a scroll area's viewport and any child added later
}

bool FocusRing::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_target) {
        switch (event->type()) {
        case QEvent::Resize:
        case QEvent::ChildAdded:
        case QEvent::ZOrderChange:
            place();
            break;
        default:
            break;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace fr
