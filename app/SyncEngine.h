#pragma once

#include "Decision.h"
#include "JsonCodec.h"
#include "ModelOutput.h"

#include <QDateTime>
#include <QObject>

namespace fr {

class ApiClient;
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

    void setAccount(const Account &account);
    // Lease size and length; the engine leases again when fewer than lowWatermark are pending.
    void setLeasePolicy(int batchSize, int leaseSeconds, int lowWatermark);

    void start();    // lease + drain now, then keep draining whenever decisions wait
    void stop();
    void syncNow();  // Ctrl+R: drain, then lease if the queue runs low
    void notifyDecisionQueued();           // the outbox has a new entry: drain soon
    void leaseOfflineBatch(int count, int leaseSeconds);  // an offline session: a big, long lease
    void releasePending();                 // hand unreviewed outputs back (sign out)

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

private:
    struct Private;
    Private *d;
};

} // namespace fr
