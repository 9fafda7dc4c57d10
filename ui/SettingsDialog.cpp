#include "SettingsDialog.h"

#include "ReasonPresetsPage.h"
#include "ScreenFit.h"
#include "ShortcutTableModel.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace fr {

SettingsDialog::SettingsDialog(const ActionRegistry *registry, const UiSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_model(new ShortcutTableModel(registry, this))
{
    setWindowTitle(tr("Settings"));
    setAccessibleName(tr("Settings"));
    auto *tabs = new QTabWidget(this);
    tabs->setAccessibleName(tr("Settings pages"));
    tabs->addTab(makeShortcutsPage(), tr("Shortcuts"));
    m_reasonsPage = new ReasonPresetsPage(settings.reasons, this);
    tabs->addTab(m_reasonsPage, tr("Reject reasons"));
    tabs->addTab(makeLeasePage(settings), tr("Lease"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs, 1);
    layout->addWidget(m_buttons);
    fitToScreen(this, {640, 560});
    refreshConflicts();
}

QWidget *SettingsDialog::makeShortcutsPage()
{
    auto *page = new QWidget(this);
    m_table = new QTableView(page);
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Shortcuts"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().lineSpacing() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(ShortcutTableModel::ActionColumn, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false);  // Tab leaves the table; arrows pick the action
    m_table->installEventFilter(this);    // Enter: capture a key for the current action

    m_keyEdit = new QKeySequenceEdit(page);
    m_keyEdit->setAccessibleName(tr("New key for the selected action"));
    // Tab moves on instead of being recorded (the keys reach its inner line edit first).
    m_keyEdit->installEventFilter(this);
    for (QLineEdit *inner : m_keyEdit->findChildren<QLineEdit *>()) {
        inner->installEventFilter(this);
        inner->setAccessibleName(m_keyEdit->accessibleName());  // it has the focus, not m_keyEdit
    }
    auto *clear = new QPushButton(tr("Clear"), page);
    clear->setAccessibleName(tr("Remove the keys of the selected action"));
    auto *reset = new QPushButton(tr("Restore defaults"), page);
    reset->setAccessibleName(tr("Restore every default shortcut"));
    m_conflict = new QLabel(page);
    m_conflict->setTextFormat(Qt::PlainText);
    m_conflict->setAccessibleName(tr("Shortcut conflicts"));
    m_conflict->setWordWrap(true);
    m_conflict->setStyleSheet(QStringLiteral("color: #d03030;"));

    auto *editRow = new QHBoxLayout;
    auto *keyCaption = new QLabel(tr("Key:"), page);
    keyCaption->setBuddy(m_keyEdit);
    editRow->addWidget(keyCaption);
    editRow->addWidget(m_keyEdit, 1);
    editRow->addWidget(clear);
    editRow->addWidget(reset);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_table, 1);
    layout->addLayout(editRow);
    layout->addWidget(m_conflict);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SettingsDialog::onRowChanged);
    connect(m_keyEdit, &QKeySequenceEdit::editingFinished, this, &SettingsDialog::onKeyEdited);
    // Keyboard only: arrows pick an action, Tab reaches the key field, a key press sets it.
    m_table->setCurrentIndex(m_model->index(0, 0));
    m_table->setFocus();
    connect(clear, &QPushButton::clicked, this, [this] {
        m_model->setShortcuts(m_table->currentIndex().row(), {});
        m_keyEdit->clear();
        refreshConflicts();
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_model->resetToDefaults();
        refreshConflicts();
    });
    return page;
}

QWidget *SettingsDialog::makeLeasePage(const UiSettings &settings)
{
    auto *page = new QWidget(this);
    m_batchSize = new QSpinBox(page);
    m_batchSize->setRange(1, 500);
    m_batchSize->setValue(settings.leaseBatchSize);
    m_batchSize->setAccessibleName(tr("Outputs leased at once"));
    m_leaseMinutes = new QSpinBox(page);
    m_leaseMinutes->setRange(1, 1440);
    m_leaseMinutes->setSuffix(tr(" min"));
    m_leaseMinutes->setValue(settings.leaseMinutes);
    m_leaseMinutes->setAccessibleName(tr("Lease length in minutes"));
    auto *form = new QFormLayout(page);
    form->addRow(tr("Outputs leased at once:"), m_batchSize);
    form->addRow(tr("Lease length:"), m_leaseMinutes);
    auto *hint = new QLabel(tr("For an offline session, lease a large batch with a long lease, "
                               "then review without a network and sync later."), page);
    hint->setWordWrap(true);
    form->addRow(hint);
    return page;
}

void SettingsDialog::onRowChanged()
{
    const QList<QKeySequence> current = m_model->shortcuts(m_table->currentIndex().row());
    m_keyEdit->setKeySequence(current.value(0));
}

void SettingsDialog::onKeyEdited()
{
    const int row = m_table->currentIndex().row();
    if (row < 0)
        return;
    // The edited key replaces the first (primary) key; the alternatives stay.
    QList<QKeySequence> sequences = m_model->shortcuts(row);
    const QKeySequence edited = m_keyEdit->keySequence();
    if (sequences.isEmpty())
        sequences.append(edited);
    else
        sequences[0] = edited;
    sequences.removeAll(QKeySequence());
    m_model->setShortcuts(row, sequences);
    refreshConflicts();
    if (m_keyEdit->hasFocus())
        m_table->setFocus(Qt::OtherFocusReason);  // captured: back to the list of actions
}

// Keyboard only: Enter in the table captures a key (instead of pressing OK); Tab in the key
// field moves focus on (QKeySequenceEdit would record it, a trap for a person without a mouse).
bool SettingsDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QDialog::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const bool plain = (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    if (watched == m_table && plain && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)) {
        m_keyEdit->clear();
        m_keyEdit->setFocus(Qt::OtherFocusReason);
        return true;
    }
    const bool inKeyEdit = watched == m_keyEdit || (watched->parent() == m_keyEdit);
    if (inKeyEdit && (key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab)
        && (key->modifiers() & ~Qt::ShiftModifier) == Qt::NoModifier) {
        focusNextPrevChild(key->key() == Qt::Key_Tab && !(key->modifiers() & Qt::ShiftModifier));
        return true;
    }
    return QDialog::eventFilter(watched, event);
}

void SettingsDialog::refreshConflicts()
{
    QStringList lines;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString text = m_model->conflictText(row);
        if (!text.isEmpty())
            lines.append(m_model->index(row, ShortcutTableModel::ActionColumn).data().toString() + QStringLiteral(": ") + text);
    }
    m_conflict->setText(lines.isEmpty() ? QString() : tr("Conflicts — two actions cannot share a key:\n%1").arg(lines.join(QLatin1Char('\n'))));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(lines.isEmpty());
}

ShortcutMap SettingsDialog::shortcutMap() const { return m_model->shortcutMap(); }

UiSettings SettingsDialog::settings() const
{
    UiSettings result;
    result.reasons = m_reasonsPage->reasons();
    result.leaseBatchSize = m_batchSize->value();
    result.leaseMinutes = m_leaseMinutes->value();
    return result;
}

QLineEdit *SettingsDialog::reasonEdit(int number) const
{
    return m_reasonsPage->labelEdit(number);
}

} // namespace fr
