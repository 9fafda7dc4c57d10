#include "QueueModel.h"

namespace fr {
QueueModel::QueueModel(QObject *parent) : QAbstractListModel(parent), m_now([] { return QDateTime::currentDateTimeUtc(); }) {}
int QueueModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
QVariant QueueModel::data(const QModelIndex &, int) const { return {}; }
QHash<int, QByteArray> QueueModel::roleNames() const { return QAbstractListModel::roleNames(); }
void QueueModel::reset(const QList<OutputSummary> &) {}
void QueueModel::upsert(const QList<OutputSummary> &) {}
void QueueModel::remove(const QStringList &) {}
void QueueModel::setState(const QString &, ReviewState) {}
int QueueModel::rowOf(const QString &) const { return -1; }
OutputSummary QueueModel::summaryAt(int) const { return {}; }
int QueueModel::count(ReviewState) const { return 0; }
void QueueModel::setClock(std::function<QDateTime()> now) { m_now = std::move(now); }
void QueueModel::reindex() {}

QueueFilterModel::QueueFilterModel(QObject *parent) : QSortFilterProxyModel(parent) {}
void QueueFilterModel::setTextFilter(const QString &) {}
void QueueFilterModel::setStateFilter(std::optional<ReviewState>) {}
void QueueFilterModel::setSortKey(SortKey) {}
QueueFilterModel::SortKey QueueFilterModel::sortKey() const { return m_sortKey; }
bool QueueFilterModel::filterAcceptsRow(int, const QModelIndex &) const { return true; }
bool QueueFilterModel::lessThan(const QModelIndex &l, const QModelIndex &r) const { return QSortFilterProxyModel::lessThan(l, r); }
} // namespace fr
