#include "SyncEngine.h"

#include "ApiClient.h"
#include "AuthService.h"
#include "Backoff.h"
#include "LocalStore.h"

#include <QNetworkInformation>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <utility>

namespace fr {

namespace {

constexpr int kServerBatchLimit = 500;       // API v1: /feedback/batch and /outputs/lease take ≤ 500
constexpr qint64 kAutoLeaseIntervalMs = 60'000;  // don't ask an empty server again more often

QDateTime nowUtc() { return QDateTime::currentDateTimeUtc(); }

OutboxState stateOf(BatchItemResult::Status status)
{
    switch (status) {
    case BatchItemResult::Status::Accepted:
    case BatchItemResult::Status::Duplicate:
        return OutboxState::Sent;
    case BatchItemResult::Status::Conflict:
        return OutboxState::Conflict;
    case BatchItemResult::Status::Invalid:
        break;
    }
    return OutboxState::Rejected;
}

} // namespace

struct SyncEngine::Private {
    ApiClient *api = nullptr;
    LocalStore *store = nullptr;
    QPointer<AuthService> auth;
    Account account;

    int leaseBatch = 100;
    int leaseSeconds = 3600;
    int lowWatermark = 20;
    int maxBatch = kServerBatchLimit;
    int sizeLimit = kServerBatchLimit;   // lowered by a 413 and kept: the server's size limit
    int probeLimit = kServerBatchLimit;  // lowered to isolate a refused item; reset on success

    bool running = false;
    bool inFlight = false;
    bool busy = false;
    bool refreshTried = false;  // one refresh per 401 streak: never a loop
    bool authBlocked = false;   // waiting for the person to sign in again
    bool leaseWanted = false;
    bool sendAllNow = false;    // Ctrl+R / network back: ignore the backoff once
    int offlineLeaseLeft = 0;
    int offlineLeaseSeconds = 0;
    bool offlineLeaseFirstPage = false;  // the first page renews what we hold; later pages bring only new ones
    bool offlineLeaseActive = false;
    int offlineLeaseRequested = 0;
    int offlineLeased = 0;
    QDateTime offlineLeaseUntil;
    int releasesInFlight = 0;
    QList<std::function<void()>> idleWaiters;
    QDateTime lastLeaseAt;
    bool lastLeaseFull = false;
    QDateTime leaseRetryAt;     // a failed lease waits like an outbox entry

    // Separate backoffs: a lease that works says nothing about a batch the server keeps failing.
    Backoff backoff;       // the outbox
    Backoff leaseBackoff;  // leasing
    QTimer wakeTimer;           // the next retry is due
    QTimer drainSoonTimer;      // a decision was queued
    Connectivity connectivity = Connectivity::Unknown;
    QDateTime lastSynced;
    int lastWaiting = -1;
    bool watchingNetwork = false;
};

SyncEngine::SyncEngine(ApiClient *api, LocalStore *store, QObject *parent)
    : QObject(parent), d(new Private)
{
    d->api = api;
    d->store = store;
    d->wakeTimer.setSingleShot(true);
    d->drainSoonTimer.setSingleShot(true);
    d->drainSoonTimer.setInterval(200);
    connect(&d->wakeTimer, &QTimer::timeout, this, &SyncEngine::pump);
    connect(&d->drainSoonTimer, &QTimer::timeout, this, &SyncEngine::pump);
}

SyncEngine::~SyncEngine() { delete d; }

void SyncEngine::setAccount(const Account &account)
{
    d->account = account;
    d->authBlocked = false;
    d->refreshTried = false;
}

void SyncEngine::setAuthService(AuthService *auth)
{
    d->auth = auth;
    // A new sign-in (password typed again) ends a SignInNeeded pause.
    connect(auth, &AuthService::signedIn, this, [this](const Account &account, bool online) {
        setAccount(account);
        if (online)
            pumpSoon();
    });
}

void SyncEngine::setLeasePolicy(int batchSize, int leaseSeconds, int lowWatermark)
{
    d->leaseBatch = std::clamp(batchSize, 1, kServerBatchLimit);
    d->leaseSeconds = std::clamp(leaseSeconds, 60, 86400);
    d->lowWatermark = std::max(0, lowWatermark);
}

void SyncEngine::setMaxBatchSize(int size)
{
    d->maxBatch = std::clamp(size, 1, kServerBatchLimit);
    d->sizeLimit = d->maxBatch;
    d->probeLimit = d->maxBatch;
}

void SyncEngine::setBackoffLimits(std::chrono::milliseconds initial, std::chrono::milliseconds cap)
{
    d->backoff.setLimits(initial, cap);
    d->leaseBackoff.setLimits(initial, cap);
}

void SyncEngine::setDrainDelay(std::chrono::milliseconds delay)
{
    d->drainSoonTimer.setInterval(int(delay.count()));
}

std::chrono::milliseconds SyncEngine::currentBackoff() const { return d->backoff.current(); }
SyncEngine::Connectivity SyncEngine::connectivity() const { return d->connectivity; }
QDateTime SyncEngine::lastSyncedAt() const { return d->lastSynced; }
bool SyncEngine::isBusy() const { return d->busy; }

void SyncEngine::start()
{
    d->running = true;
    d->leaseWanted = true;
    d->authBlocked = false;
    d->sendAllNow = true;  // a start is a new chance: what an earlier run scheduled for later goes now
    watchNetworkInformation();
    updateWaitingCount();
    pump();
}

void SyncEngine::stop()
{
    // A request in flight still lands and its answer is recorded; nothing new is started.
    d->running = false;
    d->wakeTimer.stop();
    d->drainSoonTimer.stop();
    d->offlineLeaseLeft = 0;
    if (d->offlineLeaseActive) {
        d->offlineLeaseActive = false;
        Q_EMIT offlineLeaseFinished(d->offlineLeased, d->offlineLeaseRequested, d->offlineLeaseUntil);
    }
}

void SyncEngine::whenIdle(std::function<void()> done)
{
    if (!d->inFlight && d->releasesInFlight == 0) {
        done();
        return;
    }
    d->idleWaiters.append(std::move(done));
}

void SyncEngine::notifyIdle()
{
    if (d->inFlight || d->releasesInFlight > 0)
        return;
    const auto waiters = std::exchange(d->idleWaiters, {});
    for (const auto &done : waiters)
        done();
}

void SyncEngine::syncNow()
{
    d->running = true;
    d->sendAllNow = true;
    d->authBlocked = false;
    d->refreshTried = false;
    d->leaseRetryAt = {};
    d->leaseWanted = d->store->pendingCount() < d->lowWatermark;
    pump();
}

void SyncEngine::notifyDecisionQueued()
{
    updateWaitingCount();
    pumpSoon();
}

void SyncEngine::leaseOfflineBatch(int count, int leaseSeconds)
{
    d->offlineLeaseLeft = std::max(0, count);
    d->offlineLeaseSeconds = std::clamp(leaseSeconds, 60, 86400);
    d->offlineLeaseFirstPage = true;
    d->offlineLeaseActive = d->offlineLeaseLeft > 0;
    d->offlineLeaseRequested = d->offlineLeaseLeft;
    d->offlineLeased = 0;
    d->offlineLeaseUntil = {};
    d->leaseRetryAt = {};
    d->running = true;
    if (!d->offlineLeaseActive) {
        Q_EMIT offlineLeaseFinished(0, 0, {});
        return;
    }
    pump();
}

// Sign-out: outputs nobody decided go back to the team. Only what the server confirms
// released leaves the local cache.
void SyncEngine::releasePending(ReleaseCallback done)
{
    const QStringList ids = d->store->pendingIds();
    if (ids.isEmpty()) {
        if (done)
            done(0, {});
        return;
    }
    struct Tally {
        int pagesLeft = 0;
        int released = 0;
        QString error;
        ReleaseCallback done;
    };
    auto tally = std::make_shared<Tally>();
    tally->pagesLeft = int((ids.size() + kServerBatchLimit - 1) / kServerBatchLimit);
    tally->done = std::move(done);
    for (qsizetype at = 0; at < ids.size(); at += kServerBatchLimit) {
        const QStringList chunk = ids.mid(at, kServerBatchLimit);
        QPointer<SyncEngine> self(this);
        ++d->releasesInFlight;
        d->api->release(chunk, [self, chunk, tally](const ApiResult<int> &result) {
            if (!self)
                return;
            --self->d->releasesInFlight;
            if (!result.ok()) {
                if (tally->error.isEmpty())
                    tally->error = result.error.message;
                Q_EMIT self->problem(result.error.message);
            } else {
                self->d->store->removeOutputs(chunk);
                tally->released += int(chunk.size());
                Q_EMIT self->outputsReleased(chunk);
            }
            if (--tally->pagesLeft == 0 && tally->done)
                tally->done(tally->released, tally->error);
            self->notifyIdle();
        });
    }
}

// --- the loop ----------------------------------------------------------------------------
// One request at a time: outbox work first (in decision order), then leasing, then sleep
// until the earliest retry is due.

void SyncEngine::pumpSoon()
{
    if (!d->drainSoonTimer.isActive())
        d->drainSoonTimer.start();
}

void SyncEngine::pump()
{
    if (!d->running || d->inFlight || d->authBlocked)
        return;
    if (sendDueWork() || leaseIfWanted())
        return;
    setBusy(false);
    scheduleWake();
}

bool SyncEngine::sendDueWork()
{
    const QDateTime horizon = d->sendAllNow ? nowUtc().addYears(100) : nowUtc();
    const int limit = std::min({d->maxBatch, d->sizeLimit, d->probeLimit});
    const QList<OutboxEntry> due = d->store->due(horizon, limit);
    if (due.isEmpty()) {
        d->sendAllNow = false;
        return false;
    }
    if (due.first().state == OutboxState::RetractQueued) {
        sendRetract(due.first());
        return true;
    }
    // The leading run of decisions; a retract after them waits its turn (order matters when a
    // decision is undone and made again).
    QList<OutboxEntry> run;
    for (const OutboxEntry &entry : due) {
        if (entry.state != OutboxState::Queued)
            break;
        run.append(entry);
    }
    sendBatch(run);
    return true;
}

bool SyncEngine::leaseIfWanted()
{
    const QDateTime now = nowUtc();
    if (d->leaseRetryAt.isValid() && d->leaseRetryAt > now)
        return false;
    if (d->offlineLeaseLeft > 0) {
        const auto scope = d->offlineLeaseFirstPage ? ApiClient::LeaseScope::HeldFirst : ApiClient::LeaseScope::OnlyNew;
        d->offlineLeaseFirstPage = false;
        requestLease(std::min(d->offlineLeaseLeft, kServerBatchLimit), d->offlineLeaseSeconds, scope);
        return true;
    }
    const bool runningLow = d->store->pendingCount() < d->lowWatermark;
    const bool mayAskAgain = !d->lastLeaseAt.isValid() || d->lastLeaseFull
                             || d->lastLeaseAt.msecsTo(now) >= kAutoLeaseIntervalMs;
    if (!d->leaseWanted && !(runningLow && mayAskAgain))
        return false;
    d->leaseWanted = false;
    // The routine lease renews what we hold first: it must not cut an offline session's long
    // leases short, so it asks for at least what the longest one still has.
    int seconds = d->leaseSeconds;
    const QDateTime longest = d->store->latestPendingLeaseExpiry();
    if (longest.isValid())
        seconds = int(std::clamp<qint64>(now.secsTo(longest), seconds, 86400));
    requestLease(d->leaseBatch, seconds, ApiClient::LeaseScope::HeldFirst);
    return true;
}

void SyncEngine::sendBatch(const QList<OutboxEntry> &entries)
{
    QList<Decision> decisions;
    for (const OutboxEntry &entry : entries)
        decisions.append(entry.decision);
    d->inFlight = true;
    setBusy(true);
    QPointer<SyncEngine> self(this);
    d->api->sendBatch(decisions, [self, entries](const ApiResult<QList<BatchItemResult>> &result) {
        if (!self)
            return;
        self->d->inFlight = false;
        if (result.ok()) {
            self->applyBatchResults(entries, *result.value);
            self->succeeded(true);
        } else {
            self->handleFailure(result.error, entries);
        }
        self->finishCall();
    });
}

void SyncEngine::sendRetract(const OutboxEntry &entry)
{
    if (entry.feedbackId.isEmpty()) {
        d->store->markRejected(entry.decision.idempotencyKey, tr("The server's id of this decision is unknown."));
        Q_EMIT entryChanged(entry.decision.idempotencyKey, entry.decision.outputId, OutboxState::Rejected);
        pumpSoon();
        return;
    }
    d->inFlight = true;
    setBusy(true);
    QPointer<SyncEngine> self(this);
    d->api->retract(entry.feedbackId, [self, entry](const ApiResult<QString> &result) {
        if (!self)
            return;
        self->d->inFlight = false;
        if (result.ok()) {
            self->d->store->markRetracted(entry.decision.idempotencyKey);
            Q_EMIT self->entryChanged(entry.decision.idempotencyKey, entry.decision.outputId, OutboxState::Retracted);
            self->succeeded(true);
        } else {
            self->handleFailure(result.error, {entry});
        }
        self->finishCall();
    });
}

void SyncEngine::requestLease(int limit, int leaseSeconds, ApiClient::LeaseScope scope)
{
    d->inFlight = true;
    setBusy(true);
    QPointer<SyncEngine> self(this);
    const bool offlinePage = d->offlineLeaseActive && d->offlineLeaseLeft > 0;
    d->api->lease(limit, leaseSeconds, scope, [self, limit, offlinePage](const ApiResult<LeaseBatch> &result) {
        if (!self)
            return;
        Private *d = self->d;
        d->inFlight = false;
        if (!result.ok()) {
            self->handleFailure(result.error, {});
            self->finishCall();
            return;
        }
        const QList<ModelOutput> &items = result.value->items;
        d->lastLeaseAt = nowUtc();
        d->lastLeaseFull = items.size() >= limit;
        // A short page means the backend has nothing more for us: an offline batch stops there.
        // (Later pages ask only for outputs we do not hold, so a full page always brings new ones.)
        d->offlineLeaseLeft = d->lastLeaseFull ? std::max(0, d->offlineLeaseLeft - int(items.size())) : 0;
        if (!d->store->cacheOutputs(items)) {
            Q_EMIT self->problem(d->store->lastError());
        } else if (!items.isEmpty()) {
            QStringList ids;
            for (const ModelOutput &output : items)
                ids.append(output.id);
            Q_EMIT self->outputsCached(d->store->summaries(ids));
        }
        if (offlinePage && d->offlineLeaseActive) {
            d->offlineLeased += int(items.size());
            for (const ModelOutput &output : items) {
                if (output.leaseExpiresAt.isValid()
                    && (!d->offlineLeaseUntil.isValid() || output.leaseExpiresAt < d->offlineLeaseUntil))
                    d->offlineLeaseUntil = output.leaseExpiresAt;
            }
            if (d->offlineLeaseLeft > 0) {
                Q_EMIT self->offlineLeaseProgress(d->offlineLeased, d->offlineLeaseRequested);
            } else {
                d->offlineLeaseActive = false;
                Q_EMIT self->offlineLeaseFinished(d->offlineLeased, d->offlineLeaseRequested, d->offlineLeaseUntil);
            }
        }
        self->succeeded(false);
        self->finishCall();
    });
}

// Results are recorded in one transaction, so a crash leaves either all or none of them:
// none is harmless, the same keys are sent again and come back as "duplicate".
void SyncEngine::applyBatchResults(const QList<OutboxEntry> &entries, const QList<BatchItemResult> &results)
{
    QHash<QString, BatchItemResult> byKey;
    for (const BatchItemResult &result : results)
        byKey.insert(result.idempotencyKey, result);
    QStringList orphans;
    d->store->beginBatch();
    for (const OutboxEntry &entry : entries) {
        const QString &key = entry.decision.idempotencyKey;
        const auto found = byKey.constFind(key);
        if (found == byKey.constEnd()) {
            d->store->markRetry(key, nowUtc(), tr("The server did not answer for this decision."));
            continue;
        }
        const OutboxState state = stateOf(found->status);
        bool recorded = false;
        if (state == OutboxState::Sent)
            recorded = d->store->markSent(key, found->feedbackId);
        else if (state == OutboxState::Conflict)
            recorded = d->store->markConflict(key, found->reason.isEmpty() ? tr("Someone else already decided this output.") : found->reason);
        else
            recorded = d->store->markRejected(key, found->reason);
        if (!recorded && state == OutboxState::Sent && !d->store->entry(key))
            orphans.append(found->feedbackId);  // withdrawn (undone) while it was on its way
        else if (recorded)
            Q_EMIT entryChanged(key, entry.decision.outputId, state);
    }
    if (!d->store->commitBatch())
        Q_EMIT problem(d->store->lastError());
    for (const QString &feedbackId : orphans)
        retractOrphan(feedbackId);
}

// The person undid a decision while it was being sent and the server stored it anyway: the
// undo must still win, so the stored feedback is retracted. (Best effort: the local row is
// gone, so a failure here is reported rather than retried.)
void SyncEngine::retractOrphan(const QString &feedbackId)
{
    QPointer<SyncEngine> self(this);
    d->api->retract(feedbackId, [self](const ApiResult<QString> &result) {
        if (self && !result.ok())
            Q_EMIT self->problem(tr("An undone decision reached the server and could not be withdrawn: %1")
                                     .arg(result.error.message));
    });
}

void SyncEngine::succeeded(bool outboxWork)
{
    (outboxWork ? d->backoff : d->leaseBackoff).reset();
    d->refreshTried = false;
    d->probeLimit = d->sizeLimit;
    d->leaseRetryAt = {};
    d->lastSynced = nowUtc();
    setConnectivity(Connectivity::Online, {});
    Q_EMIT synced(d->lastSynced);
}

void SyncEngine::finishCall()
{
    updateWaitingCount();
    pump();
    notifyIdle();
}

// --- failures ------------------------------------------------------------------------------

void SyncEngine::handleFailure(const ApiError &error, const QList<OutboxEntry> &entries)
{
    using K = ApiError::Kind;
    if (error.kind == K::SessionExpired)
        handleUnauthorized(error, entries);
    else if (error.isTransient() || error.kind == K::Malformed || error.kind == K::Tls)
        handleTransient(error, entries);  // a resend is safe: the same idempotency keys
    else
        handleRefused(error, entries);
}

// 401: one refresh, then the same request again; a second 401 needs the person.
void SyncEngine::handleUnauthorized(const ApiError &error, const QList<OutboxEntry> &entries)
{
    if (!d->auth || d->refreshTried) {
        d->authBlocked = true;
        setConnectivity(Connectivity::SignInNeeded, error.message);
        Q_EMIT authenticationRequired();
        return;
    }
    d->refreshTried = true;
    d->inFlight = true;  // nothing else goes out while the token is renewed
    QPointer<SyncEngine> self(this);
    d->auth->renewAccessToken([self, error, entries](AuthService::RenewOutcome outcome, const QString &message) {
        if (!self)
            return;
        self->d->inFlight = false;
        if (outcome == AuthService::RenewOutcome::Renewed) {
            self->pump();
        } else if (outcome == AuthService::RenewOutcome::Unreachable) {
            ApiError transient = error;
            transient.kind = ApiError::Kind::Unreachable;
            transient.message = message;
            self->handleTransient(transient, entries);
            self->pump();
        } else {
            self->d->authBlocked = true;
            self->setConnectivity(Connectivity::SignInNeeded, message);
            Q_EMIT self->authenticationRequired();
        }
        self->notifyIdle();
    });
}

void SyncEngine::handleTransient(const ApiError &error, const QList<OutboxEntry> &entries)
{
    using namespace std::chrono;
    const milliseconds retryAfter = error.retryAfterSeconds >= 0 ? milliseconds(seconds(error.retryAfterSeconds))
                                                                 : milliseconds(-1);
    Backoff &backoff = entries.isEmpty() ? d->leaseBackoff : d->backoff;
    const QDateTime at = nowUtc().addMSecs(backoff.next(retryAfter).count());
    d->sendAllNow = false;
    if (entries.isEmpty())
        d->leaseRetryAt = at;
    d->store->beginBatch();
    for (const OutboxEntry &entry : entries)
        d->store->markRetry(entry.decision.idempotencyKey, at, error.message);
    d->store->commitBatch();
    const bool unreachable = error.kind == ApiError::Kind::Unreachable || error.kind == ApiError::Kind::Timeout
                             || error.kind == ApiError::Kind::Tls;
    setConnectivity(unreachable ? Connectivity::Offline : Connectivity::Online, error.message);
    Q_EMIT problem(error.message);
}

// The server understood and said no. A batch is split until the refused item stands alone (the
// others are accepted on the way); a lone item is marked and shown, never retried.
void SyncEngine::handleRefused(const ApiError &error, const QList<OutboxEntry> &entries)
{
    if (entries.isEmpty()) {  // a lease: don't ask again automatically for a while
        d->lastLeaseAt = nowUtc();
        d->lastLeaseFull = false;
        Q_EMIT problem(error.message);
        return;
    }
    if (entries.size() > 1) {
        const int half = int(entries.size() / 2);
        if (error.kind == ApiError::Kind::TooLarge)
            d->sizeLimit = half;
        d->probeLimit = half;
        return;
    }
    const OutboxEntry &entry = entries.first();
    const bool conflict = error.kind == ApiError::Kind::Conflict && entry.state == OutboxState::Queued;
    const QString &key = entry.decision.idempotencyKey;
    conflict ? d->store->markConflict(key, error.message) : d->store->markRejected(key, error.message);
    Q_EMIT entryChanged(key, entry.decision.outputId, conflict ? OutboxState::Conflict : OutboxState::Rejected);
    Q_EMIT problem(error.message);
}

// --- state for the UI ----------------------------------------------------------------------

void SyncEngine::scheduleWake()
{
    QDateTime at = d->store->nextAttemptAt();
    if (d->leaseRetryAt.isValid() && (!at.isValid() || d->leaseRetryAt < at))
        at = d->leaseRetryAt;
    if (!at.isValid() || !d->running)
        return;
    d->wakeTimer.start(int(std::clamp<qint64>(nowUtc().msecsTo(at), 0, 24 * 3600 * 1000)));
}

void SyncEngine::setConnectivity(Connectivity connectivity, const QString &detail)
{
    if (connectivity == d->connectivity && detail.isEmpty())
        return;
    d->connectivity = connectivity;
    Q_EMIT connectivityChanged(connectivity, detail);
}

void SyncEngine::setBusy(bool busy)
{
    if (busy == d->busy)
        return;
    d->busy = busy;
    Q_EMIT busyChanged(busy);
}

void SyncEngine::updateWaitingCount()
{
    const int waiting = d->store->waitingCount();
    if (waiting == d->lastWaiting)
        return;
    d->lastWaiting = waiting;
    Q_EMIT waitingCountChanged(waiting);
}

// The operating system's idea of the network is only a hint: when it says "back online", try
// now instead of waiting for the backoff; when it says "offline", keep trying on schedule.
void SyncEngine::watchNetworkInformation()
{
    static bool loaded = QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    QNetworkInformation *info = loaded ? QNetworkInformation::instance() : nullptr;
    if (!info || d->watchingNetwork)
        return;
    d->watchingNetwork = true;
    connect(info, &QNetworkInformation::reachabilityChanged, this, [this](QNetworkInformation::Reachability r) {
        if (r == QNetworkInformation::Reachability::Online && d->connectivity == Connectivity::Offline) {
            d->sendAllNow = true;
            d->leaseRetryAt = {};
            pump();
        }
    });
}

} // namespace fr
