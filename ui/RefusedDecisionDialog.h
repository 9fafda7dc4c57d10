#pragma once

#include <QDialog>

class QPlainTextEdit;
class QLineEdit;
class QRadioButton;

namespace fr {

// Edits a refused decision before it is sent again: approve or reject, the correction (only
// with reject) and the comment. Ctrl+Enter sends, Esc cancels; everything by keyboard.
class RefusedDecisionDialog : public QDialog
{
    Q_OBJECT
public:
    RefusedDecisionDialog(bool approval, const QString &correction, const QString &comment, QWidget *parent = nullptr);

    bool approval() const;
    QString correction() const;
    QString comment() const;

    QRadioButton *approveButton() const { return m_approve; }
    QRadioButton *rejectButton() const { return m_reject; }
    QPlainTextEdit *correctionEdit() const { return m_correction; }
    QLineEdit *commentEdit() const { return m_comment; }

private:
    QRadioButton *m_approve;
    QRadioButton *m_reject;
    QPlainTextEdit *m_correction;
    QLineEdit *m_comment;
};

} // namespace fr
