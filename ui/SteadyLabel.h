#pragma once

#include <QLabel>

namespace fr {

// A one-line plain-text label whose size does not follow each change of its text. A QLabel's
// size hint is its text's: a value that changes at every key (the next output's model name, the
// pace, the count waiting to sync) was measured again in the layout pass that followed (with the
// pass, a third of a key's paint time in bench_triage), moved its neighbours back and forth, and
// an untrusted model name of 456 characters made the review pane 4,236 px wide.
class SteadyLabel : public QLabel
{
    Q_OBJECT
public:
    enum class Width {
        FillsRow,   // as wide as its row gives it, whatever its text; a longer text ends in "…"
        GrowsOnly,  // as wide as the widest text it has shown: numbers that count up and down stay put
    };

    explicit SteadyLabel(Width width, const QString &accessibleName, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // A mouse can select the text. QLabel then draws through a text document, built again for
    // each new text (a sixth of a key's paint time): it is made selectable only while a mouse is
    // over it, or while something of it is selected.
    void setSelectableByMouse(bool selectable);

protected:
    void changeEvent(QEvent *event) override;
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    int lineHeight() const;

    Width m_width;
    bool m_selectable = false;
    mutable int m_widest = 0;
};

} // namespace fr
