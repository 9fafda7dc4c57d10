#include "ReasonPresetsPage.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>

namespace fr {

ReasonPresetsPage::ReasonPresetsPage(const QList<ReasonPreset> &reasons, QWidget *parent)
    : QWidget(parent), m_original(reasons)
{
    auto *grid = new QGridLayout(this);
    grid->addWidget(new QLabel(tr("Label"), this), 0, 1);
    grid->addWidget(new QLabel(tr("Code (sent to the server)"), this), 0, 2);
    auto *validator = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[a-z0-9_-]{1,64}")), this);
    for (int n = 1; n <= int(reasons.size()); ++n) {
        const ReasonPreset &preset = reasons.at(n - 1);
        Row row{new QLineEdit(preset.label, this), new QLineEdit(preset.code, this),
                new QCheckBox(tr("needs a comment"), this)};
        row.label->setAccessibleName(tr("Reject reason for key %1").arg(n));
        row.code->setAccessibleName(tr("Reason code for key %1").arg(n));
        row.code->setValidator(validator);
        row.needsComment->setChecked(preset.needsComment);
        row.needsComment->setAccessibleName(tr("Reason of key %1 needs a comment").arg(n));
        auto *caption = new QLabel(tr("Key %1:").arg(n), this);
        caption->setBuddy(row.label);
        grid->addWidget(caption, n, 0);
        grid->addWidget(row.label, n, 1);
        grid->addWidget(row.code, n, 2);
        grid->addWidget(row.needsComment, n, 3);
        m_rows.append(row);
    }
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(2, 1);
    grid->setRowStretch(int(reasons.size()) + 1, 1);
}

QList<ReasonPreset> ReasonPresetsPage::reasons() const
{
    QList<ReasonPreset> result = m_original;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        result[i].label = row.label->text().trimmed();
        const QString code = row.code->text().trimmed();
        if (ReasonPreset::isValidCode(code))
            result[i].code = code;
        result[i].needsComment = row.needsComment->isChecked();
    }
    return result;
}

QLineEdit *ReasonPresetsPage::labelEdit(int number) const
{
    return (number >= 1 && number <= m_rows.size()) ? m_rows.at(number - 1).label : nullptr;
}

QLineEdit *ReasonPresetsPage::codeEdit(int number) const
{
    return (number >= 1 && number <= m_rows.size()) ? m_rows.at(number - 1).code : nullptr;
}

QCheckBox *ReasonPresetsPage::needsCommentBox(int number) const
{
    return (number >= 1 && number <= m_rows.size()) ? m_rows.at(number - 1).needsComment : nullptr;
}

} // namespace fr
