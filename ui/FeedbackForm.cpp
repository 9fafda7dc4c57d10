#include "FeedbackForm.h"

#include "PlainTextView.h"
#include "ReviewPane.h"
#include "TextDiff.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextDocument>
#include <QTextCursor>
#include <QSignalBlocker>
#include <QTimer>
#include <QVBoxLayout>

namespace fr {

namespace {

// Past this size a diff is not worth a frozen window; the person sees a sentence instead.
constexpr qsizetype MaxDiffChars = 64 * 1024;
// Laying out a huge output costs hundreds of milliseconds per view; the editor copy of it waits
// until the person presses E, so moving through the queue stays fast.
constexpr qsizetype LazyPrefillChars = 64 * 1024;

QTextCharFormat formatFor(DiffChunk::Kind kind)
{
    QTextCharFormat format;
    // Translucent backgrounds read well on both light and dark palettes.
    if (kind == DiffChunk::Kind::Removed) {
        format.setBackground(QColor(220, 40, 40, 70));
        format.setFontStrikeOut(true);
    } else if (kind == DiffChunk::Kind::Added) {
        format.setBackground(QColor(30, 170, 60, 80));
        format.setFontUnderline(true);
    }
    return format;
}

} // namespace

FeedbackForm::FeedbackForm(QWidget *parent)
    : QWidget(parent)
    , m_correction(new QPlainTextEdit(this))
    , m_diff(new PlainTextView(tr("Difference between the model output and the correction"), this))
    , m_diffState(new QLabel(this))
    , m_comment(new QPlainTextEdit(this))
    , m_diffTimer(new QTimer(this))
{
    m_correction->setAccessibleName(tr("Correction"));
    m_correction->setTabChangesFocus(true);
    m_comment->setAccessibleName(tr("Comment"));
    m_comment->setPlaceholderText(tr("Goes with your decision on this output."));
    m_comment->setTabChangesFocus(true);
    m_comment->setFixedHeight(m_comment->fontMetrics().lineSpacing() * 3 + 2 * m_comment->frameWidth() + 8);
    m_diff->setMaximumHeight(m_diff->fontMetrics().lineSpacing() * 7);
    m_diffState->setTextFormat(Qt::PlainText);
    m_diffState->setAccessibleName(tr("Correction state"));

    m_diffTimer->setSingleShot(true);
    m_diffTimer->setInterval(120);  // typing stays smooth; the diff follows a moment later
    connect(m_diffTimer, &QTimer::timeout, this, &FeedbackForm::updateDiff);
    connect(m_correction, &QPlainTextEdit::textChanged, m_diffTimer, qOverload<>(&QTimer::start));

    auto *correctionTitle = new QHBoxLayout;
    correctionTitle->addWidget(makeSectionTitle(tr("Correction (E · Ctrl+Enter rejects with it · Esc cancels)"), this), 1);
    correctionTitle->addWidget(m_diffState);

    auto *buttons = new QHBoxLayout;
    addButton(Button::Approve, tr("Approve"), tr("Approve and go to the next output"));
    addButton(Button::Reject, tr("Reject"), tr("Reject and go to the next output"));
    addButton(Button::Skip, tr("Skip"), tr("Skip this output for now"));
    addButton(Button::Undo, tr("Undo"), tr("Undo the last decision"));
    for (const auto &entry : std::as_const(m_buttons))
        buttons->addWidget(entry.second);
    addButton(Button::Keys, tr("keys"), tr("Show every keyboard shortcut"));
    buttons->addStretch(1);
    buttons->addWidget(button(Button::Keys));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(correctionTitle);
    layout->addWidget(m_correction, 1);
    layout->addWidget(m_diff, 1);
    layout->addWidget(makeSectionTitle(tr("Comment (C · Ctrl+Enter keeps it with this output · Esc leaves)"), this));
    layout->addWidget(m_comment);
    layout->addLayout(buttons);

    connect(button(Button::Approve), &QPushButton::clicked, this, &FeedbackForm::requestApprove);
    connect(button(Button::Reject), &QPushButton::clicked, this, &FeedbackForm::requestReject);
    connect(button(Button::Skip), &QPushButton::clicked, this, &FeedbackForm::skipRequested);
    connect(button(Button::Undo), &QPushButton::clicked, this, &FeedbackForm::undoRequested);
    connect(button(Button::Keys), &QPushButton::clicked, this, &FeedbackForm::cheatSheetRequested);
    setButtonKey(Button::Approve, QStringLiteral("A"));
    setButtonKey(Button::Reject, QStringLiteral("X"));
    setButtonKey(Button::Skip, tr("Space"));
    setButtonKey(Button::Undo, QStringLiteral("⌫"));
    setButtonKey(Button::Keys, QStringLiteral("?"));
    setUndoAvailable(false);
    setOutput(std::nullopt);
}

QPushButton *FeedbackForm::addButton(Button which, const QString &text, const QString &accessibleName)
{
    auto *button = new QPushButton(text, this);
    button->setAccessibleName(accessibleName);
    // Buttons never take focus: Space must always mean "skip", never "press the focused button".
    button->setFocusPolicy(Qt::NoFocus);
    m_buttons.append({which, button});
    m_buttonTexts.insert(int(which), text);
    return button;
}

QPushButton *FeedbackForm::button(Button which) const
{
    for (const auto &[candidate, button] : m_buttons) {
        if (candidate == which)
            return button;
    }
    return nullptr;
}

void FeedbackForm::setButtonKey(Button which, const QString &keyText)
{
    if (QPushButton *b = button(which))
        b->setText(keyText.isEmpty() ? m_buttonTexts.value(int(which))
                                     : keyText + QLatin1Char(' ') + m_buttonTexts.value(int(which)));
}

void FeedbackForm::setUndoAvailable(bool available) { button(Button::Undo)->setEnabled(available); }

void FeedbackForm::keepDraft()
{
    if (m_outputId.isEmpty())
        return;
    const QString text = m_comment->toPlainText();
    if (text.isEmpty())
        m_drafts.remove(m_outputId);
    else
        m_drafts.insert(m_outputId, text);
}

QString FeedbackForm::draftFor(const QString &outputId) const
{
    if (outputId == m_outputId)
        return comment();
    return m_drafts.value(outputId);
}

void FeedbackForm::setOutput(const std::optional<ModelOutput> &output)
{
    const QString id = output ? output->id : QString();
    if (id != m_outputId) {
        keepDraft();
        m_outputId = id;
        const QString draft = m_drafts.value(id);
        if (draft != m_comment->toPlainText())  // most often both empty: no new layout, no repaint
            m_comment->setPlainText(draft);
        else
            m_comment->document()->clearUndoRedoStacks();  // Ctrl+Z never brings back another output's words
        m_comment->setPlaceholderText(tr("Goes with your decision on this output."));
        m_pendingReason = {};
    }
    m_hasOutput = output.has_value();
    m_original = output ? output->output : QString();
    m_prefilled = false;
    m_correction->clear();
    m_correction->setPlaceholderText(m_original.size() > LazyPrefillChars
        ? tr("Press E to edit a copy of the model output (%1 characters).").arg(m_original.size())
        : QString());
    if (m_original.size() <= LazyPrefillChars)
        ensurePrefilled();
    m_correction->setEnabled(m_hasOutput);
    for (Button which : {Button::Approve, Button::Reject, Button::Skip})
        button(which)->setEnabled(m_hasOutput);
    m_diffTimer->stop();
    updateDiff();
}

void FeedbackForm::ensurePrefilled()
{
    if (m_prefilled)
        return;
    const QSignalBlocker blocker(m_correction);  // filling in is not an edit
    fillCorrection(m_original);
    m_prefilled = true;
}

bool FeedbackForm::hasHugeLine(const QString &text)
{
    qsizetype lineStart = 0;
    while (lineStart < text.size()) {
        qsizetype lineEnd = text.indexOf(QLatin1Char('\n'), lineStart);
        if (lineEnd < 0)
            lineEnd = text.size();
        if (lineEnd - lineStart > HugeLineChars)
            return true;
        lineStart = lineEnd + 1;
    }
    return false;
}

// Qt's word wrap lays a long line without a break opportunity out in quadratic time (a 1 MiB
// line without a space: 69 s on the GUI thread, measured); wrapping anywhere takes under a
// second. Prose keeps word wrap.
void FeedbackForm::fillCorrection(const QString &text)
{
    m_correction->setWordWrapMode(hasHugeLine(text) ? QTextOption::WrapAnywhere
                                                    : QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_correction->setPlainText(text);
}

QString FeedbackForm::correction() const
{
    if (!m_prefilled)
        return {};
    const QString text = m_correction->toPlainText();
    return text == m_original ? QString() : text;
}

QString FeedbackForm::comment() const { return m_comment->toPlainText(); }

void FeedbackForm::clearComment()
{
    m_comment->clear();
    m_drafts.remove(m_outputId);
    m_pendingReason = {};
}

void FeedbackForm::beginCorrection()
{
    if (!m_hasOutput)
        return;
    ensurePrefilled();
    m_correction->setFocus(Qt::ShortcutFocusReason);
    m_correction->moveCursor(QTextCursor::End);
}

void FeedbackForm::beginComment() { m_comment->setFocus(Qt::ShortcutFocusReason); }

bool FeedbackForm::isEditingCorrection() const { return m_correction->hasFocus(); }

bool FeedbackForm::isEditingComment() const { return m_comment->hasFocus(); }

bool FeedbackForm::hasTextFocus() const { return isEditingCorrection() || isEditingComment(); }

void FeedbackForm::cancelCorrection()
{
    if (m_prefilled && m_correction->toPlainText() != m_original) {
        const QSignalBlocker blocker(m_correction);
        fillCorrection(m_original);
        m_diffTimer->stop();
        updateDiff();
    }
    Q_EMIT triageFocusRequested();
}

void FeedbackForm::requestApprove()
{
    if (m_hasOutput)
        Q_EMIT approveRequested(comment());
}

void FeedbackForm::requestReject()
{
    if (m_hasOutput)
        Q_EMIT rejectRequested(correction(), comment(), {});
}

void FeedbackForm::requestRejectWithReason(const ReasonPreset &reason)
{
    if (!m_hasOutput)
        return;
    if (reason.needsComment && comment().trimmed().isEmpty()) {
        m_pendingReason = reason;
        m_comment->setPlaceholderText(tr("“%1” needs a comment: write it, then Ctrl+Enter rejects with it.").arg(reason.label));
        m_comment->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    m_pendingReason = {};
    Q_EMIT rejectRequested(correction(), comment(), reason.code);
}

void FeedbackForm::submitEditor()
{
    if (isEditingCorrection()) {
        if (m_hasOutput)
            Q_EMIT rejectRequested(m_prefilled ? m_correction->toPlainText() : m_original, comment(), {});
        Q_EMIT triageFocusRequested();
    } else if (isEditingComment()) {
        Q_EMIT triageFocusRequested();  // the comment stays with this output
        // A reason asked for this comment: with it written, the rejection goes now.
        if (!m_pendingReason.code.isEmpty() && !comment().trimmed().isEmpty())
            requestRejectWithReason(ReasonPreset(m_pendingReason));  // a copy: the call clears it
    }
}

void FeedbackForm::updateDiff()
{
    const QString edited = m_prefilled ? m_correction->toPlainText() : m_original;
    m_diff->clear();
    if (!m_hasOutput || edited == m_original) {
        m_diffState->setText(m_hasOutput ? tr("unchanged") : QString());
        m_diff->setVisible(false);
        return;
    }
    m_diff->setVisible(true);
    if (edited.size() > MaxDiffChars || m_original.size() > MaxDiffChars) {
        m_diffState->setText(tr("edited"));
        m_diff->setText(tr("The texts are too long for an inline difference (%1 → %2 characters).")
                            .arg(m_original.size()).arg(edited.size()));
        return;
    }
    m_diffState->setText(tr("diff"));
    // insertText() never parses markup: the chunks stay plain text with a format on top.
    QTextCursor cursor(m_diff->document());
    for (const DiffChunk &chunk : TextDiff::diff(m_original, edited))
        cursor.insertText(chunk.text, formatFor(chunk.kind));
}

} // namespace fr
