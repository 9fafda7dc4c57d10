#pragma once

#include <QKeySequence>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

class QAction;
class QSettings;

namespace fr {

// Every keyboard verb of the triage window (design: "Keyboard triage"). The order is the order
// of the cheat sheet and of the settings table.
enum class TriageAction {
    Approve, Reject, EditCorrection, Comment, SubmitEditor,
    RejectPreset1, RejectPreset2, RejectPreset3, RejectPreset4, RejectPreset5,
    RejectPreset6, RejectPreset7, RejectPreset8, RejectPreset9,
    Skip, Undo, Next, Previous, Filter, CycleSort, ReadInput, ReadOutput, SyncNow, CheatSheet, BackToTriage,
    ShowConflicts, ShowMessages, Settings, LeaseOffline, SwitchServer, SignOut, Quit,
};

// Shortcuts per action id, the unit of remapping (the settings dialog edits a copy).
using ShortcutMap = QMap<QString, QList<QKeySequence>>;

// Two actions that share a key sequence: Qt would fire neither ("ambiguous"), so we refuse it.
struct ShortcutConflict {
    QKeySequence sequence;
    QString firstId;
    QString secondId;
};
QList<ShortcutConflict> findConflicts(const ShortcutMap &map);

// The collection of QActions (KeePassXC's ActionCollection, simplified): each action has a
// stable id, a translated text, default shortcuts, and user shortcuts persisted in QSettings.
class ActionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit ActionRegistry(QObject *parent = nullptr);

    QAction *action(TriageAction which) const;
    QAction *action(const QString &id) const;
    QList<QAction *> actions() const;  // in table order
    QStringList ids() const;
    static QString idOf(TriageAction which);
    static int presetNumber(TriageAction which);  // 1..9 for RejectPreset*, 0 otherwise

    QList<QKeySequence> defaultShortcuts(const QString &id) const;
    QList<QKeySequence> shortcuts(const QString &id) const;
    ShortcutMap shortcutMap() const;
    ShortcutMap defaultShortcutMap() const;

    // Other actions that already use one of `sequences` (empty = no conflict).
    QStringList conflictingActions(const QString &id, const QList<QKeySequence> &sequences) const;
    // False (and nothing changes) when the result would have a conflict.
    bool setShortcuts(const QString &id, const QList<QKeySequence> &sequences);
    bool applyShortcutMap(const ShortcutMap &map);
    void resetToDefaults();

    // Only the differences from the defaults are stored, under the group "shortcuts".
    void load(QSettings &settings);
    void save(QSettings &settings) const;

Q_SIGNALS:
    void shortcutsChanged();

private:
    struct Entry {
        TriageAction which;
        QString id;
        QAction *action;
        QList<QKeySequence> defaults;
    };
    void add(TriageAction which, const QString &text, const QList<QKeySequence> &defaults);
    const Entry *find(const QString &id) const;
    QList<Entry> m_entries;
};

} // namespace fr
