#pragma once

#include "ModelOutput.h"
#include "StoreRows.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace fr {

struct QueueCursor;

// One page of the queue, read through SQLite's own C API on a Qt connection's handle (the same
// Debian libsqlite3 that Qt's driver uses). At 100,000 cached outputs the queue's load is bound
// by this read, and QSqlQuery's per-column QVariant cache and conversions were a fifth of it.
// The statements are prepared once; use it on the connection's thread only, and destroy it
// before the connection closes.
class QueuePageQuery
{
public:
    explicit QueuePageQuery(const QSqlDatabase &db);
    ~QueuePageQuery();
    QueuePageQuery(const QueuePageQuery &) = delete;
    QueuePageQuery &operator=(const QueuePageQuery &) = delete;

    // Its two statements (from the start, after a cursor), for the query-plan test.
    static QString fromStartSql();
    static QString afterSql();
    // The rows after `from` (from the start without it), in queue order, at most `limit`.
    // False, with the reason in `error`, when SQLite refused.
    bool read(const std::optional<QueueCursor> &from, int limit, QList<OutputSummary> *rows, QString *error);

private:
    sqlite3_stmt *prepared(sqlite3_stmt **statement, const QString &sql, QString *error);
    OutputSummary rowOf(sqlite3_stmt *statement);
    QString errorText() const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_fromStart = nullptr;
    sqlite3_stmt *m_after = nullptr;
    StoreRows::StringPool m_names;
};

} // namespace fr
