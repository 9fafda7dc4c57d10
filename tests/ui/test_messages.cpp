// Messages that can be read (issue 10): problems wrap in the status line with their time and stay
// until superseded or dismissed; notices go by themselves; Ctrl+M (or a click on the message)
// opens every problem and notice with its time, as plain text that can be copied.
#include <catch2/catch.hpp>

#include "ConflictsModel.h"
#include "MainWindow.h"
#include "MessageHistoryDialog.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "StatusPanel.h"
#include "TestUtil.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTest>

using namespace fr;

namespace {

struct Window {
    QueueModel queue;
    QueueFilterModel order;
    ConflictsModel conflicts;
    std::unique_ptr<MainWindow> window;

    Window()
    {
        QCoreApplication::setApplicationName(QStringLiteral("fr-messages-test-%1").arg(QCoreApplication::applicationPid()));
        QSettings().clear();
        order.setSourceModel(&queue);
        window = std::make_unique<MainWindow>(&queue, &order, &conflicts);
        window->show();
        window->activateWindow();
        REQUIRE(QTest::qWaitForWindowActive(window.get()));
        window->returnToTriage();
    }
    ~Window()
    {
        window.reset();
        QFile::remove(QSettings().fileName());
    }
    StatusPanel *status() const { return window->statusPanel(); }
    void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget *target = QApplication::focusWidget() ? QApplication::focusWidget() : window.get();
        QTest::keyClick(target, Qt::Key(key), modifiers);
    }
    MessageHistoryDialog *history() const { return window->findChild<MessageHistoryDialog *>(); }
};

QLabel *labelNamed(const StatusPanel *panel, const QString &accessibleName)
{
    for (QLabel *label : panel->findChildren<QLabel *>())
        if (label->accessibleName() == accessibleName)
            return label;
    return nullptr;
}

const QString kLong = QStringLiteral(
    "The server is unreachable at http://127.0.0.1:8080 (Connection refused). Your decisions are kept on this "
    "computer, and sent when the server answers again: <b>nothing</b> is lost.");

} // namespace

TEST_CASE("Ctrl+M shows every problem and notice with its time, as plain text that can be copied")
{
    Window w;
    w.status()->setProblem(kLong);
    w.status()->setNotice(QStringLiteral("120 outputs leased"));
    w.status()->setProblem(QStringLiteral("The server had a problem (503); trying again later."));  // supersedes
    w.press(Qt::Key_M, Qt::ControlModifier);
    MessageHistoryDialog *dialog = w.history();
    REQUIRE(dialog);
    REQUIRE(fr::test::waitUntil([&] { return dialog->isVisible() && QApplication::activeWindow() == dialog; }));
    QPlainTextEdit *text = dialog->textView();
    CHECK(text->hasFocus());
    const QStringList lines = text->toPlainText().split(QLatin1Char('\n'));
    REQUIRE(lines.size() == 3);
    const QString hour = QTime::currentTime().toString(QStringLiteral("HH:"));
    CHECK(lines.at(0).endsWith(QStringLiteral("problem  ") + kLong));  // whole, <b> as typed
    CHECK(lines.at(1).endsWith(QStringLiteral("notice  120 outputs leased")));
    CHECK(lines.at(2).contains(QStringLiteral("503")));
    for (const QString &line : lines)
        CHECK(QTime::fromString(line.left(8), QStringLiteral("HH:mm:ss")).isValid());

    // Copy with the keyboard, as a person does for a colleague.
    QApplication::clipboard()->clear();
    QTest::keyClick(text, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(text, Qt::Key_C, Qt::ControlModifier);
    CHECK(QApplication::clipboard()->text().contains(kLong));

    // A new problem while it is open shows up in it.
    w.status()->setProblem(QStringLiteral("Leasing needs a connection: sign in online first."));
    CHECK(text->toPlainText().split(QLatin1Char('\n')).size() == 4);

    // Dismissed: gone from the status line, kept in the history; Esc goes back to triage.
    REQUIRE(dialog->dismissButton()->isEnabled());
    QTest::keyClick(dialog, Qt::Key_D, Qt::AltModifier);
    REQUIRE(fr::test::waitUntil([&] { return w.status()->problem().isEmpty(); }));
    CHECK_FALSE(dialog->dismissButton()->isEnabled());
    CHECK(text->toPlainText().contains(QStringLiteral("Leasing needs a connection")));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    REQUIRE(fr::test::waitUntil([&] { return !dialog->isVisible(); }));
    CHECK(fr::test::waitUntil([&] { return w.window->queueView()->list()->hasFocus(); }));
    CHECK(w.status()->history().size() == 4);
}

TEST_CASE("a click on the problem in the status line opens the history")
{
    Window w;
    w.status()->setProblem(kLong);
    QLabel *problem = labelNamed(w.status(), QStringLiteral("Problem"));
    REQUIRE(problem);
    QTest::mouseClick(problem, Qt::LeftButton);
    REQUIRE(fr::test::waitUntil([&] { return w.history() && w.history()->isVisible(); }));
    CHECK(w.history()->textView()->toPlainText().contains(kLong));
}

TEST_CASE("a notice goes by itself, a problem stays, and the same problem again keeps its first time")
{
    Window w;
    StatusPanel *status = w.status();
    status->setNoticeLifetime(50);  // 20 s in use
    status->setProblem(kLong);
    const QString shown = status->problem();
    status->setNotice(QStringLiteral("synced 5"));
    CHECK(status->text().contains(QStringLiteral("synced 5")));
    REQUIRE(fr::test::waitUntil([&] { return status->notice().isEmpty(); }));
    CHECK(status->problem() == shown);  // still there after the notice went
    status->setProblem(kLong);          // a retry says it again
    CHECK(status->history().size() == 2);
    // A notice that updates the one still shown replaces it in the history (progress).
    status->setNoticeLifetime(60'000);
    status->setNotice(QStringLiteral("leasing for offline review: 100 of 500…"));
    status->setNotice(QStringLiteral("leasing for offline review: 200 of 500…"));
    CHECK(status->history().size() == 3);
    CHECK(status->history().constLast().text.contains(QStringLiteral("200 of 500")));
}

TEST_CASE("the status line never cuts a word: a long problem wraps, at most 3 lines, cut at a word end")
{
    Window w;
    w.window->resize(700, w.window->height());
    const int before = w.window->statusBar()->height();
    w.status()->setProblem(kLong + QLatin1Char(' ') + kLong);
    w.status()->setNotice(QStringLiteral("120 outputs leased"));
    QLabel *problem = labelNamed(w.status(), QStringLiteral("Problem"));
    QLabel *notice = labelNamed(w.status(), QStringLiteral("Notice"));
    REQUIRE(problem);
    REQUIRE(notice);
    CHECK(problem->wordWrap());
    CHECK(notice->width() >= notice->sizeHint().width());  // one short line, whole
    // Laid out: the bar grows by a few lines at most (not hundreds of pixels, as a wrapped label
    // sized for its minimum width made it), and every shown line is whole.
    const int line = problem->fontMetrics().lineSpacing();
    REQUIRE(fr::test::waitUntil([&] { return problem->width() > 40 && problem->text().endsWith(QStringLiteral(" …")); }));
    CHECK(w.window->statusBar()->height() <= before + StatusPanel::kProblemLines * line + 8);
    CHECK(problem->height() >= problem->heightForWidth(problem->width()));
    const QString shown = problem->text().chopped(2);
    CHECK((kLong + QLatin1Char(' ') + kLong).startsWith(shown.mid(shown.indexOf(QLatin1Char(' '), 2) + 1)));
    CHECK(kLong.contains(shown.split(QLatin1Char(' ')).constLast()));  // a whole word before the cut
    // The whole sentence: in the tooltip, in problem() and text(), and in the history.
    CHECK(problem->toolTip().contains(kLong + QLatin1Char(' ') + kLong));
    CHECK(w.status()->problem().endsWith(kLong + QLatin1Char(' ') + kLong));
    const QList<StatusMessage> history = w.status()->history();
    REQUIRE(history.size() == 2);
    CHECK(history.at(0).kind == StatusMessage::Kind::Problem);
    CHECK(history.at(0).text == kLong + QLatin1Char(' ') + kLong);
}

TEST_CASE("elideToLines cuts after a whole word, and leaves a text that fits alone")
{
    const QFont font = QApplication::font();
    const QString fits = QStringLiteral("unreachable");
    CHECK(StatusPanel::elideToLines(fits, font, 400, 1) == fits);
    const QString words = QStringLiteral("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu").repeated(5);
    const QString cut = StatusPanel::elideToLines(words, font, 200, 2);
    REQUIRE(cut.endsWith(QStringLiteral(" …")));
    const QString kept = cut.chopped(2);
    CHECK(words.startsWith(kept));
    CHECK(words.at(kept.size()) == QLatin1Char(' '));  // the cut is at a word end
    const QFontMetrics metrics(font);
    CHECK(metrics.boundingRect(QRect(0, 0, 200, 10000), Qt::TextWordWrap, cut).height() <= 2 * metrics.lineSpacing());
}
