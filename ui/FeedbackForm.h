#pragma once

#include "ModelOutput.h"
#include "UiSettings.h"

#include <QHash>

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace fr {

class PlainTextView;

// The reviewer's answer: a correction (prefilled with the model output, with an inline diff
// against it), a comment, and the decision buttons. Emits intentions only; the composition root
// turns them into decisions. A comment is a draft of the output it was written on: it stays with
// that output when the person moves on (and is there again on coming back) until a decision on
// that output consumes it (clearComment()).
class FeedbackForm : public QWidget
{
    Q_OBJECT
public:
    enum class Button { Approve, Reject, Skip, Undo, Keys };

    explicit FeedbackForm(QWidget *parent = nullptr);

    void setOutput(const std::optional<ModelOutput> &output);
    void setButtonKey(Button button, const QString &keyText);  // "A", "Space", … after remapping
    void setUndoAvailable(bool available);

    QString correction() const;  // the edited text; "" while it equals the model output
    QString comment() const;
    void clearComment();        // the shown output's draft went with its decision
    QString draftFor(const QString &outputId) const;  // the kept comment of an output not shown

    void beginCorrection();      // E
    void beginComment();         // C
    bool isEditingCorrection() const;
    bool isEditingComment() const;
    bool hasTextFocus() const;
    void cancelCorrection();     // Esc in the correction: back to the model output

    // Intentions with what the form holds (the comment, the correction when edited).
    void requestApprove();
    void requestReject();
    // A preset reason: its code goes with the decision, beside the comment. One that needs a
    // comment and has none asks for it (the comment field, then Ctrl+Enter rejects with it).
    void requestRejectWithReason(const ReasonPreset &reason);
    QString pendingReasonCode() const { return m_pendingReason.code; }
    void submitEditor();         // Ctrl+Enter: correction → reject + correction; comment → keep

    QPlainTextEdit *correctionEditor() const { return m_correction; }
    QPlainTextEdit *commentEditor() const { return m_comment; }
    PlainTextView *diffView() const { return m_diff; }
    QPushButton *button(Button which) const;
    // A line longer than this is wrapped anywhere in the correction editor, not at words.
    static constexpr qsizetype HugeLineChars = 10'000;
    static bool hasHugeLine(const QString &text);

Q_SIGNALS:
    void approveRequested(const QString &comment);
    void rejectRequested(const QString &correction, const QString &comment, const QString &reasonCode);
    void skipRequested();
    void undoRequested();
    void cheatSheetRequested();
    void triageFocusRequested();  // the person is done with a field

private:
    QPushButton *addButton(Button which, const QString &text, const QString &accessibleName);
    void updateDiff();
    void ensurePrefilled();
    void fillCorrection(const QString &text);

    void keepDraft();

    QString m_original;
    QString m_outputId;
    QHash<QString, QString> m_drafts;  // output id → comment not yet sent with a decision
    ReasonPreset m_pendingReason;      // asked for a comment; Ctrl+Enter in it rejects with it
    bool m_hasOutput = false;
    bool m_prefilled = false;  // a huge output is copied into the editor only when E asks for it
    QPlainTextEdit *m_correction;
    PlainTextView *m_diff;
    QLabel *m_diffState;
    QPlainTextEdit *m_comment;
    QTimer *m_diffTimer;
    QList<QPair<Button, QPushButton *>> m_buttons;
    QHash<int, QString> m_buttonTexts;
};

} // namespace fr
