#pragma once

#include <QDialog>

class QLabel;
class QPushButton;
class QRadioButton;

namespace fr {

// Asks what happens to the leased, undecided outputs when the person signs out (or switches
// server): keep them for later, or hand them back to the team. Warns when decisions still wait
// to sync: they stay in the local outbox and go at the next sign-in. Keyboard: K / H choose,
// Enter signs out, Esc cancels.
class SignOutDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Purpose { SignOut, SwitchServer };

    SignOutDialog(Purpose purpose, int pendingOutputs, int waitingDecisions, QWidget *parent = nullptr);

    Purpose purpose() const { return m_purpose; }
    bool handBack() const;           // the choice; keep is the default
    void setHandBack(bool handBack);

    QRadioButton *keepButton() const { return m_keep; }
    QRadioButton *handBackButton() const { return m_handBack; }
    QLabel *waitingWarning() const { return m_warning; }
    QPushButton *confirmButton() const { return m_confirm; }

private:
    Purpose m_purpose;
    QRadioButton *m_keep;
    QRadioButton *m_handBack;
    QLabel *m_warning;
    QPushButton *m_confirm;
};

} // namespace fr
