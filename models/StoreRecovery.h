#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

// What the local store does with a damaged database file. The rule (system.md): never delete
// unsent decisions to "repair" a database; move the file aside, keep it, start fresh, and copy
// over the unsent decisions that can still be read.
namespace fr::StoreRecovery {

// True for the errors that mean the file itself is damaged (SQLITE_CORRUPT, SQLITE_NOTADB),
// as opposed to a locked, missing or read-only file, which moving aside would not fix.
bool isDamage(const QSqlError &error);

// Renames path (and its -wal and -shm companions, which belong to it) to
// "<path>.damaged-<UTC timestamp>"; returns the new path, or empty and *error on failure.
QString moveAside(const QString &path, QString *error);

// Reads the unsent (queued, retract_queued) outbox rows of the damaged copy, as far as they can
// be read, and inserts them into the fresh database's outbox. Returns how many were copied.
int salvageUnsent(const QString &damagedPath, QSqlDatabase &fresh);

} // namespace fr::StoreRecovery
