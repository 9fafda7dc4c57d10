#pragma once

#include "ApiClient.h"
#include "Decision.h"
#include "JsonCodec.h"
#include "ModelOutput.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

namespace fr {

class SliceSizer;

class AuthService;
struct ApiError;
class LocalStore;
class StoreWriter;
struct OutboxBatch;

// Moves work between the local store and the backend: leases outputs into the cache, drains the
// outbox through /feedback/batch (and retracts). Two small state machines share one line to the
// backend (one request at a time): the outbox drainer (DrainState) and the lease keeper
// (LeaseState). Every failure is classified once, by ApiError::verdict(): Blocked retries later
// (with backoff; while nothing answers at all, the reconnect probe's schedule, capped at a
// minute), Refused marks the item (a batch is split first), TooLarge halves the batch,
// SignInNeeded pauses until the person signs in again. A retry resends the same idempotency key.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    enum class Connectivity { Unknown, Online, Offline, SignInNeeded };
    Q_ENUM(Connectivity)
    // Stopped: not started (or stop()). Idle: nothing due now (entries may wait for a retry
    // time kept in the store). Sending: a batch or a retract is out. Retrying: the last attempt
    // was blocked; the next is scheduled. Paused: the backend wants a new sign-in.
    enum class DrainState { Stopped, Idle, Sending, Retrying, Paused };
    Q_ENUM(DrainState)
    // Idle: enough outputs cached. Wanted: a lease goes out when the line is free. Leasing: one
    // is out. Retrying: the last one was blocked; it is asked again at the retry time (and, while
    // offline, it is the probe that finds the backend back). Paused: as above.
    enum class LeaseState { Stopped, Idle, Wanted, Leasing, Retrying, Paused };
    Q_ENUM(LeaseState)

    SyncEngine(ApiClient *api, LocalStore *store, QObject *parent = nullptr);
    ~SyncEngine() override;

    // A new sign-in (AuthService::signedIn) ends a SignInNeeded pause.
    void setAuthService(AuthService *auth);
    // Tuning, mostly for tests: the largest batch (≤ 500), the backoff's first delay and cap
    // (Blocked answers while the backend answers), the reconnect probe's first delay and cap
    // (while nothing answers; product default 1 s .. 60 s, never above the backoff's), and how
    // long notifyDecisionQueued()
    // waits so that quick decisions travel together.
    void setMaxBatchSize(int size);
    void setBackoffLimits(std::chrono::milliseconds initial, std::chrono::milliseconds cap);
    void setReconnectLimits(std::chrono::milliseconds initial, std::chrono::milliseconds cap);
    void setDrainDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds currentBackoff() const;  // 0 after a success

    void setAccount(const Account &account);
    // Lease size and length; the engine leases again when fewer than lowWatermark are pending.
    void setLeasePolicy(int batchSize, int leaseSeconds, int lowWatermark);
    // Where released outputs leave the cache (off the GUI thread); without one, or while it is
    // closed, they leave through the store, a slice at a time.
    void setStoreWriter(StoreWriter *writer);

    void start();    // lease + drain now, then keep draining whenever decisions wait
    void stop();
    void syncNow();  // Ctrl+R: drain, then lease if the queue runs low
    void notifyDecisionQueued();           // the outbox has a new entry: drain soon
    // The system reports a network change: while offline, try the backend at once.
    void networkChanged();
    // An offline session: a big, long lease, paged 500 at a time. -> offlineLeaseProgress per
    // page, offlineLeaseFinished at the end (stop() ends it early).
    void leaseOfflineBatch(int count, int leaseSeconds);
    // Hand unreviewed outputs back (sign out): `ids`, read off the GUI thread by the caller
    // (StoreReader::readPendingIds); `done` runs once every page has an answer, with how many
    // the server released and the first error (empty when all went back).
    using ReleaseCallback = std::function<void(int released, const QString &error)>;
    void releasePending(const QStringList &ids, ReleaseCallback done = {});
    // Runs `done` once no request is in flight (at once when none is): after stop(), the moment
    // the store can be closed without an answer landing in it later.
    void whenIdle(std::function<void()> done);

    Connectivity connectivity() const;
    DrainState drainState() const;
    LeaseState leaseState() const;
    QDateTime lastSyncedAt() const;    // kept in the store: survives restarts
    QDateTime nextRetryAt() const;     // while offline: the next try; null otherwise
    bool isBusy() const;

Q_SIGNALS:
    void outputsCached(const QList<fr::OutputSummary> &summaries);  // new or refreshed leases
    void outputsReleased(const QStringList &ids);
    void entryChanged(const QString &idempotencyKey, const QString &outputId, fr::OutboxState state);
    void waitingCountChanged(int waiting);
    void connectivityChanged(fr::SyncEngine::Connectivity connectivity, const QString &detail);
    // Offline: when the next try goes out ("offline · retrying in 12 s"); null once online.
    void retryScheduled(const QDateTime &at);
    void synced(const QDateTime &at);
    void busyChanged(bool busy);
    void problem(const QString &message);        // for the status bar: what happened, in a sentence
    void authenticationRequired();               // the backend wants the password again
    void offlineLeaseProgress(int leased, int requested);
    // leased: outputs in this offline lease; until: their lease expiry (null when none).
    void offlineLeaseFinished(int leased, int requested, const QDateTime &until);

private:
    void pump();
    void pumpSoon();
    void pumpNextTurn();
    bool sendDueWork();
    bool leaseIfWanted();
    void nothingDue();
    void takeDueElsewhere(const QDateTime &now, int limit);
    void onDueTaken(bool ok, const QString &error, const OutboxBatch &next);
    void sendBatch(const OutboxBatch &batch);  // its body built
    void sendRetract(const OutboxEntry &entry);
    void requestLease(int limit, int leaseSeconds, ApiClient::LeaseScope scope);
    void recordLease(const LeaseBatch &batch, int limit, bool offlinePage, std::function<void()> done);
    void noteOfflinePage(const QList<ModelOutput> &items);
    // Runs slice(from, to) over [0, count), each slice in its own turn of the event loop and as
    // large as `sizer` says fits the budget, then done(); a slice that returns false ends the run
    // early (done() still runs).
    void inSlices(qsizetype count, const std::shared_ptr<SliceSizer> &sizer,
                  std::function<bool(qsizetype, qsizetype)> slice, std::function<void()> done);
    struct ReleaseTally;
    void sendNextRelease(const std::shared_ptr<ReleaseTally> &tally);
    void releasePageDone(const std::shared_ptr<ReleaseTally> &tally);
    void applyBatchResults(const QList<OutboxEntry> &entries, const QList<BatchItemResult> &results,
                           std::function<void()> done);
    bool applyResultSlice(const QList<OutboxEntry> &entries, const QHash<QString, BatchItemResult> &byKey,
                          qsizetype from, qsizetype to);
    void recordResult(const OutboxEntry &entry, const BatchItemResult &result);
    void handleFailure(const ApiError &error, const QList<OutboxEntry> &entries);
    void retryLater(const ApiError &error, const QList<OutboxEntry> &entries);
    void refuse(const ApiError &error, const QList<OutboxEntry> &entries);
    void pauseForSignIn(const ApiError &error);
    void succeeded(bool outboxWork);
    void finishCall();
    void tryNow();
    void applyProbeLimits();
    void scheduleWake();
    void setDrainState(DrainState state);
    void setLeaseState(LeaseState state);
    void setConnectivity(Connectivity connectivity, const QString &detail);
    void setBusy(bool busy);
    void updateWaitingCount();
    bool checkStore(bool ok);
    bool relaxedWrite(const std::function<bool()> &write);
    void notifyIdle();

    struct Private;
    Private *d;
};

} // namespace fr
