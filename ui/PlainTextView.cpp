#include "PlainTextView.h"

namespace fr {

PlainTextView::PlainTextView(const QString &accessibleName, QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setUndoRedoEnabled(false);
    setAccessibleName(accessibleName);
    setFocusPolicy(Qt::ClickFocus);  // Tab moves between the fields the person types in
}

void PlainTextView::setText(const QString &text)
{
    // Measured: wrapping a 1 MiB single line is faster than not wrapping it (the unwrapped line
    // is shaped and measured as one huge run).
    setPlainText(text);
}

QSize PlainTextView::sizeHint() const
{
    return {300, fontMetrics().lineSpacing() * 6};
}

} // namespace fr
