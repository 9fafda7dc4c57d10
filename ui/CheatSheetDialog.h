#pragma once

#include <QDialog>

class QShortcut;
class QTableView;

namespace fr {

class ActionRegistry;
class ShortcutTableModel;

// "?": every action of the registry with its current keys. Generated, never hand-written, so it
// cannot drift from the real shortcuts.
class CheatSheetDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CheatSheetDialog(const ActionRegistry *registry, QWidget *parent = nullptr);

    void refresh();  // after a remapping
    ShortcutTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

private:
    ShortcutTableModel *m_model;
    QTableView *m_table;
    QShortcut *m_close = nullptr;
    const ActionRegistry *m_registry = nullptr;
};

} // namespace fr
