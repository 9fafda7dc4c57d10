#include "SupervisorConsole.h"

#include "JsonCodec.h"
#include "SlaDashboard.h"
#include "SlaDashboardController.h"
#include "SlaReviewerModel.h"

namespace fr {

SupervisorConsole::SupervisorConsole(ApiClient *api, AuthService * /*auth*/, QObject *parent)
    : QObject(parent)
    , m_reviewers(new SlaReviewerModel(this))
    , m_controller(new SlaDashboardController(api, this))
    , m_dashboard(new SlaDashboard(m_reviewers))
{
    SlaDashboard *view = m_dashboard;
    SlaDashboardController *c = m_controller;
    c->setTargetHours(view->targetHours());  // 0: the server's own setting
    connect(view, &SlaDashboard::refreshRequested, c, [this] {
        if (m_online)
            m_controller->refresh();
        else
            m_dashboard->setProblem(tr("Offline (--offline): sign out and in again without it for fresh figures."));
    });
    connect(view, &SlaDashboard::targetHoursChanged, c, &SlaDashboardController::setTargetHours);
    connect(view, &SlaDashboard::bucketChanged, c, &SlaDashboardController::setBucket);
    connect(view, &SlaDashboard::itemSortChanged, c, [c](SlaItemPage::Kind kind, SlaItemPage::Sort sort) {
        ApiClient::SlaItemQuery query = c->itemQuery(kind);
        query.sort = sort;
        c->setItemQuery(kind, query);
    });
    connect(view, &SlaDashboard::releaseLeasesRequested, c, &SlaDashboardController::releaseLeasesOf);
    connect(view, &SlaDashboard::signOutRequested, this, &SupervisorConsole::signOutRequested);
    connect(view, &SlaDashboard::visibilityChanged, c, [this](bool shown) {
        m_controller->setActive(shown && m_online);
    });
    connect(c, &SlaDashboardController::summaryChanged, view, [this, view](const SlaSummary &summary) {
        m_reviewers->reset(summary.reviewers);
        view->setSummary(summary);
    });
    connect(c, &SlaDashboardController::timeseriesChanged, view, &SlaDashboard::setTimeseries);
    connect(c, &SlaDashboardController::dailyChanged, view, &SlaDashboard::setDaily);
    connect(c, &SlaDashboardController::forecastChanged, view, &SlaDashboard::setForecast);
    connect(c, &SlaDashboardController::itemsChanged, view, &SlaDashboard::setItems);
    connect(c, &SlaDashboardController::breakdownChanged, view, &SlaDashboard::setBreakdown);
    connect(c, &SlaDashboardController::histogramChanged, view, &SlaDashboard::setHistogram);
    connect(c, &SlaDashboardController::leasesChanged, view, &SlaDashboard::setLeases);
    connect(c, &SlaDashboardController::leasesReleased, view,
            [view, c](const QString &reviewerId, int released, const QString &error) {
                QString name = reviewerId;
                if (c->snapshot().leases)
                    for (const SlaLeaseHolder &l : *c->snapshot().leases)
                        if (l.reviewerId == reviewerId)
                            name = l.username;
                view->setLeasesReleased(name, released, error);
            });
    connect(c, &SlaDashboardController::problem, view, &SlaDashboard::setProblem);
    connect(c, &SlaDashboardController::busyChanged, view, &SlaDashboard::setBusy);
    connect(c, &SlaDashboardController::progress, view, &SlaDashboard::setProgress);
    connect(c, &SlaDashboardController::refreshed, view, &SlaDashboard::setRefreshedAt);
    connect(c, &SlaDashboardController::snapshotShown, view,
            [this, view](const QDateTime &takenAt) { view->setSnapshotShown(takenAt, !m_online); });
    // The transport (ApiClient) has renewed the token already and been refused: only the
    // password can help now.
    connect(c, &SlaDashboardController::authenticationRequired, this, [this] {
        Q_EMIT passwordNeeded(tr("Your session expired; please sign in again."));
    });
}

SupervisorConsole::~SupervisorConsole()
{
    delete m_dashboard;  // a window of its own, without a parent
}

void SupervisorConsole::show(const Account &account, const QUrl &server, bool online)
{
    m_online = online;
    m_dashboard->setAccount(account.username, server);
    const bool wasVisible = m_dashboard->isVisible();
    m_controller->setSnapshotPath(SlaDashboardController::defaultSnapshotPath(server, account.username));
    // The last snapshot first (offline: all there is), so that the window is never blank.
    if (!m_controller->showSnapshot() && !online)
        m_dashboard->setProblem(tr("Offline, and no snapshot of the SLA figures was kept yet: "
                                   "start without --offline to see them."));
    m_dashboard->show();  // → visibilityChanged(true) → the controller fetches
    m_dashboard->raise();
    m_dashboard->activateWindow();
    if (wasVisible)
        m_controller->setActive(online);
    if (wasVisible && online)
        m_controller->refresh();  // signed in again: fresh figures with the new token
}

void SupervisorConsole::hide()
{
    m_controller->setActive(false);
    m_dashboard->hide();
}

} // namespace fr
