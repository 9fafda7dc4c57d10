#include "QueueView.h"

#include "QueueItemDelegate.h"
#include "QueueListView.h"
#include "QueueModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace fr {

QueueView::QueueView(QueueModel *queue, QueueFilterModel *order, QWidget *parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_order(order)
    , m_filter(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_sort(new QComboBox(this))
    , m_list(new QueueListView(this))
    , m_countTimer(new QTimer(this))
{
    // Counting walks the whole queue (100,000 rows): at most four times a second, never once
    // per key press.
    m_countTimer->setSingleShot(true);
    m_countTimer->setInterval(250);
    connect(m_countTimer, &QTimer::timeout, this, &QueueView::updateCount);
    m_filter->setPlaceholderText(tr("/ filter…"));
    m_filter->setAccessibleName(tr("Filter the queue"));
    m_filter->setClearButtonEnabled(true);
    m_count->setAccessibleName(tr("Outputs to review"));
    m_count->setTextFormat(Qt::PlainText);

    m_sort->setAccessibleName(tr("Sort the queue by"));
    // On Linux Qt's AT-SPI bridge names a combo box by its current item: a screen reader says
    // what it is for from a buddy label or from this description.
    m_sort->setAccessibleDescription(tr("Sort the queue by (S picks the next key)"));
    m_sort->addItem(tr("SLA deadline"), int(QueueFilterModel::SortKey::SlaDeadline));
    m_sort->addItem(tr("Confidence"), int(QueueFilterModel::SortKey::Confidence));
    m_sort->addItem(tr("Model"), int(QueueFilterModel::SortKey::Model));
    m_sort->addItem(tr("State"), int(QueueFilterModel::SortKey::State));
    m_sort->setFocusPolicy(Qt::StrongFocus);  // Tab reaches it; S cycles it from triage

    m_list->setModel(order);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAccessibleName(tr("Review queue"));
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setItemDelegate(new QueueItemDelegate(m_list));
    m_list->setAlternatingRowColors(true);

    auto *header = new QHBoxLayout;
    header->addWidget(m_count, 1);
    header->addWidget(m_sort);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addLayout(header);
    layout->addWidget(m_list, 1);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) { m_order->setTextFilter(text); });
    connect(m_filter, &QLineEdit::returnPressed, this, &QueueView::filterDone);
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_order->setSortKey(QueueFilterModel::SortKey(m_sort->itemData(index).toInt()));
    });
    connect(m_queue, &QueueModel::countsChanged, this, [this] {
        if (!m_countTimer->isActive())
            m_countTimer->start();
    });
    connect(m_queue, &QAbstractItemModel::modelReset, this, &QueueView::updateCount);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &QueueView::onCurrentRowChanged);
    updateCount();
}

void QueueView::updateCount()
{
    m_count->setText(tr("%n to review", nullptr, m_queue->count(ReviewState::Pending)));
}

void QueueView::onCurrentRowChanged()
{
    if (m_following)
        return;
    const QModelIndex current = m_list->currentIndex();
    if (current.isValid())
        Q_EMIT outputActivated(current.data(QueueModel::IdRole).toString());
}

void QueueView::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void QueueView::cycleSort() { m_sort->setCurrentIndex((m_sort->currentIndex() + 1) % m_sort->count()); }

void QueueView::focusList() { m_list->setFocus(Qt::OtherFocusReason); }

bool QueueView::filterHasFocus() const { return m_filter->hasFocus(); }

void QueueView::setCurrentOutput(const QString &outputId)
{
    const int sourceRow = m_queue->rowOf(outputId);
    const QModelIndex index = sourceRow < 0 ? QModelIndex() : m_order->mapFromSource(m_queue->index(sourceRow));
    m_following = true;
    if (index.isValid()) {
        m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
        m_list->scrollTo(index);
    } else {
        m_list->selectionModel()->clearSelection();
    }
    m_following = false;
}

} // namespace fr
