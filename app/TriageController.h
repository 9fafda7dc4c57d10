#pragma once

#include "Decision.h"
#include "ModelOutput.h"

#include <QElapsedTimer>
#include <QObject>

#include <optional>

class QAbstractItemModel;
class QModelIndex;

namespace fr {

class LocalStore;
class QueueModel;

// The reviewer's verbs: decide, skip, move, undo, and what to do with a refused decision. Writes each decision to the outbox (durable)
// before moving on, keeps the undo stack (without limit: unsent → withdrawn, sent → retract),
// measures dwell time, and prefetches the next output from the local store.
// Navigation follows `order` (the filtered, sorted view of the queue the person sees).
class TriageController : public QObject
{
    Q_OBJECT
public:
    TriageController(LocalStore *store, QueueModel *queue, QAbstractItemModel *order,
                     QObject *parent = nullptr);
    ~TriageController() override;

    void setReviewerId(const QString &reviewerId);
    // The session ended (sign out, switch server): nothing current, no undo, nothing prefetched.
    void reset();
    // These outputs were leased again (new expiry): the current one and the one read ahead
    // pick up the new lease, without moving on or resetting the dwell time.
    void leasesRenewed(const QStringList &outputIds);

    std::optional<ModelOutput> current() const;
    QString currentId() const;
    bool hasPendingOutput() const;  // the queue (as far as it is in) holds one left to decide
    bool canUndo() const;
    // The output that will follow the current one (already read from the store), for tests and
    // for a view that wants to show what comes next.
    QString prefetchedId() const;

public Q_SLOTS:
    void show(const QString &outputId);   // the person picked a row
    void showFirstPending();
    // On the person's own decided output these change the decision (never a second decision).
    bool approve(const QString &comment = {});
    bool reject(const QString &correction = {}, const QString &comment = {}, const QString &reasonCode = {});
    void skip();                          // next pending, current stays pending
    void next();
    void previous();
    // The last decision of this session; true once it is undone, durably. With nothing on the
    // stack while the earlier sessions' history is still on its way: false, and done on arrival.
    bool undo();
    // After the store is opened: the unsent decisions in it can be undone (newest first), as if
    // the session had never ended. `unsent` (oldest first) comes from StoreReader's thread and
    // may arrive after this session's first decisions: it goes under them, and a decision undone
    // or changed here since is left out. The overload without it reads the store here.
    void restoreUndoHistory(const QList<OutboxEntry> &unsent);
    void restoreUndoHistory();
    // The history above is on its way: an undo asked with nothing on the stack meanwhile (a
    // Backspace right after the start) is kept and done as soon as the history arrives.
    void expectUndoHistory();
    // The sync engine changed where a decision on this output stands: the shown decision follows.
    void decisionStateChanged(const QString &outputId);

    // The refused view's verbs (refused is not final). Each is one store transaction.
    bool resendRefused(const QString &idempotencyKey);
    bool resendRefusedEdited(const QString &idempotencyKey, bool approval, const QString &correction,
                             const QString &comment);
    bool discardRefused(const QString &idempotencyKey);  // kept in the store's history

Q_SIGNALS:
    void currentChanged(const std::optional<fr::ModelOutput> &output);
    void currentRefreshed(const fr::ModelOutput &output);  // the same output, fresher facts (lease)
    // What was decided on the current output and where it stands; nullopt while undecided.
    void currentDecisionChanged(const std::optional<fr::OutboxEntry> &decision);
    void decisionRecorded(const fr::Decision &decision);   // durable in the outbox
    void decisionUndone(const QString &outputId, bool retractQueued);
    void undoAvailableChanged(bool available);
    void paceChanged(double itemsPerHour, int decisionsToday);
    void problem(const QString &message);
    // A refused decision was sent again, edited or discarded: the refused list and the outbox changed.
    void refusedChanged(const QString &outputId);

private:
    bool decide(bool approval, const QString &correction, const QString &comment, const QString &reasonCode);
    bool record(const Decision &decision);
    void emitCurrentDecision();
    void showOutput(const QString &outputId);
    void moveTo(const QString &outputId);   // show it, or nothing when empty
    void prefetch();
    void emitPace();
    void refreshPaceIfNewDay();
    void countInPace(qint64 dwellMs, int sign);
    int rowOf(const QString &outputId) const;
    QModelIndex mapFromQueue(const QAbstractItemModel *view, const QModelIndex &queueIndex) const;
    QString idAt(int row) const;
    QString nextPendingAfter(const QString &outputId) const;

    struct Private;
    Private *d;
};

} // namespace fr
