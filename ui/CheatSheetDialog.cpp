#include "CheatSheetDialog.h"

#include "ActionRegistry.h"
#include "ScreenFit.h"
#include "ShortcutTableModel.h"

#include <QAction>
#include <QShortcut>

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace fr {

CheatSheetDialog::CheatSheetDialog(const ActionRegistry *registry, QWidget *parent)
    : QDialog(parent)
    , m_model(new ShortcutTableModel(registry, this))
    , m_table(new QTableView(this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    setAccessibleName(tr("Keyboard shortcuts"));
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Every action and its keys"));
    m_table->setColumnHidden(ShortcutTableModel::DefaultColumn, true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setTabKeyNavigation(false);  // focusable: on a small screen it scrolls with the arrows
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().lineSpacing() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(ShortcutTableModel::ActionColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ShortcutTableModel::ShortcutColumn, QHeaderView::ResizeToContents);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);

    auto *hint = new QLabel(tr("Single-letter keys act only when no text field has focus. "
                               "Esc always returns to triage. Change keys in Settings."), this);
    hint->setWordWrap(true);
    hint->setTextFormat(Qt::PlainText);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    fitToScreen(this, {600, 760});  // every action fits at 1280×800; smaller screens scroll the table
    // ? opens it in the main window and closes it here (the window's shortcuts do not reach it).
    m_close = new QShortcut(this);
    connect(m_close, &QShortcut::activated, this, &QDialog::reject);
    m_registry = registry;
}

void CheatSheetDialog::refresh()
{
    m_model->reload();
    m_close->setKey(m_registry->shortcuts(ActionRegistry::idOf(TriageAction::CheatSheet)).value(0));
}

} // namespace fr
