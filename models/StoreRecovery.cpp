#include "StoreRecovery.h"

#include "Decision.h"
#include "LogCategories.h"

#include <QDateTime>
#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace fr::StoreRecovery {
namespace {

using namespace Qt::StringLiterals;

constexpr int SqliteCorrupt = 11;
constexpr int SqliteNotADatabase = 26;

// A read-only connection to the damaged copy that is removed again when it goes out of scope.
class DamagedCopy
{
public:
    explicit DamagedCopy(const QString &path)
        : m_name(u"fr-salvage-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        // Read-only: the copy is evidence; a checkpoint must not rewrite it while we read it.
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        db.open();
    }
    ~DamagedCopy()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

// The columns every schema version has, plus dwell_ms (from version 2) when present.
QVariant column(const QSqlQuery &query, const QString &name)
{
    const int index = query.record().indexOf(name);
    return index >= 0 ? query.value(index) : QVariant();
}

bool looksUsable(const QSqlQuery &row)
{
    OutboxState state;
    return !column(row, u"idempotency_key"_s).toString().isEmpty()
        && !column(row, u"output_id"_s).toString().isEmpty()
        && !column(row, u"decided_at"_s).isNull()
        && fromString(column(row, u"state"_s).toString(), &state);
}

bool copyRow(const QSqlQuery &row, QSqlDatabase &fresh)
{
    QSqlQuery insert(fresh);
    // Attempts start again: the fresh outbox sends them as soon as it can. OR IGNORE: a key that
    // is already there (it cannot be, but a second salvage must not fail) stays as it is.
    insert.prepare(uR"(INSERT OR IGNORE INTO outbox (idempotency_key, output_id, reviewer_id, approval, correction,
            comment, decided_at, dwell_ms, state, attempts, next_attempt_at, last_error, feedback_id, updated_at,
            transmitted, undo_requested, reason_code, replaces, replaces_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, '', ?, ?, ?, ?, ?, ?, ?))"_s);
    for (const QString &name : {u"idempotency_key"_s, u"output_id"_s, u"reviewer_id"_s, u"approval"_s,
                                u"correction"_s, u"comment"_s, u"decided_at"_s, u"dwell_ms"_s, u"state"_s,
                                u"feedback_id"_s}) {
        const QVariant value = column(row, name);
        // NOT NULL text columns: a NULL read from a damaged row becomes ''.
        const bool nullable = name == u"dwell_ms" || name == u"decided_at";
        insert.addBindValue(value.isNull() && !nullable ? QVariant(u""_s) : value);
    }
    insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
    // From version 4: a row that may be on the backend, or whose undo waits for the backend's
    // accept, keeps that mark. A file from before did not note sends: any row may have arrived.
    const QVariant transmitted = column(row, u"transmitted"_s);
    insert.addBindValue(transmitted.isNull() ? 1 : transmitted.toInt());
    insert.addBindValue(column(row, u"undo_requested"_s).toInt());
    // From version 5: a change keeps what it replaces (without it the backend would refuse it as
    // a second decision); older files have none ('').
    for (const QString &name : {u"reason_code"_s, u"replaces"_s, u"replaces_key"_s}) {
        const QString text = column(row, name).toString();
        insert.addBindValue(text.isNull() ? u""_s : text);  // NOT NULL columns
    }
    return insert.exec() && insert.numRowsAffected() == 1;
}

} // namespace

bool isDamage(const QSqlError &error)
{
    const int primaryCode = error.nativeErrorCode().toInt() & 0xff;
    return primaryCode == SqliteCorrupt || primaryCode == SqliteNotADatabase
        || error.text().contains(u"not a database"_s) || error.text().contains(u"malformed"_s);
}

QString moveAside(const QString &path, QString *error)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss.zzz'Z'"_s);
    const QString target = u"%1.damaged-%2"_s.arg(path, stamp);
    if (!QFile::rename(path, target)) {
        *error = u"The damaged local database %1 could not be moved aside to %2."_s.arg(path, target);
        qCCritical(lcStore).noquote() << *error;
        return {};
    }
    // The journal files keep their suffix, so that SQLite still pairs them with the copy.
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s}) {
        if (QFile::exists(path + suffix))
            QFile::rename(path + suffix, target + suffix);
    }
    qCWarning(lcStore).noquote() << "the local database" << path << "is damaged; moved aside to" << target
                                 << "(kept, never deleted)";
    return target;
}

int salvageUnsent(const QString &damagedPath, QSqlDatabase &fresh)
{
    DamagedCopy copy(damagedPath);
    QSqlQuery rows(copy.db());
    rows.setForwardOnly(true);
    // NOT INDEXED: read the table itself; an index of a damaged file may be what is damaged.
    if (!rows.exec(u"SELECT * FROM outbox NOT INDEXED WHERE state IN ('queued', 'retract_queued') ORDER BY sequence"_s)) {
        qCWarning(lcStore).noquote() << "no unsent decision could be read from the damaged copy" << damagedPath << ":"
                                     << rows.lastError().text();
        return 0;
    }
    int copied = 0;
    int unusable = 0;
    QSqlQuery transaction(fresh);
    transaction.exec(u"BEGIN IMMEDIATE"_s);
    // next() stops at the first unreadable page; whatever was read before it is kept.
    while (rows.next()) {
        if (looksUsable(rows) && copyRow(rows, fresh))
            ++copied;
        else
            ++unusable;
    }
    if (!transaction.exec(u"COMMIT"_s)) {
        qCCritical(lcStore).noquote() << "the unsent decisions read from" << damagedPath
                                      << "could not be saved in the fresh database:" << transaction.lastError().text();
        transaction.exec(u"ROLLBACK"_s);
        return 0;
    }
    // Where reading stopped early, the rest of the damaged copy's outbox could not be read: the
    // count of what came over is what a person needs to tell support.
    qCInfo(lcStore).noquote() << "recovered" << copied << "unsent decisions from" << damagedPath << "into the fresh database;"
                              << unusable << "rows were unusable" << (rows.lastError().isValid() ? u"; reading stopped: "_s + rows.lastError().text() : QString());
    return copied;
}

} // namespace fr::StoreRecovery
