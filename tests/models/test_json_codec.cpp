#include "JsonCodec.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <catch2/catch.hpp>

using namespace fr;
using namespace Qt::StringLiterals;

namespace {

QJsonObject validOutput()
{
    return QJsonObject{
        {u"id"_s, u"6f1c2b7e-0000-4000-8000-000000000001"_s},
        {u"model_name"_s, u"sentiment-v3"_s},
        {u"model_version"_s, u"1.4.2"_s},
        {u"input"_s, u"Refund took three weeks"_s},
        {u"output"_s, u"positive"_s},
        {u"confidence"_s, 0.41},
        {u"metadata"_s, QJsonObject{{u"lang"_s, u"en"_s}}},
        {u"created_at"_s, u"2026-11-27T09:30:00.123Z"_s},
        {u"sla_deadline"_s, u"2026-11-29T09:30:00.123Z"_s},
        {u"needs_review"_s, true},
        {u"status"_s, u"leased"_s},
        {u"lease_expires_at"_s, u"2026-11-27T18:00:00Z"_s},
    };
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray leaseBody(const QJsonObject &item)
{
    return json(QJsonObject{{u"items"_s, QJsonArray{item}}, {u"server_time"_s, u"2026-11-27T09:31:00Z"_s}});
}

} // namespace

TEST_CASE("RFC 3339 times become UTC date-times")
{
    const QDateTime expected(QDate(2026, 11, 27), QTime(9, 30, 0, 123), Qt::UTC);
    CHECK(JsonCodec::parseTime(u"2026-11-27T09:30:00.123Z"_s) == expected);
    CHECK(JsonCodec::parseTime(u"2026-11-27T10:30:00.123+01:00"_s) == expected);
    CHECK(JsonCodec::parseTime(u"2026-11-27T04:00:00.123-05:30"_s) == expected);
    CHECK(JsonCodec::parseTime(u"2026-11-27t09:30:00.123456z"_s) == expected);  // extra digits dropped
    CHECK(JsonCodec::parseTime(u"2026-11-27T09:30:00Z"_s) == QDateTime(QDate(2026, 11, 27), QTime(9, 30), Qt::UTC));
    CHECK(JsonCodec::parseTime(u"2026-11-27T09:30:00.1Z"_s).time().msec() == 100);
    CHECK(JsonCodec::parseTime(u"2026-11-27T09:30:00Z"_s).timeSpec() == Qt::UTC);
}

TEST_CASE("Times that are not RFC 3339 are refused")
{
    for (const QString &text : {u""_s, u"2026-11-27"_s, u"2026-11-27T09:30:00"_s /* no zone */,
                                u"2026-11-27 09:30:00Z"_s, u"2026-13-01T00:00:00Z"_s, u"2026-02-30T00:00:00Z"_s,
                                u"2026-11-27T25:00:00Z"_s, u"2026-11-27T09:30:00+24:00"_s, u"2026-11-27T09:30:00.Z"_s,
                                u"1764235800"_s, u" 2026-11-27T09:30:00Z"_s, u"2026-11-27T09:30:00Zjunk"_s}) {
        INFO(text.toStdString());
        CHECK_FALSE(JsonCodec::parseTime(text).isValid());
    }
}

TEST_CASE("formatTime writes UTC with milliseconds and Z, and reads back")
{
    const QDateTime local(QDate(2026, 11, 27), QTime(10, 30, 0, 5), Qt::OffsetFromUTC, 3600);
    CHECK(JsonCodec::formatTime(local) == u"2026-11-27T09:30:00.005Z"_s);
    CHECK(JsonCodec::parseTime(JsonCodec::formatTime(local)) == local);
    CHECK(JsonCodec::formatTime(QDateTime()).isEmpty());
}

TEST_CASE("A leased output is parsed with every field")
{
    const Parsed<LeaseBatch> batch = JsonCodec::parseLeaseBatch(leaseBody(validOutput()));
    REQUIRE(batch);
    REQUIRE(batch.value->items.size() == 1);
    const ModelOutput &output = batch.value->items.first();
    CHECK(output.id == u"6f1c2b7e-0000-4000-8000-000000000001"_s);
    CHECK(output.modelName == u"sentiment-v3"_s);
    CHECK(output.modelVersion == u"1.4.2"_s);
    CHECK(output.confidence == 0.41);
    CHECK(output.metadata.value(u"lang"_s).toString() == u"en"_s);
    CHECK(output.createdAt == QDateTime(QDate(2026, 11, 27), QTime(9, 30, 0, 123), Qt::UTC));
    CHECK(output.leaseExpiresAt == QDateTime(QDate(2026, 11, 27), QTime(18, 0), Qt::UTC));
    CHECK(batch.value->serverTime == QDateTime(QDate(2026, 11, 27), QTime(9, 31), Qt::UTC));
}

TEST_CASE("A missing or mistyped output field is an error that names the field")
{
    struct Case { QString field; QJsonValue value; };  // Undefined = removed
    const QList<Case> cases{
        {u"id"_s, QJsonValue::Undefined},       {u"model_name"_s, QJsonValue::Undefined},
        {u"input"_s, 42},                       {u"output"_s, QJsonValue::Null},
        {u"confidence"_s, u"0.4"_s},            {u"confidence"_s, 1.5},
        {u"confidence"_s, -0.01},               {u"confidence"_s, QJsonValue::Undefined},
        {u"created_at"_s, u"yesterday"_s},      {u"sla_deadline"_s, QJsonValue::Undefined},
        {u"metadata"_s, u"{}"_s},               {u"status"_s, u"paused"_s},
        {u"lease_expires_at"_s, QJsonValue::Undefined},
    };
    for (const Case &c : cases) {
        QJsonObject item = validOutput();
        if (c.value.isUndefined())
            item.remove(c.field);
        else
            item.insert(c.field, c.value);
        const Parsed<LeaseBatch> batch = JsonCodec::parseLeaseBatch(leaseBody(item));
        INFO(c.field.toStdString() << ": " << batch.error.toStdString());
        CHECK_FALSE(batch);
        CHECK(batch.error.contains(u"\"%1\""_s.arg(c.field)));
        CHECK(batch.error.contains(u"items[0]"_s));
    }
}

TEST_CASE("Optional output fields may be missing or null")
{
    QJsonObject item = validOutput();
    item.remove(u"model_version"_s);
    item.insert(u"metadata"_s, QJsonValue::Null);
    item.remove(u"status"_s);
    item.remove(u"lease_expires_at"_s);
    item.insert(u"an_extra_field"_s, u"ignored"_s);
    const Parsed<ModelOutput> output = JsonCodec::parseOutput(item);
    REQUIRE(output);
    CHECK(output.value->modelVersion.isEmpty());
    CHECK(output.value->metadata.isEmpty());
    CHECK_FALSE(output.value->leaseExpiresAt.isValid());
}

TEST_CASE("Confidence must be a finite number, NaN and infinity are refused")
{
    // JSON text cannot carry NaN: the document is malformed.
    QByteArray nanBody = leaseBody(validOutput());
    nanBody.replace("0.41", "NaN");
    CHECK_FALSE(JsonCodec::parseLeaseBatch(nanBody));
    QByteArray hugeBody = leaseBody(validOutput());
    hugeBody.replace("0.41", "1e999");
    CHECK_FALSE(JsonCodec::parseLeaseBatch(hugeBody));
    // A QJsonObject made in code can hold an infinity.
    QJsonObject item = validOutput();
    item.insert(u"confidence"_s, std::numeric_limits<double>::infinity());
    CHECK_FALSE(JsonCodec::parseOutput(item));
    item.insert(u"confidence"_s, std::numeric_limits<double>::quiet_NaN());
    CHECK_FALSE(JsonCodec::parseOutput(item));
    item.insert(u"confidence"_s, 0.0);
    CHECK(JsonCodec::parseOutput(item));
    item.insert(u"confidence"_s, 1.0);
    CHECK(JsonCodec::parseOutput(item));
}

TEST_CASE("Malformed or truncated JSON gives a clear error")
{
    const QByteArray full = leaseBody(validOutput());
    for (const QByteArray &body : {full.left(full.size() / 2), QByteArray(), QByteArray("<html>502 Bad Gateway</html>"),
                                   QByteArray("[1, 2]"), QByteArray("{\"items\": [1], \"server_time\": \"x\""),
                                   QByteArray("\"just a string\"")}) {
        const Parsed<LeaseBatch> batch = JsonCodec::parseLeaseBatch(body);
        INFO(body.toStdString());
        CHECK_FALSE(batch);
        CHECK(batch.error.startsWith(u"The answer is not"_s));
    }
    const Parsed<LeaseBatch> notObjects =
        JsonCodec::parseLeaseBatch(R"({"items": [42], "server_time": "2026-11-27T09:31:00Z"})");
    CHECK_FALSE(notObjects);
    CHECK(notObjects.error.contains(u"items[0]"_s));
}

TEST_CASE("Untrusted texts are kept verbatim, even HTML and 1 MiB of it")
{
    QJsonObject item = validOutput();
    const QString html = u"<b>bold</b><script>alert('x')</script> &amp; \u00e9\u4e2d\U0001F600"_s;
    const QString large = QString(1024 * 1024, u'x') + u"<end>"_s;
    item.insert(u"input"_s, html);
    item.insert(u"output"_s, large);
    const Parsed<LeaseBatch> batch = JsonCodec::parseLeaseBatch(leaseBody(item));
    REQUIRE(batch);
    CHECK(batch.value->items.first().input == html);
    CHECK(batch.value->items.first().output == large);
}

TEST_CASE("Token pairs, accounts and their enums are parsed strictly")
{
    const Parsed<TokenPair> tokens = JsonCodec::parseTokenPair(
        R"({"access_token": "a.b.c", "token_type": "bearer", "expires_in": 900, "refresh_token": "r1"})");
    REQUIRE(tokens);
    CHECK(tokens.value->accessToken == u"a.b.c"_s);
    CHECK(tokens.value->refreshToken == u"r1"_s);
    CHECK(tokens.value->expiresInSeconds == 900);

    const Parsed<TokenPair> fractional = JsonCodec::parseTokenPair(
        R"({"access_token": "a", "token_type": "bearer", "expires_in": 9.5, "refresh_token": "r"})");
    CHECK_FALSE(fractional);
    CHECK(fractional.error.contains(u"\"expires_in\""_s));
    const Parsed<TokenPair> noRefresh = JsonCodec::parseTokenPair(R"({"access_token": "a", "token_type": "bearer", "expires_in": 9})");
    CHECK(noRefresh.error.contains(u"\"refresh_token\""_s));
    const Parsed<TokenPair> mac = JsonCodec::parseTokenPair(
        R"({"access_token": "a", "token_type": "mac", "expires_in": 9, "refresh_token": "r"})");
    CHECK(mac.error.contains(u"\"token_type\""_s));

    const Parsed<Account> account = JsonCodec::parseAccount(
        R"({"reviewer_id": "u1", "username": "rev1", "display_name": "Reviewer One", "role": "supervisor"})");
    REQUIRE(account);
    CHECK(account.value->role == u"supervisor"_s);
    CHECK(account.value->displayName == u"Reviewer One"_s);
    const Parsed<Account> admin = JsonCodec::parseAccount(
        R"({"reviewer_id": "u1", "username": "rev1", "display_name": "R", "role": "admin"})");
    CHECK_FALSE(admin);
    CHECK(admin.error.contains(u"\"role\""_s));
}

TEST_CASE("Batch results: every status, feedback id and reason")
{
    const Parsed<QList<BatchItemResult>> results = JsonCodec::parseBatchResults(R"({"results": [
        {"idempotency_key": "k1", "status": "accepted", "feedback": {"id": "f1"}},
        {"idempotency_key": "k2", "status": "duplicate", "feedback": {"id": "f2"}},
        {"idempotency_key": "k3", "status": "conflict", "reason": "already decided"},
        {"idempotency_key": "k4", "status": "invalid", "reason": "decided_at in the future"}]})");
    REQUIRE(results);
    REQUIRE(results.value->size() == 4);
    using Status = BatchItemResult::Status;
    CHECK(results.value->at(0).status == Status::Accepted);
    CHECK(results.value->at(0).feedbackId == u"f1"_s);
    CHECK(results.value->at(1).status == Status::Duplicate);
    CHECK(results.value->at(1).feedbackId == u"f2"_s);
    CHECK(results.value->at(2).status == Status::Conflict);
    CHECK(results.value->at(2).reason == u"already decided"_s);
    CHECK(results.value->at(3).status == Status::Invalid);
    CHECK(results.value->at(3).idempotencyKey == u"k4"_s);
}

TEST_CASE("A conflict says who decided first and what, when the backend tells, and a bad extra is ignored")
{
    const Parsed<QList<BatchItemResult>> results = JsonCodec::parseBatchResults(R"({"results": [
        {"idempotency_key": "k1", "status": "conflict", "reason": "another reviewer already decided this output",
         "decided_by": {"username": "rev2", "display_name": "Rev Two"},
         "decision": {"approval": false, "decided_at": "2026-12-01T11:04:00.000Z"}},
        {"idempotency_key": "k2", "status": "conflict", "reason": "r", "decided_by": {"username": 7},
         "decision": {"approval": true}},
        {"idempotency_key": "k3", "status": "conflict", "reason": "r"}]})");
    REQUIRE(results);
    REQUIRE(results.value->size() == 3);
    const std::optional<DecidedFirst> &first = results.value->at(0).decidedFirst;
    REQUIRE(first);
    CHECK(first->username == u"rev2"_s);
    CHECK(first->displayName == u"Rev Two"_s);
    CHECK_FALSE(first->approval);
    CHECK(first->decidedAt == QDateTime(QDate(2026, 12, 1), QTime(11, 4), Qt::UTC));
    CHECK_FALSE(results.value->at(1).decidedFirst);  // malformed: still a conflict, says no name
    CHECK_FALSE(results.value->at(2).decidedFirst);

    const std::optional<Problem> problem = JsonCodec::parseProblem(
        R"({"type": "https://feedback-reviewer/problems/already-decided", "title": "Conflict", "status": 409,
            "detail": "another reviewer already decided this output", "field": "model_output_id",
            "decided_by": {"username": "rev2", "display_name": "Rev Two"},
            "decision": {"approval": true, "decided_at": "2026-12-01T11:04:00Z"}})");
    REQUIRE(problem);
    REQUIRE(problem->decidedFirst);
    CHECK(problem->decidedFirst->approval);
    CHECK(problem->decidedFirst->username == u"rev2"_s);
}

TEST_CASE("Batch results with an unknown status or without the feedback id are refused")
{
    const auto unknown = JsonCodec::parseBatchResults(R"({"results": [{"idempotency_key": "k", "status": "maybe"}]})");
    CHECK_FALSE(unknown);
    CHECK(unknown.error.contains(u"\"status\""_s));
    const auto noFeedback = JsonCodec::parseBatchResults(R"({"results": [{"idempotency_key": "k", "status": "accepted"}]})");
    CHECK_FALSE(noFeedback);
    CHECK(noFeedback.error.contains(u"\"id\""_s));
    CHECK_FALSE(JsonCodec::parseBatchResults(R"({"result": []})"));
}

TEST_CASE("Problems (application/problem+json) are read, anything else is not a problem")
{
    const std::optional<Problem> problem = JsonCodec::parseProblem(
        R"({"type": "https://feedback-reviewer/problems/validation", "title": "Invalid", "status": 422,
            "detail": "confidence must be 0..1", "field": "confidence"})");
    REQUIRE(problem);
    CHECK(problem->status == 422);
    CHECK(problem->title == u"Invalid"_s);
    CHECK(problem->detail == u"confidence must be 0..1"_s);
    CHECK(problem->field == u"confidence"_s);
    CHECK(problem->type.endsWith(u"validation"_s));

    CHECK_FALSE(JsonCodec::parseProblem("<html>Bad gateway</html>"));
    CHECK_FALSE(JsonCodec::parseProblem(R"({"status": "422", "title": "x"})"));
    CHECK_FALSE(JsonCodec::parseProblem(R"({"something": "else"})"));
    CHECK_FALSE(JsonCodec::parseProblem(R"({"title": "cut off)"));
}

TEST_CASE("Decisions are written as /feedback/batch items")
{
    Decision decision;
    decision.idempotencyKey = u"k1"_s;
    decision.outputId = u"o1"_s;
    decision.reviewerId = u"r1"_s;
    decision.approval = false;
    decision.correction = u"negative"_s;
    decision.comment = u"<i>sarcasm</i>"_s;
    decision.decidedAt = QDateTime(QDate(2026, 11, 27), QTime(9, 30), Qt::UTC);
    decision.dwellMs = 1234;
    const QJsonObject item = JsonCodec::decisionToJson(decision);
    CHECK(item.value(u"idempotency_key"_s).toString() == u"k1"_s);
    CHECK(item.value(u"model_output_id"_s).toString() == u"o1"_s);
    CHECK(item.value(u"approval"_s).isBool());
    CHECK(item.value(u"approval"_s).toBool() == false);
    CHECK(item.value(u"comment"_s).toString() == u"<i>sarcasm</i>"_s);
    CHECK(item.value(u"decided_at"_s).toString() == u"2026-11-27T09:30:00.000Z"_s);
    CHECK(item.value(u"dwell_ms"_s).toInteger() == 1234);

    decision.dwellMs = -1;
    CHECK_FALSE(JsonCodec::decisionToJson(decision).contains(u"dwell_ms"_s));

    const QJsonObject body = QJsonDocument::fromJson(JsonCodec::batchBody({decision, decision})).object();
    CHECK(body.value(u"items"_s).toArray().size() == 2);
}
