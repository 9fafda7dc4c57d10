#pragma once

#include "Decision.h"
#include "ModelOutput.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QThread;

namespace fr {

// Where a queue page ends: the next page starts after this row (keyset paging on the queue's
// order, schema step 6), so that no page costs more than its own rows.
struct QueueCursor {
    qint64 key = 0;  // the order key: the SLA deadline in ms, or the largest qint64 without one
    double confidence = 0.0;
    QString id;
    static QueueCursor after(const OutputSummary &summary);
};

// The figures shown about the cache that a full read would make grow with it.
struct StoreCounts {
    int pending = 0;            // cached outputs not decided yet
    int waiting = 0;            // decisions still to send (Queued + RetractQueued)
    QDateTime earliestLease;    // the earliest lease expiry among the pending; null when none
    bool operator==(const StoreCounts &) const = default;
};

class StoreReaderWorker;

// The reads of the local store that grow with the cache, off the GUI thread: its own read-only
// SQLite connection (WAL: it sees every commit the GUI's LocalStore made before the read began)
// on its own thread. Results come back by queued signals, in the order they were asked for;
// a result asked for before the last open()/close() is dropped, never delivered late.
// Lives on (and is called from) the GUI thread.
class StoreReader : public QObject
{
    Q_OBJECT
public:
    explicit StoreReader(QObject *parent = nullptr);
    ~StoreReader() override;  // stops the worker thread (waits for the read in progress)

    void open(const QString &path);  // a store LocalStore has already opened (and migrated)
    // `closed` (optional) runs on the GUI thread once the worker's connection is closed: from
    // then on no connection of the reader holds the file (it may be moved aside).
    void close(std::function<void()> closed = {});

    // The queue after `from` (nullopt: from the start), one page of `pageSize` rows at a time,
    // in the queue's order. The next page is read once the previous one was delivered, so the
    // GUI thread handles one page per turn of its event loop and keys are answered in between.
    void loadQueue(std::optional<QueueCursor> from, int pageSize);
    bool isLoadingQueue() const { return m_loading; }

    // Asks for fresh counts. Calls while a read is on its way are folded into one more read
    // after it, so the last countsRead() always follows the last call. -> the call's ticket:
    // a countsRead() with countsCovered() >= ticket began after this call (the answer to it).
    quint64 refreshCounts();
    quint64 countsCovered() const { return m_countsCovered; }

    // The refused decisions (Conflict, then Rejected, each in decision order) for the conflicts
    // view; folded like refreshCounts(). -> refusedRead
    void refreshRefused();

    // The ids of every pending output, in the queue's order (the hand-back at sign-out).
    // -> pendingIdsRead, once per call
    void readPendingIds();

    // The unsent decisions that can still be undone, oldest first (the undo history of earlier
    // sessions). -> undoableRead, once per call
    void readUndoable();

    // The SQL the worker runs, for the query-plan test.
    static QStringList statements();

Q_SIGNALS:
    void queuePage(const QList<fr::OutputSummary> &rows, bool last);
    // Before a load's first page: how many rows the whole queue holds (room to reserve).
    void queueSizeRead(int rows);
    void countsRead(const fr::StoreCounts &counts);
    void refusedRead(const QList<fr::OutboxEntry> &entries);
    void pendingIdsRead(const QStringList &ids);
    void undoableRead(const QList<fr::OutboxEntry> &entries);
    // The worker checkpointed the log (LocalStore leaves that to it); logPages: its length then.
    void checkpointed(int logPages);
    void problem(const QString &sentence);

private:
    friend class StoreReaderWorker;
    void onPage(quint64 generation, const QList<fr::OutputSummary> &rows, bool last);
    void onQueueSize(quint64 generation, int rows);
    void onCounts(quint64 generation, const fr::StoreCounts &counts);
    void onRefused(quint64 generation, const QList<fr::OutboxEntry> &entries);
    void onPendingIds(quint64 generation, const QStringList &ids);
    void onUndoable(quint64 generation, const QList<fr::OutboxEntry> &entries);
    void requestPage(std::optional<QueueCursor> from, bool continued = false);

    QThread *m_thread;
    StoreReaderWorker *m_worker;
    quint64 m_generation = 0;  // bumped by open() and close(): older answers are stale
    bool m_loading = false;
    int m_pageSize = 0;
    bool m_countsInFlight = false;
    bool m_countsDirty = false;
    quint64 m_countsTicket = 0;     // the last refreshCounts() call
    quint64 m_countsReading = 0;    // the last call the read on its way began after
    quint64 m_countsCovered = 0;    // likewise, for the last countsRead()
    bool m_refusedInFlight = false;
    bool m_refusedDirty = false;
    quint64 m_refusedGeneration = 0;  // open()/close() only: a queue load does not drop it
};

} // namespace fr

Q_DECLARE_METATYPE(fr::StoreCounts)
