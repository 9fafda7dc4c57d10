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
    m_controller->setTargetHours(view->targetHours());
    connect(view, &SlaDashboard::refreshRequested, m_controller, [this] {
        if (m_online)
            m_controller->refresh();
    });
    connect(view, &SlaDashboard::targetHoursChanged, m_controller, &SlaDashboardController::setTargetHours);
    connect(view, &SlaDashboard::bucketChanged, m_controller, &SlaDashboardController::setBucket);
    connect(view, &SlaDashboard::visibilityChanged, m_controller, [this](bool shown) {
        m_controller->setActive(shown && m_online);
    });
    connect(m_controller, &SlaDashboardController::summaryChanged, view, [this, view](const SlaSummary &summary) {
        m_reviewers->reset(summary.reviewers);
        view->setSummary(summary);
    });
    connect(m_controller, &SlaDashboardController::timeseriesChanged, view, &SlaDashboard::setTimeseries);
    connect(m_controller, &SlaDashboardController::problem, view, &SlaDashboard::setProblem);
    connect(m_controller, &SlaDashboardController::busyChanged, view, &SlaDashboard::setBusy);
    connect(m_controller, &SlaDashboardController::refreshed, view, &SlaDashboard::setRefreshedAt);
    // The transport (ApiClient) has renewed the token already and been refused: only the
    // password can help now.
    connect(m_controller, &SlaDashboardController::authenticationRequired, this, [this] {
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
    if (!online)
        m_dashboard->setProblem(tr("Offline: the SLA dashboard needs the server. Start without --offline to see it."));
    const bool wasVisible = m_dashboard->isVisible();
    m_dashboard->show();  // → visibilityChanged(true) → the controller fetches
    m_dashboard->raise();
    m_dashboard->activateWindow();
    if (wasVisible)
        m_controller->setActive(online);
    if (wasVisible && online)
        m_controller->refresh();  // signed in again: fresh figures with the new token
}

} // namespace fr
