#pragma once

#include "Decision.h"
#include "ModelOutput.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace fr {

// What open() found and did. A damaged file is never repaired in place or deleted: it is moved
// aside (kept), a fresh database is created, and the unsent decisions that could still be read
// from the damaged copy are copied into the fresh outbox.
struct StoreOpenReport {
    bool ok = false;
    QString error;             // a sentence for a person when !ok
    QString movedAsidePath;    // non-empty when the file was damaged and moved aside
    int recoveredDecisions = 0;
    int schemaVersion = 0;
    QString notice;            // a sentence for a person when something was moved aside or recovered
};

struct PaceStats {
    int decisions = 0;       // decisions made since the given time
    qint64 totalDwellMs = 0; // summed dwell time of those with a known dwell
    int decisionsWithDwell = 0;  // how many of them have a known dwell (the pace uses only these)
    double itemsPerHour() const;  // from the dwell time; 0 when nothing is known
};

// The local SQLite database of one server + account: the cache of leased outputs and the outbox
// of decisions. WAL, synchronous=FULL: a decision is durable when enqueue() returns true.
// Not thread-safe; one instance per database file per thread.
class LocalStore
{
public:
    LocalStore();
    ~LocalStore();
    LocalStore(const LocalStore &) = delete;
    LocalStore &operator=(const LocalStore &) = delete;

    // <AppDataLocation>/stores/<host>_<port>/<username>.sqlite
    static QString defaultPath(const QUrl &server, const QString &username);

    // How open() checks the file. Full: PRAGMA quick_check before anything else (it reads every
    // page: up to a second at 100,000 outputs). Deferred: only what the first reads show (a file
    // that is not a database, a damaged header or schema); the caller checks the whole file off
    // the GUI thread (StoreCheck) and recovers when that finds damage.
    enum class Integrity { Full, Deferred };
    StoreOpenReport open(const QString &path, Integrity integrity = Integrity::Full);
    void close();
    bool isOpen() const;
    QString path() const;
    QString lastError() const;  // a sentence for a person after a false return

    // --- Output cache -------------------------------------------------------------------
    // Inserts or refreshes leased outputs (texts, lease expiry). An output that already has a
    // decision keeps its state.
    bool cacheOutputs(const QList<ModelOutput> &outputs);
    QList<OutputSummary> summaries() const;               // every cached output, oldest SLA deadline first
    QList<OutputSummary> summaries(const QStringList &ids) const;  // just these (e.g. a new lease), same order
    // A slice of summaries() (limit < 0: to the end): the most urgent page first at start-up.
    QList<OutputSummary> summariesPage(int offset, int limit) const;
    std::optional<ModelOutput> output(const QString &id) const;  // with the full texts
    int pendingCount() const;                             // cached outputs not decided yet
    // pendingCount() < n, reading at most n index entries (not all pending): the sync engine's
    // "running low" test after every drain, whatever the size of the cache.
    bool hasFewerPendingThan(int n) const;
    QStringList pendingIds() const;
    // The earliest lease expiry among the pending outputs (when the first lease runs out);
    // null when nothing pending has a lease time. Expired leases count too: they show as past.
    QDateTime earliestPendingLeaseExpiry() const;
    QDateTime latestPendingLeaseExpiry() const;  // the longest lease held; null when none
    bool removeOutputs(const QStringList &ids);           // e.g. after releasing leases

    // --- Outbox -------------------------------------------------------------------------
    // One transaction: the outbox row and the output's state. Durable on return.
    bool enqueue(const Decision &decision);
    // Undo of a decision that was not sent yet: the row is removed (it never left this machine)
    // and the output is pending again. False when the decision is no longer Queued.
    bool withdraw(const QString &idempotencyKey);
    // Undo of a decision that was sent: a retract waits to be sent; the output is pending again.
    bool queueRetract(const QString &idempotencyKey);
    // The one undo the triage uses, in one savepoint; the output is pending again in each case:
    //  Withdrawn      Queued and never sent: the row is removed (it never left this machine);
    //  RetractLater   Queued but it went out at least once (in flight, or a reply never came):
    //                 the durable undo mark is set; the backend's accept queues a retract;
    //  RetractQueued  Sent: a retract waits to be sent;
    //  Failed         in no state an undo applies to (lastError says why).
    enum class UndoOutcome { Withdrawn, RetractLater, RetractQueued, Failed };
    UndoOutcome undo(const QString &idempotencyKey);
    // The unsent decisions the person can still undo (Queued, no undo mark), oldest first: the
    // undo history that survives a restart.
    QList<OutboxEntry> undoableUnsent() const;

    // A change of the person's own live decision (Queued without undo mark, or Sent) into
    // `changed` (a new idempotency key, same output), in one transaction, never a conflict:
    //  Replaced    it never left this machine: the row is replaced (and what it replaced, too);
    //  Superseded  sent: the change is queued with `replaces` = its feedback id; on its way: the
    //              change waits for its answer (replacesKey), which then fills in `replaces`.
    enum class ChangeOutcome { Replaced, Superseded, Failed };
    ChangeOutcome change(const QString &idempotencyKey, const Decision &changed);
    // The newest decision on an output that is not discarded history; nullopt when none.
    std::optional<OutboxEntry> latestDecision(const QString &outputId) const;

    // --- Refused decisions (Conflict, Rejected): refused is not final ---------------------
    // Sent again as it is, with the same idempotency key (a refused retract is queued again as a
    // retract). The output shows as decided again.
    bool resend(const QString &idempotencyKey);
    // Sent again with a changed body: the refused row becomes Discarded (kept as history) and
    // `edited` (a new idempotency key; same output) is queued, in one transaction.
    bool resendEdited(const QString &idempotencyKey, const Decision &edited);
    // Dropped: the row becomes Discarded (kept, never sent) and the output pending again.
    bool discard(const QString &idempotencyKey);

    // Entries the sync engine should send now: Queued and RetractQueued whose nextAttemptAt is
    // null or <= now, in decision order.
    QList<OutboxEntry> due(const QDateTime &now, int limit) const;
    std::optional<OutboxEntry> entry(const QString &idempotencyKey) const;
    QList<OutboxEntry> entries(OutboxState state) const;
    // Earliest scheduled attempt among waiting entries, even one already past; null if none.
    QDateTime nextAttemptAt() const;
    int waitingCount() const;         // Queued + RetractQueued
    // min(waitingCount(), n), reading at most n index entries: bounded for the GUI thread.
    int waitingCountUpTo(int n) const;

    // The entries go out in a request now: from here on the backend may hold them (transmitted).
    bool markTransmitted(const QStringList &idempotencyKeys);
    // Every waiting entry is due now (Ctrl+R, a start, the backend reachable again).
    bool makeWaitingDueNow();
    // The backend stored it. An entry with the undo mark becomes RetractQueued instead of Sent
    // (the output stays pending): the undo wins, delivered like any other outbox item.
    bool markSent(const QString &idempotencyKey, const QString &feedbackId);
    bool markConflict(const QString &idempotencyKey, const QString &reason);
    bool markRejected(const QString &idempotencyKey, const QString &reason);
    bool markRetracted(const QString &idempotencyKey);
    // A transient failure: attempts + 1, try again at nextAttemptAt.
    bool markRetry(const QString &idempotencyKey, const QDateTime &nextAttemptAt, const QString &error);
    // Several results in one transaction (a drained batch).
    //
    // Durability::Relaxed: for what the backend can tell us again (answers to a batch, leased
    // pages, released outputs), the commit does not wait for the disk (synchronous=NORMAL): a
    // power cut may forget the transaction, never half of it, and the store stays consistent;
    // forgotten answers come back as "duplicate", a forgotten page is leased again. It spared
    // the GUI thread an fsync per slice (10-50 ms on a busy disk). The connection is FULL again
    // as soon as the batch ends, so that a decision's commit is always durable when it returns.
    enum class Durability { Full, Relaxed };
    bool beginBatch(Durability durability = Durability::Full);
    bool commitBatch();
    int synchronousLevelForTesting() const;  // PRAGMA synchronous now: 2 (FULL), 1 (NORMAL)

    PaceStats paceSince(const QDateTime &since) const;

    // The last time a request to the backend succeeded; null when never. Survives restarts.
    QDateTime lastSyncedAt() const;
    bool setLastSyncedAt(const QDateTime &at);

    // Fault injection for tests: the next `count` savepoints cannot be opened (as when SQLite
    // runs out of memory), to prove that such a write is refused, never half-applied.
    void failSavepointsForTesting(int count);
    // For the query-plan test: every statement any store runs from now on (its SQL text) is
    // handed to `observer`; an empty one stops that. Not thread-safe: set it before use.
    using StatementObserver = std::function<void(const QString &sql)>;
    static void observeStatementsForTesting(StatementObserver observer);

private:
    struct Private;
    Private *d;
};

} // namespace fr
