// The supervisor console with a scripted network (FakeNetwork): what is asked (no target unless
// a what-if), what every page shows, the offline snapshot, CSV content, the keys (Esc never
// quits, sign out on a key), and releasing a reviewer's leases only after asking.
#include <catch2/catch.hpp>

#include "FakeNetwork.h"
#include "ReviewerAppTestKit.h"

#include "ApiClient.h"
#include "JsonCodec.h"
#include "SlaCharts.h"
#include "SlaDashboard.h"
#include "SlaDashboardController.h"
#include "SlaTablePanel.h"
#include "SupervisorConsole.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

using namespace fr;
using namespace Qt::StringLiterals;
using fr::test::waitFor;
using fr::test::FakeNetwork;
using Figure = SlaDashboard::Figure;

namespace {

QByteArray summaryJson(double target)
{
    return QStringLiteral(
               R"({"target_hours":%1,"default_target_hours":24,"goal":0.95,"pending":5,"overdue":2,"reviewed":4,
           "oldest_pending_age_seconds":90000,"reviewed_within_target_pct_7d":75,"reviewed_within_target_pct_all":75,
           "median_time_to_review_seconds":3600,"p95_time_to_review_seconds":7200,"approval_rate":0.5,
           "reviewers":[{"reviewer_id":"r1","username":"rev1","reviewed":4,"approved":2,"median_seconds":3600}]})")
        .arg(target)
        .toUtf8();
}

FakeNetwork::Response answer(const FakeNetwork::Request &request)
{
    const QString path = request.path();
    const QUrlQuery query(request.url);
    const double target = query.hasQueryItem(u"target_hours"_s) ? query.queryItemValue(u"target_hours"_s).toDouble() : 24;
    if (path == u"/sla/summary"_s)
        return FakeNetwork::json(200, summaryJson(target));
    if (path == u"/sla/timeseries"_s)
        return FakeNetwork::json(200, QStringLiteral(R"({"bucket":"%1","target_hours":%2,"points":[
            {"start":"2026-11-29T00:00:00Z","arrivals":3,"reviewed":2,"reviewed_within_target":1,"backlog":4,"within_target_pct":50},
            {"start":"2026-11-30T00:00:00Z","arrivals":2,"reviewed":2,"reviewed_within_target":2,"backlog":5,"within_target_pct":100}]})")
                                          .arg(query.queryItemValue(u"bucket"_s)).arg(target).toUtf8());
    if (path == u"/sla/items"_s && query.queryItemValue(u"kind"_s) == u"overdue"_s)
        return FakeNetwork::json(200, R"({"items":[
            {"id":"o1","model_name":"sentiment","model_version":"1.4","confidence":0.41,"created_at":"2026-11-28T10:00:00Z",
             "deadline":"2026-11-29T10:00:00Z","lease_holder":"rev1","lease_expires_at":"2026-12-01T12:00:00Z",
             "input_preview":"The refund took three weeks","output_preview":"positive"},
            {"id":"o2","model_name":"ner","model_version":null,"confidence":0.3,"created_at":"2026-11-28T11:00:00Z",
             "deadline":"2026-11-29T11:00:00Z","lease_holder":null,"lease_expires_at":null,
             "input_preview":"Paris, \"France\"","output_preview":"LOC"}],"total":2})");
    if (path == u"/sla/items"_s)
        return FakeNetwork::json(200, R"({"items":[],"total":0})");
    if (path == u"/sla/forecast"_s)
        return FakeNetwork::json(200, R"({"horizon_hours":24,"target_hours":24,"pace_per_hour":2,"pending":5,"breaching":3,
            "decisions_short":3,"per_reviewer_rate_per_hour":2,"reviewer_hours_needed":1.5,"sentence":"x"})");
    if (path == u"/sla/breakdown"_s) {
        const QString by = query.queryItemValue(u"by"_s);
        if (by == u"model"_s)
            return FakeNetwork::json(200, R"({"by":"model","target_hours":24,"rows":[{"model_name":"sentiment","model_version":"1.4",
                "backlog":5,"reviewed":4,"within_target_pct":75,"approval_rate":0.5,"median_s":3600,"p95_s":7200}]})");
        if (by == u"reason"_s)
            return FakeNetwork::json(200, R"({"by":"reason","target_hours":24,"rows":[{"reason_code":"wrong_label","count":2,
                "trend":[0,0,0,0,0,0,0,0,0,0,0,0,1,1]}]})");
        return FakeNetwork::json(200, R"({"by":"reviewer","target_hours":24,"rows":[{"reviewer_id":"r1","username":"rev1",
            "decisions":4,"per_hour_on_screen":12.5,"approval_rate":0.5,"median_s":3600}]})");
    }
    if (path == u"/sla/histogram"_s)
        return FakeNetwork::json(200, R"({"target_hours":24,"buckets":[{"lo_s":0,"hi_s":3600,"count":2},
            {"lo_s":3600,"hi_s":86400,"count":1},{"lo_s":86400,"hi_s":null,"count":1}]})");
    if (path == u"/sla/leases"_s)
        return FakeNetwork::json(200, R"({"reviewers":[{"reviewer_id":"r1","username":"rev1","held":3,
            "earliest_expiry":"2026-12-01T12:00:00Z","latest_expiry":"2026-12-01T13:00:00Z"}]})");
    if (path == u"/sla/leases/release"_s)
        return FakeNetwork::json(200, R"({"released":3})");
    return FakeNetwork::problem(404, u"Not found"_s);
}

struct Rig {
    FakeNetwork network;
    ApiClient api{&network};
    SupervisorConsole console{&api, nullptr};
    Rig()
    {
        api.setServer(QUrl(u"http://127.0.0.1:9"_s));
        api.setAccessToken(u"token"_s);
        network.setHandler(&answer);
    }
    SlaDashboard *view() const { return console.dashboard(); }
    void show(bool online)
    {
        Account account;
        account.username = u"boss"_s;
        account.role = u"supervisor"_s;
        console.show(account, api.server(), online);
    }
    bool waitUpdated() const
    {
        return waitFor([this] { return view()->updatedLabel()->text().startsWith(u"Updated"_s); });
    }
};

// ctest runs the cases as parallel processes: each gets its own data folder, so its own snapshot
// file, and starts without one (seen: one case's clean start deleted the snapshot another case
// had just written, with two tests at a time).
void startWithoutSnapshot()
{
    fr::test::forgetEverything(u"sla-console"_s);
    REQUIRE_FALSE(QFile::exists(SlaDashboardController::defaultSnapshotPath(QUrl(u"http://127.0.0.1:9"_s), u"boss"_s)));
}

} // namespace

TEST_CASE("the console asks without a target (the server's own applies) and fills every page")
{
    startWithoutSnapshot();
    fr::test::CleanUpAtExit cleanUp;
    Rig rig;
    rig.show(true);
    REQUIRE(rig.waitUpdated());
    SlaDashboard *view = rig.view();
    for (const FakeNetwork::Request &request : rig.network.requests()) {
        INFO(request.url.toString().toStdString());
        CHECK_FALSE(QUrlQuery(request.url).hasQueryItem(u"target_hours"_s));
    }
    CHECK(rig.network.requestsTo(u"/sla/items"_s).size() == 2);
    CHECK(view->figure(Figure::Pending)->text() == u"5"_s);
    CHECK(view->figure(Figure::WithinTargetAll)->text() == formatPercent(75.0));
    CHECK(view->goal(Figure::WithinTargetAll) == SlaDashboard::Goal::Missed);
    CHECK(view->figure(Figure::Overdue)->text() == u"2"_s);
    CHECK(view->whatIfLabel()->isHidden());
    CHECK(view->targetEdit()->text().contains(u"24"_s));  // "server's own (24 h)"
    CHECK(view->forecastLabel()->text().contains(u"3 outputs breach in the next 24 h"_s));
    CHECK(view->forecastLabel()->text().contains(u"1.5 more reviewer-hours"_s));

    QAbstractItemModel *overdue = view->itemsPanel(SlaItemPage::Kind::Overdue)->table()->model();
    REQUIRE(overdue->rowCount() == 2);
    CHECK(view->pages()->tabText(int(SlaDashboard::Page::Attention)).contains(u"(2)"_s));
    CHECK(view->breakdownPanel(SlaBreakdown::By::Model)->table()->model()->rowCount() == 1);
    CHECK(view->breakdownPanel(SlaBreakdown::By::Reason)->table()->model()->index(0, 1).data().toString() == u"2"_s);
    CHECK(view->breakdownPanel(SlaBreakdown::By::Reviewer)->table()->model()->index(0, 2).data().toString() == u"12.5"_s);
    CHECK(view->leasesPanel()->table()->model()->index(0, 1).data().toString() == u"3"_s);
    CHECK(view->series(0)->points().size() == 2);
    CHECK(view->charts()->withinTargetLine()->points().size() == 2);
    CHECK(view->charts()->goalLine()->points().at(0).y() == Approx(95.0));
    CHECK(view->charts()->targetLine()->points().at(0).x() == Approx(24.0));
    CHECK(view->charts()->histogramLine()->points().size() == 12);

    // The item's details: Enter in the list.
    QTableView *table = view->itemsPanel(SlaItemPage::Kind::Overdue)->table();
    view->pages()->setCurrentIndex(int(SlaDashboard::Page::Attention));
    view->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(view));
    table->setFocus();
    table->setCurrentIndex(table->model()->index(0, 0));
    QTest::keyClick(table, Qt::Key_Return);
    CHECK(view->itemDetails()->hasFocus());
    CHECK(view->itemDetails()->toPlainText().contains(u"The refund took three weeks"_s));

    // CSV: what the table shows; the quoted preview is never the CSV's problem.
    const QStringList lines = view->itemsPanel(SlaItemPage::Kind::Overdue)->csv().split(u"\r\n"_s);
    REQUIRE(lines.size() == 4);
    CHECK(lines.at(0) == u"Deadline,Model,Confidence,Waiting,Leased by,Output"_s);
    CHECK(lines.at(1).contains(u",sentiment 1.4,0.41,"_s));
    CHECK(lines.at(2).contains(u",ner,0.30,"_s));
    table->setFocus();
    QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);  // the focused list's filter
    CHECK(view->itemsPanel(SlaItemPage::Kind::Overdue)->filterEdit()->hasFocus());
    view->itemsPanel(SlaItemPage::Kind::Overdue)->filterEdit()->setText(u"ner"_s);
    CHECK(view->itemsPanel(SlaItemPage::Kind::Overdue)->csv().split(u"\r\n"_s).size() == 3);

    // A what-if target: asked for, and marked as such.
    rig.network.clearRequests();
    view->targetEdit()->setFocus();
    view->targetEdit()->selectAll();
    QTest::keyClicks(view->targetEdit(), u"12"_s);
    QTest::keyClick(view->targetEdit(), Qt::Key_Return);
    REQUIRE(waitFor([view] { return view->figure(Figure::WithinTarget7d)->parentWidget()->findChildren<QLabel *>()
                                 .constFirst()->text().contains(u"12 h"_s); }));
    REQUIRE(rig.waitUpdated());
    CHECK(QUrlQuery(rig.network.requestsTo(u"/sla/summary"_s).constLast().url).queryItemValue(u"target_hours"_s) == u"12"_s);
    CHECK(QUrlQuery(rig.network.requestsTo(u"/sla/items"_s).constLast().url).queryItemValue(u"target_hours"_s) == u"12"_s);
    CHECK(view->whatIfLabel()->isVisible());
    CHECK(view->whatIfLabel()->text().contains(u"WHAT-IF"_s));
    CHECK(view->whatIfLabel()->text().contains(u"24 h"_s));
}

TEST_CASE("offline the last snapshot is shown, with when it was taken, nothing is asked")
{
    startWithoutSnapshot();
    fr::test::CleanUpAtExit cleanUp;
    {
        Rig first;
        first.show(true);
        REQUIRE(first.waitUpdated());
    }
    Rig rig;
    rig.show(false);
    SlaDashboard *view = rig.view();
    REQUIRE(waitFor([view] { return view->isVisible() && view->snapshotLabel()->isVisible(); }));
    CHECK(rig.network.requests().isEmpty());
    CHECK(view->snapshotLabel()->text().startsWith(u"Offline: showing the snapshot taken "_s));
    CHECK(view->figure(Figure::Pending)->text() == u"5"_s);
    CHECK(view->itemsPanel(SlaItemPage::Kind::Overdue)->table()->model()->rowCount() == 2);
    CHECK(view->breakdownPanel(SlaBreakdown::By::Reason)->table()->model()->rowCount() == 1);
    CHECK(view->leasesPanel()->table()->model()->rowCount() == 1);
    CHECK(view->forecastLabel()->text().contains(u"3 outputs breach"_s));
    CHECK(view->updatedLabel()->text().startsWith(u"Snapshot of "_s));
}

TEST_CASE("Esc never closes the supervisor's window, sign out and switch server are on keys")
{
    startWithoutSnapshot();
    fr::test::CleanUpAtExit cleanUp;
    Rig rig;
    rig.show(true);
    SlaDashboard *view = rig.view();
    REQUIRE(rig.waitUpdated());
    view->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(view));
    QSignalSpy signOut(view, &SlaDashboard::signOutRequested);
    for (QWidget *target : {static_cast<QWidget *>(view), QApplication::focusWidget()}) {
        QTest::keyClick(target, Qt::Key_Escape);
        CHECK(view->isVisible());
    }
    view->pages()->setCurrentIndex(int(SlaDashboard::Page::Leases));
    view->leasesPanel()->table()->setFocus();
    QTest::keyClick(view->leasesPanel()->table(), Qt::Key_Escape);
    CHECK(view->isVisible());
    QTest::keyClick(view, Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(signOut.size() == 1);
    CHECK(signOut.at(0).at(0).toBool() == false);
    QTest::keyClick(view, Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(signOut.size() == 2);
    CHECK(signOut.at(1).at(0).toBool() == true);
    QStringList keys;
    for (QAction *action : view->keyActions())
        keys.append(action->shortcut().toString());
    CHECK(keys.contains(u"?"_s));
    CHECK_FALSE(keys.contains(u"Esc"_s));
}

TEST_CASE("? lists the supervisor's keys, sign out and switch server among them, and Esc closes only the list")
{
    startWithoutSnapshot();
    fr::test::CleanUpAtExit cleanUp;
    Rig rig;
    rig.show(true);
    SlaDashboard *view = rig.view();
    REQUIRE(rig.waitUpdated());
    view->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(view));
    QStringList listed;
    bool closedByEsc = false;
    // The list is modal (its own event loop): read it from inside, then press Esc in it.
    QTimer::singleShot(0, view, [&] {
        REQUIRE(waitFor([] { return QApplication::activeModalWidget() != nullptr; }));
        QWidget *sheet = QApplication::activeModalWidget();
        auto *table = sheet->findChild<QTableWidget *>(u"cheatSheetTable"_s);
        REQUIRE(table);
        for (int row = 0; row < table->rowCount(); ++row)
            listed.append(table->item(row, 0)->text() + u" = "_s + table->item(row, 1)->text());
        QTest::keyClick(sheet, Qt::Key_Escape);
        closedByEsc = waitFor([sheet] { return !sheet->isVisible(); });
        if (!closedByEsc)
            sheet->close();  // never leave the test inside the sheet's event loop
    });
    QTest::keyClick(view, Qt::Key_Question);
    CHECK(closedByEsc);
    CHECK(view->isVisible());
    CHECK(listed.contains(u"Sign out = "_s + QKeySequence(u"Ctrl+Shift+Q"_s).toString(QKeySequence::NativeText)));
    CHECK(listed.contains(u"Switch server… = "_s + QKeySequence(u"Ctrl+Shift+S"_s).toString(QKeySequence::NativeText)));
    CHECK(listed.contains(u"Show every shortcut = ?"_s));
}

TEST_CASE("a reviewer's leases are released only after the supervisor says yes")
{
    startWithoutSnapshot();
    fr::test::CleanUpAtExit cleanUp;
    Rig rig;
    rig.show(true);
    SlaDashboard *view = rig.view();
    REQUIRE(rig.waitUpdated());
    QTableView *table = view->leasesPanel()->table();
    table->setCurrentIndex(table->model()->index(0, 0));
    const auto answerWith = [](QMessageBox::StandardButton button) {
        QTimer::singleShot(0, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            REQUIRE(box);
            CHECK(box->text().contains(u"rev1's 3 leased outputs"_s));
            box->button(button)->click();
        });
    };
    answerWith(QMessageBox::Cancel);
    view->askReleaseCurrent();
    CHECK(rig.network.requestsTo(u"/sla/leases/release"_s).isEmpty());

    answerWith(QMessageBox::Yes);
    view->askReleaseCurrent();
    REQUIRE(waitFor([&] { return view->leasesPanel()->noteLabel()->text().startsWith(u"Released 3"_s); }));
    const auto posts = rig.network.requestsTo(u"/sla/leases/release"_s);
    REQUIRE(posts.size() == 1);
    CHECK(posts.at(0).body == R"({"reviewer_id":"r1"})");
}
