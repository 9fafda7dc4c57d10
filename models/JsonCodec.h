#pragma once

#include "Decision.h"
#include "ModelOutput.h"
#include "SlaReports.h"
#include "SlaSummary.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace fr {

// A parse that either produced a value or says, in a sentence, why not.
template <typename T>
struct Parsed {
    std::optional<T> value;
    QString error;
    explicit operator bool() const { return value.has_value(); }
};

struct TokenPair {
    QString accessToken;
    QString refreshToken;
    int expiresInSeconds = 0;
};

struct Account {
    QString reviewerId;
    QString username;
    QString displayName;
    QString role;  // "reviewer", "supervisor" or "ingest"
};

struct LeaseBatch {
    QList<ModelOutput> items;
    QDateTime serverTime;
};

// Who decided an output before us, and what: the backend's optional `decided_by` + `decision`
// on an "already decided" conflict (only a username and a display name, never an id).
struct DecidedFirst {
    QString username;
    QString displayName;  // untrusted text, shown as plain text
    bool approval = false;
    QDateTime decidedAt;  // UTC; invalid when not given
};

struct BatchItemResult {
    enum class Status { Accepted, Duplicate, Conflict, Invalid };
    QString idempotencyKey;
    Status status = Status::Invalid;
    QString feedbackId;  // for Accepted and Duplicate
    QString reason;      // for Conflict and Invalid
    std::optional<DecidedFirst> decidedFirst;  // for Conflict, when the backend says
    // For Conflict: nobody decided yet, another reviewer holds the output on a lease until then
    // (UTC; invalid when not given).
    QDateTime heldUntil;
};

// application/problem+json
struct Problem {
    QString type;
    QString title;
    int status = 0;
    QString detail;
    QString field;  // our extension: the offending field, when there is one
    std::optional<DecidedFirst> decidedFirst;  // our extension, on a 409 "already decided"
};

// The JSON wire format of API v1 (docs/api.md). Strict: a missing required field, a wrong
// type or an unknown enum value is an error, never a guess.
namespace JsonCodec {

QDateTime parseTime(const QString &rfc3339);  // invalid QDateTime on error
QString formatTime(const QDateTime &time);    // UTC, milliseconds, 'Z'

Parsed<TokenPair> parseTokenPair(const QByteArray &body);
Parsed<Account> parseAccount(const QByteArray &body);
Parsed<ModelOutput> parseOutput(const QJsonObject &object);
Parsed<LeaseBatch> parseLeaseBatch(const QByteArray &body);
Parsed<QList<BatchItemResult>> parseBatchResults(const QByteArray &body);
std::optional<Problem> parseProblem(const QByteArray &body);
// GET /sla/summary and /sla/timeseries. null (no data yet) → std::nullopt, never 0.
Parsed<SlaSummary> parseSlaSummary(const QByteArray &body);
Parsed<SlaTimeseries> parseSlaTimeseries(const QByteArray &body);
// GET /sla/items, /sla/forecast, /sla/breakdown, /sla/histogram, /sla/leases; POST /sla/leases/release.
Parsed<SlaItemPage> parseSlaItemPage(const QByteArray &body);
Parsed<SlaForecast> parseSlaForecast(const QByteArray &body);
Parsed<SlaBreakdown> parseSlaBreakdown(const QByteArray &body);
Parsed<SlaHistogram> parseSlaHistogram(const QByteArray &body);
Parsed<QList<SlaLeaseHolder>> parseSlaLeases(const QByteArray &body);
Parsed<int> parseSlaReleased(const QByteArray &body);
// The offline snapshot: every part in its wire format, plus when it was taken. A part that no
// longer parses is left out rather than failing the whole snapshot.
QByteArray snapshotToJson(const SlaSnapshot &snapshot);
Parsed<SlaSnapshot> parseSnapshot(const QByteArray &body);

QJsonObject decisionToJson(const Decision &decision);  // a /feedback/batch item, with idempotency_key
QByteArray batchBody(const QList<Decision> &decisions);

} // namespace JsonCodec
} // namespace fr
