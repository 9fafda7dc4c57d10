#include "SyncEngine.h"

#include "ApiClient.h"
#include "AuthService.h"
#include "Backoff.h"
#include "LocalStore.h"
#include "LogCategories.h"
#include "OutboxBatch.h"
#include "ReconnectProbe.h"
#include "NextTurn.h"
#include "SliceSizer.h"
#include "StoreWriter.h"

#include <QElapsedTimer>
#include <QLocale>
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
constexpr int kHeldRetryMarginSecs = 5;  // after another's lease ends: our clock may run ahead of the server's

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

struct Change {
    QString key;
    QString outputId;
    OutboxState state;
};

} // namespace

// A hand-back in progress: its pages, how far it got, what it says when done.
struct SyncEngine::ReleaseTally {
    QList<QStringList> pages;
    qsizetype nextPage = 0;
    int pagesLeft = 0;
    int released = 0;
    QString error;
    SyncEngine::ReleaseCallback done;
};

struct SyncEngine::Private {
    ApiClient *api = nullptr;
    LocalStore *store = nullptr;
    Account account;

    int leaseBatch = 100;
    int leaseSeconds = 3600;
    int lowWatermark = 20;
    int maxBatch = kServerBatchLimit;
    int sizeLimit = kServerBatchLimit;   // lowered by a 413 and kept: the server's size limit
    int probeLimit = kServerBatchLimit;  // lowered to isolate a refused item; reset on success

    DrainState drain = DrainState::Stopped;
    LeaseState lease = LeaseState::Stopped;
    int callsInFlight = 0;      // one at a time on the line (releases at sign-out aside)
    int releasesInFlight = 0;
    bool pumpQueued = false;  // pumpNextTurn()
    QPointer<StoreWriter> writer;
    // What a slice of each kind of GUI-thread work costs, learnt across its chains.
    std::shared_ptr<SliceSizer> resultSizer = std::make_shared<SliceSizer>(kServerBatchLimit);
    std::shared_ptr<SliceSizer> leaseSizer = std::make_shared<SliceSizer>(kServerBatchLimit);
    std::shared_ptr<SliceSizer> releaseSizer = std::make_shared<SliceSizer>(kServerBatchLimit);
    bool busy = false;
    QDateTime drainHoldUntil;   // the store could not note a send: hold the outbox until then
    QDateTime leaseRetryAt;     // LeaseState::Retrying: when to ask again

    // An offline session's big lease, page by page (requested 0: none running).
    int offlineLeaseLeft = 0;
    int offlineLeaseSeconds = 0;
    bool offlineLeaseFirstPage = false;  // the first page renews what we hold; later pages bring only new ones
    int offlineLeaseRequested = 0;
    int offlineLeased = 0;
    QDateTime offlineLeaseUntil;

    QList<std::function<void()>> idleWaiters;
    QDateTime lastLeaseAt;
    bool lastLeaseFull = false;
    // Whose turn on the line when both have work: after a batch, a wanted lease goes before the
    // next one, so a fast reviewer on a bad network is not left in front of an empty queue.
    enum class Turn { Outbox, Lease } turn = Turn::Outbox;

    // Separate backoffs: a lease that works says nothing about a batch the server keeps failing.
    Backoff backoff;       // the outbox, while the backend answers (Blocked: 5xx, 429, ...)
    Backoff leaseBackoff;  // leasing, likewise
    ReconnectProbe probe;  // while nothing answers at all
    std::chrono::milliseconds backoffInitial{1000};
    std::chrono::milliseconds backoffCap{5 * 60 * 1000};
    std::chrono::milliseconds probeInitial = ReconnectProbe::DefaultInitial;
    std::chrono::milliseconds probeCap = ReconnectProbe::DefaultCap;
    QTimer wakeTimer;           // the next retry is due
    QTimer drainSoonTimer;      // a decision was queued
    Connectivity connectivity = Connectivity::Unknown;
    QDateTime lastSynced;
    int lastWaiting = -1;

    bool stopped() const { return drain == DrainState::Stopped; }
    bool paused() const { return drain == DrainState::Paused; }
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
    connect(&d->probe, &ReconnectProbe::tryNowRequested, this, &SyncEngine::networkChanged);
}

SyncEngine::~SyncEngine() { delete d; }

// A (new) sign-in ends a SignInNeeded pause: both machines go on where they were.
void SyncEngine::setAccount(const Account &account)
{
    d->account = account;
    if (!d->paused())
        return;
    setDrainState(DrainState::Idle);
    setLeaseState(LeaseState::Wanted);
    setConnectivity(Connectivity::Unknown, {});
    pumpSoon();
}

void SyncEngine::setAuthService(AuthService *auth)
{
    connect(auth, &AuthService::signedIn, this, [this](const Account &account, bool) { setAccount(account); });
    connect(auth, &AuthService::accessTokenRenewed, this, [this] { setAccount(d->account); });
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
    d->backoffInitial = initial;
    d->backoffCap = cap;
    applyProbeLimits();
}

void SyncEngine::setReconnectLimits(std::chrono::milliseconds initial, std::chrono::milliseconds cap)
{
    d->probeInitial = initial;
    d->probeCap = cap;
    applyProbeLimits();
}

// An outage is never waited out longer than a failing backend would be: the probe's limits are
// at most the backoff's (the product: 1 s .. 60 s against 1 s .. 5 min).
void SyncEngine::applyProbeLimits()
{
    d->probe.setLimits(std::min(d->probeInitial, d->backoffInitial), std::min(d->probeCap, d->backoffCap));
}

void SyncEngine::setDrainDelay(std::chrono::milliseconds delay)
{
    d->drainSoonTimer.setInterval(int(delay.count()));
}

std::chrono::milliseconds SyncEngine::currentBackoff() const { return d->backoff.current(); }
SyncEngine::Connectivity SyncEngine::connectivity() const { return d->connectivity; }
SyncEngine::DrainState SyncEngine::drainState() const { return d->drain; }
SyncEngine::LeaseState SyncEngine::leaseState() const { return d->lease; }
QDateTime SyncEngine::lastSyncedAt() const { return d->lastSynced.isValid() ? d->lastSynced : d->store->lastSyncedAt(); }
QDateTime SyncEngine::nextRetryAt() const { return d->probe.nextAt(); }
bool SyncEngine::isBusy() const { return d->busy; }

void SyncEngine::start()
{
    setDrainState(DrainState::Idle);
    setLeaseState(LeaseState::Wanted);
    d->lastSynced = d->store->lastSyncedAt();
    d->probe.watchSystemNetwork();
    updateWaitingCount();
    tryNow();  // a start is a new chance: what an earlier run scheduled for later goes now
}

void SyncEngine::stop()
{
    // A request in flight still lands and its answer is recorded; nothing new is started.
    setDrainState(DrainState::Stopped);
    setLeaseState(LeaseState::Stopped);
    d->wakeTimer.stop();
    d->drainSoonTimer.stop();
    d->offlineLeaseLeft = 0;
    if (d->offlineLeaseRequested > 0) {
        const int requested = std::exchange(d->offlineLeaseRequested, 0);
        Q_EMIT offlineLeaseFinished(d->offlineLeased, requested, d->offlineLeaseUntil);
    }
}

void SyncEngine::whenIdle(std::function<void()> done)
{
    if (d->callsInFlight == 0 && d->releasesInFlight == 0) {
        done();
        return;
    }
    d->idleWaiters.append(std::move(done));
}

void SyncEngine::notifyIdle()
{
    if (d->callsInFlight > 0 || d->releasesInFlight > 0)
        return;
    const auto waiters = std::exchange(d->idleWaiters, {});
    for (const auto &done : waiters)
        done();
}

// Ctrl+R: a person asks, so a pause or a backoff does not stand in the way.
void SyncEngine::syncNow()
{
    if (d->stopped() || d->paused()) {
        setDrainState(DrainState::Idle);
        setLeaseState(LeaseState::Idle);
    }
    if (d->store->hasFewerPendingThan(d->lowWatermark))
        setLeaseState(LeaseState::Wanted);
    tryNow();
}

void SyncEngine::notifyDecisionQueued()
{
    updateWaitingCount();
    pumpSoon();
}

// While offline, the system's word that the network changed is worth a try at once.
void SyncEngine::networkChanged()
{
    if (!d->stopped() && d->connectivity == Connectivity::Offline)
        tryNow();
}

void SyncEngine::tryNow()
{
    relaxedWrite([this] { return d->store->makeWaitingDueNow(); });
    d->drainHoldUntil = {};
    if (d->lease == LeaseState::Retrying)
        setLeaseState(LeaseState::Wanted);
    pumpNextTurn();
}

void SyncEngine::leaseOfflineBatch(int count, int leaseSeconds)
{
    d->offlineLeaseLeft = std::max(0, count);
    d->offlineLeaseSeconds = std::clamp(leaseSeconds, 60, 86400);
    d->offlineLeaseFirstPage = true;
    d->offlineLeaseRequested = d->offlineLeaseLeft;
    d->offlineLeased = 0;
    d->offlineLeaseUntil = {};
    if (d->offlineLeaseRequested == 0) {
        Q_EMIT offlineLeaseFinished(0, 0, {});
        return;
    }
    if (d->stopped())
        setDrainState(DrainState::Idle);
    setLeaseState(LeaseState::Wanted);
    pump();
}

void SyncEngine::setStoreWriter(StoreWriter *writer)
{
    d->writer = writer;
}

// Sign-out: outputs nobody decided go back to the team. Only what the server confirms
// released leaves the local cache.
void SyncEngine::releasePending(const QStringList &ids, ReleaseCallback done)
{
    if (ids.isEmpty()) {
        if (done)
            done(0, {});
        return;
    }
    // Two pages on the line at a time, the next one sent when one is answered: a hundred pages
    // posted at once held the GUI thread for 200 ms (and each answer removes its page here).
    auto tally = std::make_shared<ReleaseTally>();
    for (qsizetype at = 0; at < ids.size(); at += kServerBatchLimit)
        tally->pages.append(ids.mid(at, kServerBatchLimit));
    tally->pagesLeft = int(tally->pages.size());
    tally->done = std::move(done);
    sendNextRelease(tally);
    sendNextRelease(tally);
}

void SyncEngine::sendNextRelease(const std::shared_ptr<ReleaseTally> &tally)
{
    if (tally->nextPage >= tally->pages.size())
        return;
    const QStringList chunk = tally->pages.at(tally->nextPage++);
    ++d->releasesInFlight;  // until its outputs are out of the cache too
    QPointer<SyncEngine> self(this);
    d->api->release(chunk, [self, chunk, tally](const ApiResult<int> &result) {
        if (!self)
            return;
        if (!result.ok()) {
            if (tally->error.isEmpty())
                tally->error = result.error.message;
            Q_EMIT self->problem(result.error.message);
            self->releasePageDone(tally);
            return;
        }
        if (self->d->writer && self->d->writer->isOpen()) {
            self->d->writer->removeOutputs(chunk, [self, chunk, tally](bool ok, const QString &error) {
                if (!self)
                    return;
                if (ok) {
                    tally->released += int(chunk.size());
                    Q_EMIT self->outputsReleased(chunk);
                } else {
                    Q_EMIT self->problem(error);
                }
                self->releasePageDone(tally);
            });
            return;
        }
        // Out of the cache a slice at a time (a page of 500 random rows of a large cache at once
        // held the GUI thread for 200 ms); the page is done when its last slice is.
        self->inSlices(chunk.size(), self->d->releaseSizer,
                       [self, chunk, tally](qsizetype from, qsizetype to) {
                           const QStringList slice = chunk.mid(from, to - from);
                           if (!self->relaxedWrite([&] { return self->d->store->removeOutputs(slice); }))
                               return false;
                           tally->released += int(slice.size());
                           Q_EMIT self->outputsReleased(slice);
                           return true;
                       },
                       [self, tally] {
                           if (self)
                               self->releasePageDone(tally);
                       });
    });
}

void SyncEngine::releasePageDone(const std::shared_ptr<ReleaseTally> &tally)
{
    --d->releasesInFlight;
    if (--tally->pagesLeft == 0) {
        if (tally->done)
            tally->done(tally->released, tally->error);
    } else {
        sendNextRelease(tally);
    }
    notifyIdle();
}

// --- the loop ----------------------------------------------------------------------------
// One request at a time: outbox work first (in decision order), then leasing, then sleep
// until the earliest retry is due.

void SyncEngine::pumpSoon()
{
    if (!d->drainSoonTimer.isActive())
        d->drainSoonTimer.start();
}

// The next request is prepared in a turn of its own: after a sign-in's long turn, or after the
// last slice of a batch's answers, it made one stall of both (50-70 ms at 100,000 cached).
void SyncEngine::pumpNextTurn()
{
    if (std::exchange(d->pumpQueued, true))
        return;
    inNextTurn(this, [this] {
        d->pumpQueued = false;
        pump();
    });
}

void SyncEngine::pump()
{
    if (d->callsInFlight > 0)
        return;
    if (d->stopped() || d->paused()) {
        setBusy(false);
        return;
    }
    if (d->turn == Private::Turn::Lease && leaseIfWanted())
        return;
    if (sendDueWork() || leaseIfWanted())
        return;
    setBusy(false);
    scheduleWake();
}

bool SyncEngine::sendDueWork()
{
    const QDateTime now = nowUtc();
    if (d->drainHoldUntil.isValid() && d->drainHoldUntil > now)
        return false;
    d->drainHoldUntil = {};
    const int limit = std::min({d->maxBatch, d->sizeLimit, d->probeLimit});
    if (d->writer && d->writer->isOpen()) {
        takeDueElsewhere(now, limit);
        return true;
    }
    OutboxBatch next = OutboxBatch::from(d->store->due(now, limit));
    if (next.isEmpty()) {
        nothingDue();
        return false;
    }
    if (next.retract) {
        sendRetract(*next.retract);
        return true;
    }
    // Durable before the request leaves: from now on an undo must retract, not delete.
    if (!checkStore(d->store->markTransmitted(next.keys()))) {
        d->drainHoldUntil = now.addMSecs(d->backoff.next().count());
        setDrainState(DrainState::Retrying);
        return false;
    }
    // The request itself (its JSON) in the next turn: the read and the durable mark before it
    // are this turn's share. On the line meanwhile, so that nothing else starts.
    ++d->callsInFlight;
    setDrainState(DrainState::Sending);
    setBusy(true);
    inNextTurn(this, [this, next]() mutable {
        --d->callsInFlight;
        next.buildBody();
        sendBatch(next);
    });
    d->turn = Private::Turn::Lease;
    return true;
}

void SyncEngine::nothingDue()
{
    if (d->drain != DrainState::Retrying || d->store->waitingCountUpTo(1) == 0)
        setDrainState(DrainState::Idle);
}

// The due decisions are read, and the batch marked as being sent, on StoreWriter's thread: on
// the GUI thread the read was ~10 ms and the mark's fsync 10-50 ms before every batch. The call
// is on the line meanwhile; the rest of the pump's turn runs when the answer is back.
void SyncEngine::takeDueElsewhere(const QDateTime &now, int limit)
{
    ++d->callsInFlight;
    QPointer<SyncEngine> self(this);
    d->writer->takeDue(now, limit, [self](bool ok, const QString &error, const OutboxBatch &next) {
        if (self)
            self->onDueTaken(ok, error, next);
    });
}

void SyncEngine::onDueTaken(bool ok, const QString &error, const OutboxBatch &next)
{
    --d->callsInFlight;
    if (!ok && d->stopped()) {  // the writer closed for the stop (a sign-out): nothing was marked
        setBusy(false);
        notifyIdle();
        return;
    }
    if (!ok) {
        Q_EMIT problem(error);
        d->drainHoldUntil = nowUtc().addMSecs(d->backoff.next().count());
        setDrainState(DrainState::Retrying);
        finishCall();
        return;
    }
    if (!next.decisions.isEmpty()) {  // marked: they go, whatever happened meanwhile
        d->turn = Private::Turn::Lease;
        sendBatch(next);
        return;
    }
    if (d->stopped() || d->paused()) {
        setBusy(false);
        notifyIdle();
        return;
    }
    // Read on the other thread: still the same retract (not undone again or answered since)?
    const std::optional<OutboxEntry> retract =
        next.retract ? d->store->entry(next.retract->decision.idempotencyKey) : std::nullopt;
    if (retract && retract->state == OutboxState::RetractQueued) {
        sendRetract(*retract);
        return;
    }
    if (next.retract) {  // it changed meanwhile: look again
        pumpNextTurn();
        return;
    }
    nothingDue();
    if (!leaseIfWanted()) {
        setBusy(false);
        scheduleWake();
        notifyIdle();
    }
}

bool SyncEngine::leaseIfWanted()
{
    const QDateTime now = nowUtc();
    if (d->lease == LeaseState::Retrying) {
        if (d->leaseRetryAt.isValid() && d->leaseRetryAt > now)
            return false;
        setLeaseState(LeaseState::Wanted);  // the retry is due: ask again, however full the queue
    }
    if (d->offlineLeaseLeft > 0) {
        const auto scope = d->offlineLeaseFirstPage ? ApiClient::LeaseScope::HeldFirst : ApiClient::LeaseScope::OnlyNew;
        d->offlineLeaseFirstPage = false;
        requestLease(std::min(d->offlineLeaseLeft, kServerBatchLimit), d->offlineLeaseSeconds, scope);
        return true;
    }
    const bool runningLow = d->store->hasFewerPendingThan(d->lowWatermark);
    const bool mayAskAgain = !d->lastLeaseAt.isValid() || d->lastLeaseFull
                             || d->lastLeaseAt.msecsTo(now) >= kAutoLeaseIntervalMs;
    if (d->lease != LeaseState::Wanted && !(runningLow && mayAskAgain))
        return false;
    // The routine lease renews what we hold first: it must not cut an offline session's long
    // leases short, so it asks for at least what the longest one still has.
    int seconds = d->leaseSeconds;
    const QDateTime longest = d->store->latestPendingLeaseExpiry();
    if (longest.isValid())
        seconds = int(std::clamp<qint64>(now.secsTo(longest), seconds, 86400));
    // The backend hands back its own live leases first, and an output decided here but not
    // sent yet is still leased to us there: ask for those on top, or they crowd out new ones.
    // (Counted up to the server's limit: bounded, whatever waits.)
    const int limit = std::min(kServerBatchLimit, d->leaseBatch + d->store->waitingCountUpTo(kServerBatchLimit));
    requestLease(limit, seconds, ApiClient::LeaseScope::HeldFirst);
    return true;
}

void SyncEngine::sendBatch(const OutboxBatch &batch)
{
    const QList<OutboxEntry> &entries = batch.decisions;
    ++d->callsInFlight;
    setDrainState(DrainState::Sending);
    setBusy(true);
    QPointer<SyncEngine> self(this);
    d->api->sendBatch(batch.body, [self, entries](const ApiResult<QList<BatchItemResult>> &result) {
        if (!self)
            return;
        if (!result.ok()) {
            --self->d->callsInFlight;
            if (self->d->drain == DrainState::Sending)
                self->setDrainState(DrainState::Idle);
            self->handleFailure(result.error, entries);
            self->finishCall();
            return;
        }
        // The call stays on the line until every answer is recorded (slice by slice), so that
        // nothing else goes out meanwhile and whenIdle() waits for the last one.
        self->applyBatchResults(entries, *result.value, [self] {
            if (!self)
                return;
            --self->d->callsInFlight;
            if (self->d->drain == DrainState::Sending)
                self->setDrainState(DrainState::Idle);
            self->succeeded(true);
            self->finishCall();
        });
    });
}

void SyncEngine::sendRetract(const OutboxEntry &entry)
{
    const QString &key = entry.decision.idempotencyKey;
    if (entry.feedbackId.isEmpty()) {
        if (checkStore(d->store->markRejected(key, tr("The server's id of this decision is unknown."))))
            Q_EMIT entryChanged(key, entry.decision.outputId, OutboxState::Rejected);
        pumpSoon();
        return;
    }
    ++d->callsInFlight;
    setDrainState(DrainState::Sending);
    setBusy(true);
    QPointer<SyncEngine> self(this);
    d->api->retract(entry.feedbackId, [self, entry](const ApiResult<QString> &result) {
        if (!self)
            return;
        --self->d->callsInFlight;
        if (self->d->drain == DrainState::Sending)
            self->setDrainState(DrainState::Idle);
        if (result.ok()) {
            const QString &key = entry.decision.idempotencyKey;
            if (self->checkStore(self->d->store->markRetracted(key)))
                Q_EMIT self->entryChanged(key, entry.decision.outputId, OutboxState::Retracted);
            self->succeeded(true);
        } else {
            self->handleFailure(result.error, {entry});
        }
        self->finishCall();
    });
}

void SyncEngine::requestLease(int limit, int leaseSeconds, ApiClient::LeaseScope scope)
{
    d->turn = Private::Turn::Outbox;
    ++d->callsInFlight;
    setLeaseState(LeaseState::Leasing);
    setBusy(true);
    QPointer<SyncEngine> self(this);
    const bool offlinePage = d->offlineLeaseRequested > 0 && d->offlineLeaseLeft > 0;
    d->api->lease(limit, leaseSeconds, scope, [self, limit, offlinePage](const ApiResult<LeaseBatch> &result) {
        if (!self)
            return;
        auto finish = [self] {
            if (!self)
                return;
            --self->d->callsInFlight;
            if (self->d->lease == LeaseState::Leasing)
                self->setLeaseState(LeaseState::Idle);
        };
        if (!result.ok()) {
            finish();
            self->handleFailure(result.error, {});
            self->finishCall();
            return;
        }
        // On the line until the whole page is cached (slice by slice), as a batch's answers are.
        self->recordLease(*result.value, limit, offlinePage, [self, finish] {
            finish();
            if (!self)
                return;
            self->succeeded(false);
            self->finishCall();
        });
    });
}

// A page of 500 cached at once held the GUI thread for 25-50 ms (and its rows as long again in
// the sorted queue): it is cached and shown a slice at a time, each in its own transaction.
void SyncEngine::recordLease(const LeaseBatch &batch, int limit, bool offlinePage, std::function<void()> done)
{
    const QList<ModelOutput> items = batch.items;
    d->lastLeaseAt = nowUtc();
    d->lastLeaseFull = items.size() >= limit;
    // A short page means the backend has nothing more for us: an offline batch stops there.
    // (Later pages ask only for outputs we do not hold, so a full page always brings new ones.)
    d->offlineLeaseLeft = d->lastLeaseFull ? std::max(0, d->offlineLeaseLeft - int(items.size())) : 0;
    inSlices(items.size(), d->leaseSizer,
             [this, items](qsizetype from, qsizetype to) {
                 const QList<ModelOutput> slice = items.mid(from, to - from);
                 if (!relaxedWrite([&] { return d->store->cacheOutputs(slice); }))
                     return false;
                 QStringList ids;
                 for (const ModelOutput &output : slice)
                     ids.append(output.id);
                 Q_EMIT outputsCached(d->store->summaries(ids));
                 return true;
             },
             [this, items, offlinePage, done = std::move(done)] {
                 if (offlinePage && d->offlineLeaseRequested > 0)
                     noteOfflinePage(items);
                 done();
             });
}

void SyncEngine::noteOfflinePage(const QList<ModelOutput> &items)
{
    d->offlineLeased += int(items.size());
    for (const ModelOutput &output : items) {
        if (output.leaseExpiresAt.isValid()
            && (!d->offlineLeaseUntil.isValid() || output.leaseExpiresAt < d->offlineLeaseUntil))
            d->offlineLeaseUntil = output.leaseExpiresAt;
    }
    if (d->offlineLeaseLeft > 0) {
        Q_EMIT offlineLeaseProgress(d->offlineLeased, d->offlineLeaseRequested);
    } else {
        const int requested = std::exchange(d->offlineLeaseRequested, 0);
        Q_EMIT offlineLeaseFinished(d->offlineLeased, requested, d->offlineLeaseUntil);
    }
}

// A chain of slices, one per turn of the event loop, each sized by SliceSizer from what the
// slices before it cost, so that none holds the GUI thread for more than a few milliseconds.
// Each slice waits behind the timers that fell due during the one before (inNextTurn).
void SyncEngine::inSlices(qsizetype count, const std::shared_ptr<SliceSizer> &sizer,
                          std::function<bool(qsizetype, qsizetype)> slice, std::function<void()> done)
{
    if (count <= 0) {
        done();
        return;
    }
    auto step = std::make_shared<std::function<void(qsizetype)>>();
    *step = [this, count, sizer, slice = std::move(slice), done = std::move(done),
             weakStep = std::weak_ptr(step)](qsizetype from) {
        const qsizetype to = std::min(count, from + sizer->next());
        QElapsedTimer cost;
        cost.start();
        const bool ok = slice(from, to);
        sizer->took(to - from, double(cost.nsecsElapsed()) / 1e6);
        const auto next = weakStep.lock();
        if (!ok || to >= count || !next) {
            done();
            return;
        }
        inNextTurn(this, [next, to] { (*next)(to); });
    };
    // The chain holds itself until its last slice (weak inside, strong in each timer's capture).
    inNextTurn(this, [step] { (*step)(0); });
}

// Results are recorded a slice at a time, each slice in one transaction and its own turn of the
// event loop (500 at once held the GUI thread for 200 ms; 50 at once, 60 ms on a busy machine). A crash leaves whole slices recorded
// or not: one not recorded is harmless, its keys are sent again and come back as "duplicate".
// The news of a slice goes out once its transaction is committed.
void SyncEngine::applyBatchResults(const QList<OutboxEntry> &entries, const QList<BatchItemResult> &results,
                                   std::function<void()> done)
{
    auto byKey = std::make_shared<QHash<QString, BatchItemResult>>();
    for (const BatchItemResult &result : results)
        byKey->insert(result.idempotencyKey, result);
    // A failed slice ends the run: the rest goes again with the same keys.
    inSlices(entries.size(), d->resultSizer,
             [this, entries, byKey](qsizetype from, qsizetype to) { return applyResultSlice(entries, *byKey, from, to); },
             std::move(done));
}

bool SyncEngine::applyResultSlice(const QList<OutboxEntry> &entries, const QHash<QString, BatchItemResult> &byKey,
                                  qsizetype from, qsizetype to)
{
    const bool batched = checkStore(d->store->beginBatch(LocalStore::Durability::Relaxed));
    QList<Change> changes;
    for (qsizetype i = from; i < to; ++i) {
        const OutboxEntry &entry = entries.at(i);
        const QString &key = entry.decision.idempotencyKey;
        const auto found = byKey.constFind(key);
        if (found == byKey.constEnd()) {
            checkStore(d->store->markRetry(key, nowUtc(), tr("The server did not answer for this decision.")));
            continue;
        }
        recordResult(entry, *found);
        // What the row became: an undone decision's accept turns into a queued retract.
        if (const auto now = d->store->entry(key); now && now->state != OutboxState::Queued)
            changes.append({key, entry.decision.outputId, now->state});
    }
    if (batched && !checkStore(d->store->commitBatch()))
        return false;  // nothing of this slice was recorded: its keys go again, as duplicates
    for (const Change &change : changes)
        Q_EMIT entryChanged(change.key, change.outputId, change.state);
    return true;
}

void SyncEngine::recordResult(const OutboxEntry &entry, const BatchItemResult &result)
{
    const QString &key = entry.decision.idempotencyKey;
    switch (stateOf(result.status)) {
    case OutboxState::Sent:
        checkStore(d->store->markSent(key, result.feedbackId));
        return;
    case OutboxState::Conflict:
        if (!result.decidedFirst && result.heldUntil.isValid()) {
            // Nobody decided it: another reviewer only holds it on a lease. Not a conflict (the
            // person did nothing wrong); it goes again when that lease ends, and is then either
            // accepted or a conflict that says who decided first.
            const QDateTime at = std::max(result.heldUntil, nowUtc()).addSecs(kHeldRetryMarginSecs);
            checkStore(d->store->markRetry(
                key, at, tr("Another reviewer holds this output on a lease until %1; it is sent again then.")
                             .arg(QLocale().toString(result.heldUntil.toLocalTime(), QLocale::ShortFormat))));
            return;
        }
        checkStore(d->store->markConflict(
            key, result.decidedFirst ? ApiError::decidedFirstSentence(*result.decidedFirst)
                 : result.reason.isEmpty() ? tr("Someone else already decided this output.") : result.reason));
        return;
    default:
        checkStore(d->store->markRejected(key, result.reason));
        return;
    }
}

void SyncEngine::succeeded(bool outboxWork)
{
    (outboxWork ? d->backoff : d->leaseBackoff).reset();
    d->probeLimit = d->sizeLimit;
    if (d->probe.isActive()) {
        // Back after an outage: what waited for its backoff goes now, not at its old retry time.
        d->probe.reset();
        checkStore(d->store->makeWaitingDueNow());
        if (d->lease == LeaseState::Retrying)
            setLeaseState(LeaseState::Wanted);
        Q_EMIT retryScheduled({});
    }
    d->lastSynced = nowUtc();
    relaxedWrite([this] { return d->store->setLastSyncedAt(d->lastSynced); });
    setConnectivity(Connectivity::Online, {});
    Q_EMIT synced(d->lastSynced);
}

void SyncEngine::finishCall()
{
    updateWaitingCount();
    pumpNextTurn();
    notifyIdle();
}

// --- failures: ApiError::verdict() decides, nothing here second-guesses it ------------------

void SyncEngine::handleFailure(const ApiError &error, const QList<OutboxEntry> &entries)
{
    qCDebug(lcSync) << "call failed:" << int(error.verdict()) << error.httpStatus << "items" << entries.size();
    switch (error.verdict()) {
    case ApiError::Verdict::Blocked:
        retryLater(error, entries);  // a resend is safe: the same idempotency keys
        return;
    case ApiError::Verdict::TooLarge:
        if (entries.size() > 1) {
            d->sizeLimit = int(entries.size() / 2);
            d->probeLimit = d->sizeLimit;
            return;
        }
        refuse(error, entries);  // one item too large on its own: shown, not retried
        return;
    case ApiError::Verdict::Refused:
        refuse(error, entries);
        return;
    case ApiError::Verdict::SignInNeeded:
        pauseForSignIn(error);
        return;
    }
}

// Not an answer about these items: mark nothing, try the same request later. While nothing
// answers at all, the reconnect probe sets the time (capped at a minute), else the backoff.
void SyncEngine::retryLater(const ApiError &error, const QList<OutboxEntry> &entries)
{
    using namespace std::chrono;
    const bool offline = error.offline();
    QDateTime at;
    if (offline) {
        at = d->probe.scheduleAfterFailure();
    } else {
        const milliseconds retryAfter = error.retryAfterSeconds >= 0 ? milliseconds(seconds(error.retryAfterSeconds))
                                                                     : milliseconds(-1);
        Backoff &backoff = entries.isEmpty() ? d->leaseBackoff : d->backoff;
        at = nowUtc().addMSecs(backoff.next(retryAfter).count());
    }
    if (entries.isEmpty()) {
        d->leaseRetryAt = at;
        if (!d->stopped())
            setLeaseState(LeaseState::Retrying);
    } else {
        const bool batched = checkStore(d->store->beginBatch(LocalStore::Durability::Relaxed));
        for (const OutboxEntry &entry : entries)
            checkStore(d->store->markRetry(entry.decision.idempotencyKey, at, error.message));
        if (batched)
            checkStore(d->store->commitBatch());
        if (!d->stopped())
            setDrainState(DrainState::Retrying);
    }
    setConnectivity(offline ? Connectivity::Offline : Connectivity::Online, error.message);
    if (offline)
        Q_EMIT retryScheduled(at);
    Q_EMIT problem(error.message);
}

// Our backend understood and said no. A batch is split until the refused item stands alone
// (the others are accepted on the way); a lone item is marked and shown, never retried.
void SyncEngine::refuse(const ApiError &error, const QList<OutboxEntry> &entries)
{
    if (entries.isEmpty()) {  // a lease: don't ask again automatically for a while
        d->lastLeaseAt = nowUtc();
        d->lastLeaseFull = false;
        Q_EMIT problem(error.message);
        return;
    }
    if (entries.size() > 1) {
        d->probeLimit = int(entries.size() / 2);
        return;
    }
    const OutboxEntry &entry = entries.first();
    const bool conflict = error.kind == ApiError::Kind::Conflict && entry.state == OutboxState::Queued;
    const QString &key = entry.decision.idempotencyKey;
    if (checkStore(conflict ? d->store->markConflict(key, error.message) : d->store->markRejected(key, error.message))) {
        if (const auto now = d->store->entry(key))
            Q_EMIT entryChanged(key, entry.decision.outputId, now->state);
    }
    Q_EMIT problem(error.message);
}

// The backend refused the refresh token: nothing goes out until the person signs in again
// (setAccount() from a new sign-in, or Ctrl+R); the outbox keeps everything.
void SyncEngine::pauseForSignIn(const ApiError &error)
{
    if (!d->stopped()) {
        setDrainState(DrainState::Paused);
        setLeaseState(LeaseState::Paused);
    }
    setConnectivity(Connectivity::SignInNeeded, error.message);
    Q_EMIT authenticationRequired();
}

// --- state for the UI ----------------------------------------------------------------------

void SyncEngine::scheduleWake()
{
    if (d->stopped() || d->paused())
        return;
    QDateTime at = d->drainHoldUntil.isValid() ? d->drainHoldUntil : d->store->nextAttemptAt();
    if (d->lease == LeaseState::Retrying && d->leaseRetryAt.isValid() && (!at.isValid() || d->leaseRetryAt < at))
        at = d->leaseRetryAt;
    if (!at.isValid())
        return;
    d->wakeTimer.start(int(std::clamp<qint64>(nowUtc().msecsTo(at), 0, 24 * 3600 * 1000)));
}

void SyncEngine::setDrainState(DrainState state)
{
    if (state == d->drain)
        return;
    qCDebug(lcSync) << "outbox:" << d->drain << "->" << state;
    d->drain = state;
}

void SyncEngine::setLeaseState(LeaseState state)
{
    if (state == d->lease)
        return;
    qCDebug(lcSync) << "lease:" << d->lease << "->" << state;
    d->lease = state;
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

// Every store call's answer is looked at: a failed write is said, never passed over.
// What the backend can tell us again (see LocalStore::Durability) is committed without waiting
// for the disk: one fsync fewer on the GUI thread per slice.
bool SyncEngine::relaxedWrite(const std::function<bool()> &write)
{
    if (!checkStore(d->store->beginBatch(LocalStore::Durability::Relaxed)))
        return false;
    if (!write()) {
        checkStore(false);
        d->store->commitBatch();  // what the write left undone is rolled back with its savepoint
        return false;
    }
    return checkStore(d->store->commitBatch());
}

bool SyncEngine::checkStore(bool ok)
{
    if (!ok) {
        qCWarning(lcStore) << "sync could not write the store:" << d->store->lastError();
        Q_EMIT problem(d->store->lastError());
    }
    return ok;
}

} // namespace fr
