#include "StoreWriter.h"

#include "LogCategories.h"
#include "SliceSizer.h"
#include "StoreRows.h"
#include "WorkerThread.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

namespace fr {
namespace {

using namespace Qt::StringLiterals;

std::atomic<int> writerCounter{0};

constexpr double kSliceBudgetMs = 4.0;  // the longest a GUI-thread commit waits for the lock
constexpr int kPauseMs = 2;             // between slices: SQLite's busy handler retries after 1 ms

} // namespace

// Lives on the writer's thread; every member runs there.
class StoreWriterWorker : public QObject
{
public:
    explicit StoreWriterWorker(StoreWriter *owner) : m_owner(owner) {}

    void open(const QString &path)
    {
        close();
        m_name = u"fr-writer-%1"_s.arg(writerCounter.fetch_add(1));
        m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        m_db.setDatabaseName(path);
        if (!m_db.open()) {
            qCWarning(lcStore) << "writer: the local database could not be opened:" << m_db.lastError().text();
            close();
            return;
        }
        QSqlQuery pragma(m_db);
        pragma.exec(u"PRAGMA busy_timeout = 5000"_s);
        // What it writes the backend can say again (LocalStore::Durability::Relaxed).
        pragma.exec(u"PRAGMA synchronous = NORMAL"_s);
    }

    void close()
    {
        ++m_generation;  // slices still queued see it and stop
        if (m_name.isEmpty())
            return;
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
        m_name.clear();
    }

    struct Removal {
        QStringList ids;
        qsizetype next = 0;
        quint64 generation = 0;
        StoreWriter::Done done;
    };

    void startRemoval(const QStringList &ids, StoreWriter::Done done)
    {
        auto removal = std::make_shared<Removal>();
        removal->ids = ids;
        removal->generation = m_generation;
        removal->done = std::move(done);
        removeSlice(removal);
    }

    void takeDue(qint64 nowMs, int limit, const StoreWriter::Taken &done)
    {
        QString error;
        OutboxBatch next;
        const bool ok = !m_name.isEmpty() && readDue(nowMs, limit, &next, &error) && markGoing(&next, &error);
        if (m_name.isEmpty())
            error = u"The local database was closed before the decisions went out."_s;
        if (!ok) {
            qCWarning(lcStore).noquote() << "writer:" << error;
            next = {};
        }
        answer([done, ok, error, next] { if (done) done(ok, error, next); });
    }

    void checkpoint(const StoreWriter::Done &done)
    {
        QString error;
        QSqlQuery query(m_db);
        const bool ok = !m_name.isEmpty() && query.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s) && query.next()
                        && query.value(0).toInt() == 0;  // 1: busy, the log could not be emptied
        if (!ok) {
            error = m_name.isEmpty() ? u"The local database was closed before its log was emptied."_s
                                     : u"The local database could not empty its log: %1."_s.arg(query.lastError().text());
            qCWarning(lcStore).noquote() << "writer:" << error;
        }
        answer([done, ok, error] { if (done) done(ok, error); });
    }

private:
    // `reply` on the owner's thread, and not at all once the owner is gone.
    template <typename Reply>
    void answer(Reply reply)
    {
        QPointer<StoreWriter> owner = m_owner;
        QMetaObject::invokeMethod(
            m_owner, [owner, reply = std::move(reply)] { if (owner) reply(); }, Qt::QueuedConnection);
    }

    bool readDue(qint64 nowMs, int limit, OutboxBatch *next, QString *error)
    {
        QSqlQuery select(m_db);
        select.prepare(StoreRows::dueQuery());
        select.addBindValue(nowMs);
        select.addBindValue(nowMs);
        select.addBindValue(limit);
        if (!select.exec()) {
            *error = u"The local database could not list the decisions to send: %1."_s.arg(select.lastError().text());
            return false;
        }
        QList<OutboxEntry> due;
        while (select.next())
            due.append(StoreRows::entryFrom(select));
        *next = OutboxBatch::from(due);
        return true;
    }

    // Marks the batch's decisions and keeps only those it marked (still queued, in their order).
    bool markGoing(OutboxBatch *next, QString *error)
    {
        if (next->decisions.isEmpty())
            return true;
        QStringList stillQueued;
        if (!markInOneTransaction(next->keys(), &stillQueued, error))
            return false;
        const QSet<QString> going(stillQueued.cbegin(), stillQueued.cend());
        QList<OutboxEntry> marked;
        for (const OutboxEntry &entry : std::as_const(next->decisions)) {
            if (going.contains(entry.decision.idempotencyKey))
                marked.append(entry);
        }
        next->decisions = marked;
        if (!marked.isEmpty())
            next->buildBody();
        return true;
    }

    bool markInOneTransaction(const QStringList &keys, QStringList *stillQueued, QString *error)
    {
        // FULL for this one transaction: the mark must be on disk before the request leaves.
        QSqlQuery query(m_db);
        query.exec(u"PRAGMA synchronous = FULL"_s);
        const bool ok = eachInOneTransaction(
            u"UPDATE outbox SET transmitted = 1 WHERE idempotency_key = ? AND state = 'queued'"_s, keys,
            u"note what is being sent"_s, stillQueued, error);
        query.exec(u"PRAGMA synchronous = NORMAL"_s);
        return ok;
    }

    // `sql` once for each value (its one placeholder), all in one transaction that waits for the
    // lock (BEGIN IMMEDIATE). `changed`, if given, gets the values whose statement changed a row.
    bool eachInOneTransaction(const QString &sql, const QStringList &values, const QString &what,
                              QStringList *changed, QString *error)
    {
        QSqlQuery query(m_db);
        if (!query.exec(u"BEGIN IMMEDIATE"_s)) {
            *error = u"The local database could not begin to %1: %2."_s.arg(what, query.lastError().text());
            return false;
        }
        query.prepare(sql);
        for (const QString &value : values) {
            query.bindValue(0, value);
            if (!query.exec()) {
                *error = u"The local database could not %1 (%2): %3."_s.arg(what, value, query.lastError().text());
                QSqlQuery(m_db).exec(u"ROLLBACK"_s);
                return false;
            }
            if (changed && query.numRowsAffected() == 1)
                changed->append(value);
        }
        QSqlQuery commit(m_db);
        if (!commit.exec(u"COMMIT"_s)) {
            *error = u"The local database could not save its work to %1: %2."_s.arg(what, commit.lastError().text());
            QSqlQuery(m_db).exec(u"ROLLBACK"_s);
            if (changed)
                changed->clear();
            return false;
        }
        return true;
    }

    void removeSlice(const std::shared_ptr<Removal> &removal)
    {
        if (removal->generation != m_generation || m_name.isEmpty()) {
            finish(removal, false, u"The local database was closed before the outputs left it."_s);
            return;
        }
        const QStringList slice = removal->ids.mid(removal->next, m_sizer.next());
        QElapsedTimer cost;
        cost.start();
        QString error;
        if (!eachInOneTransaction(u"DELETE FROM outputs WHERE id = ?"_s, slice, u"remove outputs"_s, nullptr, &error)) {
            finish(removal, false, error);
            return;
        }
        m_sizer.took(slice.size(), double(cost.nsecsElapsed()) / 1e6);
        removal->next += slice.size();
        if (removal->next >= removal->ids.size()) {
            finish(removal, true, {});
            return;
        }
        QTimer::singleShot(kPauseMs, this, [this, removal] { removeSlice(removal); });
    }

    void finish(const std::shared_ptr<Removal> &removal, bool ok, const QString &error)
    {
        if (!ok)
            qCWarning(lcStore).noquote() << "writer:" << error;
        answer([done = std::move(removal->done), ok, error] {
            if (done)
                done(ok, error);
        });
    }

    StoreWriter *m_owner;
    QSqlDatabase m_db;
    QString m_name;
    quint64 m_generation = 0;
    SliceSizer m_sizer{500, 8, kSliceBudgetMs};
};

StoreWriter::StoreWriter(QObject *parent) : QObject(parent), m_worker(new StoreWriterWorker(this))
{
    m_thread = WorkerThread::start(m_worker, u"fr-store-writer"_s);
}

StoreWriter::~StoreWriter()
{
    WorkerThread::finish(m_thread, m_worker);
}

void StoreWriter::open(const QString &path)
{
    m_open = true;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, path] { worker->open(path); });
}

void StoreWriter::close()
{
    if (!m_open)
        return;
    m_open = false;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
}

void StoreWriter::refuseClosed(Done done)
{
    QMetaObject::invokeMethod(
        this, [done = std::move(done)] { if (done) done(false, tr("The local database is not open.")); },
        Qt::QueuedConnection);
}

void StoreWriter::removeOutputs(const QStringList &ids, Done done)
{
    if (!m_open) {
        refuseClosed(std::move(done));
        return;
    }
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, ids, done = std::move(done)]() mutable {
        worker->startRemoval(ids, std::move(done));
    });
}

void StoreWriter::takeDue(const QDateTime &now, int limit, Taken done)
{
    if (!m_open) {
        QMetaObject::invokeMethod(
            this, [done = std::move(done)] { if (done) done(false, tr("The local database is not open."), {}); },
            Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, nowMs = now.toMSecsSinceEpoch(), limit, done = std::move(done)] {
        worker->takeDue(nowMs, limit, done);
    });
}

void StoreWriter::checkpoint(Done done)
{
    if (!m_open) {
        refuseClosed(std::move(done));
        return;
    }
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, done = std::move(done)] { worker->checkpoint(done); });
}

} // namespace fr
