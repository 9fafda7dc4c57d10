// The main window driven like a person drives it: real key events (QTest::keyClick) on the
// shown, active window, checking the intentions it emits and the focus rules.
#include <catch2/catch.hpp>

#include "ActionRegistry.h"
#include "CheatSheetDialog.h"
#include "ConflictsModel.h"
#include "FeedbackForm.h"
#include "MainWindow.h"
#include "OfflineLeaseDialog.h"
#include "SignOutDialog.h"
#include "StatusPanel.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "SettingsDialog.h"
#include "ShortcutTableModel.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QFile>
#include <QSettings>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

using namespace fr;

namespace {

ModelOutput sampleOutput()
{
    ModelOutput output;
    output.id = QStringLiteral("00000000-0000-4000-8000-000000000001");
    output.modelName = QStringLiteral("sentiment");
    output.modelVersion = QStringLiteral("1.4.2");
    output.input = QStringLiteral("The refund took three weeks and nobody answered.");
    output.output = QStringLiteral("positive");
    output.confidence = 0.41;
    output.createdAt = QDateTime::currentDateTimeUtc().addSecs(-31 * 3600);
    output.slaDeadline = output.createdAt.addSecs(48 * 3600);
    output.leaseExpiresAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    return output;
}

// ctest runs each test case in its own process, in parallel: each process gets its own
// settings file (remapped keys must not leak into a neighbour's window).
void useOwnSettings()
{
    QCoreApplication::setApplicationName(QStringLiteral("fr-ui-test-%1").arg(QCoreApplication::applicationPid()));
    QSettings().clear();
}

// A window as the app shows it, with one output on screen and the focus in the queue.
struct Window {
    QueueModel queue;
    QueueFilterModel order;
    ConflictsModel conflicts;
    std::unique_ptr<MainWindow> window;

    ~Window()
    {
        window.reset();
        QFile::remove(QSettings().fileName());
    }
    Window()
    {
        useOwnSettings();
        order.setSourceModel(&queue);
        window = std::make_unique<MainWindow>(&queue, &order, &conflicts);
        window->show();
        window->activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(window.get()));
        window->showOutput(sampleOutput());
        window->returnToTriage();
    }
    QWidget *triage() const { return window->queueView()->list(); }
    FeedbackForm *form() const { return window->feedbackForm(); }
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget *target = QApplication::focusWidget() ? QApplication::focusWidget() : window.get();
        QTest::keyClick(target, Qt::Key(key), modifiers);
    }
};

} // namespace

TEST_CASE("A approves and X rejects, with real key presses")
{
    Window w;
    QSignalSpy approve(w.window.get(), &MainWindow::approveRequested);
    QSignalSpy reject(w.window.get(), &MainWindow::rejectRequested);
    w.press(Qt::Key_A);
    REQUIRE(approve.size() == 1);
    CHECK(approve.at(0).at(0).toString().isEmpty());
    w.press(Qt::Key_X);
    REQUIRE(reject.size() == 1);
    CHECK(reject.at(0).at(0).toString().isEmpty());  // no correction: the text was not edited
    CHECK(approve.size() == 1);
}

TEST_CASE("navigation, skip, undo, sync, filter and the cheat sheet keys")
{
    Window w;
    QSignalSpy next(w.window.get(), &MainWindow::nextRequested);
    QSignalSpy previous(w.window.get(), &MainWindow::previousRequested);
    QSignalSpy skip(w.window.get(), &MainWindow::skipRequested);
    QSignalSpy undo(w.window.get(), &MainWindow::undoRequested);
    QSignalSpy sync(w.window.get(), &MainWindow::syncRequested);

    w.press(Qt::Key_J);
    w.press(Qt::Key_Down);
    CHECK(next.size() == 2);
    w.press(Qt::Key_K);
    w.press(Qt::Key_Up);
    CHECK(previous.size() == 2);
    w.press(Qt::Key_Space);
    CHECK(skip.size() == 1);
    w.press(Qt::Key_Backspace);
    w.press(Qt::Key_Z, Qt::ControlModifier);
    CHECK(undo.size() == 2);
    w.press(Qt::Key_R, Qt::ControlModifier);
    CHECK(sync.size() == 1);

    w.press(Qt::Key_Slash);
    CHECK(w.window->queueView()->filterHasFocus());
    w.press(Qt::Key_Escape);
    CHECK(w.triage()->hasFocus());

    w.press(Qt::Key_Question);
    auto *cheatSheet = w.window->findChild<CheatSheetDialog *>();
    REQUIRE(cheatSheet);
    CHECK(cheatSheet->isVisible());
}

TEST_CASE("1–9 reject with the preset reason: its code travels beside the comment, not in it")
{
    Window w;
    QSignalSpy reject(w.window.get(), &MainWindow::rejectRequested);
    w.press(Qt::Key_1);
    REQUIRE(reject.size() == 1);
    CHECK(reject.at(0).at(1).toString().isEmpty());  // the comment is the person's own text only
    CHECK(reject.at(0).at(2).toString() == w.window->uiSettings().reason(1).code);
    CHECK(reject.at(0).at(2).toString() == QStringLiteral("factually_wrong"));
}

TEST_CASE("a reason marked 'needs a comment' asks for one, and Ctrl+Enter then rejects with both")
{
    Window w;
    QSignalSpy reject(w.window.get(), &MainWindow::rejectRequested);
    REQUIRE(w.window->uiSettings().reason(9).needsComment);
    w.press(Qt::Key_9);
    CHECK(reject.isEmpty());  // not without the comment it asks for
    REQUIRE(w.form()->isEditingComment());
    CHECK(w.form()->commentEditor()->placeholderText().contains(QStringLiteral("needs a comment")));
    QTest::keyClicks(w.form()->commentEditor(), QStringLiteral("tone is patronising"));
    w.press(Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(reject.size() == 1);
    CHECK(reject.at(0).at(1).toString() == QStringLiteral("tone is patronising"));
    CHECK(reject.at(0).at(2).toString() == QStringLiteral("other"));
}

TEST_CASE("E edits the correction — Ctrl+Enter submits reject + correction — Esc cancels")
{
    Window w;
    QSignalSpy reject(w.window.get(), &MainWindow::rejectRequested);
    w.press(Qt::Key_E);
    REQUIRE(w.form()->isEditingCorrection());
    QPlainTextEdit *editor = w.form()->correctionEditor();
    CHECK(editor->toPlainText() == QStringLiteral("positive"));  // prefilled with the model output
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("negative"));
    CHECK(reject.isEmpty());  // typing 'a', 'e', 'x'… never decides
    w.press(Qt::Key_Return, Qt::ControlModifier);
    REQUIRE(reject.size() == 1);
    CHECK(reject.at(0).at(0).toString() == QStringLiteral("negative"));
    CHECK(w.triage()->hasFocus());

    w.window->showOutput(sampleOutput());
    w.press(Qt::Key_E);
    QTest::keyClicks(editor, QStringLiteral(" maybe"));
    w.press(Qt::Key_Escape);
    CHECK(editor->toPlainText() == QStringLiteral("positive"));
    CHECK(w.triage()->hasFocus());
    CHECK(reject.size() == 1);
}

TEST_CASE("C writes a comment that goes with the next decision — letters typed there decide nothing")
{
    Window w;
    QSignalSpy approve(w.window.get(), &MainWindow::approveRequested);
    QSignalSpy reject(w.window.get(), &MainWindow::rejectRequested);
    QSignalSpy skip(w.window.get(), &MainWindow::skipRequested);
    QSignalSpy undo(w.window.get(), &MainWindow::undoRequested);
    w.press(Qt::Key_C);
    REQUIRE(w.form()->isEditingComment());
    QTest::keyClicks(w.form()->commentEditor(), QStringLiteral("a x 1 j k e c"));
    w.press(Qt::Key_Backspace);
    CHECK(approve.isEmpty());
    CHECK(reject.isEmpty());
    CHECK(skip.isEmpty());
    CHECK(undo.isEmpty());
    CHECK(w.form()->comment() == QStringLiteral("a x 1 j k e "));

    w.press(Qt::Key_Return, Qt::ControlModifier);  // keep it
    CHECK(w.triage()->hasFocus());
    w.press(Qt::Key_A);
    REQUIRE(approve.size() == 1);
    CHECK(approve.at(0).at(0).toString() == QStringLiteral("a x 1 j k e "));
    w.window->onDecisionRecorded();
    CHECK(w.form()->comment().isEmpty());

    w.press(Qt::Key_C);
    w.press(Qt::Key_Escape);  // Esc leaves the field
    CHECK(w.triage()->hasFocus());
}

TEST_CASE("typing in the filter box filters and never decides")
{
    Window w;
    QSignalSpy approve(w.window.get(), &MainWindow::approveRequested);
    w.press(Qt::Key_Slash);
    QTest::keyClicks(w.window->queueView()->filterEdit(), QStringLiteral("ax"));
    CHECK(approve.isEmpty());
    CHECK(w.window->queueView()->filterEdit()->text() == QStringLiteral("ax"));
    w.press(Qt::Key_Return);
    CHECK(w.triage()->hasFocus());
}

TEST_CASE("a remapped key acts, the old one no longer does, and the buttons show the new key")
{
    Window w;
    QSignalSpy approve(w.window.get(), &MainWindow::approveRequested);
    REQUIRE(w.window->actionRegistry()->setShortcuts(QStringLiteral("approve"), {QKeySequence(Qt::Key_Y)}));
    w.press(Qt::Key_A);
    CHECK(approve.isEmpty());
    w.press(Qt::Key_Y);
    CHECK(approve.size() == 1);
    CHECK(w.form()->button(FeedbackForm::Button::Approve)->text().startsWith(QStringLiteral("Y ")));
}

TEST_CASE("the settings dialog warns about a conflict, blocks OK, and applies a free key")
{
    Window w;
    w.press(Qt::Key_Comma, Qt::ControlModifier);
    auto *dialog = w.window->findChild<SettingsDialog *>();
    REQUIRE(dialog);
    REQUIRE(QTest::qWaitForWindowExposed(dialog));
    const int approveRow = int(w.window->actionRegistry()->ids().indexOf(QStringLiteral("approve")));
    dialog->shortcutTable()->setCurrentIndex(dialog->shortcutModel()->index(approveRow, 0));

    dialog->keyEdit()->setKeySequence(QKeySequence(Qt::Key_X));
    Q_EMIT dialog->keyEdit()->editingFinished();
    CHECK_FALSE(dialog->conflictLabel()->text().isEmpty());
    CHECK_FALSE(dialog->buttonBox()->button(QDialogButtonBox::Ok)->isEnabled());

    dialog->keyEdit()->setKeySequence(QKeySequence(Qt::Key_Y));
    Q_EMIT dialog->keyEdit()->editingFinished();
    CHECK(dialog->conflictLabel()->text().isEmpty());
    REQUIRE(dialog->buttonBox()->button(QDialogButtonBox::Ok)->isEnabled());
    dialog->reasonEdit(1)->setText(QStringLiteral("Tone is off"));
    dialog->buttonBox()->button(QDialogButtonBox::Ok)->click();

    CHECK(w.window->actionRegistry()->shortcuts(QStringLiteral("approve")) == QList<QKeySequence>{QKeySequence(Qt::Key_Y)});
    CHECK(w.window->uiSettings().presetReason(1) == QStringLiteral("Tone is off"));
    ActionRegistry reloaded;  // persisted
    QSettings settings;
    reloaded.load(settings);
    CHECK(reloaded.shortcuts(QStringLiteral("approve")) == QList<QKeySequence>{QKeySequence(Qt::Key_Y)});
}

TEST_CASE("the cheat sheet lists every action of the registry with its keys")
{
    Window w;
    w.window->showCheatSheet();
    auto *sheet = w.window->findChild<CheatSheetDialog *>();
    REQUIRE(sheet);
    const ActionRegistry *registry = w.window->actionRegistry();
    QStringList listed;
    for (int row = 0; row < sheet->model()->rowCount(); ++row)
        listed.append(sheet->model()->index(row, ShortcutTableModel::ActionColumn).data().toString());
    for (QAction *action : registry->actions())
        CHECK(listed.contains(action->text()));
    CHECK(listed.size() == registry->actions().size());
    const int approveRow = int(registry->ids().indexOf(QStringLiteral("approve")));
    CHECK(sheet->model()->index(approveRow, ShortcutTableModel::ShortcutColumn).data().toString() == QStringLiteral("A"));
}

TEST_CASE("every control has an accessible name")
{
    Window w;
    for (QWidget *widget : w.window->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QLineEdit *>(widget)
            || qobject_cast<QPlainTextEdit *>(widget) || qobject_cast<QAbstractItemView *>(widget);
        if (!control || !widget->isVisibleTo(w.window.get()) || widget->inherits("QLineEditIconButton"))
            continue;
        INFO(widget->metaObject()->className() << " " << widget->objectName().toStdString());
        CHECK_FALSE(widget->accessibleName().isEmpty());
    }
}

namespace {

template <typename Dialog>
Dialog *activeDialog(MainWindow *window)
{
    auto *dialog = window->findChild<Dialog *>();
    if (!dialog)
        return nullptr;
    REQUIRE(QTest::qWaitForWindowExposed(dialog));
    dialog->activateWindow();  // what a window manager does for a new modal dialog
    REQUIRE(QTest::qWaitForWindowActive(dialog));
    return dialog;
}

} // namespace

TEST_CASE("Ctrl+Shift+Q asks — the question names the waiting decisions — Down + Enter signs out handing the leases back")
{
    Window w;
    QSignalSpy asked(w.window.get(), &MainWindow::signOutAsked);
    QSignalSpy requested(w.window.get(), &MainWindow::signOutRequested);
    w.press(Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(asked.size() == 1);
    CHECK_FALSE(asked.at(0).at(0).toBool());
    w.window->askSignOut(false, 12, 3);  // what the composition root answers
    auto *dialog = activeDialog<SignOutDialog>(w.window.get());
    REQUIRE(dialog);
    CHECK(dialog->waitingWarning()->isVisible());
    CHECK(dialog->waitingWarning()->text().contains(QStringLiteral("3 decisions")));
    CHECK(dialog->keepButton()->isChecked());  // keeping is the safe default
    REQUIRE(QApplication::focusWidget() == dialog->keepButton());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Down);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    REQUIRE(requested.size() == 1);
    CHECK(requested.at(0).at(0).toBool());   // hand back
    CHECK_FALSE(requested.at(0).at(1).toBool());
}

TEST_CASE("sign out: Esc cancels and leaves the person in triage — nothing waiting, no warning — Ctrl+Shift+S asks to switch")
{
    Window w;
    QSignalSpy asked(w.window.get(), &MainWindow::signOutAsked);
    QSignalSpy requested(w.window.get(), &MainWindow::signOutRequested);
    w.press(Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(asked.size() == 1);
    CHECK(asked.at(0).at(0).toBool());
    w.window->askSignOut(true, 5, 0);
    auto *dialog = activeDialog<SignOutDialog>(w.window.get());
    REQUIRE(dialog);
    CHECK(dialog->purpose() == SignOutDialog::Purpose::SwitchServer);
    CHECK_FALSE(dialog->waitingWarning()->isVisible());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    CHECK(requested.isEmpty());
    QTRY_VERIFY(w.triage()->hasFocus());
}

TEST_CASE("Ctrl+L asks how many and how long — the answer is an offline-lease intention and the next default")
{
    Window w;
    QSignalSpy requested(w.window.get(), &MainWindow::offlineLeaseRequested);
    w.press(Qt::Key_L, Qt::ControlModifier);
    auto *dialog = activeDialog<OfflineLeaseDialog>(w.window.get());
    REQUIRE(dialog);
    CHECK(dialog->count() == w.window->uiSettings().offlineLeaseCount);
    REQUIRE(QApplication::focusWidget() == dialog->countBox());
    QTest::keyClick(dialog->countBox(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(dialog->countBox(), QStringLiteral("5000"));  // more than allowed
    QTest::keyClick(dialog->countBox(), Qt::Key_Tab);
    CHECK(dialog->count() <= UiSettings::kMaxOfflineLeaseCount);
    QTest::keyClick(dialog->countBox(), Qt::Key_A, Qt::ControlModifier);
    dialog->countBox()->setFocus();
    QTest::keyClick(dialog->countBox(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(dialog->countBox(), QStringLiteral("1200"));
    QTest::keyClick(dialog->countBox(), Qt::Key_Tab);
    QTest::keyClick(dialog->hoursBox(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(dialog->hoursBox(), QStringLiteral("30"));  // more than a day: refused
    CHECK(dialog->hours() <= 24);
    QTest::keyClick(dialog->hoursBox(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(dialog->hoursBox(), QStringLiteral("6"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    REQUIRE(requested.size() == 1);
    CHECK(requested.at(0).at(0).toInt() == 1200);
    CHECK(requested.at(0).at(1).toInt() == 6 * 3600);
    CHECK(w.window->uiSettings().offlineLeaseCount == 1200);
    CHECK(w.window->uiSettings().offlineLeaseHours == 6);
}

TEST_CASE("the status line shows the earliest lease expiry, and says when one ran out")
{
    StatusPanel status;
    CHECK(status.leaseText().isEmpty());
    const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(3600);
    status.setLeaseExpiry(later);
    CHECK(status.leaseText().contains(QStringLiteral("leases until")));
    CHECK(status.text().contains(status.leaseText()));
    status.setLeaseExpiry(QDateTime::currentDateTimeUtc().addSecs(-60));
    CHECK(status.leaseText().contains(QStringLiteral("ran out")));
    status.setLeaseExpiry({});
    CHECK(status.leaseText().isEmpty());
}
