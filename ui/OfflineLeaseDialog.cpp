#include "OfflineLeaseDialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fr {

OfflineLeaseDialog::OfflineLeaseDialog(int count, int hours, int maxCount, QWidget *parent)
    : QDialog(parent)
    , m_count(new QSpinBox(this))
    , m_hours(new QSpinBox(this))
{
    setWindowTitle(tr("Lease for offline review"));
    setAccessibleName(windowTitle());

    auto *intro = new QLabel(this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);
    intro->setText(tr("Lease a batch to review without a network. No one else gets these outputs until "
                      "their leases run out; your decisions wait on this computer and sync when you are "
                      "online again."));

    m_count->setRange(1, maxCount);
    m_count->setSingleStep(100);
    m_count->setGroupSeparatorShown(true);
    m_count->setValue(count);
    m_count->setAccessibleName(tr("How many outputs"));
    m_hours->setRange(1, 24);
    m_hours->setValue(hours);
    m_hours->setSuffix(tr(" h"));
    m_hours->setAccessibleName(tr("Lease length in hours"));

    auto *until = new QLabel(this);
    until->setTextFormat(Qt::PlainText);
    until->setAccessibleName(tr("When the leases end"));
    auto showUntil = [until](int h) {
        const QDateTime end = QDateTime::currentDateTime().addSecs(qint64(h) * 3600);
        until->setText(tr("The leases end at about %1.")
                           .arg(end.toString(end.date() == QDate::currentDate() ? QStringLiteral("HH:mm")
                                                                              : QStringLiteral("ddd HH:mm"))));
    };
    showUntil(m_hours->value());
    connect(m_hours, &QSpinBox::valueChanged, until, showUntil);

    auto *form = new QFormLayout;
    form->addRow(tr("&Outputs (up to %L1):").arg(maxCount), m_count);
    form->addRow(tr("&Lease for (up to 24 h):"), m_hours);
    form->addRow(QString(), until);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *lease = buttons->addButton(tr("Lease"), QDialogButtonBox::AcceptRole);
    lease->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    m_count->setFocus();
    m_count->selectAll();
}

int OfflineLeaseDialog::count() const { return m_count->value(); }

int OfflineLeaseDialog::hours() const { return m_hours->value(); }

} // namespace fr
