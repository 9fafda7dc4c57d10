#pragma once

#include "ActionRegistry.h"
#include "UiSettings.h"

#include <QDialog>

class QDialogButtonBox;
class QKeySequenceEdit;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace fr {

class ReasonPresetsPage;
class ShortcutTableModel;

// Shortcut remapping (with conflict warnings), the preset reject reasons of keys 1–9, and the
// lease policy. Works on copies; the caller applies shortcutMap() and settings() on accept.
// OK is disabled while two actions share a key.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(const ActionRegistry *registry, const UiSettings &settings, QWidget *parent = nullptr);

    ShortcutMap shortcutMap() const;
    UiSettings settings() const;

    // The parts, for tests.
    ShortcutTableModel *shortcutModel() const { return m_model; }
    QTableView *shortcutTable() const { return m_table; }
    QKeySequenceEdit *keyEdit() const { return m_keyEdit; }
    QLabel *conflictLabel() const { return m_conflict; }
    QLineEdit *reasonEdit(int number) const;  // 1..9
    ReasonPresetsPage *reasonsPage() const { return m_reasonsPage; }
    QDialogButtonBox *buttonBox() const { return m_buttons; }

private:
    QWidget *makeShortcutsPage();
    QWidget *makeLeasePage(const UiSettings &settings);
    void onRowChanged();
    void onKeyEdited();
    void refreshConflicts();

    ShortcutTableModel *m_model;
    QTableView *m_table = nullptr;
    QKeySequenceEdit *m_keyEdit = nullptr;
    QLabel *m_conflict = nullptr;
    ReasonPresetsPage *m_reasonsPage = nullptr;
    QSpinBox *m_batchSize = nullptr;
    QSpinBox *m_leaseMinutes = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace fr
