#include "QueuePageQuery.h"

#include "StoreReader.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace fr {

using namespace Qt::StringLiterals;
using namespace StoreRows;

namespace {

QString textAt(sqlite3_stmt *statement, int column)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    return text ? QString::fromUtf8(text, sqlite3_column_bytes(statement, column)) : QString();
}

QDateTime timeAt(sqlite3_stmt *statement, int column)
{
    if (sqlite3_column_type(statement, column) == SQLITE_NULL)
        return {};
    return QDateTime::fromMSecsSinceEpoch(sqlite3_column_int64(statement, column), Qt::UTC);
}

} // namespace

QueuePageQuery::QueuePageQuery(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_db = *static_cast<sqlite3 *const *>(handle.constData());
}

QueuePageQuery::~QueuePageQuery()
{
    sqlite3_finalize(m_fromStart);  // null is a no-op
    sqlite3_finalize(m_after);
}

QString QueuePageQuery::fromStartSql()
{
    return u"SELECT %1 FROM outputs ORDER BY %2 LIMIT ?4"_s.arg(SummaryColumns, QueueOrder);
}

// The leading range on the key lets outputs_queue_key seek; the row value then skips the rows
// of the same key already delivered.
QString QueuePageQuery::afterSql()
{
    return u"SELECT %1 FROM outputs WHERE %2 >= ?1 AND (%2, confidence, id) > (?1, ?2, ?3) ORDER BY %3 LIMIT ?4"_s
        .arg(SummaryColumns, QueueKey, QueueOrder);
}

QString QueuePageQuery::errorText() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

sqlite3_stmt *QueuePageQuery::prepared(sqlite3_stmt **statement, const QString &sql, QString *error)
{
    if (!*statement) {
        const QByteArray utf8 = sql.toUtf8();
        if (sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, statement,
                               nullptr) != SQLITE_OK) {
            *error = errorText();
            sqlite3_finalize(*statement);
            *statement = nullptr;
            return nullptr;
        }
    }
    sqlite3_reset(*statement);
    sqlite3_clear_bindings(*statement);
    return *statement;
}

bool QueuePageQuery::read(const std::optional<QueueCursor> &from, int limit, QList<OutputSummary> *rows,
                          QString *error)
{
    if (!m_db) {
        *error = u"the connection has no SQLite handle"_s;
        return false;
    }
    sqlite3_stmt *statement = from ? prepared(&m_after, afterSql(), error) : prepared(&m_fromStart, fromStartSql(), error);
    if (!statement)
        return false;
    if (from) {
        const QByteArray id = from->id.toUtf8();
        sqlite3_bind_int64(statement, 1, from->key);
        sqlite3_bind_double(statement, 2, from->confidence);
        sqlite3_bind_text(statement, 3, id.constData(), int(id.size()), SQLITE_TRANSIENT);
    }
    sqlite3_bind_int(statement, 4, limit);
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW)
        rows->append(rowOf(statement));
    const bool ok = step == SQLITE_DONE;
    if (!ok)
        *error = errorText();
    sqlite3_reset(statement);  // ends the read transaction: the log can be checkpointed
    return ok;
}

// The columns of SummaryColumns, in its order (as StoreRows::summaryFrom reads them).
OutputSummary QueuePageQuery::rowOf(sqlite3_stmt *statement)
{
    OutputSummary summary;
    summary.id = textAt(statement, 0);
    summary.modelName = m_names.intern(textAt(statement, 1));
    summary.modelVersion = m_names.intern(textAt(statement, 2));
    summary.preview = oneLinePreview(textAt(statement, 3));
    summary.confidence = sqlite3_column_double(statement, 4);
    summary.createdAt = timeAt(statement, 5);
    summary.slaDeadline = timeAt(statement, 6);
    summary.leaseExpiresAt = timeAt(statement, 7);
    summary.state = readReviewState(textAt(statement, 8));
    if (sqlite3_column_type(statement, 9) != SQLITE_NULL)
        summary.verdict = sqlite3_column_int(statement, 9) != 0 ? Verdict::Approved : Verdict::Rejected;
    return summary;
}

} // namespace fr
