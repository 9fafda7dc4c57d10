#include "RefusedDecisionDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>

namespace fr {

RefusedDecisionDialog::RefusedDecisionDialog(bool approval, const QString &correction, const QString &comment,
                                             QWidget *parent)
    : QDialog(parent)
    , m_approve(new QRadioButton(tr("&Approve"), this))
    , m_reject(new QRadioButton(tr("&Reject"), this))
    , m_correction(new QPlainTextEdit(this))
    , m_comment(new QLineEdit(this))
{
    setWindowTitle(tr("Edit and send again"));
    (approval ? m_approve : m_reject)->setChecked(true);
    m_correction->setPlainText(correction);  // plain text: it may hold model output
    m_correction->setTabChangesFocus(true);
    m_correction->setAccessibleName(tr("Correction"));
    m_comment->setText(comment);
    m_comment->setAccessibleName(tr("Comment"));
    auto updateCorrection = [this] { m_correction->setEnabled(m_reject->isChecked()); };
    connect(m_reject, &QRadioButton::toggled, this, updateCorrection);
    updateCorrection();

    auto *choice = new QHBoxLayout;
    choice->addWidget(m_approve);
    choice->addWidget(m_reject);
    choice->addStretch();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("&Send again"), QDialogButtonBox::AcceptRole)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *send = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(send, &QShortcut::activated, this, &QDialog::accept);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Decision"), choice);
    form->addRow(tr("&Correction"), m_correction);
    form->addRow(tr("C&omment"), m_comment);
    form->addRow(buttons);
}

bool RefusedDecisionDialog::approval() const { return m_approve->isChecked(); }
QString RefusedDecisionDialog::correction() const { return m_reject->isChecked() ? m_correction->toPlainText() : QString(); }
QString RefusedDecisionDialog::comment() const { return m_comment->text(); }

} // namespace fr
