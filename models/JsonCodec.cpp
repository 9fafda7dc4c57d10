#include "JsonCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace fr::JsonCodec {
namespace {

using namespace Qt::StringLiterals;

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"a boolean"_s;
    case QJsonValue::Double: return u"a number"_s;
    case QJsonValue::String: return u"a string"_s;
    case QJsonValue::Array: return u"an array"_s;
    case QJsonValue::Object: return u"an object"_s;
    case QJsonValue::Undefined: break;
    }
    return u"missing"_s;
}

// Reads the fields of one JSON object and remembers the first problem as a sentence that names
// the field (and, for nested objects, where the object is: "items[3]"). Callers read every field
// they need and check ok() once at the end; after the first error the values read are defaults.
class ObjectReader
{
public:
    ObjectReader(const QJsonObject &object, QString where) : m_object(object), m_where(std::move(where)) {}

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    QString requiredString(const QString &key) { return string(key, true); }
    QString optionalString(const QString &key) { return string(key, false); }

    bool requiredBool(const QString &key)
    {
        const QJsonValue value = require(key);
        if (!value.isUndefined() && !value.isBool())
            fail(key, u"must be true or false, not %1"_s.arg(jsonTypeName(value)));
        return value.toBool();
    }

    // JSON has only doubles; an integer field must hold a whole number that fits.
    qint64 requiredInteger(const QString &key, qint64 minimum, qint64 maximum)
    {
        const QJsonValue value = require(key);
        if (value.isUndefined())
            return 0;
        const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!value.isDouble() || !std::isfinite(number) || std::trunc(number) != number
            || number < double(minimum) || number > double(maximum)) {
            fail(key, u"must be a whole number from %1 to %2"_s.arg(minimum).arg(maximum));
            return 0;
        }
        return qint64(number);
    }

    double requiredConfidence(const QString &key)
    {
        const QJsonValue value = require(key);
        if (value.isUndefined())
            return 0.0;
        const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        // NaN compares false with everything, so the range test alone would let it through.
        if (!value.isDouble() || !std::isfinite(number) || number < 0.0 || number > 1.0) {
            fail(key, u"must be a number from 0 to 1"_s);
            return 0.0;
        }
        return number;
    }

    // A number that must be present; null means "unknown" (std::nullopt), never 0.
    std::optional<double> nullableNumber(const QString &key, double minimum, double maximum)
    {
        const QJsonValue value = require(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        return number(key, value, minimum, maximum);
    }

    // Absent or null: unknown. Fields a newer backend added are read this way.
    std::optional<double> optionalNumber(const QString &key, double minimum, double maximum)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        return number(key, value, minimum, maximum);
    }

    double requiredNumber(const QString &key, double minimum, double maximum)
    {
        const QJsonValue value = require(key);
        if (value.isUndefined())
            return 0.0;
        if (value.isNull()) {
            fail(key, u"must be a number, not null"_s);
            return 0.0;
        }
        return number(key, value, minimum, maximum).value_or(0.0);
    }

    QDateTime requiredTime(const QString &key) { return time(key, true); }
    QDateTime optionalTime(const QString &key) { return time(key, false); }

    QJsonObject optionalObject(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isObject())
            fail(key, u"must be an object, not %1"_s.arg(jsonTypeName(value)));
        return value.toObject();
    }

    QJsonArray requiredArray(const QString &key)
    {
        const QJsonValue value = require(key);
        if (!value.isUndefined() && !value.isArray())
            fail(key, u"must be an array, not %1"_s.arg(jsonTypeName(value)));
        return value.toArray();
    }

    // An enum field: the text must be one of `allowed` exactly; anything else is an error,
    // never a guess. Returns the index into `allowed`, or -1.
    int requiredEnum(const QString &key, const QStringList &allowed) { return enumeration(key, allowed, true); }
    int optionalEnum(const QString &key, const QStringList &allowed) { return enumeration(key, allowed, false); }

    void fail(const QString &key, const QString &problem)
    {
        if (!m_error.isEmpty())
            return;  // the first problem is the one worth telling
        const QString prefix = m_where.isEmpty() ? QString() : u"In %1: "_s.arg(m_where);
        m_error = u"%1the field \"%2\" %3."_s.arg(prefix, key, problem);
        m_error[0] = m_error[0].toUpper();
    }

private:
    QJsonValue require(const QString &key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            fail(key, u"is missing"_s);
        return value;
    }

    QString string(const QString &key, bool required)
    {
        const QJsonValue value = required ? require(key) : m_object.value(key);
        if (value.isUndefined() || (!required && value.isNull()))
            return {};
        if (!value.isString())
            fail(key, u"must be a string, not %1"_s.arg(jsonTypeName(value)));
        return value.toString();
    }

    std::optional<double> number(const QString &key, const QJsonValue &value, double minimum, double maximum)
    {
        const double n = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!value.isDouble() || !std::isfinite(n) || n < minimum || n > maximum) {
            fail(key, u"must be a number from %1 to %2, not %3"_s.arg(minimum).arg(maximum)
                          .arg(value.isDouble() ? QString::number(n) : jsonTypeName(value)));
            return std::nullopt;
        }
        return n;
    }

    QDateTime time(const QString &key, bool required)
    {
        const QJsonValue value = required ? require(key) : m_object.value(key);
        if (value.isUndefined() || (!required && value.isNull()))
            return {};
        const QDateTime parsed = parseTime(value.toString());
        if (!value.isString() || !parsed.isValid())
            fail(key, u"must be an RFC 3339 time such as \"2026-11-27T09:30:00Z\""_s);
        return parsed;
    }

    int enumeration(const QString &key, const QStringList &allowed, bool required)
    {
        const QJsonValue value = required ? require(key) : m_object.value(key);
        if (value.isUndefined() || (!required && value.isNull()))
            return -1;
        const int index = allowed.indexOf(value.toString());
        if (!value.isString() || index < 0)
            fail(key, u"must be one of %1"_s.arg(allowed.join(u", "_s)));
        return index;
    }

    QJsonObject m_object;
    QString m_where;
    QString m_error;
};

template <typename T>
Parsed<T> failure(const QString &error)
{
    Parsed<T> result;
    result.error = error;
    return result;
}

template <typename T>
Parsed<T> success(T value)
{
    Parsed<T> result;
    result.value = std::move(value);
    return result;
}

// The body must be a JSON object; anything else gets a sentence instead.
std::optional<QJsonObject> parseObject(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"The answer is not valid JSON (%1 at byte %2)."_s.arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"The answer is not a JSON object."_s;
        return std::nullopt;
    }
    return document.object();
}

QString itemPlace(const QString &arrayName, qsizetype index)
{
    return u"%1[%2]"_s.arg(arrayName).arg(index);
}

// A member of an array that must hold objects.
std::optional<QJsonObject> arrayObject(const QJsonValue &value, const QString &place, QString *error)
{
    if (!value.isObject()) {
        *error = u"In %1: expected an object, not %2."_s.arg(place, jsonTypeName(value));
        return std::nullopt;
    }
    return value.toObject();
}

Parsed<ModelOutput> parseOutputAt(const QJsonObject &object, const QString &where, bool leaseRequired)
{
    ObjectReader reader(object, where);
    ModelOutput output;
    output.id = reader.requiredString(u"id"_s);
    output.modelName = reader.requiredString(u"model_name"_s);
    output.modelVersion = reader.optionalString(u"model_version"_s);
    output.input = reader.requiredString(u"input"_s);
    output.output = reader.requiredString(u"output"_s);
    output.confidence = reader.requiredConfidence(u"confidence"_s);
    output.metadata = reader.optionalObject(u"metadata"_s);
    output.createdAt = reader.requiredTime(u"created_at"_s);
    output.slaDeadline = reader.requiredTime(u"sla_deadline"_s);
    output.leaseExpiresAt = leaseRequired ? reader.requiredTime(u"lease_expires_at"_s)
                                          : reader.optionalTime(u"lease_expires_at"_s);
    // Not kept, but checked: an unknown status means the server speaks another API version.
    reader.optionalEnum(u"status"_s, {u"pending"_s, u"leased"_s, u"reviewed"_s, u"not_needed"_s});
    if (output.id.isEmpty() && reader.ok())
        reader.fail(u"id"_s, u"must not be empty"_s);
    if (!reader.ok())
        return failure<ModelOutput>(reader.error());
    return success(output);
}

// `decided_by` + `decision` are descriptive extras: when absent or malformed the conflict is still
// a conflict (std::nullopt), so a backend without them, or with a newer shape, is not refused.
std::optional<DecidedFirst> parseDecidedFirst(const QJsonObject &object)
{
    const QJsonValue by = object.value(u"decided_by"_s);
    const QJsonValue what = object.value(u"decision"_s);
    if (!by.isObject() || !what.isObject())
        return std::nullopt;
    ObjectReader who(by.toObject(), u"decided_by"_s);
    ObjectReader decision(what.toObject(), u"decision"_s);
    DecidedFirst first;
    first.username = who.requiredString(u"username"_s);
    first.displayName = who.optionalString(u"display_name"_s);
    first.approval = decision.requiredBool(u"approval"_s);
    first.decidedAt = decision.optionalTime(u"decided_at"_s);
    if (!who.ok() || !decision.ok() || first.username.isEmpty())
        return std::nullopt;
    return first;
}

Parsed<BatchItemResult> parseBatchResult(const QJsonObject &object, const QString &where)
{
    using Status = BatchItemResult::Status;
    ObjectReader reader(object, where);
    BatchItemResult result;
    result.idempotencyKey = reader.requiredString(u"idempotency_key"_s);
    const int status = reader.requiredEnum(u"status"_s, {u"accepted"_s, u"duplicate"_s, u"conflict"_s, u"invalid"_s});
    result.status = status >= 0 ? Status(status) : Status::Invalid;
    result.reason = reader.optionalString(u"reason"_s);
    if (result.status == Status::Conflict) {
        result.decidedFirst = parseDecidedFirst(object);
        // Lenient like decided_by: a malformed extra leaves a plain conflict.
        result.heldUntil = parseTime(object.value(u"lease_expires_at"_s).toString());
    }
    if (reader.ok() && (result.status == Status::Accepted || result.status == Status::Duplicate)) {
        // The stored feedback's id is what a later retract needs; without it the answer is useless.
        ObjectReader feedback(reader.optionalObject(u"feedback"_s), where + u".feedback"_s);
        result.feedbackId = feedback.requiredString(u"id"_s);
        if (!feedback.ok())
            return failure<BatchItemResult>(feedback.error());
    }
    if (!reader.ok())
        return failure<BatchItemResult>(reader.error());
    return success(result);
}

constexpr double kMaxSeconds = 1e12;

Parsed<SlaReviewerStats> parseReviewerStats(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaReviewerStats stats;
    stats.reviewerId = reader.requiredString(u"reviewer_id"_s);
    stats.username = reader.requiredString(u"username"_s);
    stats.reviewed = int(reader.requiredInteger(u"reviewed"_s, 0, std::numeric_limits<int>::max()));
    stats.approved = int(reader.requiredInteger(u"approved"_s, 0, std::numeric_limits<int>::max()));
    stats.medianSeconds = reader.nullableNumber(u"median_seconds"_s, 0.0, kMaxSeconds);
    if (reader.ok() && stats.approved > stats.reviewed)
        reader.fail(u"approved"_s, u"must not exceed \"reviewed\""_s);
    if (!reader.ok())
        return failure<SlaReviewerStats>(reader.error());
    return success(stats);
}

Parsed<SlaPoint> parseSlaPoint(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaPoint point;
    const auto count = [&reader](const QString &key) {
        return int(reader.requiredInteger(key, 0, std::numeric_limits<int>::max()));
    };
    point.start = reader.requiredTime(u"start"_s);
    point.arrivals = count(u"arrivals"_s);
    point.reviewed = count(u"reviewed"_s);
    point.reviewedWithinTarget = count(u"reviewed_within_target"_s);
    // Not a count of rows but a difference: a backlog can only be negative if the server is wrong,
    // which is worth showing rather than refusing.
    point.backlog = int(reader.requiredInteger(u"backlog"_s, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
    point.withinTargetPct = reader.optionalNumber(u"within_target_pct"_s, 0.0, 100.0);
    if (!reader.ok())
        return failure<SlaPoint>(reader.error());
    return success(point);
}

} // namespace

QDateTime parseTime(const QString &rfc3339)
{
    // date 'T' time [.fraction] (Z | ±hh:mm); RFC 3339 allows lower-case t and z too.
    static const QRegularExpression pattern(
        uR"(^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$)"_s);
    const QRegularExpressionMatch match = pattern.match(rfc3339);
    if (!match.hasMatch())
        return {};
    const auto number = [&match](int group) { return match.capturedView(group).toInt(); };
    const QDate date(number(1), number(2), number(3));
    // Milliseconds: the first three digits of the fraction; further digits are dropped.
    const QString fraction = (match.captured(7) + u"000"_s).left(3);
    const QTime time(number(4), number(5), number(6), fraction.toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    int offsetSeconds = 0;
    if (match.capturedLength(8) == 0) {
        if (number(10) > 23 || number(11) > 59)
            return {};
        offsetSeconds = (number(10) * 60 + number(11)) * 60;
        if (match.capturedView(9) == u"-")
            offsetSeconds = -offsetSeconds;
    }
    // The wall-clock time at `offset` minus the offset is the UTC time.
    return QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
}

QString formatTime(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(u"yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"_s);
}

Parsed<TokenPair> parseTokenPair(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<TokenPair>(error);
    ObjectReader reader(*object, {});
    TokenPair tokens;
    tokens.accessToken = reader.requiredString(u"access_token"_s);
    tokens.refreshToken = reader.requiredString(u"refresh_token"_s);
    tokens.expiresInSeconds = int(reader.requiredInteger(u"expires_in"_s, 1, std::numeric_limits<int>::max()));
    reader.requiredEnum(u"token_type"_s, {u"bearer"_s});
    if (!reader.ok())
        return failure<TokenPair>(reader.error());
    return success(tokens);
}

Parsed<Account> parseAccount(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<Account>(error);
    ObjectReader reader(*object, {});
    Account account;
    account.reviewerId = reader.requiredString(u"reviewer_id"_s);
    account.username = reader.requiredString(u"username"_s);
    account.displayName = reader.requiredString(u"display_name"_s);
    const QStringList roles{u"reviewer"_s, u"supervisor"_s, u"ingest"_s};
    const int role = reader.requiredEnum(u"role"_s, roles);
    if (!reader.ok())
        return failure<Account>(reader.error());
    account.role = roles.at(role);
    return success(account);
}

Parsed<ModelOutput> parseOutput(const QJsonObject &object)
{
    return parseOutputAt(object, {}, false);
}

Parsed<LeaseBatch> parseLeaseBatch(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<LeaseBatch>(error);
    ObjectReader reader(*object, {});
    LeaseBatch batch;
    const QJsonArray items = reader.requiredArray(u"items"_s);
    batch.serverTime = reader.requiredTime(u"server_time"_s);
    if (!reader.ok())
        return failure<LeaseBatch>(reader.error());
    batch.items.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString place = itemPlace(u"items"_s, i);
        const std::optional<QJsonObject> item = arrayObject(items.at(i), place, &error);
        if (!item)
            return failure<LeaseBatch>(error);
        Parsed<ModelOutput> output = parseOutputAt(*item, place, true);
        if (!output)
            return failure<LeaseBatch>(output.error);
        batch.items.append(std::move(*output.value));
    }
    return success(batch);
}

Parsed<QList<BatchItemResult>> parseBatchResults(const QByteArray &body)
{
    using Results = QList<BatchItemResult>;
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<Results>(error);
    ObjectReader reader(*object, {});
    const QJsonArray array = reader.requiredArray(u"results"_s);
    if (!reader.ok())
        return failure<Results>(reader.error());
    Results results;
    results.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString place = itemPlace(u"results"_s, i);
        const std::optional<QJsonObject> item = arrayObject(array.at(i), place, &error);
        if (!item)
            return failure<Results>(error);
        Parsed<BatchItemResult> result = parseBatchResult(*item, place);
        if (!result)
            return failure<Results>(result.error);
        results.append(*result.value);
    }
    return success(results);
}

std::optional<Problem> parseProblem(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return std::nullopt;
    ObjectReader reader(*object, {});
    Problem problem;
    problem.type = reader.optionalString(u"type"_s);
    problem.title = reader.optionalString(u"title"_s);
    problem.detail = reader.optionalString(u"detail"_s);
    problem.field = reader.optionalString(u"field"_s);
    problem.decidedFirst = parseDecidedFirst(*object);
    if (object->contains(u"status"_s))
        problem.status = int(reader.requiredInteger(u"status"_s, 100, 599));
    // Some JSON object that is not a problem at all (say {"detail": [...]} from a framework
    // default handler with the wrong shape) is not reported as one.
    const bool saysSomething = !problem.title.isEmpty() || problem.status != 0 || !problem.detail.isEmpty();
    if (!reader.ok() || !saysSomething)
        return std::nullopt;
    return problem;
}

Parsed<SlaSummary> parseSlaSummary(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<SlaSummary>(error);
    ObjectReader reader(*object, {});
    SlaSummary summary;
    summary.targetHours = reader.requiredNumber(u"target_hours"_s, 0.0, 1e6);
    summary.defaultTargetHours = reader.optionalNumber(u"default_target_hours"_s, 0.0, 1e6);
    summary.goal = reader.optionalNumber(u"goal"_s, 0.0, 1.0).value_or(kSlaGoalPercent / 100.0);
    summary.pending = int(reader.requiredInteger(u"pending"_s, 0, std::numeric_limits<int>::max()));
    summary.overdue = int(reader.requiredInteger(u"overdue"_s, 0, std::numeric_limits<int>::max()));
    summary.reviewed = int(reader.requiredInteger(u"reviewed"_s, 0, std::numeric_limits<int>::max()));
    summary.oldestPendingAgeSeconds = reader.nullableNumber(u"oldest_pending_age_seconds"_s, -kMaxSeconds, kMaxSeconds);
    summary.reviewedWithinTargetPct7d = reader.nullableNumber(u"reviewed_within_target_pct_7d"_s, 0.0, 100.0);
    summary.reviewedWithinTargetPctAll = reader.nullableNumber(u"reviewed_within_target_pct_all"_s, 0.0, 100.0);
    summary.medianTimeToReviewSeconds = reader.nullableNumber(u"median_time_to_review_seconds"_s, -kMaxSeconds, kMaxSeconds);
    summary.p95TimeToReviewSeconds = reader.nullableNumber(u"p95_time_to_review_seconds"_s, -kMaxSeconds, kMaxSeconds);
    summary.approvalRate = reader.nullableNumber(u"approval_rate"_s, 0.0, 1.0);
    const QJsonArray reviewers = reader.requiredArray(u"reviewers"_s);
    if (reader.ok() && summary.targetHours <= 0.0)
        reader.fail(u"target_hours"_s, u"must be more than 0"_s);
    if (reader.ok() && summary.overdue > summary.pending)
        reader.fail(u"overdue"_s, u"must not exceed \"pending\""_s);
    if (!reader.ok())
        return failure<SlaSummary>(reader.error());
    for (qsizetype i = 0; i < reviewers.size(); ++i) {
        const QString place = itemPlace(u"reviewers"_s, i);
        const std::optional<QJsonObject> item = arrayObject(reviewers.at(i), place, &error);
        if (!item)
            return failure<SlaSummary>(error);
        Parsed<SlaReviewerStats> stats = parseReviewerStats(*item, place);
        if (!stats)
            return failure<SlaSummary>(stats.error);
        summary.reviewers.append(*stats.value);
    }
    return success(summary);
}

Parsed<SlaTimeseries> parseSlaTimeseries(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<SlaTimeseries>(error);
    ObjectReader reader(*object, {});
    SlaTimeseries series;
    const int bucket = reader.requiredEnum(u"bucket"_s, {u"hour"_s, u"day"_s});
    series.bucket = bucket == 0 ? SlaTimeseries::Bucket::Hour : SlaTimeseries::Bucket::Day;
    series.targetHours = reader.requiredNumber(u"target_hours"_s, 0.0, 1e6);
    const QJsonArray points = reader.requiredArray(u"points"_s);
    if (!reader.ok())
        return failure<SlaTimeseries>(reader.error());
    series.points.reserve(points.size());
    for (qsizetype i = 0; i < points.size(); ++i) {
        const QString place = itemPlace(u"points"_s, i);
        const std::optional<QJsonObject> item = arrayObject(points.at(i), place, &error);
        if (!item)
            return failure<SlaTimeseries>(error);
        Parsed<SlaPoint> point = parseSlaPoint(*item, place);
        if (!point)
            return failure<SlaTimeseries>(point.error);
        if (!series.points.isEmpty() && point.value->start <= series.points.constLast().start)
            return failure<SlaTimeseries>(u"In %1: the field \"start\" must come after the previous point's."_s.arg(place));
        series.points.append(*point.value);
    }
    return success(series);
}

QJsonObject decisionToJson(const Decision &decision)
{
    QJsonObject object{
        {u"idempotency_key"_s, decision.idempotencyKey},
        {u"model_output_id"_s, decision.outputId},
        {u"reviewer_id"_s, decision.reviewerId},
        {u"approval"_s, decision.approval},
        {u"correction"_s, decision.correction},
        {u"comment"_s, decision.comment},
        {u"decided_at"_s, formatTime(decision.decidedAt)},
    };
    if (decision.dwellMs >= 0)  // unknown dwell is left out, as the API allows
        object.insert(u"dwell_ms"_s, double(decision.dwellMs));
    // Both are optional on the wire: a first decision without a preset reason sends neither.
    if (!decision.reasonCode.isEmpty())
        object.insert(u"reason_code"_s, decision.reasonCode);
    if (!decision.replaces.isEmpty())
        object.insert(u"replaces"_s, decision.replaces);
    return object;
}

QByteArray batchBody(const QList<Decision> &decisions)
{
    QJsonArray items;
    for (const Decision &decision : decisions)
        items.append(decisionToJson(decision));
    return QJsonDocument(QJsonObject{{u"items"_s, items}}).toJson(QJsonDocument::Compact);
}


// --- the supervisor's reports (GET /sla/items, forecast, breakdown, histogram, leases) ----------

namespace {

constexpr int kMaxCount = std::numeric_limits<int>::max();

template <typename T>
using ObjectParser = Parsed<T> (*)(const QJsonObject &, const QString &);

// Every member of `array` through `parse`; the first failure is the answer.
template <typename T>
Parsed<QList<T>> parseList(const QJsonArray &array, const QString &name, ObjectParser<T> parse)
{
    QList<T> list;
    list.reserve(array.size());
    QString error;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString place = itemPlace(name, i);
        const std::optional<QJsonObject> item = arrayObject(array.at(i), place, &error);
        if (!item)
            return failure<QList<T>>(error);
        Parsed<T> row = parse(*item, place);
        if (!row)
            return failure<QList<T>>(row.error);
        list.append(*row.value);
    }
    return success(list);
}

// A top-level body through `parse`.
template <typename T>
Parsed<T> parseBody(const QByteArray &body, Parsed<T> (*parse)(const QJsonObject &))
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<T>(error);
    return parse(*object);
}

Parsed<SlaItem> parseSlaItem(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaItem item;
    item.id = reader.requiredString(u"id"_s);
    item.modelName = reader.requiredString(u"model_name"_s);
    item.modelVersion = reader.optionalString(u"model_version"_s);
    item.confidence = reader.requiredConfidence(u"confidence"_s);
    item.createdAt = reader.requiredTime(u"created_at"_s);
    item.deadline = reader.requiredTime(u"deadline"_s);
    item.leaseHolder = reader.optionalString(u"lease_holder"_s);
    item.leaseExpiresAt = reader.optionalTime(u"lease_expires_at"_s);
    item.inputPreview = reader.optionalString(u"input_preview"_s);
    item.outputPreview = reader.optionalString(u"output_preview"_s);
    if (reader.ok() && item.id.isEmpty())
        reader.fail(u"id"_s, u"must not be empty"_s);
    if (!reader.ok())
        return failure<SlaItem>(reader.error());
    return success(item);
}

Parsed<SlaModelRow> parseModelRow(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaModelRow row;
    row.modelName = reader.requiredString(u"model_name"_s);
    row.modelVersion = reader.optionalString(u"model_version"_s);
    row.backlog = int(reader.requiredInteger(u"backlog"_s, 0, kMaxCount));
    row.withinTargetPct = reader.nullableNumber(u"within_target_pct"_s, 0.0, 100.0);
    row.approvalRate = reader.nullableNumber(u"approval_rate"_s, 0.0, 1.0);
    row.medianSeconds = reader.optionalNumber(u"median_s"_s, -kMaxSeconds, kMaxSeconds);
    row.p95Seconds = reader.optionalNumber(u"p95_s"_s, -kMaxSeconds, kMaxSeconds);
    row.reviewed = int(reader.requiredInteger(u"reviewed"_s, 0, kMaxCount));
    if (!reader.ok())
        return failure<SlaModelRow>(reader.error());
    return success(row);
}

Parsed<SlaReasonRow> parseReasonRow(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaReasonRow row;
    row.reasonCode = reader.optionalString(u"reason_code"_s);  // null: rejected without a reason
    row.count = int(reader.requiredInteger(u"count"_s, 0, kMaxCount));
    const QJsonArray trend = reader.requiredArray(u"trend"_s);
    for (const QJsonValue &day : trend) {
        const double n = day.toDouble(-1.0);
        if (!day.isDouble() || n < 0 || std::trunc(n) != n || n > double(kMaxCount)) {
            reader.fail(u"trend"_s, u"must hold whole numbers from 0"_s);
            break;
        }
        row.trend.append(int(n));
    }
    if (!reader.ok())
        return failure<SlaReasonRow>(reader.error());
    return success(row);
}

Parsed<SlaReviewerRow> parseReviewerRow(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaReviewerRow row;
    row.reviewerId = reader.requiredString(u"reviewer_id"_s);
    row.username = reader.requiredString(u"username"_s);
    row.decisions = int(reader.requiredInteger(u"decisions"_s, 0, kMaxCount));
    row.perHourOnScreen = reader.optionalNumber(u"per_hour_on_screen"_s, 0.0, 1e9);
    row.approvalRate = reader.optionalNumber(u"approval_rate"_s, 0.0, 1.0);
    row.medianSeconds = reader.optionalNumber(u"median_s"_s, -kMaxSeconds, kMaxSeconds);
    if (!reader.ok())
        return failure<SlaReviewerRow>(reader.error());
    return success(row);
}

Parsed<SlaHistogramBucket> parseHistogramBucket(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaHistogramBucket bucket;
    bucket.loSeconds = reader.requiredNumber(u"lo_s"_s, 0.0, kMaxSeconds);
    bucket.hiSeconds = reader.nullableNumber(u"hi_s"_s, 0.0, kMaxSeconds);
    bucket.count = int(reader.requiredInteger(u"count"_s, 0, kMaxCount));
    if (reader.ok() && bucket.hiSeconds && *bucket.hiSeconds < bucket.loSeconds)
        reader.fail(u"hi_s"_s, u"must not be below \"lo_s\""_s);
    if (!reader.ok())
        return failure<SlaHistogramBucket>(reader.error());
    return success(bucket);
}

Parsed<SlaLeaseHolder> parseLeaseHolder(const QJsonObject &object, const QString &where)
{
    ObjectReader reader(object, where);
    SlaLeaseHolder holder;
    holder.reviewerId = reader.requiredString(u"reviewer_id"_s);
    holder.username = reader.requiredString(u"username"_s);
    holder.held = int(reader.requiredInteger(u"held"_s, 0, kMaxCount));
    holder.earliestExpiry = reader.optionalTime(u"earliest_expiry"_s);
    holder.latestExpiry = reader.optionalTime(u"latest_expiry"_s);
    if (!reader.ok())
        return failure<SlaLeaseHolder>(reader.error());
    return success(holder);
}

QJsonValue optionalJson(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue timeJson(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(formatTime(time)) : QJsonValue(QJsonValue::Null);
}

} // namespace

Parsed<SlaItemPage> parseSlaItemPage(const QJsonObject &object)
{
    ObjectReader reader(object, {});
    SlaItemPage page;
    const QJsonArray items = reader.requiredArray(u"items"_s);
    page.total = int(reader.requiredInteger(u"total"_s, 0, kMaxCount));
    if (!reader.ok())
        return failure<SlaItemPage>(reader.error());
    Parsed<QList<SlaItem>> list = parseList<SlaItem>(items, u"items"_s, &parseSlaItem);
    if (!list)
        return failure<SlaItemPage>(list.error);
    page.items = *list.value;
    if (page.total < page.items.size())
        return failure<SlaItemPage>(u"The field \"total\" must not be below the number of items."_s);
    return success(page);
}

Parsed<SlaForecast> parseSlaForecast(const QJsonObject &object)
{
    ObjectReader reader(object, {});
    SlaForecast forecast;
    forecast.horizonHours = reader.requiredNumber(u"horizon_hours"_s, 0.0, 1e6);
    forecast.pacePerHour = reader.requiredNumber(u"pace_per_hour"_s, 0.0, 1e9);
    forecast.pending = int(reader.requiredInteger(u"pending"_s, 0, kMaxCount));
    forecast.breaching = int(reader.requiredInteger(u"breaching"_s, 0, kMaxCount));
    forecast.reviewerHoursNeeded = reader.nullableNumber(u"reviewer_hours_needed"_s, 0.0, 1e9);
    forecast.sentence = reader.optionalString(u"sentence"_s);
    if (!reader.ok())
        return failure<SlaForecast>(reader.error());
    return success(forecast);
}

Parsed<SlaBreakdown> parseSlaBreakdown(const QJsonObject &object)
{
    ObjectReader reader(object, {});
    SlaBreakdown breakdown;
    const int by = reader.requiredEnum(u"by"_s, {u"model"_s, u"reason"_s, u"reviewer"_s});
    const QJsonArray rows = reader.requiredArray(u"rows"_s);
    if (!reader.ok())
        return failure<SlaBreakdown>(reader.error());
    breakdown.by = SlaBreakdown::By(by);
    QString error;
    switch (breakdown.by) {
    case SlaBreakdown::By::Model: {
        Parsed<QList<SlaModelRow>> list = parseList<SlaModelRow>(rows, u"rows"_s, &parseModelRow);
        if (!list)
            return failure<SlaBreakdown>(list.error);
        breakdown.models = *list.value;
        break;
    }
    case SlaBreakdown::By::Reason: {
        Parsed<QList<SlaReasonRow>> list = parseList<SlaReasonRow>(rows, u"rows"_s, &parseReasonRow);
        if (!list)
            return failure<SlaBreakdown>(list.error);
        breakdown.reasons = *list.value;
        break;
    }
    case SlaBreakdown::By::Reviewer: {
        Parsed<QList<SlaReviewerRow>> list = parseList<SlaReviewerRow>(rows, u"rows"_s, &parseReviewerRow);
        if (!list)
            return failure<SlaBreakdown>(list.error);
        breakdown.reviewers = *list.value;
        break;
    }
    }
    return success(breakdown);
}

Parsed<SlaHistogram> parseSlaHistogram(const QJsonObject &object)
{
    ObjectReader reader(object, {});
    SlaHistogram histogram;
    histogram.targetHours = reader.requiredNumber(u"target_hours"_s, 0.0, 1e6);
    const QJsonArray buckets = reader.requiredArray(u"buckets"_s);
    if (!reader.ok())
        return failure<SlaHistogram>(reader.error());
    Parsed<QList<SlaHistogramBucket>> list = parseList<SlaHistogramBucket>(buckets, u"buckets"_s, &parseHistogramBucket);
    if (!list)
        return failure<SlaHistogram>(list.error);
    histogram.buckets = *list.value;
    return success(histogram);
}

Parsed<QList<SlaLeaseHolder>> parseSlaLeases(const QJsonObject &object)
{
    ObjectReader reader(object, {});
    const QJsonArray reviewers = reader.requiredArray(u"reviewers"_s);
    if (!reader.ok())
        return failure<QList<SlaLeaseHolder>>(reader.error());
    return parseList<SlaLeaseHolder>(reviewers, u"reviewers"_s, &parseLeaseHolder);
}

Parsed<SlaItemPage> parseSlaItemPage(const QByteArray &body) { return parseBody<SlaItemPage>(body, &parseSlaItemPage); }
Parsed<SlaForecast> parseSlaForecast(const QByteArray &body) { return parseBody<SlaForecast>(body, &parseSlaForecast); }
Parsed<SlaBreakdown> parseSlaBreakdown(const QByteArray &body) { return parseBody<SlaBreakdown>(body, &parseSlaBreakdown); }
Parsed<SlaHistogram> parseSlaHistogram(const QByteArray &body) { return parseBody<SlaHistogram>(body, &parseSlaHistogram); }
Parsed<QList<SlaLeaseHolder>> parseSlaLeases(const QByteArray &body)
{
    return parseBody<QList<SlaLeaseHolder>>(body, &parseSlaLeases);
}

Parsed<int> parseSlaReleased(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<int>(error);
    ObjectReader reader(*object, {});
    const int released = int(reader.requiredInteger(u"released"_s, 0, kMaxCount));
    if (!reader.ok())
        return failure<int>(reader.error());
    return success(released);
}

// --- the same wire format back, for the offline snapshot -----------------------------------------

QJsonObject toJson(const SlaSummary &summary)
{
    QJsonArray reviewers;
    for (const SlaReviewerStats &r : summary.reviewers)
        reviewers.append(QJsonObject{{u"reviewer_id"_s, r.reviewerId}, {u"username"_s, r.username},
                                     {u"reviewed"_s, r.reviewed}, {u"approved"_s, r.approved},
                                     {u"median_seconds"_s, optionalJson(r.medianSeconds)}});
    return QJsonObject{
        {u"target_hours"_s, summary.targetHours},
        {u"default_target_hours"_s, optionalJson(summary.defaultTargetHours)},
        {u"goal"_s, summary.goal},
        {u"pending"_s, summary.pending},
        {u"overdue"_s, summary.overdue},
        {u"reviewed"_s, summary.reviewed},
        {u"oldest_pending_age_seconds"_s, optionalJson(summary.oldestPendingAgeSeconds)},
        {u"reviewed_within_target_pct_7d"_s, optionalJson(summary.reviewedWithinTargetPct7d)},
        {u"reviewed_within_target_pct_all"_s, optionalJson(summary.reviewedWithinTargetPctAll)},
        {u"median_time_to_review_seconds"_s, optionalJson(summary.medianTimeToReviewSeconds)},
        {u"p95_time_to_review_seconds"_s, optionalJson(summary.p95TimeToReviewSeconds)},
        {u"approval_rate"_s, optionalJson(summary.approvalRate)},
        {u"reviewers"_s, reviewers},
    };
}

QJsonObject toJson(const SlaTimeseries &series)
{
    QJsonArray points;
    for (const SlaPoint &p : series.points)
        points.append(QJsonObject{{u"start"_s, formatTime(p.start)}, {u"arrivals"_s, p.arrivals},
                                  {u"reviewed"_s, p.reviewed}, {u"reviewed_within_target"_s, p.reviewedWithinTarget},
                                  {u"backlog"_s, p.backlog}, {u"within_target_pct"_s, optionalJson(p.withinTargetPct)}});
    return QJsonObject{{u"bucket"_s, series.bucket == SlaTimeseries::Bucket::Hour ? u"hour"_s : u"day"_s},
                       {u"target_hours"_s, series.targetHours}, {u"points"_s, points}};
}

QJsonObject toJson(const SlaForecast &f)
{
    return QJsonObject{{u"horizon_hours"_s, f.horizonHours}, {u"pace_per_hour"_s, f.pacePerHour},
                       {u"pending"_s, f.pending}, {u"breaching"_s, f.breaching},
                       {u"reviewer_hours_needed"_s, optionalJson(f.reviewerHoursNeeded)}, {u"sentence"_s, f.sentence}};
}

QJsonObject toJson(const SlaItemPage &page)
{
    QJsonArray items;
    for (const SlaItem &i : page.items)
        items.append(QJsonObject{{u"id"_s, i.id}, {u"model_name"_s, i.modelName}, {u"model_version"_s, i.modelVersion},
                                 {u"confidence"_s, i.confidence}, {u"created_at"_s, formatTime(i.createdAt)},
                                 {u"deadline"_s, formatTime(i.deadline)},
                                 {u"lease_holder"_s, i.leaseHolder.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(i.leaseHolder)},
                                 {u"lease_expires_at"_s, timeJson(i.leaseExpiresAt)},
                                 {u"input_preview"_s, i.inputPreview}, {u"output_preview"_s, i.outputPreview}});
    return QJsonObject{{u"items"_s, items}, {u"total"_s, page.total}};
}

QJsonObject toJson(const SlaBreakdown &b)
{
    QJsonArray rows;
    for (const SlaModelRow &r : b.models)
        rows.append(QJsonObject{{u"model_name"_s, r.modelName}, {u"model_version"_s, r.modelVersion},
                                {u"backlog"_s, r.backlog}, {u"within_target_pct"_s, optionalJson(r.withinTargetPct)},
                                {u"approval_rate"_s, optionalJson(r.approvalRate)},
                                {u"median_s"_s, optionalJson(r.medianSeconds)}, {u"p95_s"_s, optionalJson(r.p95Seconds)},
                                {u"reviewed"_s, r.reviewed}});
    for (const SlaReasonRow &r : b.reasons) {
        QJsonArray trend;
        for (int n : r.trend)
            trend.append(n);
        rows.append(QJsonObject{{u"reason_code"_s, r.reasonCode}, {u"count"_s, r.count}, {u"trend"_s, trend}});
    }
    for (const SlaReviewerRow &r : b.reviewers)
        rows.append(QJsonObject{{u"reviewer_id"_s, r.reviewerId}, {u"username"_s, r.username},
                                {u"decisions"_s, r.decisions}, {u"per_hour_on_screen"_s, optionalJson(r.perHourOnScreen)},
                                {u"approval_rate"_s, optionalJson(r.approvalRate)},
                                {u"median_s"_s, optionalJson(r.medianSeconds)}});
    static const QStringList names{u"model"_s, u"reason"_s, u"reviewer"_s};
    return QJsonObject{{u"by"_s, names.at(int(b.by))}, {u"rows"_s, rows}};
}

QJsonObject toJson(const SlaHistogram &h)
{
    QJsonArray buckets;
    for (const SlaHistogramBucket &b : h.buckets)
        buckets.append(QJsonObject{{u"lo_s"_s, b.loSeconds}, {u"hi_s"_s, optionalJson(b.hiSeconds)}, {u"count"_s, b.count}});
    return QJsonObject{{u"target_hours"_s, h.targetHours}, {u"buckets"_s, buckets}};
}

QJsonObject toJson(const QList<SlaLeaseHolder> &leases)
{
    QJsonArray reviewers;
    for (const SlaLeaseHolder &l : leases)
        reviewers.append(QJsonObject{{u"reviewer_id"_s, l.reviewerId}, {u"username"_s, l.username}, {u"held"_s, l.held},
                                     {u"earliest_expiry"_s, timeJson(l.earliestExpiry)},
                                     {u"latest_expiry"_s, timeJson(l.latestExpiry)}});
    return QJsonObject{{u"reviewers"_s, reviewers}};
}

namespace {

QByteArray compact(const QJsonObject &object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }

// One part of a snapshot, read back with the wire parser; a part that does not parse is left out.
template <typename T>
void readPart(const QJsonObject &snapshot, const QString &key, Parsed<T> (*parse)(const QByteArray &),
              std::optional<T> *into)
{
    const QJsonValue part = snapshot.value(key);
    if (!part.isObject())
        return;
    Parsed<T> parsed = parse(compact(part.toObject()));
    if (parsed)
        *into = *parsed.value;
}

template <typename T>
void writePart(QJsonObject *snapshot, const QString &key, const std::optional<T> &part)
{
    if (part)
        snapshot->insert(key, toJson(*part));
}

} // namespace

QByteArray snapshotToJson(const SlaSnapshot &s)
{
    QJsonObject object{{u"version"_s, 1}, {u"taken_at"_s, formatTime(s.takenAt)}};
    writePart(&object, u"summary"_s, s.summary);
    writePart(&object, u"timeseries"_s, s.timeseries);
    writePart(&object, u"daily"_s, s.daily);
    writePart(&object, u"forecast"_s, s.forecast);
    writePart(&object, u"overdue"_s, s.overdue);
    writePart(&object, u"at_risk"_s, s.atRisk);
    writePart(&object, u"by_model"_s, s.byModel);
    writePart(&object, u"by_reason"_s, s.byReason);
    writePart(&object, u"by_reviewer"_s, s.byReviewer);
    writePart(&object, u"histogram"_s, s.histogram);
    writePart(&object, u"leases"_s, s.leases);
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

Parsed<SlaSnapshot> parseSnapshot(const QByteArray &body)
{
    QString error;
    const std::optional<QJsonObject> object = parseObject(body, &error);
    if (!object)
        return failure<SlaSnapshot>(error);
    ObjectReader reader(*object, {});
    SlaSnapshot s;
    s.takenAt = reader.requiredTime(u"taken_at"_s);
    if (!reader.ok())
        return failure<SlaSnapshot>(reader.error());
    Parsed<SlaSummary> (*summary)(const QByteArray &) = &parseSlaSummary;
    readPart(*object, u"summary"_s, summary, &s.summary);
    readPart(*object, u"timeseries"_s, &parseSlaTimeseries, &s.timeseries);
    readPart(*object, u"daily"_s, &parseSlaTimeseries, &s.daily);
    Parsed<SlaForecast> (*forecast)(const QByteArray &) = &parseSlaForecast;
    readPart(*object, u"forecast"_s, forecast, &s.forecast);
    Parsed<SlaItemPage> (*items)(const QByteArray &) = &parseSlaItemPage;
    readPart(*object, u"overdue"_s, items, &s.overdue);
    readPart(*object, u"at_risk"_s, items, &s.atRisk);
    Parsed<SlaBreakdown> (*breakdown)(const QByteArray &) = &parseSlaBreakdown;
    readPart(*object, u"by_model"_s, breakdown, &s.byModel);
    readPart(*object, u"by_reason"_s, breakdown, &s.byReason);
    readPart(*object, u"by_reviewer"_s, breakdown, &s.byReviewer);
    Parsed<SlaHistogram> (*histogram)(const QByteArray &) = &parseSlaHistogram;
    readPart(*object, u"histogram"_s, histogram, &s.histogram);
    Parsed<QList<SlaLeaseHolder>> (*leases)(const QByteArray &) = &parseSlaLeases;
    readPart(*object, u"leases"_s, leases, &s.leases);
    return success(s);
}

} // namespace fr::JsonCodec
