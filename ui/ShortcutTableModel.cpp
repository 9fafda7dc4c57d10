#include "ShortcutTableModel.h"

#include <QAction>

namespace fr {

ShortcutTableModel::ShortcutTableModel(const ActionRegistry *registry, QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
    , m_ids(registry->ids())
{
    m_map = registry->shortcutMap();
    refreshConflicts();
}

int ShortcutTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int ShortcutTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ShortcutTableModel::displayText(const QList<QKeySequence> &sequences)
{
    QStringList texts;
    for (const QKeySequence &sequence : sequences) {
        if (!sequence.isEmpty())
            texts.append(sequence.toString(QKeySequence::NativeText));
    }
    return texts.join(QStringLiteral(", "));
}

QVariant ShortcutTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &id = m_ids.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case ActionColumn: {
            const QAction *action = m_registry->action(id);
            return action ? action->text() : id;
        }
        case ShortcutColumn: return displayText(m_map.value(id));
        case DefaultColumn: return displayText(m_registry->defaultShortcuts(id));
        }
        return {};
    case Qt::ToolTipRole: {
        const QString conflict = conflictText(index.row());
        return conflict.isEmpty() ? QVariant() : QVariant(conflict);
    }
    case IdRole: return id;
    case ConflictRole: return !conflictText(index.row()).isEmpty();
    }
    return {};
}

QVariant ShortcutTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ActionColumn: return tr("Action");
    case ShortcutColumn: return tr("Keys");
    case DefaultColumn: return tr("Default");
    }
    return {};
}

void ShortcutTableModel::reload()
{
    beginResetModel();
    m_map = m_registry->shortcutMap();
    refreshConflicts();
    endResetModel();
}

void ShortcutTableModel::setShortcuts(int row, const QList<QKeySequence> &sequences)
{
    if (row < 0 || row >= m_ids.size())
        return;
    m_map.insert(m_ids.at(row), sequences);
    refreshConflicts();
    // A change can create or clear a conflict on any other row: repaint all of them.
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ShortcutTableModel::resetToDefaults()
{
    beginResetModel();
    m_map = m_registry->defaultShortcutMap();
    refreshConflicts();
    endResetModel();
}

QList<QKeySequence> ShortcutTableModel::shortcuts(int row) const
{
    return (row < 0 || row >= m_ids.size()) ? QList<QKeySequence>{} : m_map.value(m_ids.at(row));
}

QString ShortcutTableModel::conflictText(int row) const
{
    if (row < 0 || row >= m_ids.size())
        return {};
    const QString &id = m_ids.at(row);
    for (const ShortcutConflict &conflict : m_conflicts) {
        QString other;
        if (conflict.firstId == id)
            other = conflict.secondId;
        else if (conflict.secondId == id)
            other = conflict.firstId;
        if (other.isEmpty())
            continue;
        const QAction *action = m_registry->action(other);
        return tr("%1 is also used by “%2”")
            .arg(conflict.sequence.toString(QKeySequence::NativeText), action ? action->text() : other);
    }
    return {};
}

void ShortcutTableModel::refreshConflicts() { m_conflicts = findConflicts(m_map); }

} // namespace fr
