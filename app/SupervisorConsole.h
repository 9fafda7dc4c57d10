#pragma once

#include <QObject>
#include <QUrl>

namespace fr {

class ApiClient;
class AuthService;
class SlaDashboard;
class SlaDashboardController;
class SlaReviewerModel;
struct Account;

// What a supervisor gets after signing in: the SLA dashboard (no leasing, no local store of
// outputs; only the last snapshot of the figures, kept for offline). Wires the dashboard's
// intentions to its controller and the controller's news to the dashboard; asks for the
// password when the transport's token renewal was refused (every call goes through ApiClient,
// which renews the token once on a 401).
class SupervisorConsole : public QObject
{
    Q_OBJECT
public:
    // auth: kept in the signature for the composition; the transport does the renewing.
    SupervisorConsole(ApiClient *api, AuthService *auth, QObject *parent = nullptr);
    ~SupervisorConsole() override;

    // online == false (offline start): the dashboard shows the last snapshot, marked as such.
    void show(const Account &account, const QUrl &server, bool online);
    void hide();  // signed out: the window goes, polling stops

    SlaDashboard *dashboard() const { return m_dashboard; }
    SlaDashboardController *controller() const { return m_controller; }

Q_SIGNALS:
    void passwordNeeded(const QString &reason);
    void signOutRequested(bool switchServer);

private:
    SlaReviewerModel *m_reviewers;
    SlaDashboardController *m_controller;
    SlaDashboard *m_dashboard;
    bool m_online = true;
};

} // namespace fr
