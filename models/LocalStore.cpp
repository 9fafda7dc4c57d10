#include "LocalStore.h"

#include "LogCategories.h"
#include "StoreRecovery.h"
#include "StoreRows.h"
#include "StoreSchema.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <utility>

namespace fr {
namespace {

using namespace Qt::StringLiterals;
using namespace StoreRows;

// Before SQLite's first use in the process (it is Debian's shared library, the one Qt's driver
// loads): no memory statistics. With them every allocation inside SQLite takes one global mutex,
// and three threads with connections (this one, StoreReader's, StoreWriter's) took turns on it:
// the GUI thread waited thousands of times a run for the reader's UTF-16 conversions.
[[maybe_unused]] const bool sqliteConfigured = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}();

constexpr int BusyTimeoutMs = 5000;
constexpr int BackstopCheckpointPages = 10000;  // 40 MB of log; StoreReader checkpoints long before
constexpr int StoredPreviewLength = 200;  // raw characters kept per output for the queue list

QString safeFileName(const QString &text)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]"_s);
    QString name = text;
    name.replace(unsafe, u"_"_s);
    return name.isEmpty() ? u"_"_s : name;
}

std::atomic<int> connectionCounter{0};

LocalStore::StatementObserver statementObserver;  // observeStatementsForTesting()

} // namespace

double PaceStats::itemsPerHour() const
{
    if (decisionsWithDwell <= 0 || totalDwellMs <= 0)
        return 0.0;
    return 3600000.0 * decisionsWithDwell / double(totalDwellMs);
}

// --- Private: the connection and the few helpers every operation shares -------------------------

struct LocalStore::Private {
    QSqlDatabase db;
    QString connectionName;
    QString path;
    QString lastError;
    bool inBatch = false;

    enum class Check { Ok, Damaged, Failed };

    QHash<QString, QSqlQuery> preparedCache;
    bool relaxed = false;  // inside a Durability::Relaxed batch
    int transactionDepth = 0;  // a batch and the Savepoints open on this connection
    int failingSavepoints = 0;  // failSavepointsForTesting()

    QSqlQuery query() const { return QSqlQuery(db); }

    // A statement prepared once per connection, for the hot path (enqueue): SQLite's parse and
    // plan are a noticeable part of a commit that is otherwise one fsync.
    QSqlQuery &prepared(const QString &sql)
    {
        auto it = preparedCache.find(sql);
        if (it == preparedCache.end()) {
            it = preparedCache.insert(sql, query());
            it->prepare(sql);
        }
        return *it;
    }

    // One row through a statement prepared once per connection: the reads of every key press
    // (the next output, the decision on it) spent as long in SQLite's parser as in the read.
    // The statement is reset afterwards, so that it holds no read snapshot open.
    template<typename Row>
    std::optional<Row> readOne(const QString &sql, const QString &key, const QString &action,
                               Row (*rowFrom)(const QSqlQuery &))
    {
        QSqlQuery &select = prepared(sql);
        select.bindValue(0, key);
        std::optional<Row> row;
        if (run(select, action) && select.next())
            row = rowFrom(select);
        select.finish();
        return row;
    }

    // Runs a prepared (or, with sql, an unprepared) query; a failure becomes lastError.
    bool run(QSqlQuery &query, const QString &action, const QString &sql = {})
    {
        const bool ok = sql.isEmpty() ? query.exec() : query.exec(sql);
        if (statementObserver)
            statementObserver(sql.isEmpty() ? query.lastQuery() : sql);
        if (!ok)
            lastError = u"The local database could not %1: %2."_s.arg(action, query.lastError().text());
        return ok;
    }

    // After a relaxed batch: FULL again, or nothing more is written (a decision must never be
    // committed without it). Should SQLite refuse (it does not for this pragma), the connection
    // closes and the store reports the error.
    void restoreFullDurability()
    {
        if (!std::exchange(relaxed, false))
            return;
        if (runSql(u"PRAGMA synchronous = FULL"_s, u"make the database durable again"_s))
            return;
        qCCritical(lcStore) << "synchronous = FULL could not be restored; closing the store";
        closeConnection();
    }

    bool runSql(const QString &sql, const QString &action)
    {
        QSqlQuery q = query();
        return run(q, action, sql);
    }

    bool requireOpen()
    {
        if (db.isOpen())
            return true;
        lastError = u"The local database is not open."_s;
        return false;
    }

    void openConnection(const QString &file)
    {
        connectionName = u"fr-store-%1"_s.arg(connectionCounter.fetch_add(1));
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
        db.setDatabaseName(file);
    }

    void closeConnection()
    {
        if (connectionName.isEmpty())
            return;
        db.close();
        preparedCache.clear();
        db = QSqlDatabase();  // no copy (nor query) may outlive removeDatabase()
        QSqlDatabase::removeDatabase(connectionName);
        connectionName.clear();
        inBatch = relaxed = false;
        transactionDepth = 0;
    }

    // One PRAGMA whose first answer we need. A damaged file shows up here, on the first read.
    Check pragma(const QString &sql, QString *answer)
    {
        QSqlQuery q = query();
        if (!q.exec(sql)) {
            lastError = u"The local database could not be opened (%1): %2."_s.arg(sql, q.lastError().text());
            return StoreRecovery::isDamage(q.lastError()) ? Check::Damaged : Check::Failed;
        }
        *answer = q.next() ? q.value(0).toString() : QString();
        return Check::Ok;
    }

    // Opens the file and checks that it is a healthy SQLite database in WAL mode.
    Check openAndCheck(const QString &file, Integrity integrity)
    {
        openConnection(file);
        if (!db.open()) {
            lastError = u"The local database %1 could not be opened: %2."_s.arg(file, db.lastError().text());
            return StoreRecovery::isDamage(db.lastError()) ? Check::Damaged : Check::Failed;
        }
        QString answer;
        Check check = pragma(u"PRAGMA busy_timeout = %1"_s.arg(BusyTimeoutMs), &answer);
        if (check == Check::Ok)
            check = pragma(u"PRAGMA journal_mode = WAL"_s, &answer);
        // SQLite answers with the mode it is in; on some file systems WAL is refused quietly.
        if (check == Check::Ok && answer.compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
            lastError = u"The local database could not use write-ahead logging (journal mode is \"%1\")."_s.arg(answer);
            return Check::Failed;
        }
        // The checkpoint that copies the log back into the file (4 MB and an fsync at the
        // default 1,000 pages) would run inside whichever commit crossed the mark, on the GUI
        // thread (30-100 ms): StoreReader checkpoints on its thread instead. This one is the
        // backstop for a store opened without a reader.
        if (check == Check::Ok)
            check = pragma(u"PRAGMA wal_autocheckpoint = %1"_s.arg(BackstopCheckpointPages), &answer);
        if (check == Check::Ok)
            check = pragma(u"PRAGMA synchronous = FULL"_s, &answer);
        // Read back: the durability promise of enqueue() rests on FULL (2).
        if (check == Check::Ok)
            check = pragma(u"PRAGMA synchronous"_s, &answer);
        if (check == Check::Ok && answer != u"2") {
            lastError = u"The local database could not be made fully durable (synchronous is %1)."_s.arg(answer);
            return Check::Failed;
        }
        // The schema is read in both modes: a file whose schema cannot be read is damaged too.
        if (check == Check::Ok)
            check = pragma(u"SELECT COUNT(*) FROM sqlite_master"_s, &answer);
        if (check == Check::Ok && integrity == Integrity::Full)
            check = pragma(u"PRAGMA quick_check"_s, &answer);
        if (check == Check::Ok && integrity == Integrity::Full && answer != u"ok") {
            lastError = u"The local database is damaged (quick_check: %1)."_s.arg(answer);
            return Check::Damaged;
        }
        return check;
    }

    // Applies the outbox-entry change set in `assignments` when the entry is in one of `from`,
    // and then the output's state, all in one savepoint.
    bool changeEntry(const QString &key, const QList<OutboxState> &from, const QString &assignments,
                     const QVariantList &values, std::optional<ReviewState> outputState, const QString &action);
    // The outbox row + the output's state; no savepoint.
    bool insertDecision(const Decision &decision, const QString &replacesKey = {});
    int releaseDependants(const QString &key, const QString &feedbackId);
    bool hasDependants(const QString &key);
    bool refuse(const QString &key, const QList<OutboxState> &from, const QString &finalState, const QString &reason,
                ReviewState outputState, const QString &action);
    bool setOutputStateFrom(const QString &key, const QString &expression, const QString &action);
};

// A unit of work that is atomic on its own and also nests inside beginBatch()/commitBatch() and
// inside another Savepoint. The outermost one begins IMMEDIATE: StoreWriter writes to the same
// file from its thread, and a transaction that read before it wrote could then fail at its
// first write without waiting (SQLITE_BUSY_SNAPSHOT); IMMEDIATE takes the lock first, waiting
// through busy_timeout, and everything after it reads the latest commit. A savepoint that
// could not be opened refuses the whole write: every operation asks opened() before its first
// statement, since without it each statement would commit on its own.
class Savepoint
{
public:
    // failing: failSavepointsForTesting(); depth: the open transactions on this connection.
    Savepoint(QSqlDatabase db, int &failing, int &depth);
    ~Savepoint()
    {
        if (!m_active)
            return;
        QSqlQuery(m_db).exec(u"ROLLBACK TO op"_s);
        QSqlQuery(m_db).exec(u"RELEASE op"_s);
        if (m_outermost)
            QSqlQuery(m_db).exec(u"ROLLBACK"_s);
        --m_depth;
    }
    bool opened(QString *lastError, const QString &what) const
    {
        if (!m_active)
            *lastError = u"The local database could not start saving %1, so nothing was changed: %2."_s.arg(what, m_error);
        return m_active;
    }
    // Outside a batch this is the commit: durable (synchronous=FULL) when it returns true.
    // On failure *lastError says what could not be saved.
    bool release(QString *lastError, const QString &what)
    {
        QSqlQuery release(m_db);
        if (m_active && release.exec(u"RELEASE op"_s) && (!m_outermost || release.exec(u"COMMIT"_s))) {
            m_active = false;
            --m_depth;
            return true;
        }
        *lastError = u"The local database could not save %1: %2."_s.arg(what, release.lastError().text());
        return false;
    }

private:
    QSqlDatabase m_db;
    int &m_depth;
    bool m_active = false;
    bool m_outermost = false;
    QString m_error;
};

Savepoint::Savepoint(QSqlDatabase db, int &failing, int &depth) : m_db(std::move(db)), m_depth(depth)
{
    if (failing > 0) {
        --failing;
        m_error = u"out of memory (simulated)"_s;
        return;
    }
    QSqlQuery open(m_db);
    m_outermost = m_depth == 0;
    if (m_outermost && !open.exec(u"BEGIN IMMEDIATE"_s)) {
        m_error = open.lastError().text();
        return;
    }
    m_active = open.exec(u"SAVEPOINT op"_s);
    if (!m_active) {
        m_error = open.lastError().text();
        if (m_outermost)
            QSqlQuery(m_db).exec(u"ROLLBACK"_s);
        return;
    }
    ++m_depth;
}

bool LocalStore::Private::changeEntry(const QString &key, const QList<OutboxState> &from, const QString &assignments,
                                      const QVariantList &values, std::optional<ReviewState> outputState,
                                      const QString &action)
{
    if (!requireOpen())
        return false;
    Savepoint savepoint(db, failingSavepoints, transactionDepth);
    if (!savepoint.opened(&lastError, u"the change"_s))
        return false;
    // The output first, judged by the row as it was: one whose undo is marked is pending already
    // and stays so whatever the backend answers for it.
    if (outputState) {
        QSqlQuery output = query();
        output.prepare(u"UPDATE outputs SET state = ? WHERE id = (SELECT output_id FROM outbox "
                       "WHERE idempotency_key = ? AND state IN (%1) AND undo_requested = 0)"_s.arg(sqlList(from)));
        output.addBindValue(storedState(*outputState));
        output.addBindValue(key);
        if (!run(output, action))
            return false;
    }
    QSqlQuery update = query();
    update.prepare(u"UPDATE outbox SET %1, updated_at = ? WHERE idempotency_key = ? AND state IN (%2)"_s
                       .arg(assignments, sqlList(from)));
    for (const QVariant &value : values)
        update.addBindValue(value.typeId() == QMetaType::QString ? storedText(value.toString()) : value);
    update.addBindValue(QDateTime::currentMSecsSinceEpoch());
    update.addBindValue(key);
    if (!run(update, action))
        return false;
    if (update.numRowsAffected() == 0) {
        lastError = u"The decision %1 could not %2: it is not waiting in the outbox in a state that allows it."_s
                        .arg(key, action);
        return false;
    }
    return savepoint.release(&lastError, u"the change"_s);
}

bool LocalStore::Private::insertDecision(const Decision &decision, const QString &replacesKey)
{
    QSqlQuery &insert = prepared(
        u"INSERT INTO outbox (idempotency_key, output_id, reviewer_id, approval, correction, comment, "
        "decided_at, dwell_ms, state, attempts, updated_at, reason_code, replaces, replaces_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)"_s);
    const QVariantList values{storedText(decision.idempotencyKey), storedText(decision.outputId),
                              storedText(decision.reviewerId), decision.approval, storedText(decision.correction),
                              storedText(decision.comment), storedTime(decision.decidedAt),
                              decision.dwellMs >= 0 ? QVariant(decision.dwellMs) : QVariant(QMetaType(QMetaType::LongLong)),
                              QDateTime::currentMSecsSinceEpoch(), storedText(decision.reasonCode),
                              storedText(decision.replaces), storedText(replacesKey)};
    for (qsizetype i = 0; i < values.size(); ++i)
        insert.bindValue(int(i), values.at(i));
    if (!run(insert, u"keep the decision on %1"_s.arg(decision.outputId)))
        return false;
    QSqlQuery &output = prepared(u"UPDATE outputs SET state = 'queued' WHERE id = ?"_s);
    output.bindValue(0, decision.outputId);
    return run(output, u"mark the output %1 as decided"_s.arg(decision.outputId));
}

// The changes waiting for `key` (a decision on its way) learn its fate: accepted as `feedbackId`
// (they replace it), or refused (feedbackId "": they go as first decisions). Their output stays
// decided (queued). Returns how many waited, -1 on failure.
int LocalStore::Private::releaseDependants(const QString &key, const QString &feedbackId)
{
    QSqlQuery update = query();
    update.prepare(u"UPDATE outbox SET replaces = ?, replaces_key = '' "
                   "WHERE replaces_key = ? AND replaces_key <> '' AND state = 'queued'"_s);
    update.addBindValue(storedText(feedbackId));
    update.addBindValue(key);
    if (!run(update, u"pass on the answer for %1"_s.arg(key)))
        return -1;
    const int waiting = update.numRowsAffected();
    if (waiting > 0) {
        QSqlQuery output = query();
        output.prepare(u"UPDATE outputs SET state = 'queued' WHERE id = (SELECT output_id FROM outbox WHERE idempotency_key = ?)"_s);
        output.addBindValue(key);
        if (!run(output, u"keep the output decided"_s))
            return -1;
    }
    return waiting;
}

bool LocalStore::Private::hasDependants(const QString &key)
{
    QSqlQuery select = query();
    select.prepare(u"SELECT COUNT(*) FROM outbox WHERE replaces_key = ? AND replaces_key <> '' AND state = 'queued'"_s);
    select.addBindValue(key);
    return run(select, u"look for changes of %1"_s.arg(key)) && select.next() && select.value(0).toInt() > 0;
}

// A refused row's output after a resend or discard: `expression` is SQL over the outbox row.
bool LocalStore::Private::setOutputStateFrom(const QString &key, const QString &expression, const QString &action)
{
    QSqlQuery output = query();
    output.prepare(u"UPDATE outputs SET state = (SELECT %1 FROM outbox WHERE idempotency_key = ?) "
                   "WHERE id = (SELECT output_id FROM outbox WHERE idempotency_key = ?)"_s.arg(expression));
    output.addBindValue(key);
    output.addBindValue(key);
    return run(output, action);
}

// --- Opening ---------------------------------------------------------------------------------

LocalStore::LocalStore() : d(new Private) {}

LocalStore::~LocalStore()
{
    close();
    delete d;
}

QString LocalStore::defaultPath(const QUrl &server, const QString &username)
{
    const int defaultPort = server.scheme() == u"https" ? 443 : 80;
    const QString folder = safeFileName(u"%1_%2"_s.arg(server.host()).arg(server.port(defaultPort)));
    return u"%1/stores/%2/%3.sqlite"_s.arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation), folder,
                                           safeFileName(username));
}

StoreOpenReport LocalStore::open(const QString &path, Integrity integrity)
{
    close();
    StoreOpenReport report;
    d->lastError.clear();
    QDir().mkpath(QFileInfo(path).absolutePath());
    Private::Check check = d->openAndCheck(path, integrity);
    if (check == Private::Check::Damaged) {
        d->closeConnection();
        QString moveError;
        report.movedAsidePath = StoreRecovery::moveAside(path, &moveError);
        if (report.movedAsidePath.isEmpty()) {
            report.error = moveError;
            d->lastError = moveError;
            return report;
        }
        check = d->openAndCheck(path, Integrity::Full);  // a fresh, empty file: checked in no time
    }
    if (check != Private::Check::Ok || !StoreSchema::migrate(d->db, &report.schemaVersion, &d->lastError)) {
        report.error = d->lastError;
        d->closeConnection();
        return report;
    }
    d->path = path;
    if (!report.movedAsidePath.isEmpty()) {
        report.recoveredDecisions = StoreRecovery::salvageUnsent(report.movedAsidePath, d->db);
        report.notice = u"The local database was damaged. It was moved aside to %1 and kept; a new one was "
                        "started, and %2 unsent decision(s) were recovered from the damaged copy."_s
                            .arg(report.movedAsidePath).arg(report.recoveredDecisions);
    }
    report.ok = true;
    return report;
}

void LocalStore::close()
{
    d->closeConnection();
    d->path.clear();
}

bool LocalStore::isOpen() const
{
    return d->db.isOpen();
}

QString LocalStore::path() const
{
    return d->path;
}

QString LocalStore::lastError() const
{
    return d->lastError;
}

// --- Output cache ------------------------------------------------------------------------------

bool LocalStore::cacheOutputs(const QList<ModelOutput> &outputs)
{
    if (!d->requireOpen())
        return false;
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the change"_s))
        return false;
    QSqlQuery insert = d->query();
    // A new output takes its state from a decision already in the outbox (e.g. one recovered from
    // a damaged file); an output already cached keeps its state and gets fresh texts and lease.
    insert.prepare(uR"(INSERT INTO outputs (id, model_name, model_version, confidence, created_at, sla_deadline,
            lease_expires_at, state, cached_at, preview, metadata, input, output)
        VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT CASE state WHEN 'queued' THEN 'queued' WHEN 'sent' THEN 'synced'
                    WHEN 'conflict' THEN 'conflict' WHEN 'rejected' THEN 'rejected' END
                FROM outbox WHERE output_id = ? AND state IN ('queued', 'sent', 'conflict', 'rejected') AND undo_requested = 0
                ORDER BY sequence DESC LIMIT 1), 'pending'), ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO UPDATE SET model_name = excluded.model_name, model_version = excluded.model_version,
            confidence = excluded.confidence, created_at = excluded.created_at, sla_deadline = excluded.sla_deadline,
            lease_expires_at = excluded.lease_expires_at, cached_at = excluded.cached_at, preview = excluded.preview,
            metadata = excluded.metadata, input = excluded.input, output = excluded.output)"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const ModelOutput &output : outputs) {
        const QVariantList values{storedText(output.id), storedText(output.modelName),
                                  storedText(output.modelVersion), output.confidence,
                                  storedTime(output.createdAt), storedTime(output.slaDeadline),
                                  storedTime(output.leaseExpiresAt), storedText(output.id), now,
                                  storedText(output.input.left(StoredPreviewLength)),
                                  QString::fromUtf8(QJsonDocument(output.metadata).toJson(QJsonDocument::Compact)),
                                  storedText(output.input), storedText(output.output)};
        for (qsizetype i = 0; i < values.size(); ++i)
            insert.bindValue(int(i), values.at(i));
        if (!d->run(insert, u"cache the output %1"_s.arg(output.id)))
            return false;
    }
    return savepoint.release(&d->lastError, u"the outputs"_s);
}

QList<OutputSummary> LocalStore::summaries() const
{
    return summariesPage(0, -1);
}

QList<OutputSummary> LocalStore::summariesPage(int offset, int limit) const
{
    QList<OutputSummary> result;
    if (!d->requireOpen())
        return result;
    QSqlQuery select = d->query();
    select.setForwardOnly(true);
    // The stored preview, never the texts (see schema step 3). SQLite reads LIMIT -1 as "all".
    select.prepare(u"SELECT %1 FROM outputs ORDER BY %2 LIMIT ? OFFSET ?"_s.arg(SummaryColumns, QueueOrder));
    select.addBindValue(limit < 0 ? -1 : limit);
    select.addBindValue(std::max(offset, 0));
    if (!d->run(select, u"list the cached outputs"_s))
        return result;
    StringPool names;
    while (select.next())
        result.append(summaryFrom(select, names));
    return result;
}

QList<OutputSummary> LocalStore::summaries(const QStringList &ids) const
{
    QList<OutputSummary> result;
    if (!d->requireOpen())
        return result;
    // SQLite limits the number of bound parameters; 500 stays far below every build's limit.
    constexpr qsizetype chunkSize = 500;
    StringPool names;
    for (qsizetype at = 0; at < ids.size(); at += chunkSize) {
        const QStringList chunk = ids.mid(at, chunkSize);
        QStringList marks(chunk.size(), u"?"_s);
        QSqlQuery select = d->query();
        select.setForwardOnly(true);
        select.prepare(u"SELECT %1 FROM outputs WHERE id IN (%2)"_s.arg(SummaryColumns, marks.join(u',')));
        for (const QString &id : chunk)
            select.addBindValue(id);
        if (!d->run(select, u"list the cached outputs"_s))
            return {};
        while (select.next())
            result.append(summaryFrom(select, names));
    }
    std::sort(result.begin(), result.end(), [](const OutputSummary &a, const OutputSummary &b) {
        if (a.slaDeadline.isValid() != b.slaDeadline.isValid())
            return a.slaDeadline.isValid();
        if (a.slaDeadline != b.slaDeadline)
            return a.slaDeadline < b.slaDeadline;
        if (a.confidence != b.confidence)
            return a.confidence < b.confidence;
        return a.id < b.id;
    });
    return result;
}

std::optional<ModelOutput> LocalStore::output(const QString &id) const
{
    if (!d->requireOpen())
        return std::nullopt;
    return d->readOne(u"SELECT %1 FROM outputs WHERE id = ?"_s.arg(OutputColumns), id,
                      u"read the output %1"_s.arg(id), &outputFrom);
}

int LocalStore::pendingCount() const
{
    QSqlQuery select = d->query();
    if (!d->requireOpen() || !d->run(select, u"count the pending outputs"_s,
                                     u"SELECT COUNT(*) FROM outputs WHERE state = 'pending'"_s) || !select.next())
        return 0;
    return select.value(0).toInt();
}

bool LocalStore::hasFewerPendingThan(int n) const
{
    if (n <= 0)
        return false;
    QSqlQuery select = d->query();
    select.prepare(u"SELECT COUNT(*) FROM (SELECT 1 FROM outputs WHERE state = 'pending' LIMIT ?)"_s);
    select.addBindValue(n);
    if (!d->requireOpen() || !d->run(select, u"count the pending outputs"_s) || !select.next())
        return true;  // as pendingCount() would answer 0
    return select.value(0).toInt() < n;
}

QDateTime LocalStore::earliestPendingLeaseExpiry() const
{
    QSqlQuery select = d->query();
    if (!d->requireOpen()
        || !d->run(select, u"find the earliest lease expiry"_s,
                   u"SELECT MIN(lease_expires_at) FROM outputs WHERE state = 'pending' AND lease_expires_at IS NOT NULL"_s)
        || !select.next() || select.value(0).isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(select.value(0).toLongLong(), Qt::UTC);
}

QDateTime LocalStore::latestPendingLeaseExpiry() const
{
    QSqlQuery select = d->query();
    if (!d->requireOpen()
        || !d->run(select, u"find the latest lease expiry"_s,
                   u"SELECT MAX(lease_expires_at) FROM outputs WHERE state = 'pending' AND lease_expires_at IS NOT NULL"_s)
        || !select.next() || select.value(0).isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(select.value(0).toLongLong(), Qt::UTC);
}

QStringList LocalStore::pendingIds() const
{
    QStringList ids;
    QSqlQuery select = d->query();
    if (!d->requireOpen()
        || !d->run(select, u"list the pending outputs"_s,
                   u"SELECT id FROM outputs WHERE state = 'pending' ORDER BY %1"_s.arg(QueueOrder)))
        return ids;
    while (select.next())
        ids.append(select.value(0).toString());
    return ids;
}

bool LocalStore::removeOutputs(const QStringList &ids)
{
    if (!d->requireOpen())
        return false;
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the withdrawal"_s))
        return false;
    QSqlQuery remove = d->query();
    remove.prepare(u"DELETE FROM outputs WHERE id = ?"_s);
    for (const QString &id : ids) {
        remove.bindValue(0, id);
        if (!d->run(remove, u"remove the output %1"_s.arg(id)))
            return false;
    }
    return savepoint.release(&d->lastError, u"the removal of outputs"_s);
}

// --- Outbox ------------------------------------------------------------------------------------

bool LocalStore::enqueue(const Decision &decision)
{
    if (!d->requireOpen())
        return false;
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the decision"_s) || !d->insertDecision(decision))
        return false;
    return savepoint.release(&d->lastError, u"the decision"_s);
}

bool LocalStore::withdraw(const QString &idempotencyKey)
{
    const std::optional<OutboxEntry> current = entry(idempotencyKey);
    if (!current || current->state != OutboxState::Queued || current->transmitted || current->undoRequested) {
        if (current || d->lastError.isEmpty())
            d->lastError = u"The decision %1 was already sent or is not in the outbox; it cannot be withdrawn."_s.arg(idempotencyKey);
        return false;
    }
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the withdrawal"_s))
        return false;
    QSqlQuery remove = d->query();
    // Only a row that is still queued: the sync engine may have sent it in the meantime.
    // Never one that went out: the backend may hold it, and only a retract can undo that.
    remove.prepare(u"DELETE FROM outbox WHERE idempotency_key = ? AND state = 'queued' AND transmitted = 0"_s);
    remove.addBindValue(idempotencyKey);
    if (!d->run(remove, u"withdraw the decision %1"_s.arg(idempotencyKey)))
        return false;
    QSqlQuery output = d->query();
    // A withdrawn change leaves the decision it was to replace standing (sent, or on its way).
    output.prepare(u"UPDATE outputs SET state = ? WHERE id = ?"_s);
    output.addBindValue(!current->decision.replaces.isEmpty() ? u"synced"_s
                        : !current->replacesKey.isEmpty()    ? u"queued"_s
                                                             : u"pending"_s);
    output.addBindValue(current->decision.outputId);
    if (remove.numRowsAffected() != 1) {
        d->lastError = u"The decision %1 was sent meanwhile; it cannot be withdrawn."_s.arg(idempotencyKey);
        return false;
    }
    if (!d->run(output, u"mark the output pending"_s))
        return false;
    return savepoint.release(&d->lastError, u"the withdrawal"_s);
}

bool LocalStore::queueRetract(const QString &idempotencyKey)
{
    return d->changeEntry(idempotencyKey, {OutboxState::Sent},
                          u"state = 'retract_queued', attempts = 0, next_attempt_at = NULL, last_error = ''"_s, {},
                          ReviewState::Pending, u"be retracted"_s);
}

LocalStore::UndoOutcome LocalStore::undo(const QString &idempotencyKey)
{
    const std::optional<OutboxEntry> current = entry(idempotencyKey);
    if (!current) {
        if (d->lastError.isEmpty())
            d->lastError = u"The decision %1 is not in the outbox."_s.arg(idempotencyKey);
        return UndoOutcome::Failed;
    }
    if (current->state == OutboxState::Sent)
        return queueRetract(idempotencyKey) ? UndoOutcome::RetractQueued : UndoOutcome::Failed;
    if (current->state != OutboxState::Queued || current->undoRequested) {
        d->lastError = u"The decision %1 cannot be undone: it is %2."_s.arg(idempotencyKey, toString(current->state));
        return UndoOutcome::Failed;
    }
    if (!current->transmitted)
        return withdraw(idempotencyKey) ? UndoOutcome::Withdrawn : UndoOutcome::Failed;
    const bool marked = d->changeEntry(idempotencyKey, {OutboxState::Queued}, u"undo_requested = 1"_s, {},
                                       ReviewState::Pending, u"be marked as undone"_s);
    return marked ? UndoOutcome::RetractLater : UndoOutcome::Failed;
}

QList<OutboxEntry> LocalStore::undoableUnsent() const
{
    QList<OutboxEntry> result;
    if (!d->requireOpen())
        return result;
    QSqlQuery select = d->query();
    if (!d->run(select, u"list the decisions that can be undone"_s,
                u"SELECT %1 FROM outbox WHERE state = 'queued' AND undo_requested = 0 ORDER BY sequence"_s.arg(OutboxColumns)))
        return result;
    while (select.next())
        result.append(entryFrom(select));
    return result;
}

LocalStore::ChangeOutcome LocalStore::change(const QString &idempotencyKey, const Decision &changed)
{
    const std::optional<OutboxEntry> current = entry(idempotencyKey);
    if (!current || current->decision.outputId != changed.outputId || changed.idempotencyKey == idempotencyKey) {
        if (current || d->lastError.isEmpty())
            d->lastError = u"The decision %1 is not a decision on this output that can be changed."_s.arg(idempotencyKey);
        return ChangeOutcome::Failed;
    }
    const bool queued = current->state == OutboxState::Queued && !current->undoRequested;
    if (!queued && current->state != OutboxState::Sent) {
        d->lastError = u"The decision %1 cannot be changed: it is %2."_s.arg(idempotencyKey, toString(current->state));
        return ChangeOutcome::Failed;
    }
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the changed decision"_s))
        return ChangeOutcome::Failed;
    Decision next = changed;
    QString replacesKey;
    ChangeOutcome outcome = ChangeOutcome::Superseded;
    if (queued && !current->transmitted) {
        // It never left this machine: the change takes its place (and what it replaced).
        next.replaces = current->decision.replaces;
        replacesKey = current->replacesKey;
        QSqlQuery remove = d->query();
        remove.prepare(u"DELETE FROM outbox WHERE idempotency_key = ? AND state = 'queued' AND transmitted = 0"_s);
        remove.addBindValue(idempotencyKey);
        if (!d->run(remove, u"replace the decision %1"_s.arg(idempotencyKey)))
            return ChangeOutcome::Failed;
        if (remove.numRowsAffected() != 1) {
            d->lastError = u"The decision %1 was sent meanwhile; change it again."_s.arg(idempotencyKey);
            return ChangeOutcome::Failed;
        }
        outcome = ChangeOutcome::Replaced;
    } else if (queued) {
        replacesKey = idempotencyKey;  // on its way: its answer decides what the change replaces
    } else {
        next.replaces = current->feedbackId;
    }
    if (!d->insertDecision(next, replacesKey) || !savepoint.release(&d->lastError, u"the changed decision"_s))
        return ChangeOutcome::Failed;
    return outcome;
}

std::optional<OutboxEntry> LocalStore::latestDecision(const QString &outputId) const
{
    if (!d->requireOpen())
        return std::nullopt;
    return d->readOne(u"SELECT %1 FROM outbox WHERE output_id = ? AND state != 'discarded' ORDER BY sequence DESC LIMIT 1"_s
                          .arg(OutboxColumns),
                      outputId, u"read the decision on %1"_s.arg(outputId), &entryFrom);
}

bool LocalStore::resend(const QString &idempotencyKey)
{
    if (!d->requireOpen())
        return false;
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the resend"_s))
        return false;
    // A refused retract (the row has the backend's id) goes again as a retract.
    if (!d->changeEntry(idempotencyKey, {OutboxState::Conflict, OutboxState::Rejected},
                        u"state = CASE WHEN feedback_id != '' THEN 'retract_queued' ELSE 'queued' END, attempts = 0, "
                        "next_attempt_at = NULL, last_error = ''"_s,
                        {}, std::nullopt, u"be sent again"_s)
        || !d->setOutputStateFrom(idempotencyKey, u"CASE WHEN feedback_id != '' THEN 'pending' ELSE 'queued' END"_s,
                                  u"mark the output as decided again"_s))
        return false;
    return savepoint.release(&d->lastError, u"the resend"_s);
}

bool LocalStore::resendEdited(const QString &idempotencyKey, const Decision &edited)
{
    const std::optional<OutboxEntry> current = entry(idempotencyKey);
    if (!current || (current->state != OutboxState::Conflict && current->state != OutboxState::Rejected)
        || !current->feedbackId.isEmpty() || current->decision.outputId != edited.outputId
        || edited.idempotencyKey == idempotencyKey) {
        if (current || d->lastError.isEmpty())
            d->lastError = u"The decision %1 is not a refused decision that can be edited."_s.arg(idempotencyKey);
        return false;
    }
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the edited decision"_s))
        return false;
    if (!d->changeEntry(idempotencyKey, {OutboxState::Conflict, OutboxState::Rejected}, u"state = 'discarded'"_s, {},
                        std::nullopt, u"be replaced"_s)
        || !d->insertDecision(edited))
        return false;
    return savepoint.release(&d->lastError, u"the edited decision"_s);
}

bool LocalStore::discard(const QString &idempotencyKey)
{
    if (!d->requireOpen())
        return false;
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the discard"_s))
        return false;
    // A dropped decision leaves the output to decide again; a dropped retract leaves the
    // backend's feedback standing.
    if (!d->setOutputStateFrom(idempotencyKey, u"CASE WHEN feedback_id != '' THEN 'synced' ELSE 'pending' END"_s,
                               u"mark the output"_s)
        || !d->changeEntry(idempotencyKey, {OutboxState::Conflict, OutboxState::Rejected}, u"state = 'discarded'"_s,
                           {}, std::nullopt, u"be discarded"_s))
        return false;
    return savepoint.release(&d->lastError, u"the discard"_s);
}

bool LocalStore::markTransmitted(const QStringList &idempotencyKeys)
{
    if (!d->requireOpen())
        return false;
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"what is being sent"_s))
        return false;
    QSqlQuery update = d->query();
    update.prepare(u"UPDATE outbox SET transmitted = 1 WHERE idempotency_key = ? AND transmitted = 0"_s);
    for (const QString &key : idempotencyKeys) {
        update.bindValue(0, key);
        if (!d->run(update, u"note that %1 is being sent"_s.arg(key)))
            return false;
    }
    return savepoint.release(&d->lastError, u"what is being sent"_s);
}

bool LocalStore::makeWaitingDueNow()
{
    if (!d->requireOpen())
        return false;
    return d->runSql(u"UPDATE outbox SET next_attempt_at = NULL WHERE state IN (%1) AND next_attempt_at IS NOT NULL"_s
                         .arg(sqlList(waitingStates())),
                     u"make the waiting decisions due"_s);
}

QList<OutboxEntry> LocalStore::due(const QDateTime &now, int limit) const
{
    QList<OutboxEntry> result;
    if (!d->requireOpen())
        return result;
    QSqlQuery select = d->query();
    select.prepare(dueQuery());
    select.addBindValue(now.toMSecsSinceEpoch());
    select.addBindValue(now.toMSecsSinceEpoch());
    select.addBindValue(limit);
    if (!d->run(select, u"list the decisions to send"_s))
        return result;
    while (select.next())
        result.append(entryFrom(select));
    return result;
}

std::optional<OutboxEntry> LocalStore::entry(const QString &idempotencyKey) const
{
    if (!d->requireOpen())
        return std::nullopt;
    d->lastError.clear();
    return d->readOne(u"SELECT %1 FROM outbox WHERE idempotency_key = ?"_s.arg(OutboxColumns), idempotencyKey,
                      u"read the decision %1"_s.arg(idempotencyKey), &entryFrom);
}

QList<OutboxEntry> LocalStore::entries(OutboxState state) const
{
    QList<OutboxEntry> result;
    if (!d->requireOpen())
        return result;
    QSqlQuery select = d->query();
    select.prepare(u"SELECT %1 FROM outbox WHERE state = ? ORDER BY sequence"_s.arg(OutboxColumns));
    select.addBindValue(toString(state));
    if (!d->run(select, u"list the decisions"_s))
        return result;
    while (select.next())
        result.append(entryFrom(select));
    return result;
}

QDateTime LocalStore::nextAttemptAt() const
{
    if (!d->requireOpen())
        return {};
    QSqlQuery select = d->query();
    // Past times too: one that fell due between the sync engine's last look and this call must
    // still wake it (at once), or the outbox would sit until the next key press or Ctrl+R.
    select.prepare(u"SELECT MIN(next_attempt_at) FROM outbox WHERE state IN (%1) AND next_attempt_at IS NOT NULL"_s
                       .arg(sqlList(waitingStates())));
    if (!d->run(select, u"find the next attempt"_s) || !select.next())
        return {};
    return readTime(select.value(0));
}

int LocalStore::waitingCount() const
{
    QSqlQuery select = d->query();
    if (!d->requireOpen()
        || !d->run(select, u"count the waiting decisions"_s,
                   u"SELECT COUNT(*) FROM outbox WHERE state IN (%1)"_s.arg(sqlList(waitingStates())))
        || !select.next())
        return 0;
    return select.value(0).toInt();
}

int LocalStore::waitingCountUpTo(int n) const
{
    QSqlQuery select = d->query();
    select.prepare(u"SELECT COUNT(*) FROM (SELECT 1 FROM outbox WHERE state IN (%1) LIMIT ?)"_s
                       .arg(sqlList(waitingStates())));
    select.addBindValue(std::max(0, n));
    if (!d->requireOpen() || !d->run(select, u"count the waiting decisions"_s) || !select.next())
        return 0;
    return select.value(0).toInt();
}

bool LocalStore::markSent(const QString &idempotencyKey, const QString &feedbackId)
{
    const std::optional<OutboxEntry> current = entry(idempotencyKey);
    if (!d->requireOpen())
        return false;
    Savepoint savepoint(d->db, d->failingSavepoints, d->transactionDepth);
    if (!savepoint.opened(&d->lastError, u"the answer"_s))
        return false;
    // With the undo mark, the undo wins: the retract is queued now, durably, with the id it needs.
    if (!d->changeEntry(idempotencyKey, {OutboxState::Queued},
                        u"state = CASE WHEN undo_requested = 1 THEN 'retract_queued' ELSE 'sent' END, "
                        "feedback_id = ?, last_error = '', attempts = CASE WHEN undo_requested = 1 THEN 0 ELSE attempts END, "
                        "next_attempt_at = NULL, undo_requested = 0"_s,
                        {feedbackId}, ReviewState::Synced, u"be marked sent"_s))
        return false;
    // A change waiting for it now replaces it (unless it was undone: then the change goes alone).
    const bool undone = current && current->undoRequested;
    if (d->releaseDependants(idempotencyKey, undone ? QString() : feedbackId) < 0)
        return false;
    // The backend retracted the decision this one replaced, in the same transaction.
    if (current && !current->decision.replaces.isEmpty()) {
        QSqlQuery replaced = d->query();
        replaced.prepare(u"UPDATE outbox SET state = 'retracted', updated_at = ? WHERE feedback_id = ? AND state = 'sent'"_s);
        replaced.addBindValue(QDateTime::currentMSecsSinceEpoch());
        replaced.addBindValue(current->decision.replaces);
        if (!d->run(replaced, u"note the replaced decision"_s))
            return false;
    }
    return savepoint.release(&d->lastError, u"the answer"_s);
}

// A refused decision that the person has changed meanwhile is history (discarded): the change
// goes on its own, as a first decision.
bool LocalStore::Private::refuse(const QString &key, const QList<OutboxState> &from, const QString &finalState,
                                 const QString &reason, ReviewState outputState, const QString &action)
{
    if (!requireOpen())
        return false;
    Savepoint savepoint(db, failingSavepoints, transactionDepth);
    if (!savepoint.opened(&lastError, u"the answer"_s))
        return false;
    const bool changed = hasDependants(key);
    const QString state = changed ? u"'discarded'"_s
                                  : u"CASE WHEN undo_requested = 1 THEN 'discarded' ELSE '%1' END"_s.arg(finalState);
    if (!changeEntry(key, from, u"state = %1, last_error = ?"_s.arg(state), {reason},
                     changed ? std::nullopt : std::optional<ReviewState>(outputState), action)
        || (changed && releaseDependants(key, {}) < 0))
        return false;
    return savepoint.release(&lastError, u"the answer"_s);
}

bool LocalStore::markConflict(const QString &idempotencyKey, const QString &reason)
{
    return d->refuse(idempotencyKey, {OutboxState::Queued}, u"conflict"_s, reason, ReviewState::Conflict,
                     u"be marked as a conflict"_s);
}

bool LocalStore::markRejected(const QString &idempotencyKey, const QString &reason)
{
    // A refused retract ends here too: it is shown to the person instead of being retried forever.
    // A decision undone while in flight that the backend refused needs nothing more: discarded.
    return d->refuse(idempotencyKey, waitingStates(), u"rejected"_s, reason, ReviewState::Rejected,
                     u"be marked rejected"_s);
}

bool LocalStore::markRetracted(const QString &idempotencyKey)
{
    // The output became pending when the retract was queued; nothing to change there.
    return d->changeEntry(idempotencyKey, {OutboxState::RetractQueued}, u"state = 'retracted', last_error = ''"_s, {},
                          std::nullopt, u"be marked retracted"_s);
}

bool LocalStore::markRetry(const QString &idempotencyKey, const QDateTime &nextAttemptAt, const QString &error)
{
    return d->changeEntry(idempotencyKey, waitingStates(),
                          u"attempts = attempts + 1, next_attempt_at = ?, last_error = ?"_s,
                          {storedTime(nextAttemptAt), error}, std::nullopt, u"be scheduled for another attempt"_s);
}

bool LocalStore::beginBatch(Durability durability)
{
    if (!d->requireOpen())
        return false;
    if (d->inBatch) {
        d->lastError = u"A batch of changes is already open."_s;
        return false;
    }
    // Set outside the transaction, and set back right after it (restoreFullDurability).
    if (durability == Durability::Relaxed && !d->runSql(u"PRAGMA synchronous = NORMAL"_s, u"relax a batch's durability"_s))
        return false;
    d->relaxed = durability == Durability::Relaxed;
    d->inBatch = d->runSql(u"BEGIN IMMEDIATE"_s, u"start a batch of changes"_s);
    if (!d->inBatch)
        d->restoreFullDurability();
    else
        ++d->transactionDepth;
    return d->inBatch;
}

bool LocalStore::commitBatch()
{
    if (!d->inBatch) {
        d->lastError = u"No batch of changes is open."_s;
        return false;
    }
    d->inBatch = false;
    --d->transactionDepth;
    const bool committed = d->runSql(u"COMMIT"_s, u"save the batch of changes"_s);
    if (!committed)
        d->runSql(u"ROLLBACK"_s, u"undo the batch of changes"_s);
    d->restoreFullDurability();
    return committed;
}

int LocalStore::synchronousLevelForTesting() const
{
    QSqlQuery query = d->query();
    return query.exec(u"PRAGMA synchronous"_s) && query.next() ? query.value(0).toInt() : -1;
}

PaceStats LocalStore::paceSince(const QDateTime &since) const
{
    PaceStats stats;
    if (!d->requireOpen())
        return stats;
    QSqlQuery select = d->query();
    select.prepare(u"SELECT COUNT(*), COUNT(dwell_ms), COALESCE(SUM(dwell_ms), 0) FROM outbox "
                   "WHERE decided_at >= ? AND state NOT IN ('retract_queued', 'retracted', 'discarded') "
                   "AND undo_requested = 0"_s);
    select.addBindValue(since.toMSecsSinceEpoch());
    if (!d->run(select, u"compute the pace"_s) || !select.next())
        return stats;
    stats.decisions = select.value(0).toInt();
    stats.decisionsWithDwell = select.value(1).toInt();
    stats.totalDwellMs = select.value(2).toLongLong();
    return stats;
}

QDateTime LocalStore::lastSyncedAt() const
{
    QSqlQuery select = d->query();
    if (!d->requireOpen()
        || !d->run(select, u"read the last sync time"_s,
                   u"SELECT value FROM store_meta WHERE key = 'last_synced_at'"_s)
        || !select.next())
        return {};
    bool ok = false;
    const qint64 ms = select.value(0).toString().toLongLong(&ok);
    return ok ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

bool LocalStore::setLastSyncedAt(const QDateTime &at)
{
    if (!d->requireOpen())
        return false;
    QSqlQuery upsert = d->query();
    upsert.prepare(u"INSERT INTO store_meta (key, value) VALUES ('last_synced_at', ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value"_s);
    upsert.addBindValue(QString::number(at.toMSecsSinceEpoch()));
    return d->run(upsert, u"keep the last sync time"_s);
}

void LocalStore::observeStatementsForTesting(StatementObserver observer)
{
    statementObserver = std::move(observer);
}

void LocalStore::failSavepointsForTesting(int count)
{
    d->failingSavepoints = std::max(0, count);
}

} // namespace fr
