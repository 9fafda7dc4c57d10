#include "StoreReader.h"

#include "LocalStore.h"
#include "LogCategories.h"
#include "QueuePageQuery.h"
#include "StoreRows.h"
#include "WorkerThread.h"

#include <QPointer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <limits>
#include <memory>

namespace fr {
namespace {

using namespace Qt::StringLiterals;
using namespace StoreRows;

std::atomic<int> readerCounter{0};

} // namespace

QueueCursor QueueCursor::after(const OutputSummary &summary)
{
    // The same key as StoreRows::QueueKey: no deadline sorts last.
    const qint64 key = summary.slaDeadline.isValid() ? summary.slaDeadline.toMSecsSinceEpoch()
                                                     : std::numeric_limits<qint64>::max();
    return {key, summary.confidence, summary.id};
}

// Lives on the reader's thread; every member runs there. Answers go back by invokeMethod on the
// reader (queued: the reader lives on the GUI thread).
class StoreReaderWorker : public QObject
{
public:
    explicit StoreReaderWorker(StoreReader *reader) : m_reader(reader) {}

    void open(const QString &path)
    {
        close();
        m_name = u"fr-reader-%1"_s.arg(readerCounter.fetch_add(1));
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_db.setDatabaseName(path);
        if (!m_db.open()) {
            fail(u"The local database could not be opened for reading: %1."_s.arg(m_db.lastError().text()));
            return;
        }
        QSqlQuery pragma(m_db);
        // Never a write from here; wait (on this thread) rather than fail while the GUI commits.
        pragma.exec(u"PRAGMA query_only = 1"_s);
        pragma.exec(u"PRAGMA busy_timeout = 5000"_s);
        m_pages = std::make_unique<QueuePageQuery>(m_db);
        startCheckpoints();
    }

    // LocalStore leaves the log's checkpoint to this thread (it ran inside a GUI-thread commit,
    // 30-100 ms): when the GUI connection committed since the last look, a passive checkpoint
    // copies what it can back into the file without waiting for anyone (a query-only connection
    // may checkpoint), and the next commit starts the log again from its beginning. Once a second
    // while little is written; every 50 ms while a hand-back or a drain writes thousands of
    // pages a second (else the log outgrows LocalStore's backstop, which checkpoints in a commit).
    void startCheckpoints()
    {
        if (!m_checkpoints) {
            m_checkpoints = new QTimer(this);
            m_checkpoints->setSingleShot(true);
            connect(m_checkpoints, &QTimer::timeout, this, [this] { checkpointIfWritten(); });
        }
        m_dataVersion = -1;
        m_checkpoints->start(IdleCheckpointMs);
    }

    void checkpointIfWritten()
    {
        if (m_name.isEmpty())
            return;
        const int logPages = checkpoint();
        m_checkpoints->start(logPages >= BusyLogPages ? BusyCheckpointMs : IdleCheckpointMs);
    }

    // -> the log's length in pages before the checkpoint (0: nothing written since the last one)
    int checkpoint()
    {
        QSqlQuery query(m_db);
        if (!query.exec(u"PRAGMA data_version"_s) || !query.next())
            return 0;
        const qint64 version = query.value(0).toLongLong();
        query.finish();
        if (version == m_dataVersion)
            return 0;
        m_dataVersion = version;
        if (!query.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s) || !query.next())
            return 0;
        const int logPages = query.value(1).toInt();
        qCDebug(lcStore) << "checkpoint: log" << logPages << "pages, copied" << query.value(2).toInt();
        query.finish();
        post([logPages](StoreReader *reader) { Q_EMIT reader->checkpointed(logPages); });
        return logPages;
    }

    void close()
    {
        if (m_checkpoints)
            m_checkpoints->stop();
        if (m_name.isEmpty())
            return;
        m_pages.reset();  // its statements belong to the connection
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
        m_name.clear();
    }

    // A page from `from` (a load's first request), or with `from` empty after the last page this
    // worker delivered in the same load: the GUI keeps two requests on the line, so that the next
    // page is read while the previous one is handled there, not after it arrived back.
    void readPage(quint64 generation, std::optional<QueueCursor> from, bool continued, int pageSize)
    {
        if (continued) {
            if (generation != m_loadGeneration || m_loadDone)
                return;  // that load ended (or was replaced): nothing more of it
            from = m_loadCursor;
        } else {
            m_loadGeneration = generation;
            m_loadDone = false;
        }
        QList<OutputSummary> rows;
        QString error;
        if (!m_pages || !m_pages->read(from, pageSize, &rows, &error)) {
            fail(u"The local database could not list the cached outputs: %1."_s.arg(m_pages ? error : u"not open"_s));
            m_loadDone = true;
            post([generation](StoreReader *reader) { reader->onPage(generation, {}, true); });
            return;
        }
        const bool last = rows.size() < pageSize;
        m_loadDone = last;
        if (!rows.isEmpty())
            m_loadCursor = QueueCursor::after(rows.constLast());
        post([generation, rows = std::move(rows), last](StoreReader *reader) { reader->onPage(generation, rows, last); });
    }

    // How many rows the queue will hold, before its first page: the GUI reserves room for all of
    // them at once (growing a hash of 100,000 ids page by page rehashed it whole, 10-15 ms a
    // time). Every state by name, so that the count is an index search, not a scan.
    void readQueueSize(quint64 generation)
    {
        QSqlQuery select(m_db);
        int rows = 0;
        if (run(select, u"count the cached outputs"_s, queueSizeStatement()) && select.next())
            rows = select.value(0).toInt();
        select.finish();
        post([generation, rows](StoreReader *reader) { reader->onQueueSize(generation, rows); });
    }

    static QString queueSizeStatement()
    {
        QStringList states;
        for (const auto &[value, name] : reviewStateNames())
            states.append(u"'%1'"_s.arg(name));
        return u"SELECT COUNT(*) FROM outputs WHERE state IN (%1)"_s.arg(states.join(u", "_s));
    }

    void readCounts(quint64 generation)
    {
        StoreCounts counts;
        QSqlQuery select(m_db);
        // One read transaction: the three figures describe the same moment.
        select.exec(u"BEGIN"_s);
        if (run(select, u"count the pending outputs"_s, u"SELECT COUNT(*) FROM outputs WHERE state = 'pending'"_s)
            && select.next())
            counts.pending = select.value(0).toInt();
        if (run(select, u"count the waiting decisions"_s,
                u"SELECT COUNT(*) FROM outbox WHERE state IN (%1)"_s.arg(sqlList(waitingStates())))
            && select.next())
            counts.waiting = select.value(0).toInt();
        if (run(select, u"find the earliest lease expiry"_s,
                u"SELECT MIN(lease_expires_at) FROM outputs WHERE state = 'pending' AND lease_expires_at IS NOT NULL"_s)
            && select.next())
            counts.earliestLease = readTime(select.value(0));
        select.finish();
        select.exec(u"COMMIT"_s);
        post([generation, counts](StoreReader *reader) { reader->onCounts(generation, counts); });
    }

    void readRefused(quint64 generation)
    {
        QList<OutboxEntry> entries;
        QSqlQuery select(m_db);
        select.setForwardOnly(true);
        select.exec(u"BEGIN"_s);  // both states as of one moment
        for (const QString &sql : refusedStatements()) {
            if (!run(select, u"list the refused decisions"_s, sql))
                break;
            while (select.next())
                entries.append(entryFrom(select));
        }
        select.finish();
        select.exec(u"COMMIT"_s);
        post([generation, entries = std::move(entries)](StoreReader *reader) { reader->onRefused(generation, entries); });
    }

    void readPendingIds(quint64 generation)
    {
        QStringList ids;
        QSqlQuery select(m_db);
        select.setForwardOnly(true);
        if (run(select, u"list the pending outputs"_s, pendingIdsStatement())) {
            while (select.next())
                ids.append(select.value(0).toString());
        }
        post([generation, ids = std::move(ids)](StoreReader *reader) { reader->onPendingIds(generation, ids); });
    }

    void readUndoable(quint64 generation)
    {
        QList<OutboxEntry> entries;
        QSqlQuery select(m_db);
        select.setForwardOnly(true);
        if (run(select, u"list the decisions that can be undone"_s, undoableStatement())) {
            while (select.next())
                entries.append(entryFrom(select));
        }
        post([generation, entries = std::move(entries)](StoreReader *reader) { reader->onUndoable(generation, entries); });
    }

    static QString undoableStatement()
    {
        return u"SELECT %1 FROM outbox WHERE state = 'queued' AND undo_requested = 0 ORDER BY sequence"_s.arg(OutboxColumns);
    }

    static QStringList refusedStatements()
    {
        return {u"SELECT %1 FROM outbox WHERE state = 'conflict' ORDER BY sequence"_s.arg(OutboxColumns),
                u"SELECT %1 FROM outbox WHERE state = 'rejected' ORDER BY sequence"_s.arg(OutboxColumns)};
    }

    static QString pendingIdsStatement()
    {
        return u"SELECT id FROM outputs WHERE state = 'pending' ORDER BY %1"_s.arg(QueueOrder);
    }

    // The statements this worker runs, for the query-plan test (placeholders as bound).
    static QStringList statements()
    {
        QStringList all{QueuePageQuery::fromStartSql(), QueuePageQuery::afterSql(),
                u"SELECT COUNT(*) FROM outputs WHERE state = 'pending'"_s,
                u"SELECT COUNT(*) FROM outbox WHERE state IN (%1)"_s.arg(sqlList(waitingStates())),
                u"SELECT MIN(lease_expires_at) FROM outputs WHERE state = 'pending' AND lease_expires_at IS NOT NULL"_s};
        return all + refusedStatements() + QStringList{pendingIdsStatement(), queueSizeStatement(), undoableStatement()};
    }

private:
    template<typename Deliver>
    void post(Deliver deliver)
    {
        QPointer<StoreReader> reader = m_reader;
        QMetaObject::invokeMethod(
            m_reader, [reader, deliver = std::move(deliver)] { if (reader) deliver(reader.data()); },
            Qt::QueuedConnection);
    }

    bool run(QSqlQuery &query, const QString &action, const QString &sql = {})
    {
        const bool ok = sql.isEmpty() ? query.exec() : query.exec(sql);
        if (!ok)
            fail(u"The local database could not %1: %2."_s.arg(action, query.lastError().text()));
        return ok;
    }

    void fail(const QString &sentence)
    {
        qCWarning(lcStore).noquote() << "reader:" << sentence;
        post([sentence](StoreReader *reader) { Q_EMIT reader->problem(sentence); });
    }

    static constexpr int IdleCheckpointMs = 1000;
    static constexpr int BusyCheckpointMs = 50;
    static constexpr int BusyLogPages = 1000;  // SQLite's own default checkpoint mark

    StoreReader *m_reader;
    QSqlDatabase m_db;
    std::unique_ptr<QueuePageQuery> m_pages;  // the queue's pages (the hot read), on m_db
    QString m_name;
    QTimer *m_checkpoints = nullptr;  // created on this thread, on the first open
    qint64 m_dataVersion = -1;        // PRAGMA data_version at the last checkpoint
    quint64 m_loadGeneration = 0;     // the queue load being read, where it is, whether it ended
    std::optional<QueueCursor> m_loadCursor;
    bool m_loadDone = true;
};

StoreReader::StoreReader(QObject *parent) : QObject(parent), m_worker(new StoreReaderWorker(this))
{
    m_thread = WorkerThread::start(m_worker, u"fr-store-reader"_s);
}

StoreReader::~StoreReader()
{
    WorkerThread::finish(m_thread, m_worker);
}

QStringList StoreReader::statements()
{
    return StoreReaderWorker::statements();
}

void StoreReader::open(const QString &path)
{
    ++m_generation;
    ++m_refusedGeneration;
    m_loading = false;
    m_countsInFlight = m_countsDirty = false;
    m_refusedInFlight = m_refusedDirty = false;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path] { worker->open(path); });
}

void StoreReader::close(std::function<void()> closed)
{
    ++m_generation;
    ++m_refusedGeneration;
    m_loading = false;
    m_countsInFlight = m_countsDirty = false;
    m_refusedInFlight = m_refusedDirty = false;
    QPointer<StoreReader> self = this;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, self, closed = std::move(closed)] {
        worker->close();
        if (closed && self)
            QMetaObject::invokeMethod(self, [self, closed] { if (self) closed(); }, Qt::QueuedConnection);
    });
}

void StoreReader::loadQueue(std::optional<QueueCursor> from, int pageSize)
{
    ++m_generation;  // a new load replaces one in progress (and a counts read: asked again below)
    const bool countsWanted = m_countsInFlight || m_countsDirty;
    m_countsInFlight = m_countsDirty = false;
    m_loading = true;
    m_pageSize = std::max(1, pageSize);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation = m_generation] {
        worker->readQueueSize(generation);
    });
    requestPage(std::move(from));
    requestPage(std::nullopt, true);  // the second on the line (see readPage)
    if (countsWanted)
        refreshCounts();
}

void StoreReader::onQueueSize(quint64 generation, int rows)
{
    if (generation == m_generation && m_loading)
        Q_EMIT queueSizeRead(rows);
}

void StoreReader::requestPage(std::optional<QueueCursor> from, bool continued)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation = m_generation, from = std::move(from),
                                         continued, pageSize = m_pageSize] {
        worker->readPage(generation, from, continued, pageSize);
    });
}

void StoreReader::onPage(quint64 generation, const QList<OutputSummary> &rows, bool last)
{
    if (generation != m_generation || !m_loading)
        return;
    m_loading = !last;
    // One more on the line for each page handled: the worker is reading the next one already,
    // and at most one more waits here, so the GUI handles one page per turn, never a backlog.
    if (m_loading)
        requestPage(std::nullopt, true);
    Q_EMIT queuePage(rows, last);
}

quint64 StoreReader::refreshCounts()
{
    const quint64 ticket = ++m_countsTicket;
    if (m_countsInFlight) {
        m_countsDirty = true;
        return ticket;
    }
    m_countsInFlight = true;
    m_countsReading = ticket;
    QMetaObject::invokeMethod(m_worker,
                              [worker = m_worker, generation = m_generation] { worker->readCounts(generation); });
    return ticket;
}

void StoreReader::onCounts(quint64 generation, const StoreCounts &counts)
{
    if (generation != m_generation)
        return;
    m_countsInFlight = false;
    m_countsCovered = m_countsReading;
    Q_EMIT countsRead(counts);
    if (m_countsDirty) {  // asked again after this read began: one more, which sees that change
        m_countsDirty = false;
        refreshCounts();
    }
}

void StoreReader::refreshRefused()
{
    if (m_refusedInFlight) {
        m_refusedDirty = true;
        return;
    }
    m_refusedInFlight = true;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation = m_refusedGeneration] {
        worker->readRefused(generation);
    });
}

void StoreReader::onRefused(quint64 generation, const QList<OutboxEntry> &entries)
{
    if (generation != m_refusedGeneration)
        return;
    m_refusedInFlight = false;
    Q_EMIT refusedRead(entries);
    if (m_refusedDirty) {  // asked again after this read began: one more, which sees that change
        m_refusedDirty = false;
        refreshRefused();
    }
}

void StoreReader::readPendingIds()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation = m_refusedGeneration] {
        worker->readPendingIds(generation);
    });
}

void StoreReader::onPendingIds(quint64 generation, const QStringList &ids)
{
    if (generation == m_refusedGeneration)
        Q_EMIT pendingIdsRead(ids);
}

void StoreReader::readUndoable()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation = m_refusedGeneration] {
        worker->readUndoable(generation);
    });
}

void StoreReader::onUndoable(quint64 generation, const QList<OutboxEntry> &entries)
{
    if (generation == m_refusedGeneration)
        Q_EMIT undoableRead(entries);
}

} // namespace fr
