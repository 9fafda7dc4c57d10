#pragma once

#include "JsonCodec.h"

#include <QObject>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QTimer;

namespace fr {

class ApiClient;
class AuthService;
class ConflictsModel;
class LocalStore;
class LoginDialog;
class MainWindow;
class QueueFilterModel;
class QueueModel;
class SecretStore;
class StoreCheck;
class StoreReader;
class StoreWriter;
struct StoreCounts;
struct StoreOpenReport;
class SupervisorConsole;
class SyncEngine;
class TriageController;
struct UiSettings;

struct ReviewerOptions {
    QUrl server;             // --server; empty = the last one used
    bool offline = false;    // --offline: review the cached outputs, never touch the network
    QString secretService;   // keychain service name; empty = the product's (tests use their own)
};

// The composition root as a class, so that main.cpp and the end-to-end test wire the program
// the same way: it owns the services, the item models and the windows, and connects the widgets'
// intentions to the services (and the services' news to the widgets). It decides nothing itself.
class ReviewerApp : public QObject
{
    Q_OBJECT
public:
    explicit ReviewerApp(const ReviewerOptions &options, QObject *parent = nullptr);
    ~ReviewerApp() override;

    void start();  // resume the last session (keychain) or ask for a password

    // Sign out (the window's action, after its question): sync stops; with handBack the
    // undecided outputs go back to the team; the keychain secret is deleted; the store is closed
    // (queued decisions stay in it, for the next sign-in); the sign-in dialog comes back,
    // prefilled — with the server field focused when switching servers.
    void signOut(bool handBack, bool switchServer);
    // An offline session: a big, long lease (SyncEngine::leaseOfflineBatch), news in the status line.
    void leaseForOffline(int count, int leaseSeconds);

    MainWindow *window() const { return m_window; }
    LoginDialog *loginDialog() const { return m_login; }
    LocalStore *store() const { return m_store; }
    SyncEngine *syncEngine() const { return m_sync; }
    TriageController *triage() const { return m_triage; }
    AuthService *auth() const { return m_auth; }
    ApiClient *api() const { return m_api; }
    QueueModel *queue() const { return m_queue; }
    StoreReader *storeReader() const { return m_reader; }
    StoreCheck *storeCheck() const { return m_check; }
    static constexpr int QueuePageSize = 250;  // rows per page after the first: 1,000 were 10-20 ms on the GUI thread
    SupervisorConsole *supervisorConsole() const { return m_supervisor; }  // after a supervisor signs in
    bool isReady() const { return m_ready; }

Q_SIGNALS:
    void ready();  // signed in (or offline), store open, window shown
    void signedOut();  // store closed, window hidden, the sign-in dialog shown

private:
    void wireAuth();
    void wireSync();
    void wireTriage();
    void wireWindow();
    void askPassword(const QString &reason);
    void closeLoginDialog();
    void startOffline();
    void onSignedIn(const Account &account, bool online);
    void showSignedIn();
    enum class ShowWhen { QueueReady, Anyway };
    void showWindowAfterSignIn(ShowWhen when);
    bool openStore(const Account &account);
    void attachStore(const StoreOpenReport &report);
    void recoverDamagedStore(const QString &path);
    void onStoreRecovered(const QString &path, const StoreOpenReport &report);
    void showCounts(const StoreCounts &counts);
    void refreshCounts();
    void loadQueue();
    void wireReader();
    void appendQueuePage(const QList<OutputSummary> &rows);
    void reloadConflicts();
    void applyLeasePolicy(const UiSettings &settings);
    void finishSignOut(const QString &note);
    void onSignedOut();
    void refreshLeaseExpiry();
    void refreshLeaseExpirySoon();
    void rememberSession(const Account &account) const;
    Account rememberedAccount() const;

    ReviewerOptions m_options;
    QUrl m_server;
    QNetworkAccessManager *m_network;
    ApiClient *m_api;
    SecretStore *m_secrets;
    AuthService *m_auth;
    LocalStore *m_store;
    StoreReader *m_reader;     // the reads that grow with the cache, on its own thread
    StoreWriter *m_writer;     // the cache's removals, on its own thread
    StoreCheck *m_check;       // the integrity check (and a recovery) of the store, off the GUI thread
    QueueModel *m_queue;
    QString m_checkAfterLoad;  // the store StoreCheck checks once the queue is in
    QueueFilterModel *m_order;
    ConflictsModel *m_conflicts;
    SyncEngine *m_sync;
    TriageController *m_triage;
    MainWindow *m_window;
    LoginDialog *m_login;
    QTimer *m_leaseClock;      // the earliest lease expiry: re-read soon after a change, and each minute
    QTimer *m_firstItemWait;   // how long a sign-in's window waits for the first output to decide
    // After a sign-in over the network the window waits until the queue holds an output left to
    // decide (or is all in), so that it is painted once, whole.
    enum class WindowShowing { Shown, WaitsForFirstItem };
    WindowShowing m_windowShowing = WindowShowing::Shown;
    SupervisorConsole *m_supervisor = nullptr;
    bool m_ready = false;
    bool m_signingOut = false;
    bool m_leaseRefreshQueued = false;
    bool m_switchingServer = false;
    bool m_signOutAskPending = false;   // the sign-out question waits for fresh counts
    quint64 m_signOutAskTicket = 0;     // ... from a read that began after it was asked
    bool m_signOutAskSwitch = false;
    bool m_releaseWaitsForIds = false;  // the hand-back waits for the pending ids
    bool m_recovering = false;          // a damaged store is being moved aside and started afresh
    QString m_signOutNote;
};

} // namespace fr
