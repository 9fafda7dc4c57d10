#pragma once

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
    using Marked = std::function<void(bool ok, const QString &error, const QStringList &stillQueued)>;

    explicit StoreWriter(QObject *parent = nullptr);
    ~StoreWriter() override;

    void open(const QString &path);
    // Waits for the writer to close its connection (after the slice it is in, if any); work
    // still queued is abandoned and its `done` says so.
    void close();
    bool isOpen() const { return m_open; }

    // Removes these outputs from the cache, slice by slice; `done` runs on this object's thread.
    void removeOutputs(const QStringList &ids, Done done);

    // Notes, durably (synchronous=FULL) and before the request leaves, that these decisions are
    // being sent: from then on an undo must retract rather than delete (LocalStore::
    // markTransmitted). Only decisions still queued are marked: one withdrawn or replaced on the
    // GUI thread meanwhile is left out, and `done` lists the keys that may go, in their order.
    void markTransmitted(const QStringList &keys, Marked done);

private:
    QThread *m_thread;
    StoreWriterWorker *m_worker;
    bool m_open = false;
};

} // namespace fr
