#include "StoreSchema.h"

#include "StoreRows.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace fr::StoreSchema {
namespace {

using namespace Qt::StringLiterals;

// Step N turns a version N-1 file into version N. Never edit a step that has shipped: add one.
// Fixtures of every earlier version live in tests/models/fixtures/ and must keep migrating.
// Times are integer milliseconds since the epoch, UTC; NULL when unknown.
const QList<QStringList> &steps()
{
    static const QList<QStringList> all{
        // 1: the first schema.
        {
            uR"(CREATE TABLE outputs (
                id TEXT PRIMARY KEY, model_name TEXT NOT NULL, model_version TEXT NOT NULL DEFAULT '',
                input TEXT NOT NULL, output TEXT NOT NULL, confidence REAL NOT NULL,
                metadata TEXT NOT NULL DEFAULT '{}', created_at INTEGER, sla_deadline INTEGER,
                lease_expires_at INTEGER, state TEXT NOT NULL DEFAULT 'pending', cached_at INTEGER))"_s,
            uR"(CREATE TABLE outbox (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE,
                output_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, approval INTEGER NOT NULL,
                correction TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
                decided_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER, last_error TEXT NOT NULL DEFAULT '', feedback_id TEXT NOT NULL DEFAULT '',
                updated_at INTEGER))"_s,
        },
        // 2: dwell time per decision (pace), and indexes for due() and the output lookups.
        {
            u"ALTER TABLE outbox ADD COLUMN dwell_ms INTEGER"_s,
            u"CREATE INDEX outbox_state_next ON outbox(state, next_attempt_at)"_s,
            u"CREATE INDEX outbox_output ON outbox(output_id)"_s,
        },
        // 3: outputs rebuilt with a stored one-line preview and the large texts last. SQLite
        // reads a row's columns in order and follows overflow pages to reach later ones, so with
        // the texts last the queue list (summaries) never touches them.
        {
            uR"(CREATE TABLE outputs_v3 (
                id TEXT PRIMARY KEY, model_name TEXT NOT NULL, model_version TEXT NOT NULL DEFAULT '',
                confidence REAL NOT NULL, created_at INTEGER, sla_deadline INTEGER, lease_expires_at INTEGER,
                state TEXT NOT NULL DEFAULT 'pending', cached_at INTEGER, preview TEXT NOT NULL DEFAULT '',
                metadata TEXT NOT NULL DEFAULT '{}', input TEXT NOT NULL, output TEXT NOT NULL))"_s,
            uR"(INSERT INTO outputs_v3 (id, model_name, model_version, confidence, created_at, sla_deadline,
                    lease_expires_at, state, cached_at, preview, metadata, input, output)
                SELECT id, model_name, model_version, confidence, created_at, sla_deadline,
                    lease_expires_at, state, cached_at, substr(input, 1, 200), metadata, input, output
                FROM outputs)"_s,
            u"DROP TABLE outputs"_s,
            u"ALTER TABLE outputs_v3 RENAME TO outputs"_s,
            u"CREATE INDEX outputs_queue_order ON outputs(sla_deadline, confidence)"_s,
        },
        // 4: durable sync facts. transmitted: the row went out at least once, so the backend may
        // hold it (an undo can no longer just delete it). Earlier versions did not note a send
        // (a crash mid-request left no trace), so every row they hold counts as transmitted. undo_requested: undone while it may be on
        // the backend, so its accept turns into a retract. store_meta: small facts that must
        // survive a restart (the last successful sync).
        {
            u"ALTER TABLE outbox ADD COLUMN transmitted INTEGER NOT NULL DEFAULT 0"_s,
            u"ALTER TABLE outbox ADD COLUMN undo_requested INTEGER NOT NULL DEFAULT 0"_s,
            u"UPDATE outbox SET transmitted = 1"_s,
            u"CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
        },
        // 5: changeable decisions and preset reasons as data. reason_code: the preset's stable id,
        // sent beside the comment. replaces: the backend id of the own decision a change replaces.
        // replaces_key: the local key of a decision still on its way that a change waits for.
        {
            u"ALTER TABLE outbox ADD COLUMN reason_code TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE outbox ADD COLUMN replaces TEXT NOT NULL DEFAULT ''"_s,
            u"ALTER TABLE outbox ADD COLUMN replaces_key TEXT NOT NULL DEFAULT ''"_s,
        },
        // 6: an index for every query the app runs (tests/models/test_query_plans.cpp refuses a
        // full scan of outputs or outbox). The queue order is one expression key (NULL deadlines
        // last) so that a page can seek to where the previous one ended (StoreReader); the old
        // (sla_deadline, confidence) index served no query (the ORDER BY began with IS NULL).
        // IF [NOT] EXISTS: idempotent whatever step 5 turns out to hold.
        {
            u"DROP INDEX IF EXISTS outputs_queue_order"_s,
            u"CREATE INDEX IF NOT EXISTS outputs_queue_key ON outputs(%1, confidence, id)"_s.arg(StoreRows::QueueKey),
            u"CREATE INDEX IF NOT EXISTS outputs_state_lease ON outputs(state, lease_expires_at)"_s,
            u"CREATE INDEX IF NOT EXISTS outbox_decided ON outbox(decided_at)"_s,
        },
        // 7: the changes that wait for a decision still on its way, found by that decision's key.
        // Through outbox_state_next every answer of a drain read every decision still queued (a
        // drain of 2,000 was quadratic). Partial: only a waiting change has a replaces_key, so the
        // index stays as small as what waits (its queries say "replaces_key <> ''" to use it).
        {
            u"CREATE INDEX IF NOT EXISTS outbox_waiting_changes ON outbox(replaces_key) WHERE replaces_key <> ''"_s,
        },
    };
    return all;
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = query.lastError().text();
    return false;
}

bool applyStep(QSqlDatabase &db, int version, QString *error)
{
    QString sqlError;
    bool ok = exec(db, u"BEGIN IMMEDIATE"_s, &sqlError);
    for (const QString &statement : steps().at(version - 1)) {
        if (ok)
            ok = exec(db, statement, &sqlError);
    }
    // user_version lives in the file header and is part of the transaction.
    if (ok)
        ok = exec(db, u"PRAGMA user_version = %1"_s.arg(version), &sqlError);
    if (ok)
        ok = exec(db, u"COMMIT"_s, &sqlError);
    if (!ok) {
        QString ignored;
        exec(db, u"ROLLBACK"_s, &ignored);
        *error = u"The local database could not be upgraded to version %1: %2."_s.arg(version).arg(sqlError);
    }
    return ok;
}

} // namespace

int currentVersion()
{
    return int(steps().size());
}

int versionOf(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next()) {
        *error = u"The local database's version could not be read: %1."_s.arg(query.lastError().text());
        return -1;
    }
    return query.value(0).toInt();
}

bool migrate(QSqlDatabase &db, int *version, QString *error)
{
    *version = versionOf(db, error);
    if (*version < 0)
        return false;
    if (*version > currentVersion()) {
        *error = u"The local database was made by a newer version of Feedback Reviewer (schema %1; this one "
                 "knows %2). Update the app; the file was left as it is."_s.arg(*version).arg(currentVersion());
        return false;
    }
    while (*version < currentVersion()) {
        if (!applyStep(db, *version + 1, error))
            return false;
        ++*version;
    }
    return true;
}

} // namespace fr::StoreSchema
