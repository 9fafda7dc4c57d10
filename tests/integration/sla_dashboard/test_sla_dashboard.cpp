// Supervisors get the SLA dashboard (not the triage window), and it shows what the backend
// knows: the test makes outputs with known created_at and decisions with known decided_at,
// computes the figures itself, and reads them off the real widgets.
#include <catch2/catch.hpp>

#include "BackendProcess.h"
#include "ReviewerAppTestKit.h"
#include "TestUtil.h"

#include "ApiClient.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "ReviewerApp.h"
#include "SlaDashboard.h"
#include "SlaDashboardController.h"
#include "SlaCharts.h"
#include "SlaReviewerModel.h"
#include "SlaTableModels.h"
#include "SlaTablePanel.h"
#include "SupervisorConsole.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMap>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace fr;
using fr::test::BackendProcess;
using fr::test::CleanUpAtExit;
using fr::test::waitFor;
using Figure = SlaDashboard::Figure;

namespace {

void forgetEverything() { fr::test::forgetEverything(QStringLiteral("fr-sla")); }

ReviewerOptions optionsFor(const QUrl &server)
{
    return fr::test::optionsFor(server, QStringLiteral("feedback-reviewer-sla-test"));
}

void signInThroughDialog(ReviewerApp &app, const QString &user)
{
    fr::test::signInThroughDialog(app, user, BackendProcess::passwordFor(user));
}

QString rfc3339(const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); }

// One flagged output created at `created`; → its id.
QString ingestAt(BackendProcess &backend, const QDateTime &created)
{
    QJsonObject output = BackendProcess::sampleOutputs(1).at(0).toObject();
    output.insert(QStringLiteral("created_at"), rfc3339(created));
    const QJsonArray items = backend.ingest(QJsonArray{output});
    REQUIRE(items.size() == 1);
    return items.at(0).toObject().value(QStringLiteral("id")).toString();
}

void decide(BackendProcess &backend, const QString &user, const QString &outputId, bool approval,
            const QDateTime &decidedAt)
{
    const QString token = backend.signIn(user);
    REQUIRE_FALSE(token.isEmpty());
    const BackendProcess::Response me = backend.request("GET", QStringLiteral("/me"), {}, "application/json", token);
    REQUIRE(me.status == 200);
    const QJsonObject body{
        {QStringLiteral("model_output_id"), outputId},
        {QStringLiteral("reviewer_id"), me.json().value(QStringLiteral("reviewer_id")).toString()},
        {QStringLiteral("approval"), approval},
        {QStringLiteral("correction"), QString()},
        {QStringLiteral("comment"), QString()},
        {QStringLiteral("decided_at"), rfc3339(decidedAt)},
    };
    const BackendProcess::Response answer = backend.request(
        "POST", QStringLiteral("/feedback/"), QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", token);
    INFO(answer.body.toStdString());
    REQUIRE(answer.status == 201);
}

// The backend keeps times to review in buckets (sla_agg.EDGES_S: bucket i holds (edge i, edge i+1]) and
// places a rank inside its bucket by its position among the bucket's counts, then interpolates
// between the ranks floor and ceil of q·(n−1), as it documents. The same rule, computed here.
double bucketedPercentile(const QList<double> &values, double q)
{
    const double h = 3600;
    const QList<double> edges{0, 60, 300, 600, 900, 1800, 2700, h, 5400, 2 * h, 3 * h, 4 * h, 5 * h, 6 * h, 8 * h,
                              10 * h, 12 * h, 15 * h, 18 * h, 21 * h, 24 * h, 30 * h, 36 * h, 42 * h, 48 * h, 60 * h,
                              72 * h, 96 * h, 120 * h, 144 * h, 168 * h, 240 * h, 336 * h, 504 * h, 720 * h, 1440 * h};
    QMap<int, int> counts;
    for (double v : values) {
        int b = 0;
        while (b + 1 < edges.size() && v > edges[b + 1])
            ++b;
        ++counts[b];
    }
    const auto at = [&](int k) {
        int cum = 0;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            if (k < cum + it.value()) {
                const double lo = edges[it.key()];
                if (it.key() + 1 >= edges.size())
                    return lo;
                const double hi = edges[it.key() + 1];
                return lo + (hi - lo) * (k - cum + 0.5) / it.value();
            }
            cum += it.value();
        }
        return edges[counts.lastKey()];
    };
    const int n = int(values.size());
    const double r = q * (n - 1);
    const int k0 = int(std::floor(r));
    return at(k0) + (at(std::min(k0 + 1, n - 1)) - at(k0)) * (r - k0);
}

QString shown(SlaDashboard *dashboard, Figure figure) { return dashboard->figure(figure)->text(); }

double seriesSum(QLineSeries *series)
{
    double sum = 0;
    for (const QPointF &p : series->points())
        sum += p.y();
    return sum;
}

void supervisorSeesWhatTheDataImplies(BackendProcess::Database database)
{
    QString why;
    if (database == BackendProcess::Database::Postgres && !BackendProcess::postgresConfigured(&why)) {
        if (BackendProcess::postgresRequired())
            FAIL(why.toStdString());
        FR_SKIP(why.toStdString());
    }
    forgetEverything();
    CleanUpAtExit cleanUp;
    BackendProcess backend(database);
    REQUIRE(backend.start());

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto hours = [&now](double h) { return now.addMSecs(qint64(-h * 3600 * 1000)); };
    // Outputs needing review, with known ages; decisions with known times to review.
    const QString a1 = ingestAt(backend, hours(100)), a2 = ingestAt(backend, hours(100)),
                  a3 = ingestAt(backend, hours(100));  // a3 stays pending: overdue
    const QString b1 = ingestAt(backend, hours(30));
    ingestAt(backend, hours(30));                       // stays pending, not overdue
    const QString c1 = ingestAt(backend, hours(2)), c2 = ingestAt(backend, hours(2));
    struct Made { QString user; QString id; bool approval; double createdHoursAgo; double ttrHours; };
    const QList<Made> decisions{
        {BackendProcess::reviewer, a1, true, 100, 10},     // within 48 h
        {BackendProcess::reviewer, a2, false, 100, 60},    // late
        {BackendProcess::reviewer, b1, true, 30, 20},      // within
        {BackendProcess::reviewer, c1, true, 2, 1},        // within
        {BackendProcess::otherReviewer, c2, false, 2, 0.5} // within
    };
    QList<double> ttrSeconds;
    int within = 0, approved = 0;
    for (const Made &d : decisions) {
        decide(backend, d.user, d.id, d.approval, hours(d.createdHoursAgo - d.ttrHours));
        ttrSeconds.append(d.ttrHours * 3600);
        within += d.ttrHours <= 48 ? 1 : 0;
        approved += d.approval ? 1 : 0;
    }
    const int pending = 2, overdue = 1, reviewed = int(decisions.size());
    const double pctWithin = 100.0 * within / (reviewed + overdue);  // 4 / 6

    // rev2 holds one of the two pending outputs on a lease.
    const BackendProcess::Response leased = backend.request(
        "POST", QStringLiteral("/outputs/lease"), R"({"limit":1,"lease_seconds":3600})", "application/json",
        backend.signIn(BackendProcess::otherReviewer));
    REQUIRE(leased.status == 200);

    ReviewerApp app(optionsFor(backend.url()));
    app.start();
    signInThroughDialog(app, BackendProcess::supervisor);
    REQUIRE(waitFor([&app] { return app.isReady(); }));
    REQUIRE(app.supervisorConsole() != nullptr);
    SlaDashboard *dashboard = app.supervisorConsole()->dashboard();
    REQUIRE(waitFor([dashboard] { return dashboard->isVisible(); }));
    CHECK_FALSE(app.window()->isVisible());  // no triage, no leasing for supervisors
    REQUIRE(waitFor([dashboard] { return dashboard->updatedLabel()->text().startsWith(QStringLiteral("Updated")); }));
    INFO(dashboard->problemLabel()->text().toStdString());
    CHECK(dashboard->problemLabel()->isHidden());
    CHECK(dashboard->windowTitle().contains(BackendProcess::supervisor));

    CHECK(shown(dashboard, Figure::Pending) == QString::number(pending));
    CHECK(shown(dashboard, Figure::Overdue) == QString::number(overdue));
    CHECK(shown(dashboard, Figure::Reviewed) == QString::number(reviewed));
    CHECK(shown(dashboard, Figure::WithinTargetAll) == formatPercent(pctWithin));
    CHECK(shown(dashboard, Figure::WithinTarget7d) == formatPercent(pctWithin));  // all within the last 7 days
    CHECK(dashboard->goal(Figure::WithinTargetAll) == SlaDashboard::Goal::Missed);  // 66.7 % < 95 %
    CHECK(shown(dashboard, Figure::MedianTimeToReview) == formatDuration(bucketedPercentile(ttrSeconds, 0.5)));
    CHECK(shown(dashboard, Figure::P95TimeToReview) == formatDuration(bucketedPercentile(ttrSeconds, 0.95)));
    CHECK(shown(dashboard, Figure::ApprovalRate) == formatPercent(100.0 * approved / reviewed));
    CHECK(shown(dashboard, Figure::OldestPending) == formatDuration(100 * 3600.0));

    // Per reviewer: rev1 4 decisions (3 approved), rev2 1 (0 approved); the busiest first.
    QAbstractItemModel *table = dashboard->reviewerTable()->model();
    REQUIRE(table->rowCount() == 2);
    CHECK(table->index(0, SlaReviewerModel::ReviewerColumn).data().toString() == BackendProcess::reviewer);
    CHECK(table->index(0, SlaReviewerModel::ReviewedColumn).data().toString() == QStringLiteral("4"));
    CHECK(table->index(0, SlaReviewerModel::ApprovedColumn).data().toString() == QStringLiteral("3"));
    CHECK(table->index(0, SlaReviewerModel::MedianColumn).data().toString()
          == formatDuration(bucketedPercentile({10 * 3600, 60 * 3600, 20 * 3600, 3600}, 0.5)));
    CHECK(table->index(1, SlaReviewerModel::ReviewerColumn).data().toString() == BackendProcess::otherReviewer);
    CHECK(table->index(1, SlaReviewerModel::ApprovedColumn).data().toString() == QStringLiteral("0"));

    // The hourly series covers the last 48 h: the 3 outputs made 30 h and 2 h ago, and the 4
    // decisions made in that time (a2 was decided 40 h ago, b1 10 h ago, c1 1 h ago, c2 1.5 h ago).
    CHECK(seriesSum(dashboard->series(0)) == 4);  // b1, b2, c1, c2 arrived within 48 h
    CHECK(seriesSum(dashboard->series(1)) == 4);
    REQUIRE_FALSE(dashboard->series(2)->points().isEmpty());
    CHECK(dashboard->series(2)->points().constLast().y() == pending);

    // The target is the backend's own (48 h): the client asked for none.
    CHECK(dashboard->targetEdit()->text() == QStringLiteral("server's own (48 h)"));
    CHECK(dashboard->whatIfLabel()->isHidden());

    // What needs attention: a3 is overdue (and rev2 holds it). b2's deadline is in 18 h, but at
    // the pace of the last 24 h (b1, c1, c2: 3/24 per hour → 2.25 in 18 h) the one output ahead of
    // it (a3) and b2 itself are reached in time: nothing is at risk, nothing breaches.
    QAbstractItemModel *overdueItems = dashboard->itemsPanel(SlaItemPage::Kind::Overdue)->table()->model();
    REQUIRE(overdueItems->rowCount() == overdue);
    CHECK(overdueItems->index(0, SlaItemsModel::LeaseColumn).data().toString().startsWith(BackendProcess::otherReviewer + QStringLiteral(" until ")));
    CHECK(overdueItems->index(0, SlaItemsModel::AgeColumn).data().toString() == formatDuration(100 * 3600.0));
    QAbstractItemModel *atRisk = dashboard->itemsPanel(SlaItemPage::Kind::AtRisk)->table()->model();
    CHECK(atRisk->rowCount() == 0);

    // Breakdowns: per model the backlog and reviewed add up; per reviewer the decisions.
    const SlaSnapshot &snap = app.supervisorConsole()->controller()->snapshot();
    REQUIRE(snap.byModel);
    int backlog = 0, modelReviewed = 0;
    for (const SlaModelRow &row : snap.byModel->models) {
        backlog += row.backlog;
        modelReviewed += row.reviewed;
    }
    CHECK(backlog == pending);
    CHECK(modelReviewed == reviewed);
    CHECK(dashboard->breakdownPanel(SlaBreakdown::By::Model)->table()->model()->rowCount() == snap.byModel->models.size());
    REQUIRE(snap.byReviewer);
    QAbstractItemModel *byReviewer = dashboard->breakdownPanel(SlaBreakdown::By::Reviewer)->table()->model();
    REQUIRE(byReviewer->rowCount() == 2);
    QMap<QString, QString> decisionsShown;
    for (int r = 0; r < 2; ++r)
        decisionsShown.insert(byReviewer->index(r, 0).data().toString(), byReviewer->index(r, 1).data().toString());
    CHECK(decisionsShown.value(BackendProcess::reviewer) == QStringLiteral("4"));
    CHECK(decisionsShown.value(BackendProcess::otherReviewer) == QStringLiteral("1"));
    REQUIRE(snap.byReason);
    int reasons = 0;
    for (const SlaReasonRow &row : snap.byReason->reasons)
        reasons += row.count;
    CHECK(reasons <= reviewed - approved);  // no reason codes were given

    // Histogram: every decision in one bucket; the target line at 48 h.
    REQUIRE(snap.histogram);
    int histogramCount = 0;
    for (const SlaHistogramBucket &b : snap.histogram->buckets)
        histogramCount += b.count;
    CHECK(histogramCount == reviewed);
    CHECK(dashboard->charts()->targetLine()->points().at(0).x() == Approx(48.0));
    // Per day, 14 days: the five decisions; % within target where there were decisions.
    REQUIRE(snap.daily);
    int dailyReviewed = 0, daysWithDecisions = 0;
    for (const SlaPoint &p : snap.daily->points) {
        dailyReviewed += p.reviewed;
        daysWithDecisions += p.reviewed > 0 ? 1 : 0;
    }
    CHECK(dailyReviewed == reviewed);
    CHECK(dashboard->charts()->withinTargetLine()->points().size() == daysWithDecisions);

    // Leases: rev2 holds one.
    QAbstractItemModel *leases = dashboard->leasesPanel()->table()->model();
    REQUIRE(leases->rowCount() == 1);
    CHECK(leases->index(0, SlaLeasesModel::ReviewerColumn).data().toString() == BackendProcess::otherReviewer);
    CHECK(leases->index(0, SlaLeasesModel::HeldColumn).data().toString() == QStringLiteral("1"));

    // The forecast line, in words.
    REQUIRE(snap.forecast);
    CHECK(snap.forecast->pending == pending);
    CHECK(snap.forecast->breaching == 0);
    CHECK(snap.forecast->pacePerHour == Approx(3.0 / 24.0));
    CHECK(dashboard->forecastLabel()->text() == QStringLiteral("At the current pace (0.1/h), nothing breaches in the next 24 h."));

    // Per day, 30 days: everything.
    dashboard->bucketEdit()->setCurrentIndex(1);
    REQUIRE(waitFor([dashboard] { return seriesSum(dashboard->series(0)) == 7; }));
    CHECK(seriesSum(dashboard->series(1)) == reviewed);
    CHECK(dashboard->series(2)->points().constLast().y() == pending);

    // A target of 200 hours: nothing is late, nothing overdue → 100 %, green.
    dashboard->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(dashboard));
    QSpinBox *target = dashboard->targetEdit();
    target->setFocus();
    target->selectAll();
    QTest::keyClicks(target, QStringLiteral("200"));
    QTest::keyClick(target, Qt::Key_Return);
    REQUIRE(waitFor([dashboard] { return shown(dashboard, Figure::WithinTargetAll) == formatPercent(100.0); }));
    CHECK(shown(dashboard, Figure::Overdue) == QStringLiteral("0"));
    CHECK(dashboard->goal(Figure::WithinTargetAll) == SlaDashboard::Goal::Met);

    // Ctrl+R fetches again: a new decision shows up.
    decide(backend, BackendProcess::otherReviewer, a3, true, now);
    QSignalSpy refreshed(app.supervisorConsole()->controller(), &SlaDashboardController::refreshed);
    QTest::keyClick(dashboard, Qt::Key_R, Qt::ControlModifier);
    REQUIRE(refreshed.wait(15000));
    CHECK(shown(dashboard, Figure::Reviewed) == QString::number(reviewed + 1));
    CHECK(shown(dashboard, Figure::Pending) == QString::number(pending - 1));

    // Esc never closes the window (issue 10); sign out is on a key and stops the polling.
    QTest::keyClick(dashboard, Qt::Key_Escape);
    CHECK(dashboard->isVisible());
    CHECK(app.supervisorConsole()->controller()->isActive());
    QTest::keyClick(dashboard, Qt::Key_Q, Qt::ControlModifier | Qt::ShiftModifier);
    REQUIRE(waitFor([&app] { return app.loginDialog()->isVisible(); }));
    CHECK_FALSE(dashboard->isVisible());
    CHECK_FALSE(app.supervisorConsole()->controller()->isActive());
}

} // namespace

TEST_CASE("a supervisor signs in and sees the SLA figures the backend's data implies, not the triage window (SQLite)")
{
    supervisorSeesWhatTheDataImplies(BackendProcess::Database::Sqlite);
}

TEST_CASE("a supervisor signs in and sees the SLA figures the backend's data implies, not the triage window (PostgreSQL)")
{
    supervisorSeesWhatTheDataImplies(BackendProcess::Database::Postgres);
}

TEST_CASE("a reviewer gets the triage window, the SLA calls refuse them with a sentence")
{
    forgetEverything();
    CleanUpAtExit cleanUp;
    BackendProcess backend;
    REQUIRE(backend.start());
    backend.ingest(BackendProcess::sampleOutputs(2));

    ReviewerApp app(optionsFor(backend.url()));
    app.start();
    signInThroughDialog(app, BackendProcess::reviewer);
    REQUIRE(waitFor([&app] { return app.isReady(); }));
    CHECK(app.window()->isVisible());
    CHECK(app.supervisorConsole() == nullptr);

    // Even if a reviewer's session opened the dashboard, the server says no — in words.
    SupervisorConsole console(app.api(), app.auth());
    Account account;
    account.username = BackendProcess::reviewer;
    console.show(account, backend.url(), true);
    SlaDashboard *dashboard = console.dashboard();
    REQUIRE(waitFor([dashboard] { return dashboard->problemLabel()->isVisible(); }));
    CHECK(dashboard->problemLabel()->text().contains(QStringLiteral("Only supervisors")));
    CHECK(shown(dashboard, Figure::Pending) == QStringLiteral("—"));  // nothing made up
    CHECK(dashboard->goal(Figure::WithinTargetAll) == SlaDashboard::Goal::Unknown);
}
