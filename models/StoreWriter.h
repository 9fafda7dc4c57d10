#pragma once

#include "OutboxBatch.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>

#include <functional>

class QThread;

namespace fr {

class StoreWriterWorker;

// Writes to the cache that are no decision, on a thread and connection of their own: removing
// the outputs a hand-back released (at 100,000 cached outputs a page of 500 was 25-50 ms of page
// writes on the GUI thread, a stall per slice however small). LocalStore keeps every decision's
// commit on the GUI thread. The writer's transactions stay short (SliceSizer) and it pauses
// between them, so that a commit on the GUI thread waits for the lock a few milliseconds at most
// (LocalStore's writes begin IMMEDIATE and wait through busy_timeout).
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(bool ok, const QString &error)>;
    using Taken = std::function<void(bool ok, const QString &error, const OutboxBatch &next)>;

    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override;

    void open(const QString &path);
    // Waits for the writer to close its connection (after the slice it is in, if any); work
    // still queued is abandoned and its `done` says so.
    void close();
    bool isOpen() const { return m_open; }

    // Removes these outputs from the cache, slice by slice; `done` runs on this object's thread.
    void removeOutputs(const QStringList &ids, Done done);

    // What the sync sends next (OutboxBatch::from the decisions due at `now`, at most `limit`),
    // read here rather than on the GUI thread (500 outbox rows were ~10 ms there before every
    // batch). Its decisions are noted, durably (synchronous=FULL) and before the request leaves,
    // as being sent: from then on an undo must retract rather than delete (LocalStore::
    // markTransmitted). Only decisions still queued are marked and handed back: one withdrawn or
    // replaced on the GUI thread meanwhile is left out. A retract is only read, never marked.
    void takeDue(const QDateTime &now, int limit, Taken done);

    // Copies the write-ahead log into the database file and empties it (wal_checkpoint(TRUNCATE)),
    // here rather than where the last connection closes: on the GUI thread at a sign-out, after a
    // hand-back had removed 2,000 outputs, that was ~10 ms of page copies and the log's unlink.
    void checkpoint(Done done);

private:
    void refuseClosed(Done done);  // `done` says the store is not open, in a later turn

    QThread *m_thread;
    StoreWriterWorker *m_worker;
    bool m_open = false;
};

} // namespace fr
