// The registry of keyboard actions: defaults, remapping, conflict detection, persistence, and the
// table model the cheat sheet and the settings dialog show.
#include <catch2/catch.hpp>

#include "ActionRegistry.h"
#include "ShortcutTableModel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSettings>
#include <QTemporaryDir>

using namespace fr;

namespace {
QKeySequence key(const char *text) { return QKeySequence(QString::fromLatin1(text)); }
}

TEST_CASE("every action of the keyboard table has its default keys")
{
    ActionRegistry registry;
    CHECK(registry.shortcuts(QStringLiteral("approve")) == QList<QKeySequence>{key("A")});
    CHECK(registry.shortcuts(QStringLiteral("reject")) == QList<QKeySequence>{key("X")});
    CHECK(registry.shortcuts(QStringLiteral("undo")) == QList<QKeySequence>{key("Backspace"), key("Ctrl+Z")});
    CHECK(registry.shortcuts(QStringLiteral("next")) == QList<QKeySequence>{key("J"), key("Down")});
    CHECK(registry.shortcuts(QStringLiteral("previous")) == QList<QKeySequence>{key("K"), key("Up")});
    CHECK(registry.shortcuts(QStringLiteral("reject-preset-9")) == QList<QKeySequence>{key("9")});
    CHECK(registry.shortcuts(QStringLiteral("sync-now")) == QList<QKeySequence>{key("Ctrl+R")});
    CHECK(registry.actions().size() == registry.ids().size());
    CHECK(findConflicts(registry.shortcutMap()).isEmpty());
    for (QAction *action : registry.actions())
        CHECK_FALSE(action->text().isEmpty());
}

TEST_CASE("remapping refuses a key another action uses and accepts a free one")
{
    ActionRegistry registry;
    CHECK(registry.conflictingActions(QStringLiteral("approve"), {key("X")}) == QStringList{QStringLiteral("reject")});
    CHECK_FALSE(registry.setShortcuts(QStringLiteral("approve"), {key("X")}));
    CHECK(registry.shortcuts(QStringLiteral("approve")) == QList<QKeySequence>{key("A")});

    CHECK(registry.setShortcuts(QStringLiteral("approve"), {key("Y")}));
    CHECK(registry.action(TriageAction::Approve)->shortcuts() == QList<QKeySequence>{key("Y")});
    registry.resetToDefaults();
    CHECK(registry.shortcuts(QStringLiteral("approve")) == QList<QKeySequence>{key("A")});
}

TEST_CASE("remapped keys persist in QSettings and a conflicting file falls back to defaults")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    {
        ActionRegistry registry;
        REQUIRE(registry.setShortcuts(QStringLiteral("approve"), {key("Y"), key("Ctrl+Y")}));
        QSettings settings(path, QSettings::IniFormat);
        registry.save(settings);
    }
    {
        ActionRegistry registry;
        QSettings settings(path, QSettings::IniFormat);
        registry.load(settings);
        CHECK(registry.shortcuts(QStringLiteral("approve")) == QList<QKeySequence>{key("Y"), key("Ctrl+Y")});
        CHECK(registry.shortcuts(QStringLiteral("reject")) == QList<QKeySequence>{key("X")});
    }
    {
        QSettings settings(path, QSettings::IniFormat);
        settings.setValue(QStringLiteral("shortcuts/skip"), QStringList{QStringLiteral("X")});  // clashes with reject
    }
    ActionRegistry registry;
    QSettings settings(path, QSettings::IniFormat);
    registry.load(settings);
    CHECK(registry.shortcutMap() == registry.defaultShortcutMap());
}

TEST_CASE("the shortcut table model passes QAbstractItemModelTester and flags conflicts")
{
    ActionRegistry registry;
    ShortcutTableModel model(&registry);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(model.rowCount() == registry.actions().size());
    const int approveRow = int(registry.ids().indexOf(QStringLiteral("approve")));
    const int rejectRow = int(registry.ids().indexOf(QStringLiteral("reject")));

    model.setShortcuts(approveRow, {key("X")});
    CHECK(model.conflicts().size() == 1);
    CHECK(model.index(approveRow, 0).data(ShortcutTableModel::ConflictRole).toBool());
    CHECK(model.index(rejectRow, 0).data(ShortcutTableModel::ConflictRole).toBool());
    CHECK(model.conflictText(rejectRow).contains(registry.action(TriageAction::Approve)->text()));

    model.setShortcuts(approveRow, {key("Y")});
    CHECK(model.conflicts().isEmpty());
    CHECK(model.index(approveRow, ShortcutTableModel::ShortcutColumn).data().toString() == QStringLiteral("Y"));
    CHECK(model.index(approveRow, ShortcutTableModel::DefaultColumn).data().toString() == QStringLiteral("A"));
    model.resetToDefaults();
    model.reload();
    CHECK(model.shortcutMap() == registry.shortcutMap());
}
