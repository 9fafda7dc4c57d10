#include "ReviewerApp.h"

#include "ApiClient.h"
#include "AuthService.h"
#include "ConflictsModel.h"
#include "FeedbackForm.h"
#include "LocalStore.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "NextTurn.h"
#include "QueueModel.h"
#include "ReviewPane.h"
#include "SecretStore.h"
#include "StoreCheck.h"
#include "StoreReader.h"
#include "StoreWriter.h"
#include "SupervisorConsole.h"
#include "StatusPanel.h"
#include "SyncEngine.h"
#include "TriageController.h"
#include "UiSettings.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTimer>

namespace fr {

namespace {

QString key(const char *name) { return QString::fromLatin1(name); }

StatusPanel::Connection toPanel(SyncEngine::Connectivity connectivity)
{
    switch (connectivity) {
    case SyncEngine::Connectivity::Online: return StatusPanel::Connection::Online;
    case SyncEngine::Connectivity::Offline: return StatusPanel::Connection::Offline;
    case SyncEngine::Connectivity::SignInNeeded: return StatusPanel::Connection::SignInNeeded;
    case SyncEngine::Connectivity::Unknown: break;
    }
    return StatusPanel::Connection::Unknown;
}

std::optional<ReviewState> toReviewState(OutboxState state)
{
    switch (state) {
    case OutboxState::Queued: return ReviewState::Queued;
    case OutboxState::Sent: return ReviewState::Synced;
    case OutboxState::Conflict: return ReviewState::Conflict;
    case OutboxState::Rejected: return ReviewState::Rejected;
    case OutboxState::RetractQueued:
    case OutboxState::Retracted:
    case OutboxState::Discarded: return ReviewState::Pending;
    }
    return std::nullopt;
}

} // namespace

ReviewerApp::ReviewerApp(const ReviewerOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_network(new QNetworkAccessManager(this))
    , m_api(new ApiClient(m_network, this))
    , m_secrets(options.secretService.isEmpty() ? new SecretStore(this) : new SecretStore(options.secretService, this))
    , m_auth(new AuthService(m_api, m_secrets, this))
    , m_store(new LocalStore)
    , m_reader(new StoreReader(this))
    , m_writer(new StoreWriter(this))
    , m_check(new StoreCheck(this))
    , m_queue(new QueueModel(this))
    , m_order(new QueueFilterModel(this))
    , m_conflicts(new ConflictsModel(this))
    , m_sync(new SyncEngine(m_api, m_store, this))
    , m_triage(new TriageController(m_store, m_queue, m_order, this))
    , m_window(new MainWindow(m_queue, m_order, m_conflicts))
    , m_login(new LoginDialog(m_window))
    , m_leaseClock(new QTimer(this))
    , m_firstItemWait(new QTimer(this))
{
    m_leaseClock->setInterval(60'000);
    m_firstItemWait->setSingleShot(true);
    m_firstItemWait->setInterval(250);  // within the first item's 300 ms, whatever the pages do
    connect(m_firstItemWait, &QTimer::timeout, this, [this] { showWindowAfterSignIn(ShowWhen::Anyway); });
    connect(m_leaseClock, &QTimer::timeout, this, &ReviewerApp::refreshLeaseExpiry);
    // Sorted from the start (SLA deadline first), so that new leases land where they belong.
    m_order->setSourceModel(m_queue);
    const QUrl remembered = QSettings().value(key("session/server")).toUrl();
    m_server = options.server.isValid() && !options.server.isEmpty() ? options.server : remembered;
    applyLeasePolicy(m_window->uiSettings());
    wireAuth();
    wireSync();
    wireTriage();
    wireWindow();
    wireReader();
}

ReviewerApp::~ReviewerApp()
{
    m_sync->stop();
    delete m_supervisor;
    delete m_window;  // before the services its widgets point into
    delete m_store;
}

void ReviewerApp::start()
{
    const Account account = rememberedAccount();
    if (m_options.offline) {
        startOffline();
    } else if (!account.username.isEmpty() && m_server.isValid()) {
        m_auth->resume(m_server, account.username);
    } else {
        askPassword({});
    }
}

void ReviewerApp::wireAuth()
{
    connect(m_login, &LoginDialog::signInRequested, this,
            [this](const QUrl &server, const QString &user, const QString &password) {
                m_server = server;
                m_auth->signIn(server, user, password);
            });
    connect(m_login, &LoginDialog::workOfflineRequested, this, &ReviewerApp::startOffline);
    // Cancel at start leaves nothing to show: end the program rather than run invisibly. (The
    // dialog is a child of the hidden main window, so Qt would not count it as the last window.)
    connect(m_login, &QDialog::rejected, this, [this] {
        if (!m_ready)
            QCoreApplication::quit();
    });
    connect(m_auth, &AuthService::signedIn, this, &ReviewerApp::onSignedIn);
    connect(m_auth, &AuthService::signInFailed, m_login, &LoginDialog::showError);
    connect(m_auth, &AuthService::passwordNeeded, this, &ReviewerApp::askPassword);
    connect(m_auth, &AuthService::accessTokenRenewed, m_sync, &SyncEngine::syncNow);
    connect(m_auth, &AuthService::keychainWarning, m_window->statusPanel(), &StatusPanel::setProblem);
    connect(m_auth, &AuthService::signedOut, this, &ReviewerApp::onSignedOut);
}

void ReviewerApp::wireSync()
{
    m_sync->setStoreWriter(m_writer);
    StatusPanel *status = m_window->statusPanel();
    connect(m_sync, &SyncEngine::outputsCached, this, [this](const QList<OutputSummary> &summaries) {
        m_queue->upsert(summaries);
        if (!m_triage->current()) {
            m_triage->showFirstPending();
        } else {
            QStringList ids;
            ids.reserve(summaries.size());
            for (const OutputSummary &summary : summaries)
                ids.append(summary.id);
            m_triage->leasesRenewed(ids);
        }
        refreshLeaseExpiry();
    });
    connect(m_sync, &SyncEngine::outputsReleased, this, [this](const QStringList &ids) {
        if (m_signingOut)
            return;  // the queue is emptied at once when the sign-out ends: no row-by-row removal
        m_queue->remove(ids);
        refreshLeaseExpiry();
    });
    connect(m_sync, &SyncEngine::offlineLeaseProgress, this, [status](int leased, int requested) {
        status->setNotice(tr("leasing for offline review: %L1 of %L2…").arg(leased).arg(requested));
    });
    connect(m_sync, &SyncEngine::offlineLeaseFinished, this,
            [status](int leased, int requested, const QDateTime &until) {
                if (leased == 0)
                    status->setNotice(tr("no outputs leased for offline review"));
                else if (until.isValid())
                    status->setNotice(tr("%L1 outputs leased until %2%3")
                                          .arg(leased)
                                          .arg(until.toLocalTime().toString(
                                              until.toLocalTime().date() == QDate::currentDate()
                                                  ? QStringLiteral("HH:mm") : QStringLiteral("ddd HH:mm")))
                                          .arg(leased < requested ? tr(" (all there were)") : QString()));
                else
                    status->setNotice(tr("%L1 outputs leased").arg(leased));
            });
    connect(m_sync, &SyncEngine::entryChanged, this,
            [this](const QString &, const QString &outputId, OutboxState state) {
                if (const auto reviewState = toReviewState(state))
                    m_queue->setState(outputId, *reviewState);
                m_triage->decisionStateChanged(outputId);
                if (state == OutboxState::Conflict || state == OutboxState::Rejected)
                    reloadConflicts();
            });
    // The engine's count is news that the outbox changed; the figure shown comes from the reader
    // (one source, in the order asked), so a count read earlier never overwrites a later one.
    connect(m_sync, &SyncEngine::waitingCountChanged, this, &ReviewerApp::refreshCounts);
    connect(m_sync, &SyncEngine::connectivityChanged, this,
            [status](SyncEngine::Connectivity connectivity, const QString &detail) {
                status->setConnection(toPanel(connectivity), detail);
            });
    connect(m_sync, &SyncEngine::retryScheduled, status, &StatusPanel::setRetryAt);
    connect(m_sync, &SyncEngine::synced, this, [status](const QDateTime &at) {
        status->setSyncedAt(at);
        status->setProblem({});
    });
    connect(m_sync, &SyncEngine::busyChanged, status, &StatusPanel::setBusy);
    connect(m_sync, &SyncEngine::problem, status, &StatusPanel::setProblem);
    // SignInNeeded: the transport's renewal was refused and AuthService already asked for the
    // password (passwordNeeded); the engine waits paused until the next sign-in (setAccount).
}

void ReviewerApp::wireTriage()
{
    StatusPanel *status = m_window->statusPanel();
    connect(m_triage, &TriageController::currentChanged, m_window, &MainWindow::showOutput);
    connect(m_triage, &TriageController::currentRefreshed, m_window->reviewPane(), &ReviewPane::setOutput);
    connect(m_triage, &TriageController::currentDecisionChanged, m_window->reviewPane(), &ReviewPane::setDecision);
    connect(m_triage, &TriageController::decisionRecorded, this, [this] {
        m_window->onDecisionRecorded();
        if (!m_options.offline)
            m_sync->notifyDecisionQueued();
        refreshLeaseExpirySoon();
    });
    connect(m_triage, &TriageController::decisionUndone, this, [this] {
        if (!m_options.offline)
            m_sync->notifyDecisionQueued();  // a retract may wait to be sent
        refreshLeaseExpirySoon();
    });
    connect(m_triage, &TriageController::undoAvailableChanged, m_window, &MainWindow::setUndoAvailable);
    connect(m_triage, &TriageController::paceChanged, status, &StatusPanel::setPace);
    connect(m_triage, &TriageController::problem, status, &StatusPanel::setProblem);
    connect(m_triage, &TriageController::refusedChanged, this, [this] {
        reloadConflicts();
        refreshCounts();
        if (!m_options.offline)
            m_sync->notifyDecisionQueued();
    });
}

void ReviewerApp::wireWindow()
{
    connect(m_window, &MainWindow::approveRequested, m_triage, [this](const QString &comment) { m_triage->approve(comment); });
    connect(m_window, &MainWindow::rejectRequested, m_triage,
            [this](const QString &correction, const QString &comment, const QString &reasonCode) {
                m_triage->reject(correction, comment, reasonCode);
            });
    connect(m_window, &MainWindow::skipRequested, m_triage, &TriageController::skip);
    connect(m_window, &MainWindow::undoRequested, m_triage, [this] { m_triage->undo(); });
    connect(m_window, &MainWindow::nextRequested, m_triage, &TriageController::next);
    connect(m_window, &MainWindow::previousRequested, m_triage, &TriageController::previous);
    connect(m_window, &MainWindow::outputActivated, m_triage, [this](const QString &id) {
        if (id != m_triage->currentId())
            m_triage->show(id);
    });
    connect(m_window, &MainWindow::syncRequested, this, [this] {
        if (m_options.offline)
            m_window->statusPanel()->setProblem(tr("Offline mode (--offline): decisions stay in the outbox."));
        else
            m_sync->syncNow();
    });
    connect(m_window, &MainWindow::settingsChanged, this, &ReviewerApp::applyLeasePolicy);
    connect(m_window, &MainWindow::signOutAsked, this, [this](bool switchServer) {
        // Asked with fresh counts, read on the worker (a few ms later).
        if (m_ready && !m_signingOut && m_store->isOpen()) {
            m_signOutAskPending = true;
            m_signOutAskSwitch = switchServer;
            m_signOutAskTicket = m_reader->refreshCounts();
        }
    });
    connect(m_window, &MainWindow::signOutRequested, this, &ReviewerApp::signOut);
    connect(m_window, &MainWindow::offlineLeaseRequested, this, &ReviewerApp::leaseForOffline);
    connect(m_window, &MainWindow::resendRefusedRequested, m_triage,
            [this](const QString &key) { m_triage->resendRefused(key); });
    connect(m_window, &MainWindow::resendEditedRefusedRequested, m_triage,
            [this](const QString &key, bool approval, const QString &correction, const QString &comment) {
                m_triage->resendRefusedEdited(key, approval, correction, comment);
            });
    connect(m_window, &MainWindow::discardRefusedRequested, m_triage,
            [this](const QString &key) { m_triage->discardRefused(key); });
}

void ReviewerApp::signOut(bool handBack, bool switchServer)
{
    if (!m_ready || m_signingOut)
        return;
    m_signingOut = true;
    m_switchingServer = switchServer;
    m_signOutNote.clear();
    m_window->statusPanel()->setNotice(tr("signing out…"));
    m_sync->stop();
    // An answer still on its way lands in this store before it closes.
    m_sync->whenIdle([this, handBack] {
        if (!handBack) {
            finishSignOut({});
        } else if (m_options.offline || !m_auth->isSignedIn()) {
            finishSignOut(tr("Offline: the undecided outputs could not be handed back; they stay leased to "
                             "you until their leases run out."));
        } else {
            m_releaseWaitsForIds = true;  // -> pendingIdsRead -> SyncEngine::releasePending
            m_reader->readPendingIds();
        }
    });
}

void ReviewerApp::finishSignOut(const QString &note)
{
    m_signOutNote = note;
    // The log is emptied on the writer's thread first, so that the store's close on this thread
    // has nothing left to copy. Whatever the checkpoint says, the sign-out goes on.
    if (!m_writer->isOpen()) {
        m_auth->signOut();  // -> signedOut -> onSignedOut
        return;
    }
    m_writer->checkpoint([this](bool, const QString &) { m_auth->signOut(); });
}

void ReviewerApp::onSignedOut()
{
    if (!m_signingOut)
        return;
    m_signingOut = false;
    m_ready = false;
    m_windowShowing = WindowShowing::Shown;
    m_firstItemWait->stop();
    m_leaseClock->stop();
    // The store keeps the queued decisions; they go at the next sign-in to this server and account.
    m_signOutAskPending = m_releaseWaitsForIds = m_recovering = false;
    m_checkAfterLoad.clear();
    m_check->cancel();
    m_triage->reset();
    m_queue->reset({});
    m_conflicts->reset({});
    m_reader->close();
    m_writer->close();
    m_store->close();
    StatusPanel *status = m_window->statusPanel();
    status->setWaiting(0);
    status->setRefused(0);
    status->setLeaseExpiry({});
    status->setNotice({});
    status->setProblem({});
    status->setConnection(StatusPanel::Connection::Unknown);
    m_window->hide();
    m_options.offline = false;
    askPassword(m_signOutNote.isEmpty() ? tr("You are signed out.") : m_signOutNote);
    if (m_switchingServer)
        m_login->focusServer();
    Q_EMIT signedOut();
}

void ReviewerApp::leaseForOffline(int count, int leaseSeconds)
{
    if (!m_ready)
        return;
    if (m_options.offline || !m_auth->isSignedIn()) {
        m_window->statusPanel()->setProblem(tr("Leasing needs a connection: sign in online first."));
        return;
    }
    m_window->statusPanel()->setNotice(tr("leasing %L1 outputs for offline review…").arg(count));
    m_sync->leaseOfflineBatch(count, leaseSeconds);
}

// Read on the worker (it grows with the cache); shown when countsRead arrives.
void ReviewerApp::refreshLeaseExpiry()
{
    if (m_store->isOpen())
        m_reader->refreshCounts();
    else
        m_window->statusPanel()->setLeaseExpiry({});
}

// A quick run of decisions reads the store once, not once per key press.
void ReviewerApp::refreshLeaseExpirySoon()
{
    if (m_leaseRefreshQueued)
        return;
    m_leaseRefreshQueued = true;
    QTimer::singleShot(500, this, [this] {
        m_leaseRefreshQueued = false;
        refreshLeaseExpiry();
    });
}

void ReviewerApp::closeLoginDialog()
{
    m_login->setBusy(false);
    m_login->hide();
}

void ReviewerApp::askPassword(const QString &reason)
{
    m_login->setServer(m_server);
    m_login->setUsername(rememberedAccount().username);
    m_login->setReason(reason);
    m_login->setBusy(false);
    m_login->show();
    m_login->raise();
    m_login->activateWindow();
}

// Reviews what is cached for the last account, without any network call.
void ReviewerApp::startOffline()
{
    const Account account = rememberedAccount();
    if (account.username.isEmpty() || !m_server.isValid()) {
        m_login->showError(tr("Offline work needs one earlier sign-in on this computer."));
        m_login->show();
        return;
    }
    m_options.offline = true;
    onSignedIn(account, false);
    m_window->statusPanel()->setConnection(StatusPanel::Connection::Offline, tr("offline mode"));
}

void ReviewerApp::onSignedIn(const Account &account, bool online)
{
    m_login->clearPassword();  // the password is not kept anywhere, not even in a hidden field
    rememberSession(account);
    // One store per server and account: another one still open (a server changed in the
    // sign-in dialog mid-session) is closed first; its queued decisions stay in it.
    if (m_store->isOpen() && m_store->path() != LocalStore::defaultPath(m_server, account.username)) {
        m_sync->stop();
        m_check->cancel();
        m_checkAfterLoad.clear();
        m_recovering = false;
        m_triage->reset();
        m_reader->close();
        m_writer->close();
        m_store->close();
    }
    if (account.role == QLatin1String("supervisor")) {  // the SLA dashboard; supervisors lease nothing
        if (!m_supervisor) {
            m_supervisor = new SupervisorConsole(m_api, m_auth, this);
            connect(m_supervisor, &SupervisorConsole::passwordNeeded, this, &ReviewerApp::askPassword);
            // A supervisor holds no leases and has no outbox: signing out is only forgetting the tokens.
            connect(m_supervisor, &SupervisorConsole::signOutRequested, this, [this](bool switchServer) {
                if (!m_ready || m_signingOut)
                    return;
                m_signingOut = true;
                m_switchingServer = switchServer;
                m_signOutNote.clear();
                m_supervisor->hide();
                m_auth->signOut();  // -> signedOut -> onSignedOut
            });
        }
        closeLoginDialog();
        m_supervisor->show(account, m_server, online && !m_options.offline);
        m_ready = true;
        Q_EMIT ready();
        return;
    }
    if (!m_store->isOpen() && !openStore(account))
        return;
    m_sync->setAccount(account);
    m_triage->setReviewerId(account.reviewerId);
    m_window->setAccount(account.username, m_server);
    refreshCounts();
    m_window->statusPanel()->setConnection(online ? StatusPanel::Connection::Online : StatusPanel::Connection::Offline);
    // A sign-in over the network shows the window in a later turn of the event loop: once the
    // queue holds an output left to decide. When the first page held none (all decided, unsent)
    // the window was painted whole with no item, then again a page later with it: with the
    // store's open, one stall of 25-35 ms. Starting offline shows it at once (and says the queue
    // is loading meanwhile): nothing is on screen yet that could answer a key.
    if (online && !m_window->isVisible()) {
        m_windowShowing = WindowShowing::WaitsForFirstItem;
        m_firstItemWait->start();
        inNextTurn(this, [this] { showWindowAfterSignIn(ShowWhen::QueueReady); });
        return;
    }
    showSignedIn();
}

void ReviewerApp::showWindowAfterSignIn(ShowWhen when)
{
    if (m_windowShowing != WindowShowing::WaitsForFirstItem || !m_store->isOpen())
        return;
    const bool queueReady = !m_reader->isLoadingQueue() || m_triage->hasPendingOutput();
    if (when == ShowWhen::QueueReady && !queueReady)
        return;
    m_windowShowing = WindowShowing::Shown;
    m_firstItemWait->stop();
    showSignedIn();
}

// The window, the first item and the sync, once the store is open for the account. The sign-in
// dialog stays up (busy) until then: never a moment with nothing on screen.
void ReviewerApp::showSignedIn()
{
    m_window->show();
    closeLoginDialog();
    m_window->activateWindow();
    if (!m_triage->current())
        m_triage->showFirstPending();
    m_window->returnToTriage();
    // Also when the backend could not be reached at sign-in: the engine probes it and
    // reconnects by itself (no key needed). Only --offline keeps the network untouched.
    if (!m_options.offline)
        m_sync->start();
    m_ready = true;
    refreshLeaseExpiry();
    m_leaseClock->start(60'000);
    Q_EMIT ready();
}

// Opened without the full integrity check (it reads every page: up to a second at 100,000
// outputs); StoreCheck runs it on its own thread while the person already works, and a damage it
// finds is recovered from as at open (recoverDamagedStore). Damage the first reads show (not a
// database, an unreadable schema) is recovered from here, as before.
bool ReviewerApp::openStore(const Account &account)
{
    const QString path = LocalStore::defaultPath(m_server, account.username);
    const StoreOpenReport report = m_store->open(path, LocalStore::Integrity::Deferred);
    if (!report.ok) {
        m_login->showError(tr("The local database cannot be opened: %1").arg(report.error));
        m_login->show();
        return false;
    }
    attachStore(report);
    // After the queue is in: the check reads every page of the file, and beside the queue's
    // pages it made the queue take half as long again to arrive.
    if (report.movedAsidePath.isEmpty()) {
        if (m_reader->isLoadingQueue())
            m_checkAfterLoad = path;
        else
            m_check->check(path);
    }
    return true;
}

// The open store's contents into the item models and the status line.
void ReviewerApp::attachStore(const StoreOpenReport &report)
{
    if (!report.movedAsidePath.isEmpty())
        m_window->statusPanel()->setProblem(
            tr("The local database was damaged; it was kept at %1 and %n unsent decision(s) were recovered.",
               nullptr, report.recoveredDecisions).arg(report.movedAsidePath));
    m_reader->open(m_store->path());
    m_writer->open(m_store->path());
    loadQueue();
    reloadConflicts();
    refreshCounts();
    m_triage->expectUndoHistory();
    m_reader->readUndoable();  // unsent decisions stay undoable across restarts (-> undoableRead)
    m_window->statusPanel()->setSyncedAt(m_store->lastSyncedAt());
}

// The check found damage in the store in use: sync stops, every connection to the file closes
// (ours, then the reader's), and StoreCheck moves it aside and salvages the unsent decisions on
// its thread, decisions made since the start included. The person sees the queue again after.
void ReviewerApp::recoverDamagedStore(const QString &path)
{
    if (!m_ready || m_recovering || path != m_store->path())
        return;
    m_recovering = true;
    m_window->statusPanel()->setNotice(tr("the local database is damaged: keeping it aside and starting a new one…"));
    m_sync->stop();
    m_sync->whenIdle([this, path] {
        if (!m_recovering)
            return;
        m_triage->reset();
        m_queue->reset({});
        m_conflicts->reset({});
        m_writer->close();
        m_store->close();
        m_reader->close([this, path] {
            if (m_recovering)
                m_check->recover(path);
        });
    });
}

void ReviewerApp::onStoreRecovered(const QString &path, const StoreOpenReport &report)
{
    if (!m_recovering)
        return;
    m_recovering = false;
    const StoreOpenReport reopened = report.ok ? m_store->open(path, LocalStore::Integrity::Deferred) : report;
    if (!reopened.ok) {
        m_window->statusPanel()->setProblem(tr("The local database cannot be opened: %1").arg(reopened.error));
        return;
    }
    attachStore(report);  // the recovery's report: what was moved aside and recovered
    m_window->statusPanel()->setNotice({});
    if (!m_triage->current())
        m_triage->showFirstPending();
    if (!m_options.offline)
        m_sync->start();
    refreshLeaseExpiry();
}

// The most urgent page at once, so that the first item shows without waiting for 100,000 rows
// (an index walk that stops after the page: schema step 6); the rest page by page from the
// worker, one page per turn of the event loop, while the person already decides.
void ReviewerApp::loadQueue()
{
    constexpr int firstPage = 100;  // 500 was 5-10 ms of the sign-in's one long turn
    const QList<OutputSummary> first = m_store->summariesPage(0, firstPage);
    m_queue->reset(first);
    const bool morePages = first.size() == firstPage;
    m_window->reviewPane()->setQueueLoading(morePages);
    if (morePages)
        m_reader->loadQueue(QueueCursor::after(first.constLast()), QueuePageSize);
}

void ReviewerApp::wireReader()
{
    connect(m_reader, &StoreReader::queueSizeRead, m_queue, &QueueModel::reserve);
    connect(m_reader, &StoreReader::queuePage, this, [this](const QList<OutputSummary> &rows, bool last) {
        appendQueuePage(rows);
        if (last)
            m_window->reviewPane()->setQueueLoading(false);
        if (last && !m_checkAfterLoad.isEmpty())
            m_check->check(std::exchange(m_checkAfterLoad, {}));
    });
    connect(m_reader, &StoreReader::countsRead, this, &ReviewerApp::showCounts);
    connect(m_reader, &StoreReader::undoableRead, m_triage,
            qOverload<const QList<OutboxEntry> &>(&TriageController::restoreUndoHistory));
    connect(m_reader, &StoreReader::refusedRead, this, [this](const QList<OutboxEntry> &entries) {
        m_conflicts->reset(entries);
        m_window->statusPanel()->setRefused(m_conflicts->rowCount());
    });
    connect(m_reader, &StoreReader::pendingIdsRead, this, [this](const QStringList &ids) {
        if (!std::exchange(m_releaseWaitsForIds, false) || !m_signingOut)
            return;
        m_sync->releasePending(ids, [this](int released, const QString &error) {
            if (!error.isEmpty())
                finishSignOut(tr("Some outputs could not be handed back (%1); they stay leased to you until "
                                 "their leases run out.").arg(error));
            else if (released > 0)
                finishSignOut(tr("You are signed out; %L1 outputs went back to the team.").arg(released));
            else
                finishSignOut({});
        });
    });
    connect(m_reader, &StoreReader::problem, m_window->statusPanel(), &StatusPanel::setProblem);
    connect(m_reader, &StoreReader::problem, this, [this] { showWindowAfterSignIn(ShowWhen::Anyway); });
    connect(m_check, &StoreCheck::damaged, this, &ReviewerApp::recoverDamagedStore);
    connect(m_check, &StoreCheck::recovered, this, &ReviewerApp::onStoreRecovered);
}

// Counts (waiting, pending, the earliest lease) are read on the worker, folded: the last
// answer always follows the last change.
void ReviewerApp::refreshCounts()
{
    if (m_store->isOpen())
        m_reader->refreshCounts();
}

void ReviewerApp::showCounts(const StoreCounts &counts)
{
    if (!m_store->isOpen())
        return;
    StatusPanel *status = m_window->statusPanel();
    status->setLeaseExpiry(counts.earliestLease);
    status->setWaiting(counts.waiting);
    // Only an answer to a read that began after the question was asked: one already on its way
    // may predate the last decision (seen: "0 not yet synced" with one waiting).
    if (!m_signOutAskPending || m_reader->countsCovered() < m_signOutAskTicket)
        return;
    m_signOutAskPending = false;
    if (m_ready && !m_signingOut)
        m_window->askSignOut(m_signOutAskSwitch, counts.pending, counts.waiting);
}

// Only rows the queue does not hold yet (QueueModel::appendNew): a row it holds is newer there
// than in the page (decided, or updated by the sync engine, after the worker read it).
void ReviewerApp::appendQueuePage(const QList<OutputSummary> &rows)
{
    m_queue->appendNew(rows);
    if (m_ready && !m_triage->current())
        m_triage->showFirstPending();  // the first page held nothing left to decide
    showWindowAfterSignIn(ShowWhen::QueueReady);
}

// Read on the worker (refused decisions can pile up over a long offline session); the view is
// reset when refusedRead arrives.
void ReviewerApp::reloadConflicts()
{
    if (m_store->isOpen())
        m_reader->refreshRefused();
}

void ReviewerApp::applyLeasePolicy(const UiSettings &settings)
{
    // Lease again when a fifth of a batch is left, so the queue never runs dry mid-session.
    m_sync->setLeasePolicy(settings.leaseBatchSize, settings.leaseMinutes * 60,
                           std::max(1, settings.leaseBatchSize / 5));
}

void ReviewerApp::rememberSession(const Account &account) const
{
    // Nothing secret: enough to open the right cache offline and to prefill the login.
    QSettings settings;
    settings.setValue(key("session/server"), m_server);
    settings.setValue(key("session/username"), account.username);
    settings.setValue(key("session/reviewerId"), account.reviewerId);
    settings.setValue(key("session/displayName"), account.displayName);
    settings.setValue(key("session/role"), account.role);
}

Account ReviewerApp::rememberedAccount() const
{
    QSettings settings;
    Account account;
    account.username = settings.value(key("session/username")).toString();
    account.reviewerId = settings.value(key("session/reviewerId")).toString();
    account.displayName = settings.value(key("session/displayName")).toString();
    account.role = settings.value(key("session/role")).toString();
    return account;
}

} // namespace fr
