#pragma once

#include <QSqlDatabase>
#include <QString>

namespace fr::StoreSchema {

// The schema version this build writes. PRAGMA user_version holds the version of a file.
int currentVersion();

// Brings the database up to currentVersion(), one step per version, each step in its own
// transaction (a crash between steps leaves a consistent, older version that the next open
// continues from). A file from a newer build is refused, not touched.
// Returns false and sets *error (a sentence) on failure; *version is the file's version after.
bool migrate(QSqlDatabase &db, int *version, QString *error);

// The file's version (PRAGMA user_version); -1 and *error on failure.
int versionOf(QSqlDatabase &db, QString *error);

} // namespace fr::StoreSchema
