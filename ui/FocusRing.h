#pragma once

#include <QColor>
#include <QObject>
#include <QPointer>

#include <QWidget>

namespace fr {

// A clear ring around whichever widget has the keyboard focus, in every window of the program
// (issue 10: "a visible focus ring everywhere"). Fusion's own hints (a faint frame, a dotted
// rectangle round a check box's text, nothing at all on a table) are easy to lose for a person
// who never touches the mouse. The ring is a transparent child laid over the focused widget, so
// it needs no style sheet (which would drop Fusion's look of buttons and combo boxes), changes
// no layout, and is part of the widget's own rendering (grab()).
class FocusRing : public QObject
{
    Q_OBJECT
public:
    // Once per application; later calls return the same ring.
    static FocusRing *install();
    static QColor colour();  // the ring's colour: the palette's highlight
    static constexpr int kWidth = 2;

    QWidget *target() const { return m_target; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit FocusRing(QObject *parent);
    void follow(QWidget *focused);
    void place();

    QPointer<QWidget> m_target;
    QPointer<QWidget> m_ring;
};

} // namespace fr
