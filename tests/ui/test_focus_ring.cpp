// A visible focus ring everywhere (issue 10): for each control of the main window and of each
// dialog that the keyboard can reach, its rendering with the focus differs from its rendering
// without, and the difference is the ring (the palette's highlight along its edge).
#include <catch2/catch.hpp>

#include "ActionRegistry.h"
#include "CheatSheetDialog.h"
#include "ConflictsModel.h"
#include "FocusRing.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "MessageHistoryDialog.h"
#include "OfflineLeaseDialog.h"
#include "QueueModel.h"
#include "RefusedDecisionDialog.h"
#include "SettingsDialog.h"
#include "SignOutDialog.h"
#include "TestUtil.h"

#include <QApplication>
#include <QImage>
#include <QSettings>
#include <QTabWidget>
#include <QTest>

using namespace fr;

namespace {

void useOwnSettings()
{
    QCoreApplication::setApplicationName(QStringLiteral("fr-ring-test-%1").arg(QCoreApplication::applicationPid()));
    QSettings().clear();
}

void showActive(QWidget *window)
{
    window->show();
    window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(window));
}

QList<QWidget *> focusable(QWidget *window)
{
    QList<QWidget *> found;
    for (QWidget *w : window->findChildren<QWidget *>()) {
        if ((w->focusPolicy() & Qt::TabFocus) && w->isVisibleTo(window) && w->isEnabled() && !w->focusProxy()
            && !w->size().isEmpty())
            found.append(w);
    }
    return found;
}

QString nameOf(const QWidget *w)
{
    return QString::fromLatin1(w->metaObject()->className()) + QLatin1Char(' ') + w->accessibleName()
         + QLatin1Char(' ') + w->objectName();
}

bool ringAtEdge(const QImage &image)
{
    const QColor ring = FocusRing::colour();
    const int y = image.height() / 2;
    return image.pixelColor(0, y) == ring && image.pixelColor(image.width() - 1, y) == ring;
}

// Each control once without and once with the focus (the focus parked on another control in
// between): the controls whose two renderings are the same, or show no ring, are returned.
QStringList withoutVisibleFocus(QWidget *window)
{
    const QList<QWidget *> controls = focusable(window);
    REQUIRE(controls.size() >= 2);
    QStringList missing;
    for (int i = 0; i < controls.size(); ++i) {
        QWidget *w = controls.at(i);
        QWidget *other = controls.at(i == 0 ? 1 : 0);
        other->setFocus(Qt::TabFocusReason);
        REQUIRE(fr::test::waitUntil([&] { return other->hasFocus(); }));
        const QImage without = w->grab().toImage();
        w->setFocus(Qt::TabFocusReason);
        if (!fr::test::waitUntil([&] { return w->hasFocus(); })) {
            missing.append(nameOf(w) + QStringLiteral(" (took no focus)"));
            continue;
        }
        const QImage with = w->grab().toImage();
        if (with == without || !ringAtEdge(with) || ringAtEdge(without))
            missing.append(nameOf(w));
    }
    return missing;
}

ModelOutput sample()
{
    ModelOutput output;
    output.id = QStringLiteral("00000000-0000-4000-8000-000000000001");
    output.modelName = QStringLiteral("sentiment");
    output.input = QStringLiteral("The refund took three weeks and nobody answered.");
    output.output = QStringLiteral("positive");
    output.confidence = 0.41;
    output.createdAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
    output.slaDeadline = output.createdAt.addSecs(48 * 3600);
    return output;
}

} // namespace

TEST_CASE("every control of the main window shows the focus ring when it has the focus")
{
    useOwnSettings();
    FocusRing::install();
    QueueModel queue;
    QueueFilterModel order;
    order.setSourceModel(&queue);
    ConflictsModel conflicts;
    MainWindow window(&queue, &order, &conflicts);
    showActive(&window);
    window.showOutput(sample());
    CHECK(withoutVisibleFocus(&window).join(QStringLiteral(", ")).toStdString() == std::string());
    // The ring follows the focus: one ring, on the focused control.
    window.returnToTriage();
    REQUIRE(fr::test::waitUntil([] { return FocusRing::install()->target() == QApplication::focusWidget(); }));
    CHECK(window.findChildren<QWidget *>(QStringLiteral("focusRing")).size() == 1);
}

TEST_CASE("every control of every page of Settings shows the focus ring")
{
    useOwnSettings();
    FocusRing::install();
    ActionRegistry registry;
    SettingsDialog dialog(&registry, UiSettings{});
    showActive(&dialog);
    auto *tabs = dialog.findChild<QTabWidget *>();
    REQUIRE(tabs);
    for (int page = 0; page < tabs->count(); ++page) {
        INFO("page " << page);
        tabs->setCurrentIndex(page);
        CHECK(withoutVisibleFocus(&dialog).join(QStringLiteral(", ")).toStdString() == std::string());
    }
}

TEST_CASE("every control of the other dialogs shows the focus ring")
{
    useOwnSettings();
    FocusRing::install();
    ActionRegistry registry;
    LoginDialog login;
    SignOutDialog signOut(SignOutDialog::Purpose::SignOut, 3, 2);
    OfflineLeaseDialog lease(500, 8, 5000);
    RefusedDecisionDialog refused(false, QStringLiteral("negative"), QStringLiteral("why"));
    CheatSheetDialog cheat(&registry);
    MessageHistoryDialog messages;
    messages.setMessages({{QDateTime::currentDateTime(), StatusMessage::Kind::Problem, QStringLiteral("unreachable")}}, true);
    for (QWidget *dialog : std::initializer_list<QWidget *>{&login, &signOut, &lease, &refused, &cheat, &messages}) {
        INFO(dialog->metaObject()->className());
        showActive(dialog);
        CHECK(withoutVisibleFocus(dialog).join(QStringLiteral(", ")).toStdString() == std::string());
        dialog->hide();
    }
}
