#include "LoginDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fr {

namespace {

QLabel *messageLabel(const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);  // server messages are untrusted text
    label->setWordWrap(true);
    label->setAccessibleName(accessibleName);
    label->hide();
    return label;
}

} // namespace

LoginDialog::LoginDialog(QWidget *parent)
    : QDialog(parent)
    , m_server(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_reason(messageLabel(tr("Why you are asked to sign in"), this))
    , m_error(messageLabel(tr("Sign-in error"), this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Sign in — Feedback Reviewer"));
    setAccessibleName(tr("Sign in"));
    m_server->setAccessibleName(tr("Server URL"));
    m_server->setPlaceholderText(QStringLiteral("https://review.example.org"));
    m_user->setAccessibleName(tr("User name"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setStyleSheet(QStringLiteral("color: #d03030;"));

    QPushButton *signIn = m_buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    signIn->setAccessibleName(tr("Sign in"));
    signIn->setDefault(true);
    QPushButton *offline = m_buttons->addButton(tr("Work offline"), QDialogButtonBox::ActionRole);
    offline->setAccessibleName(tr("Review cached outputs without signing in"));
    m_buttons->addButton(QDialogButtonBox::Cancel);

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_reason);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(offline, &QPushButton::clicked, this, &LoginDialog::workOfflineRequested);
}

void LoginDialog::setServer(const QUrl &server) { m_server->setText(server.toString()); }

void LoginDialog::setUsername(const QString &username)
{
    m_user->setText(username);
    (username.isEmpty() ? m_user : m_password)->setFocus();
}

void LoginDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
}

void LoginDialog::showError(const QString &message)
{
    setBusy(false);
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    m_password->clear();
    m_password->setFocus();
}

void LoginDialog::setBusy(bool busy)
{
    for (QWidget *w : {static_cast<QWidget *>(m_server), static_cast<QWidget *>(m_user),
                       static_cast<QWidget *>(m_password), static_cast<QWidget *>(m_buttons)})
        w->setEnabled(!busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

void LoginDialog::clearPassword()
{
    m_password->clear();
    m_error->clear();
    m_error->hide();
}

void LoginDialog::focusServer()
{
    m_server->setFocus();
    m_server->selectAll();
}

QUrl LoginDialog::server() const { return QUrl::fromUserInput(m_server->text().trimmed()); }

QString LoginDialog::username() const { return m_user->text().trimmed(); }

QString LoginDialog::errorText() const { return m_error->isVisibleTo(this) ? m_error->text() : QString(); }

void LoginDialog::submit()
{
    if (!server().isValid() || username().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter the server, your user name and your password."));
        return;
    }
    m_error->hide();
    setBusy(true);
    Q_EMIT signInRequested(server(), username(), m_password->text());
}

} // namespace fr
