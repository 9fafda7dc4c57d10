#pragma once

#include "ApiClient.h"
#include "Decision.h"
#include "JsonCodec.h"
#include "ModelOutput.h"

#include <QDateTime>
#include <QObject>

#include <chrono>
#include <functional>

namespace fr {

class AuthService;
struct ApiError;
class LocalStore;

// Moves work between the local store and the backend: leases outputs into the cache, drains the
// outbox through /feedback/batch (and retracts), retries transient failures with exponential
// backoff and jitter up to a cap (reset on success). A retry resends the same idempotency key.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    enum class Connectivity { Unknown, Online, Offline, SignInNeeded };
    Q_ENUM(Connectivity)

    SyncEngine(ApiClient *api, LocalStore *store, QObject *parent = nullptr);
    ~SyncEngine() override;

    // A 401 asks `auth` for a new access token once, then the same request is sent again (same
    // idempotency keys). Without it, a 401 goes straight to authenticationRequired().
    void setAuthService(AuthService *auth);
    // Tuning, mostly for tests: the largest batch (≤ 500), the backoff's first delay and cap, and
    // how long notifyDecisionQueued() waits so that quick decisions travel together.
    void setMaxBatchSize(int size);
    void setBackoffLimits(std::chrono::milliseconds initial, std::chrono::milliseconds cap);
    void setDrainDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds currentBackoff() const;  // 0 after a success

    void setAccount(const Account &account);
    // Lease size and length; the engine leases again when fewer than lowWatermark are pending.
    void setLeasePolicy(int batchSize, int leaseSeconds, int lowWatermark);

    void start();    // lease + drain now, then keep draining whenever decisions wait
    void stop();
    void syncNow();  // Ctrl+R: drain, then lease if the queue runs low
    void notifyDecisionQueued();           // the outbox has a new entry: drain soon
    // An offline session: a big, long lease, paged 500 at a time. -> offlineLeaseProgress per
    // page, offlineLeaseFinished at the end (stop() ends it early).
    void leaseOfflineBatch(int count, int leaseSeconds);
    // Hand unreviewed outputs back (sign out); `done` runs once every page has an answer, with
    // how many the server released and the first error (empty when all went back).
    using ReleaseCallback = std::function<void(int released, const QString &error)>;
    void releasePending(ReleaseCallback done = {});
    // Runs `done` once no request is in flight (at once when none is): after stop(), the moment
    // the store can be closed without an answer landing in it later.
    void whenIdle(std::function<void()> done);

    Connectivity connectivity() const;
    QDateTime lastSyncedAt() const;
    bool isBusy() const;

Q_SIGNALS:
    void outputsCached(const QList<fr::OutputSummary> &summaries);  // new or refreshed leases
    void outputsReleased(const QStringList &ids);
    void entryChanged(const QString &idempotencyKey, const QString &outputId, fr::OutboxState state);
    void waitingCountChanged(int waiting);
    void connectivityChanged(fr::SyncEngine::Connectivity connectivity, const QString &detail);
    void synced(const QDateTime &at);
    void busyChanged(bool busy);
    void problem(const QString &message);        // for the status bar: what happened, in a sentence
    void authenticationRequired();               // 401 that a refresh did not cure
    void offlineLeaseProgress(int leased, int requested);
    // leased: outputs in this offline lease; until: their lease expiry (null when none).
    void offlineLeaseFinished(int leased, int requested, const QDateTime &until);

private:
    void pump();
    void pumpSoon();
    bool sendDueWork();
    bool leaseIfWanted();
    void sendBatch(const QList<OutboxEntry> &entries);
    void sendRetract(const OutboxEntry &entry);
    void requestLease(int limit, int leaseSeconds, ApiClient::LeaseScope scope);
    void applyBatchResults(const QList<OutboxEntry> &entries, const QList<BatchItemResult> &results);
    void retractOrphan(const QString &feedbackId);
    void handleFailure(const ApiError &error, const QList<OutboxEntry> &entries);
    void handleUnauthorized(const ApiError &error, const QList<OutboxEntry> &entries);
    void handleTransient(const ApiError &error, const QList<OutboxEntry> &entries);
    void handleRefused(const ApiError &error, const QList<OutboxEntry> &entries);
    void succeeded(bool outboxWork);
    void finishCall();
    void scheduleWake();
    void setConnectivity(Connectivity connectivity, const QString &detail);
    void setBusy(bool busy);
    void updateWaitingCount();
    void watchNetworkInformation();
    void notifyIdle();

    struct Private;
    Private *d;
};

} // namespace fr
