#include "ConflictsView.h"

#include "ConflictsModel.h"
#include "RefusedDecisionDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

#include <utility>

namespace fr {

ConflictsView::ConflictsView(ConflictsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_advice(new QLabel(this))
    , m_resend(new QPushButton(tr("&Send again"), this))
    , m_edit(new QPushButton(tr("&Edit and send…"), this))
    , m_discard(new QPushButton(tr("&Discard…"), this))
{
    m_table->setModel(model);
    m_table->setAccessibleName(tr("Refused decisions"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ConflictsModel::ReasonColumn, QHeaderView::Stretch);
    // A UUID says little to a person: enough of it to tell rows apart, the reason gets the room.
    m_table->horizontalHeader()->setSectionResizeMode(ConflictsModel::OutputColumn, QHeaderView::Interactive);
    m_table->setColumnWidth(ConflictsModel::OutputColumn, m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000000000000")));
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    for (QLabel *label : {m_summary, m_advice}) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
    }
    m_summary->setAccessibleName(tr("Number of refused decisions"));
    m_advice->setAccessibleName(tr("What to do"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_advice);
    auto *actions = new QHBoxLayout;
    for (QPushButton *button : {m_resend, m_edit, m_discard}) {
        button->setAutoDefault(false);
        actions->addWidget(button);
    }
    actions->addStretch();
    layout->addLayout(actions);
    // Single keys while the list has focus (no text field lives in this view), Alt+key anywhere.
    const std::pair<Qt::Key, void (ConflictsView::*)()> keys[] = {
        {Qt::Key_S, &ConflictsView::resendCurrent}, {Qt::Key_E, &ConflictsView::editCurrent},
        {Qt::Key_D, &ConflictsView::discardCurrent}};
    for (const auto &[key, slot] : keys) {
        auto *shortcut = new QShortcut(QKeySequence(key), m_table);
        shortcut->setContext(Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    }
    connect(m_resend, &QPushButton::clicked, this, &ConflictsView::resendCurrent);
    connect(m_edit, &QPushButton::clicked, this, &ConflictsView::editCurrent);
    connect(m_discard, &QPushButton::clicked, this, &ConflictsView::discardCurrent);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ConflictsView::updateAdvice);
    // After a reload the first row is current, so that the keys act on something at once.
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            m_table->setCurrentIndex(m_model->index(0, 0));
        updateAdvice();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, &ConflictsView::updateAdvice);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ConflictsView::updateAdvice);
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, 0));
    updateAdvice();
}

QString ConflictsView::advice(const QString &state, const QString &reason)
{
    // The backend says who decided first and what ("Reviewer Two (rev2) already rejected this
    // output, at 14:03 …"): that sentence leads, so the person sees whether the two agree.
    if (state.contains(QLatin1String("conflict"), Qt::CaseInsensitive))
        return tr("Another reviewer decided this output first; their decision stands. %1\n"
                  "Discard yours (D), or send it again (S) if that was a mistake.")
            .arg(reason);
    return tr("The server refused this decision: %1\n"
              "It is not retried by itself. Send it again (S), edit it and send it (E), or discard it (D).")
        .arg(reason.isEmpty() ? tr("no reason given") : reason);
}

QString ConflictsView::currentKey() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(ConflictsModel::IdempotencyKeyRole).toString() : QString();
}

void ConflictsView::resendCurrent()
{
    const QString key = currentKey();
    if (!key.isEmpty())
        Q_EMIT resendRequested(key);
}

void ConflictsView::editCurrent()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || current.data(ConflictsModel::IsRetractRole).toBool() || m_editor)
        return;
    const QString key = currentKey();
    m_editor = new RefusedDecisionDialog(current.data(ConflictsModel::ApprovalRole).toBool(),
                                         current.data(ConflictsModel::CorrectionRole).toString(),
                                         current.data(ConflictsModel::CommentRole).toString(), this);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_editor, &QDialog::accepted, this, [this, key] {
        Q_EMIT resendEditedRequested(key, m_editor->approval(), m_editor->correction(), m_editor->comment());
    });
    connect(m_editor, &QObject::destroyed, this, [this] { m_editor = nullptr; });
    m_editor->open();
}

void ConflictsView::discardCurrent()
{
    const QString key = currentKey();
    if (key.isEmpty() || m_question)
        return;
    m_question = new QMessageBox(QMessageBox::Question, tr("Discard this decision?"),
                                 tr("The decision will not be sent. It stays in the local history, and the "
                                    "output can be decided again."),
                                 QMessageBox::Discard | QMessageBox::Cancel, this);
    m_question->setDefaultButton(QMessageBox::Cancel);  // the safe answer is the default
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_question, &QMessageBox::finished, this, [this, key](int result) {
        if (result == QMessageBox::Discard)
            Q_EMIT discardRequested(key);
    });
    connect(m_question, &QObject::destroyed, this, [this] { m_question = nullptr; });
    m_question->open();
}

void ConflictsView::updateAdvice()
{
    const int rows = m_model->rowCount();
    m_summary->setText(rows == 0 ? tr("No refused decisions.")
                                 : tr("%n decision(s) refused by the server.", nullptr, rows));
    const QModelIndex current = m_table->currentIndex();
    m_resend->setEnabled(current.isValid());
    m_discard->setEnabled(current.isValid());
    m_edit->setEnabled(current.isValid() && !current.data(ConflictsModel::IsRetractRole).toBool());
    if (!current.isValid()) {
        m_advice->setText(rows == 0 ? QString() : tr("Select a row to see what to do."));
        return;
    }
    const QString state = m_model->index(current.row(), ConflictsModel::StateColumn).data().toString();
    const QString reason = m_model->index(current.row(), ConflictsModel::ReasonColumn).data().toString();
    m_advice->setText(advice(state, reason));
}

} // namespace fr
