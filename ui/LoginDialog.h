#pragma once

#include <QDialog>
#include <QUrl>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace fr {

// Server URL, user and password. Emits signInRequested and stays open until the caller says
// how it went: accept() on success, showError(message) otherwise (the password is cleared).
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(QWidget *parent = nullptr);

    void setServer(const QUrl &server);
    void setUsername(const QString &username);
    void setReason(const QString &reason);     // why we ask (e.g. "Your session expired.")
    void showError(const QString &message);
    void setBusy(bool busy);
    void focusServer();
    // After a sign-in or a sign-out: no password and no old error left in the dialog.
    void clearPassword();  // switching servers: the server field, selected, ready to be typed over

    QUrl server() const;
    QString username() const;
    QString errorText() const;

    QLineEdit *serverEdit() const { return m_server; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLabel *errorLabel() const { return m_error; }

Q_SIGNALS:
    void signInRequested(const QUrl &server, const QString &username, const QString &password);
    void workOfflineRequested();

private:
    void submit();

    QLineEdit *m_server;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_reason;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace fr
