#include "SignOutDialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace fr {

SignOutDialog::SignOutDialog(Purpose purpose, int pendingOutputs, int waitingDecisions, QWidget *parent)
    : QDialog(parent)
    , m_purpose(purpose)
    , m_keep(new QRadioButton(this))
    , m_handBack(new QRadioButton(this))
    , m_warning(new QLabel(this))
    , m_confirm(nullptr)
{
    const bool switching = purpose == Purpose::SwitchServer;
    setWindowTitle(switching ? tr("Switch server") : tr("Sign out"));
    setAccessibleName(windowTitle());

    auto *question = new QLabel(this);
    question->setTextFormat(Qt::PlainText);
    question->setWordWrap(true);
    if (pendingOutputs == 1)
        question->setText(tr("You hold 1 leased output that nobody has decided yet. What should happen to it?"));
    else if (pendingOutputs > 1)
        question->setText(tr("You hold %L1 leased outputs that nobody has decided yet. What should happen to them?")
                              .arg(pendingOutputs));
    else
        question->setText(tr("You hold no undecided outputs."));

    m_keep->setText(tr("&Keep them for later (they stay on this computer until their leases run out)"));
    m_keep->setAccessibleName(tr("Keep the leased outputs for later"));
    m_handBack->setText(tr("&Hand them back to the team now"));
    m_handBack->setAccessibleName(tr("Hand the leased outputs back to the team"));
    auto *group = new QButtonGroup(this);
    group->addButton(m_keep);
    group->addButton(m_handBack);
    m_keep->setChecked(true);
    m_keep->setEnabled(pendingOutputs > 0);
    m_handBack->setEnabled(pendingOutputs > 0);

    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    m_warning->setAccessibleName(tr("Decisions waiting to sync"));
    m_warning->setStyleSheet(QStringLiteral("color: #c7811a;"));
    const QString kept = tr("They are kept in the local outbox of this server and account, and are sent at "
                            "your next sign-in here. Nothing is deleted.");
    m_warning->setText((waitingDecisions == 1 ? tr("1 decision still waits to sync.")
                                              : tr("%L1 decisions still wait to sync.").arg(waitingDecisions))
                       + QLatin1Char(' ') + kept);
    m_warning->setVisible(waitingDecisions > 0);

    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(switching ? tr("Sign out and switch") : tr("Sign out"),
                                   QDialogButtonBox::AcceptRole);
    m_confirm->setDefault(true);
    m_confirm->setAccessibleName(m_confirm->text());
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(question);
    layout->addWidget(m_keep);
    layout->addWidget(m_handBack);
    layout->addSpacing(6);
    layout->addWidget(m_warning);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(580);
    (pendingOutputs > 0 ? static_cast<QWidget *>(m_keep) : static_cast<QWidget *>(m_confirm))->setFocus();
}

bool SignOutDialog::handBack() const { return m_handBack->isEnabled() && m_handBack->isChecked(); }

void SignOutDialog::setHandBack(bool handBack) { (handBack ? m_handBack : m_keep)->setChecked(true); }

} // namespace fr
