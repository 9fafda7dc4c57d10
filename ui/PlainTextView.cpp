#include "PlainTextView.h"

namespace fr {

namespace {
// A single line this long is shaped as one block; without wrapping the layout stays linear.
constexpr qsizetype NoWrapThreshold = 64 * 1024;
}

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
    setLineWrapMode(text.size() > NoWrapThreshold ? NoWrap : WidgetWidth);
    setPlainText(text);
}

QSize PlainTextView::sizeHint() const
{
    return {300, fontMetrics().lineSpacing() * 6};
}

} // namespace fr
