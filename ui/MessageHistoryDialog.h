#pragma once

#include "StatusPanel.h"

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace fr {

// Every problem and notice of this session with the time it happened (issue 10: "messages that
// can be read"): the status line keeps only the latest, wrapped; here a person reads the whole
// sentence, copies it for a colleague (plain text: messages carry server and model text), and
// dismisses the problem once it is dealt with.
class MessageHistoryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit MessageHistoryDialog(QWidget *parent = nullptr);

    void setMessages(const QList<StatusMessage> &messages, bool problemShown);
    QPlainTextEdit *textView() const { return m_text; }
    QPushButton *dismissButton() const { return m_dismiss; }
    QPushButton *copyButton() const { return m_copy; }

Q_SIGNALS:
    void dismissProblemRequested();

private:
    QPlainTextEdit *m_text;
    QPushButton *m_copy;
    QPushButton *m_dismiss;
};

} // namespace fr
