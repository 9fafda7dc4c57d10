#include "ActionRegistry.h"

#include <QAction>
#include <QSettings>

namespace fr {

namespace {

QKeySequence keys(const char *portable)
{
    return QKeySequence(QString::fromLatin1(portable), QKeySequence::PortableText);
}

QString settingsGroup() { return QStringLiteral("shortcuts"); }

} // namespace

QList<ShortcutConflict> findConflicts(const ShortcutMap &map)
{
    QList<ShortcutConflict> conflicts;
    QMap<QKeySequence, QString> owner;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        for (const QKeySequence &sequence : it.value()) {
            if (sequence.isEmpty())
                continue;
            const auto found = owner.constFind(sequence);
            if (found != owner.cend() && found.value() != it.key())
                conflicts.append({sequence, found.value(), it.key()});
            else
                owner.insert(sequence, it.key());
        }
    }
    return conflicts;
}

ActionRegistry::ActionRegistry(QObject *parent)
    : QObject(parent)
{
    add(TriageAction::Approve, tr("Approve, next"), {keys("A")});
    add(TriageAction::Reject, tr("Reject, next"), {keys("X")});
    add(TriageAction::EditCorrection, tr("Edit the correction"), {keys("E")});
    add(TriageAction::Comment, tr("Write a comment"), {keys("C")});
    add(TriageAction::SubmitEditor,
        tr("Submit the correction (reject) / keep the comment"), {keys("Ctrl+Return"), keys("Ctrl+Enter")});
    for (int n = 1; n <= 9; ++n) {
        const auto which = TriageAction(int(TriageAction::RejectPreset1) + n - 1);
        add(which, tr("Reject with preset reason %1").arg(n), {QKeySequence(QString::number(n))});
    }
    add(TriageAction::Skip, tr("Skip for now"), {keys("Space")});
    add(TriageAction::Undo, tr("Undo the last decision"), {keys("Backspace"), keys("Ctrl+Z")});
    add(TriageAction::Next, tr("Next"), {keys("J"), keys("Down")});
    add(TriageAction::Previous, tr("Previous"), {keys("K"), keys("Up")});
    add(TriageAction::Filter, tr("Filter the queue"), {keys("/")});
    add(TriageAction::CycleSort, tr("Sort the queue by the next key"), {keys("S")});
    add(TriageAction::ReadInput, tr("Read the input (arrows, PageDown, Ctrl+End; Esc returns)"), {keys("I")});
    add(TriageAction::ReadOutput, tr("Read the model output (arrows, PageDown, Ctrl+End; Esc returns)"), {keys("O")});
    add(TriageAction::SyncNow, tr("Sync now"), {keys("Ctrl+R")});
    add(TriageAction::CheatSheet, tr("Show every shortcut"), {keys("?")});
    add(TriageAction::BackToTriage, tr("Back to triage (leave a field, cancel an edit)"), {keys("Esc")});
    add(TriageAction::ShowConflicts, tr("Show refused decisions"), {keys("Ctrl+Shift+C")});
    add(TriageAction::ShowMessages, tr("Show every problem and notice, with its time"), {keys("Ctrl+M")});
    add(TriageAction::Settings, tr("Settings"), {keys("Ctrl+,")});
    add(TriageAction::LeaseOffline, tr("Lease for offline review…"), {keys("Ctrl+L")});
    add(TriageAction::SwitchServer, tr("Switch server…"), {keys("Ctrl+Shift+S")});
    add(TriageAction::SignOut, tr("Sign out…"), {keys("Ctrl+Shift+Q")});
    add(TriageAction::Quit, tr("Quit"), {keys("Ctrl+Q")});
}

void ActionRegistry::add(TriageAction which, const QString &text, const QList<QKeySequence> &defaults)
{
    auto *action = new QAction(text, this);
    action->setShortcuts(defaults);
    // Window-wide: text fields still win for the keys they type (Qt's ShortcutOverride), which is
    // exactly the focus rule "single-letter keys act only when no text field has focus".
    action->setShortcutContext(Qt::WindowShortcut);
    action->setObjectName(idOf(which));
    m_entries.append({which, idOf(which), action, defaults});
}

QString ActionRegistry::idOf(TriageAction which)
{
    if (const int n = presetNumber(which))
        return QStringLiteral("reject-preset-%1").arg(n);
    switch (which) {
    case TriageAction::Approve: return QStringLiteral("approve");
    case TriageAction::Reject: return QStringLiteral("reject");
    case TriageAction::EditCorrection: return QStringLiteral("edit-correction");
    case TriageAction::Comment: return QStringLiteral("comment");
    case TriageAction::SubmitEditor: return QStringLiteral("submit-editor");
    case TriageAction::Skip: return QStringLiteral("skip");
    case TriageAction::Undo: return QStringLiteral("undo");
    case TriageAction::Next: return QStringLiteral("next");
    case TriageAction::Previous: return QStringLiteral("previous");
    case TriageAction::Filter: return QStringLiteral("filter");
    case TriageAction::CycleSort: return QStringLiteral("cycle-sort");
    case TriageAction::ReadInput: return QStringLiteral("read-input");
    case TriageAction::ReadOutput: return QStringLiteral("read-output");
    case TriageAction::SyncNow: return QStringLiteral("sync-now");
    case TriageAction::CheatSheet: return QStringLiteral("cheat-sheet");
    case TriageAction::BackToTriage: return QStringLiteral("back-to-triage");
    case TriageAction::ShowConflicts: return QStringLiteral("show-conflicts");
    case TriageAction::ShowMessages: return QStringLiteral("show-messages");
    case TriageAction::Settings: return QStringLiteral("settings");
    case TriageAction::LeaseOffline: return QStringLiteral("lease-offline");
    case TriageAction::SwitchServer: return QStringLiteral("switch-server");
    case TriageAction::SignOut: return QStringLiteral("sign-out");
    case TriageAction::Quit: return QStringLiteral("quit");
    default: return {};
    }
}

int ActionRegistry::presetNumber(TriageAction which)
{
    const int n = int(which) - int(TriageAction::RejectPreset1) + 1;
    return (n >= 1 && n <= 9) ? n : 0;
}

const ActionRegistry::Entry *ActionRegistry::find(const QString &id) const
{
    for (const Entry &entry : m_entries) {
        if (entry.id == id)
            return &entry;
    }
    return nullptr;
}

QAction *ActionRegistry::action(TriageAction which) const { return action(idOf(which)); }

QAction *ActionRegistry::action(const QString &id) const
{
    const Entry *entry = find(id);
    return entry ? entry->action : nullptr;
}

QList<QAction *> ActionRegistry::actions() const
{
    QList<QAction *> result;
    for (const Entry &entry : m_entries)
        result.append(entry.action);
    return result;
}

QStringList ActionRegistry::ids() const
{
    QStringList result;
    for (const Entry &entry : m_entries)
        result.append(entry.id);
    return result;
}

QList<QKeySequence> ActionRegistry::defaultShortcuts(const QString &id) const
{
    const Entry *entry = find(id);
    return entry ? entry->defaults : QList<QKeySequence>{};
}

QList<QKeySequence> ActionRegistry::shortcuts(const QString &id) const
{
    const Entry *entry = find(id);
    return entry ? entry->action->shortcuts() : QList<QKeySequence>{};
}

ShortcutMap ActionRegistry::shortcutMap() const
{
    ShortcutMap map;
    for (const Entry &entry : m_entries)
        map.insert(entry.id, entry.action->shortcuts());
    return map;
}

ShortcutMap ActionRegistry::defaultShortcutMap() const
{
    ShortcutMap map;
    for (const Entry &entry : m_entries)
        map.insert(entry.id, entry.defaults);
    return map;
}

QStringList ActionRegistry::conflictingActions(const QString &id, const QList<QKeySequence> &sequences) const
{
    QStringList others;
    for (const Entry &entry : m_entries) {
        if (entry.id == id)
            continue;
        for (const QKeySequence &sequence : sequences) {
            if (!sequence.isEmpty() && entry.action->shortcuts().contains(sequence) && !others.contains(entry.id))
                others.append(entry.id);
        }
    }
    return others;
}

bool ActionRegistry::setShortcuts(const QString &id, const QList<QKeySequence> &sequences)
{
    ShortcutMap map = shortcutMap();
    if (!map.contains(id))
        return false;
    map.insert(id, sequences);
    return applyShortcutMap(map);
}

bool ActionRegistry::applyShortcutMap(const ShortcutMap &map)
{
    if (!findConflicts(map).isEmpty())
        return false;
    for (const Entry &entry : m_entries) {
        if (map.contains(entry.id))
            entry.action->setShortcuts(map.value(entry.id));
    }
    Q_EMIT shortcutsChanged();
    return true;
}

void ActionRegistry::resetToDefaults() { applyShortcutMap(defaultShortcutMap()); }

void ActionRegistry::load(QSettings &settings)
{
    ShortcutMap map = shortcutMap();
    settings.beginGroup(settingsGroup());
    for (const QString &id : settings.childKeys()) {
        if (!map.contains(id))
            continue;  // an action of an older or newer version: ignore it
        QList<QKeySequence> sequences;
        for (const QString &text : settings.value(id).toStringList())
            sequences.append(QKeySequence(text, QKeySequence::PortableText));
        map.insert(id, sequences);
    }
    settings.endGroup();
    // A hand-edited settings file with a conflict must not leave a key dead: keep the defaults.
    if (!applyShortcutMap(map))
        resetToDefaults();
}

void ActionRegistry::save(QSettings &settings) const
{
    settings.beginGroup(settingsGroup());
    settings.remove(QString());
    for (const Entry &entry : m_entries) {
        const QList<QKeySequence> current = entry.action->shortcuts();
        if (current == entry.defaults)
            continue;
        QStringList texts;
        for (const QKeySequence &sequence : current)
            texts.append(sequence.toString(QKeySequence::PortableText));
        settings.setValue(entry.id, texts);
    }
    settings.endGroup();
}

} // namespace fr
