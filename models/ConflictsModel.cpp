#include "ConflictsModel.h"

namespace fr {
ConflictsModel::ConflictsModel(QObject *parent) : QAbstractTableModel(parent) {}
int ConflictsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }
int ConflictsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }
QVariant ConflictsModel::data(const QModelIndex &, int) const { return {}; }
QVariant ConflictsModel::headerData(int, Qt::Orientation, int) const { return {}; }
void ConflictsModel::reset(const QList<OutboxEntry> &entries) { beginResetModel(); m_entries = entries; endResetModel(); }
} // namespace fr
