#include "ConflictsView.h"

#include "ConflictsModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace fr {

ConflictsView::ConflictsView(ConflictsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_advice(new QLabel(this))
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

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ConflictsView::updateAdvice);
    connect(model, &QAbstractItemModel::modelReset, this, &ConflictsView::updateAdvice);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ConflictsView::updateAdvice);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ConflictsView::updateAdvice);
    updateAdvice();
}

QString ConflictsView::advice(const QString &state, const QString &reason)
{
    if (state.contains(QLatin1String("conflict"), Qt::CaseInsensitive))
        return tr("Another reviewer decided this output first; their decision stands. "
                  "Nothing to do — unless you disagree, then tell your supervisor.");
    return tr("The server refused this decision: %1\n"
              "It is not retried. Fix what the reason says (for example your clock or the text) "
              "and decide the output again, or report it.").arg(reason.isEmpty() ? tr("no reason given") : reason);
}

void ConflictsView::updateAdvice()
{
    const int rows = m_model->rowCount();
    m_summary->setText(rows == 0 ? tr("No refused decisions.")
                                 : tr("%n decision(s) refused by the server.", nullptr, rows));
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_advice->setText(rows == 0 ? QString() : tr("Select a row to see what to do."));
        return;
    }
    const QString state = m_model->index(current.row(), ConflictsModel::StateColumn).data().toString();
    const QString reason = m_model->index(current.row(), ConflictsModel::ReasonColumn).data().toString();
    m_advice->setText(advice(state, reason));
}

} // namespace fr
