#include "TriageController.h"

#include "LocalStore.h"
#include "QueueModel.h"

#include <QAbstractItemModel>
#include <QAbstractProxyModel>
#include <QSet>
#include <QUuid>

#include <algorithm>
#include <utility>

namespace fr {

namespace {

struct UndoStep {
    QString idempotencyKey;
    QString outputId;
    qint64 dwellMs;
};

} // namespace

struct TriageController::Private {
    LocalStore *store;
    QueueModel *queue;
    QAbstractItemModel *order;
    QString reviewerId;
    std::optional<ModelOutput> current;
    std::optional<ModelOutput> prefetched;  // the next pending output, read ahead of time
    QElapsedTimer shownFor;                 // dwell time of the current output
    QList<UndoStep> undoStack;              // this session's decisions, newest last; no limit
    QSet<QString> leftStack;                // keys undone or changed since reset(): never restored
    // Today's pace, read from the store once a day and then kept up to date here: a count over
    // the whole outbox on every key press would grow with every decision ever made.
    PaceStats pace;
    QDate paceDay;
    // The earlier sessions' undo history (restoreUndoHistory) while it is read on the worker.
    enum class History { Complete, Loading, LoadingUndoAsked } history = History::Complete;
};

TriageController::TriageController(LocalStore *store, QueueModel *queue, QAbstractItemModel *order,
                                   QObject *parent)
    : QObject(parent), d(new Private{store, queue, order, {}, {}, {}, {}, {}, {}, {}, {}})
{
}

TriageController::~TriageController() { delete d; }

void TriageController::setReviewerId(const QString &reviewerId)
{
    d->reviewerId = reviewerId;
    d->paceDay = {};
    emitPace();
}

void TriageController::reset()
{
    d->current.reset();
    d->prefetched.reset();
    d->undoStack.clear();
    d->leftStack.clear();
    d->history = Private::History::Complete;
    d->reviewerId.clear();
    d->paceDay = {};
    d->pace = {};
    Q_EMIT currentChanged(std::nullopt);
    Q_EMIT undoAvailableChanged(false);
}

void TriageController::leasesRenewed(const QStringList &outputIds)
{
    if (d->prefetched && outputIds.contains(d->prefetched->id)) {
        d->prefetched.reset();
        prefetch();
    }
    if (d->current && outputIds.contains(d->current->id)) {
        if (const auto fresh = d->store->output(d->current->id)) {
            d->current->leaseExpiresAt = fresh->leaseExpiresAt;
            Q_EMIT currentRefreshed(*d->current);
        }
    }
}

std::optional<ModelOutput> TriageController::current() const { return d->current; }
QString TriageController::currentId() const { return d->current ? d->current->id : QString(); }
bool TriageController::canUndo() const { return !d->undoStack.isEmpty(); }
QString TriageController::prefetchedId() const { return d->prefetched ? d->prefetched->id : QString(); }

// --- navigation: rows of `order`, the view the person sees ----------------------------------

QString TriageController::idAt(int row) const
{
    return d->order->index(row, 0).data(QueueModel::IdRole).toString();
}

// The queue knows each id's row; the view's row follows through the proxies between them
// (filter, sort), so finding the current row costs no scan of 100,000 rows.
int TriageController::rowOf(const QString &outputId) const
{
    const int queueRow = outputId.isEmpty() ? -1 : d->queue->rowOf(outputId);
    if (queueRow < 0)
        return -1;
    const QModelIndex index = mapFromQueue(d->order, d->queue->index(queueRow));
    return index.isValid() ? index.row() : -1;
}

QModelIndex TriageController::mapFromQueue(const QAbstractItemModel *view, const QModelIndex &queueIndex) const
{
    if (view == d->queue)
        return queueIndex;
    const auto *proxy = qobject_cast<const QAbstractProxyModel *>(view);
    if (!proxy || !proxy->sourceModel())
        return {};
    return proxy->mapFromSource(mapFromQueue(proxy->sourceModel(), queueIndex));
}

// The first pending row after `outputId` (wrapping around), skipping `outputId` itself.
QString TriageController::nextPendingAfter(const QString &outputId) const
{
    const int rows = d->order->rowCount();
    const int start = rowOf(outputId);
    for (int step = 1; step <= rows; ++step) {
        const int row = (start + step + rows) % rows;
        const QModelIndex index = d->order->index(row, 0);
        if (index.data(QueueModel::StateRole).toInt() == int(ReviewState::Pending)
            && index.data(QueueModel::IdRole).toString() != outputId)
            return index.data(QueueModel::IdRole).toString();
    }
    return {};
}

bool TriageController::hasPendingOutput() const { return !nextPendingAfter({}).isEmpty(); }

void TriageController::show(const QString &outputId) { moveTo(outputId); }

void TriageController::showFirstPending()
{
    moveTo(nextPendingAfter({}));
}

void TriageController::skip()
{
    const QString next = nextPendingAfter(currentId());
    if (!next.isEmpty())
        moveTo(next);
}

void TriageController::next()
{
    const int row = rowOf(currentId());
    if (row + 1 < d->order->rowCount())
        moveTo(idAt(row + 1));
}

void TriageController::previous()
{
    const int row = rowOf(currentId());
    if (row > 0)
        moveTo(idAt(row - 1));
    else if (row < 0 && d->order->rowCount() > 0)
        moveTo(idAt(0));
}

void TriageController::moveTo(const QString &outputId)
{
    if (outputId.isEmpty()) {
        d->current.reset();
        d->prefetched.reset();
        Q_EMIT currentChanged(d->current);
        Q_EMIT currentDecisionChanged(std::nullopt);
        return;
    }
    showOutput(outputId);
}

// The prefetched output costs no SQL read; anything else is read now.
void TriageController::showOutput(const QString &outputId)
{
    std::optional<ModelOutput> output;
    if (d->prefetched && d->prefetched->id == outputId)
        output = std::exchange(d->prefetched, std::nullopt);
    else
        output = d->store->output(outputId);
    if (!output) {
        Q_EMIT problem(tr("This output is no longer in the local cache."));
        return;
    }
    d->current = std::move(output);
    d->shownFor.start();
    Q_EMIT currentChanged(d->current);
    emitCurrentDecision();
    prefetch();
}

void TriageController::emitCurrentDecision()
{
    Q_EMIT currentDecisionChanged(d->current ? d->store->latestDecision(d->current->id) : std::nullopt);
}

// A decision that was changed meanwhile keeps its output decided (queued) whatever the answer
// for the old one: the newest decision is what the queue shows.
void TriageController::decisionStateChanged(const QString &outputId)
{
    if (const auto latest = d->store->latestDecision(outputId)) {
        if (latest->state == OutboxState::Queued && !latest->undoRequested)
            d->queue->setState(outputId, ReviewState::Queued);
        d->queue->setVerdict(outputId, latest->decision.approval ? Verdict::Approved : Verdict::Rejected);
    }
    if (d->current && d->current->id == outputId)
        emitCurrentDecision();
}

void TriageController::prefetch()
{
    const QString next = nextPendingAfter(currentId());
    if (next.isEmpty() || (d->prefetched && d->prefetched->id == next))
        return;
    d->prefetched = d->store->output(next);
}

// --- decisions ---------------------------------------------------------------------------

bool TriageController::approve(const QString &comment) { return decide(true, {}, comment, {}); }

bool TriageController::reject(const QString &correction, const QString &comment, const QString &reasonCode)
{
    return decide(false, correction, comment, reasonCode);
}

// Durable first, then move on: if the outbox cannot take the decision, the person stays on
// the output and is told; nothing is lost or half-done.
bool TriageController::decide(bool approval, const QString &correction, const QString &comment,
                              const QString &reasonCode)
{
    if (!d->current)
        return false;
    Decision decision;
    decision.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    decision.outputId = d->current->id;
    decision.reviewerId = d->reviewerId;
    decision.approval = approval;
    decision.correction = correction;
    decision.comment = comment;
    decision.reasonCode = reasonCode;
    decision.decidedAt = QDateTime::currentDateTimeUtc();
    decision.dwellMs = d->shownFor.isValid() ? d->shownFor.elapsed() : -1;

    // Chosen before the state changes: a filter may hide the decided row.
    const QString next = nextPendingAfter(decision.outputId);
    refreshPaceIfNewDay();
    if (!record(decision))
        return false;
    d->queue->setState(decision.outputId, ReviewState::Queued);
    d->queue->setVerdict(decision.outputId, approval ? Verdict::Approved : Verdict::Rejected);
    Q_EMIT decisionRecorded(decision);
    if (d->undoStack.size() == 1)
        Q_EMIT undoAvailableChanged(true);
    countInPace(decision.dwellMs, +1);
    emitPace();
    moveTo(next);
    return true;
}

// A first decision is enqueued. On the person's own live decision (waiting, on its way or sent)
// it is a change, one store transaction that can never meet a conflict: the backend gets
// `replaces`. Only a change that took the place of an unsent row takes its undo step too.
bool TriageController::record(const Decision &decision)
{
    const auto previous = d->store->latestDecision(decision.outputId);
    const bool own = previous && previous->decision.reviewerId == decision.reviewerId
                     && ((previous->state == OutboxState::Queued && !previous->undoRequested)
                         || previous->state == OutboxState::Sent);
    if (!own) {
        if (d->store->enqueue(decision)) {
            d->undoStack.append({decision.idempotencyKey, decision.outputId, decision.dwellMs});
            return true;
        }
        Q_EMIT problem(tr("The decision could not be saved, so it was not made: %1").arg(d->store->lastError()));
        return false;
    }
    const QString &oldKey = previous->decision.idempotencyKey;
    const auto outcome = d->store->change(oldKey, decision);
    if (outcome == LocalStore::ChangeOutcome::Failed) {
        Q_EMIT problem(tr("The decision could not be changed, so it stands as it was: %1").arg(d->store->lastError()));
        return false;
    }
    if (outcome == LocalStore::ChangeOutcome::Replaced)
        d->undoStack.removeIf([&oldKey](const UndoStep &step) { return step.idempotencyKey == oldKey; });
    d->leftStack.insert(oldKey);
    d->undoStack.append({decision.idempotencyKey, decision.outputId, decision.dwellMs});
    countInPace(previous->decision.dwellMs, -1);  // one output, one decision in the pace
    return true;
}

// Unsent: the outbox row is withdrawn (it never left this machine). On its way (it went out and
// no answer was recorded): a durable undo mark, so the backend's accept becomes a retract. Sent:
// a retract is queued. Either way the output is pending again and shown, to decide anew.
bool TriageController::undo()
{
    if (d->undoStack.isEmpty()) {
        if (d->history == Private::History::Loading)
            d->history = Private::History::LoadingUndoAsked;
        return false;
    }
    const UndoStep step = d->undoStack.takeLast();
    d->leftStack.insert(step.idempotencyKey);
    if (d->undoStack.isEmpty())
        Q_EMIT undoAvailableChanged(false);

    const LocalStore::UndoOutcome outcome = d->store->undo(step.idempotencyKey);
    if (outcome == LocalStore::UndoOutcome::Failed) {
        Q_EMIT problem(tr("This decision cannot be undone: %1").arg(d->store->lastError()));
        return false;
    }
    const bool retract = outcome != LocalStore::UndoOutcome::Withdrawn;
    const auto standing = d->store->latestDecision(step.outputId);
    const bool stillDecided = standing && (standing->state == OutboxState::Sent
                                           || (standing->state == OutboxState::Queued && !standing->undoRequested));
    d->queue->setState(step.outputId, !stillDecided ? ReviewState::Pending
                                      : standing->state == OutboxState::Sent ? ReviewState::Synced
                                                                             : ReviewState::Queued);
    if (stillDecided)
        d->queue->setVerdict(step.outputId, standing->decision.approval ? Verdict::Approved : Verdict::Rejected);
    Q_EMIT decisionUndone(step.outputId, retract);
    refreshPaceIfNewDay();
    countInPace(step.dwellMs, -1);
    emitPace();
    moveTo(step.outputId);
    return true;
}

void TriageController::restoreUndoHistory()
{
    restoreUndoHistory(d->store->undoableUnsent());
}

void TriageController::restoreUndoHistory(const QList<OutboxEntry> &unsent)
{
    const bool before = !d->undoStack.isEmpty();
    QSet<QString> onStack;
    for (const UndoStep &step : std::as_const(d->undoStack))
        onStack.insert(step.idempotencyKey);
    QList<UndoStep> restored;
    for (const OutboxEntry &entry : unsent) {
        const QString &key = entry.decision.idempotencyKey;
        if (!onStack.contains(key) && !d->leftStack.contains(key))
            restored.append({key, entry.decision.outputId, entry.decision.dwellMs});
    }
    d->undoStack = restored + d->undoStack;
    if (before != !d->undoStack.isEmpty())
        Q_EMIT undoAvailableChanged(!d->undoStack.isEmpty());
    if (std::exchange(d->history, Private::History::Complete) == Private::History::LoadingUndoAsked)
        undo();
}

void TriageController::expectUndoHistory()
{
    d->history = Private::History::Loading;
}

// --- refused decisions ---------------------------------------------------------------------

bool TriageController::resendRefused(const QString &idempotencyKey)
{
    const auto entry = d->store->entry(idempotencyKey);
    if (!entry || !d->store->resend(idempotencyKey)) {
        Q_EMIT problem(tr("The decision could not be sent again: %1").arg(d->store->lastError()));
        return false;
    }
    // A refused retract goes again as a retract: the output stays to be decided.
    d->queue->setState(entry->decision.outputId,
                       entry->feedbackId.isEmpty() ? ReviewState::Queued : ReviewState::Pending);
    Q_EMIT refusedChanged(entry->decision.outputId);
    return true;
}

bool TriageController::resendRefusedEdited(const QString &idempotencyKey, bool approval, const QString &correction,
                                           const QString &comment)
{
    const auto entry = d->store->entry(idempotencyKey);
    if (!entry) {
        Q_EMIT problem(tr("The decision could not be sent again: %1").arg(d->store->lastError()));
        return false;
    }
    // Another body needs another idempotency key (the same key with another body is refused).
    Decision edited = entry->decision;
    edited.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    edited.approval = approval;
    edited.correction = approval ? QString() : correction;
    edited.comment = comment;
    edited.decidedAt = QDateTime::currentDateTimeUtc();
    if (!d->store->resendEdited(idempotencyKey, edited)) {
        Q_EMIT problem(tr("The edited decision could not be saved: %1").arg(d->store->lastError()));
        return false;
    }
    d->queue->setState(edited.outputId, ReviewState::Queued);
    Q_EMIT refusedChanged(edited.outputId);
    return true;
}

bool TriageController::discardRefused(const QString &idempotencyKey)
{
    const auto entry = d->store->entry(idempotencyKey);
    if (!entry || !d->store->discard(idempotencyKey)) {
        Q_EMIT problem(tr("The decision could not be discarded: %1").arg(d->store->lastError()));
        return false;
    }
    d->queue->setState(entry->decision.outputId,
                       entry->feedbackId.isEmpty() ? ReviewState::Pending : ReviewState::Synced);
    Q_EMIT refusedChanged(entry->decision.outputId);
    return true;
}

void TriageController::refreshPaceIfNewDay()
{
    const QDate today = QDate::currentDate();
    if (d->paceDay == today)
        return;
    d->pace = d->store->paceSince(QDateTime(today, QTime(0, 0)).toUTC());
    d->paceDay = today;
}

// sign +1 for a decision made, -1 for one undone.
void TriageController::countInPace(qint64 dwellMs, int sign)
{
    d->pace.decisions = std::max(0, d->pace.decisions + sign);
    if (dwellMs < 0)
        return;
    d->pace.decisionsWithDwell = std::max(0, d->pace.decisionsWithDwell + sign);
    d->pace.totalDwellMs = std::max<qint64>(0, d->pace.totalDwellMs + sign * dwellMs);
}

void TriageController::emitPace()
{
    refreshPaceIfNewDay();
    Q_EMIT paceChanged(d->pace.itemsPerHour(), d->pace.decisions);
}

} // namespace fr
