#pragma once

#include <QPlainTextEdit>

namespace fr {

// A read-only view of untrusted text (model inputs and outputs). QPlainTextEdit never interprets
// markup and lays out only the visible blocks — but one block is laid out whole, and a 1 MiB
// line without spaces took minutes (bench_huge_line). So a long line is cut into soft pieces,
// one block each, marked as continuations: only the visible pieces are laid out, copying joins
// them again, and text() is the text exactly as given.
// Read-only means the triage keys (A, X, …) keep working while it has focus; it takes focus by
// Tab so that a person can read it to the end with the keys (arrows, PageDown, Ctrl+End).
class PlainTextView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit PlainTextView(const QString &accessibleName, QWidget *parent = nullptr);

    static constexpr qsizetype kPieceChars = 2048;  // a soft piece of a long line

    void setText(const QString &text);
    QString text() const { return m_text; }  // as given, without the soft breaks
    QSize sizeHint() const override;

protected:
    bool event(QEvent *event) override;
    QMimeData *createMimeDataFromSelection() const override;

private:
    QString m_text;
};

} // namespace fr
