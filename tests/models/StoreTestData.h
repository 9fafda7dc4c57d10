#pragma once

#include "Decision.h"
#include "ModelOutput.h"

#include <QList>
#include <QString>
#include <QStringList>

// Test data and fixture helpers shared by the LocalStore test files.
namespace fr::test {

// A leased output "out-<n>", with the given deadline (hours from a fixed base) and confidence.
ModelOutput makeOutput(int n, int deadlineHours = 48, double confidence = 0.5);

// A decision on outputId with a fresh idempotency key, decided at a fixed time.
Decision makeDecision(const QString &outputId, bool approval = true, qint64 dwellMs = 2000);

QDateTime baseTime();  // 2026-11-27T09:00:00Z

// The idempotency keys of these outbox entries, in their order.
QStringList keysOf(const QList<OutboxEntry> &entries);

// Turns a fixture SQL text file (tests/models/fixtures/<name>) into the database at dbPath.
// Returns an empty string on success, else what went wrong.
QString databaseFromFixture(const QString &fixtureName, const QString &dbPath);

// Runs one SQL statement on a separate connection to dbPath (for checks the API does not offer).
QVariant querySingleValue(const QString &dbPath, const QString &sql);

} // namespace fr::test
