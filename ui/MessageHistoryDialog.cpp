#include "MessageHistoryDialog.h"

#include "ScreenFit.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

namespace fr {

MessageHistoryDialog::MessageHistoryDialog(QWidget *parent)
    : QDialog(parent)
    , m_text(new QPlainTextEdit(this))
    , m_copy(new QPushButton(tr("&Copy all"), this))
    , m_dismiss(new QPushButton(tr("&Dismiss the problem"), this))
{
    setWindowTitle(tr("Messages"));
    setAccessibleName(tr("Messages"));
    m_text->setReadOnly(true);  // selectable and copyable with the keyboard (Ctrl+A, Ctrl+C)
    m_text->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setTabChangesFocus(true);
    m_text->setAccessibleName(tr("Every problem and notice, with its time"));
    auto *hint = new QLabel(tr("Problems stay in the status line until something supersedes them or you dismiss "
                               "them; notices go by themselves. This list keeps all of them."), this);
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    m_copy->setAutoDefault(false);
    m_dismiss->setAutoDefault(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    buttons->addButton(m_dismiss, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(m_dismiss, &QPushButton::clicked, this, &MessageHistoryDialog::dismissProblemRequested);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    fitToScreen(this, {720, 420});
    m_text->setFocus();
}

void MessageHistoryDialog::setMessages(const QList<StatusMessage> &messages, bool problemShown)
{
    m_text->setPlainText(messages.isEmpty() ? tr("No problems or notices yet.") : StatusPanel::historyText(messages));
    m_text->verticalScrollBar()->setValue(m_text->verticalScrollBar()->maximum());  // the latest in view
    m_dismiss->setEnabled(problemShown);
}

} // namespace fr
