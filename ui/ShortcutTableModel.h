#pragma once

#include "ActionRegistry.h"

#include <QAbstractTableModel>

namespace fr {

// A working copy of the registry's shortcuts as a table (action, shortcuts, default), for the
// cheat sheet (read-only) and the settings dialog (edited, then applied to the registry).
// Rows in conflict carry a warning in ToolTipRole and ConflictRole.
class ShortcutTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ActionColumn, ShortcutColumn, DefaultColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, ConflictRole };

    explicit ShortcutTableModel(const ActionRegistry *registry, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reload();  // from the registry
    void setShortcuts(int row, const QList<QKeySequence> &sequences);
    void resetToDefaults();
    QList<QKeySequence> shortcuts(int row) const;
    ShortcutMap shortcutMap() const { return m_map; }
    QList<ShortcutConflict> conflicts() const { return m_conflicts; }
    QString conflictText(int row) const;  // "" when the row has no conflict

    static QString displayText(const QList<QKeySequence> &sequences);

private:
    void refreshConflicts();
    const ActionRegistry *m_registry;
    QStringList m_ids;
    ShortcutMap m_map;
    QList<ShortcutConflict> m_conflicts;
};

} // namespace fr
