#include "PlainTextView.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBoundaryFinder>

namespace fr {

namespace {

constexpr int SoftContinuation = 1;  // block user state: this block goes on the previous line

// Where to cut a long line near `from + piece`: after a space when there is one close by, else
// at a grapheme boundary (never inside a surrogate pair or an emoji sequence).
qsizetype cutPoint(const QString &text, qsizetype from, qsizetype end, qsizetype piece)
{
    const qsizetype target = from + piece;
    if (target >= end)
        return end;
    for (qsizetype i = target; i > target - 256 && i > from; --i) {
        if (text.at(i - 1).isSpace())
            return i;
    }
    // A small window around the target: the finder analyses all the text it is given.
    const qsizetype windowStart = std::max(from, target - 64);
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text.constData() + windowStart,
                               qsizetype(std::min<qsizetype>(end, target + 64) - windowStart));
    finder.setPosition(target - windowStart);
    if (!finder.isAtBoundary())
        finder.toPreviousBoundary();
    const qsizetype cut = windowStart + finder.position();
    return cut > from ? cut : target;
}

} // namespace

PlainTextView::PlainTextView(const QString &accessibleName, QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setUndoRedoEnabled(false);
    setAccessibleName(accessibleName);
    setTabChangesFocus(true);
    setFocusPolicy(Qt::StrongFocus);  // Tab reaches it: long texts are read with the keys
}

void PlainTextView::setText(const QString &text)
{
    if (text == m_text) {
        // The next output says the same (an empty metadata, most often): laying the same text out
        // and painting it again would cost a key its frame for nothing. It starts at the top, as
        // a new text does.
        moveCursor(QTextCursor::Start);
        verticalScrollBar()->setValue(0);
        horizontalScrollBar()->setValue(0);
        return;
    }
    m_text = text;
    // Wrapping stays on (an unwrapped huge line is shaped as one run); long lines go in pieces.
    QStringList pieces;
    QList<bool> continued;
    qsizetype lineStart = 0;
    while (lineStart <= text.size()) {
        qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        qsizetype from = lineStart;
        bool first = true;
        do {
            const qsizetype to = cutPoint(text, from, lineEnd, kPieceChars);
            pieces.append(text.mid(from, to - from));
            continued.append(!first);
            first = false;
            from = to;
        } while (from < lineEnd);
        lineStart = lineEnd + 1;
    }
    if (continued.count(true) == 0) {
        setPlainText(text);
        return;
    }
    setPlainText(pieces.join(QLatin1Char('\n')));
    int i = 0;
    for (QTextBlock block = document()->begin(); block.isValid() && i < continued.size(); block = block.next(), ++i)
        block.setUserState(continued.at(i) ? SoftContinuation : -1);
}

// Copying a selection gives the text as it was: soft breaks are not line breaks.
QMimeData *PlainTextView::createMimeDataFromSelection() const
{
    const QTextCursor cursor = textCursor();
    QString copied;
    const QTextDocument *doc = document();
    QTextBlock block = doc->findBlock(cursor.selectionStart());
    for (; block.isValid() && block.position() <= cursor.selectionEnd(); block = block.next()) {
        if (block.position() > cursor.selectionStart() && block.userState() != SoftContinuation)
            copied += QLatin1Char('\n');
        const qsizetype from = std::max<qsizetype>(0, cursor.selectionStart() - block.position());
        const qsizetype to = std::min<qsizetype>(block.length() - 1, cursor.selectionEnd() - block.position());
        if (to > from)
            copied += block.text().mid(from, to - from);
    }
    auto *data = new QMimeData;
    data->setText(copied);
    return data;
}

// While the view has focus, the reading keys read (the window maps Up/Down to next/previous).
bool PlainTextView::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers mods = key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
        switch (key->key()) {
        case Qt::Key_Up: case Qt::Key_Down: case Qt::Key_Left: case Qt::Key_Right:
        case Qt::Key_PageUp: case Qt::Key_PageDown: case Qt::Key_Home: case Qt::Key_End:
            if (mods == Qt::NoModifier || mods == Qt::ControlModifier) {
                event->accept();
                return true;
            }
            break;
        default: break;
        }
    }
    return QPlainTextEdit::event(event);
}

QSize PlainTextView::sizeHint() const
{
    return {300, fontMetrics().lineSpacing() * 6};
}

} // namespace fr
