// GET /sla/summary and /sla/timeseries: strict parsing; null means "unknown", never 0.
#include "JsonCodec.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <catch2/catch.hpp>

using namespace fr;
using namespace Qt::StringLiterals;

namespace {

// The example of docs/api.md.
QJsonObject validSummary()
{
    return QJsonObject{
        {u"target_hours"_s, 48},
        {u"pending"_s, 12},
        {u"overdue"_s, 3},
        {u"oldest_pending_age_seconds"_s, 3600.0},
        {u"reviewed_within_target_pct_7d"_s, 96.5},
        {u"reviewed_within_target_pct_all"_s, 95.1},
        {u"median_time_to_review_seconds"_s, 1800.0},
        {u"p95_time_to_review_seconds"_s, 90000.0},
        {u"approval_rate"_s, 0.71},
        {u"reviewed"_s, 40},
        {u"reviewers"_s, QJsonArray{QJsonObject{{u"reviewer_id"_s, u"6f1c2b7e-0000-4000-8000-00000000000a"_s},
                                                {u"username"_s, u"rev1"_s},
                                                {u"reviewed"_s, 10},
                                                {u"approved"_s, 7},
                                                {u"median_seconds"_s, 1500.0}}}},
    };
}

QByteArray bytes(const QJsonObject &object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }

QJsonObject validSeries()
{
    const auto point = [](const QString &start, int a, int r, int w, int b) {
        return QJsonObject{{u"start"_s, start}, {u"arrivals"_s, a}, {u"reviewed"_s, r},
                           {u"reviewed_within_target"_s, w}, {u"backlog"_s, b}};
    };
    return QJsonObject{{u"bucket"_s, u"day"_s},
                       {u"target_hours"_s, 48.0},
                       {u"points"_s, QJsonArray{point(u"2026-11-26T00:00:00Z"_s, 5, 4, 4, 7),
                                                point(u"2026-11-27T00:00:00Z"_s, 2, 6, 5, 3)}}};
}

} // namespace

TEST_CASE("parseSlaSummary: the documented example, every figure")
{
    const Parsed<SlaSummary> parsed = JsonCodec::parseSlaSummary(bytes(validSummary()));
    REQUIRE(parsed);
    const SlaSummary &s = *parsed.value;
    CHECK(s.targetHours == 48.0);
    CHECK(s.pending == 12);
    CHECK(s.overdue == 3);
    CHECK(s.reviewed == 40);
    CHECK(s.oldestPendingAgeSeconds == 3600.0);
    CHECK(s.reviewedWithinTargetPct7d == 96.5);
    CHECK(s.reviewedWithinTargetPctAll == 95.1);
    CHECK(s.medianTimeToReviewSeconds == 1800.0);
    CHECK(s.p95TimeToReviewSeconds == 90000.0);
    CHECK(s.approvalRate == 0.71);
    REQUIRE(s.reviewers.size() == 1);
    CHECK(s.reviewers[0].username == u"rev1"_s);
    CHECK(s.reviewers[0].reviewed == 10);
    CHECK(s.reviewers[0].approved == 7);
    CHECK(s.reviewers[0].medianSeconds == 1500.0);
}

TEST_CASE("parseSlaSummary: null (no data yet) is unknown, not zero")
{
    QJsonObject object = validSummary();
    for (const QString &key : {u"oldest_pending_age_seconds"_s, u"reviewed_within_target_pct_7d"_s,
                              u"reviewed_within_target_pct_all"_s, u"median_time_to_review_seconds"_s,
                              u"p95_time_to_review_seconds"_s, u"approval_rate"_s})
        object.insert(key, QJsonValue::Null);
    object.insert(u"reviewers"_s, QJsonArray{});
    const Parsed<SlaSummary> parsed = JsonCodec::parseSlaSummary(bytes(object));
    REQUIRE(parsed);
    CHECK_FALSE(parsed.value->oldestPendingAgeSeconds.has_value());
    CHECK_FALSE(parsed.value->reviewedWithinTargetPct7d.has_value());
    CHECK_FALSE(parsed.value->reviewedWithinTargetPctAll.has_value());
    CHECK_FALSE(parsed.value->medianTimeToReviewSeconds.has_value());
    CHECK_FALSE(parsed.value->p95TimeToReviewSeconds.has_value());
    CHECK_FALSE(parsed.value->approvalRate.has_value());
    CHECK(parsed.value->reviewers.isEmpty());
    // A real zero stays a zero.
    object.insert(u"reviewed_within_target_pct_all"_s, 0);
    const Parsed<SlaSummary> zero = JsonCodec::parseSlaSummary(bytes(object));
    REQUIRE(zero);
    CHECK(zero.value->reviewedWithinTargetPctAll == 0.0);
}

TEST_CASE("parseSlaSummary: a missing field or a wrong type is a sentence that names the field")
{
    struct Case { QString key; QJsonValue value; QString says; };
    const QList<Case> cases{
        {u"pending"_s, QJsonValue::Undefined, u"\"pending\" is missing"_s},
        {u"pending"_s, QJsonValue::Null, u"\"pending\" must be a whole number"_s},
        {u"pending"_s, 1.5, u"\"pending\" must be a whole number"_s},
        {u"overdue"_s, -1, u"\"overdue\" must be a whole number"_s},
        {u"overdue"_s, 13, u"\"overdue\" must not exceed"_s},
        {u"target_hours"_s, QJsonValue::Null, u"\"target_hours\" must be a number, not null"_s},
        {u"approval_rate"_s, u"0.7"_s, u"\"approval_rate\" must be a number from 0 to 1, not a string"_s},
        {u"approval_rate"_s, 1.2, u"\"approval_rate\" must be a number from 0 to 1"_s},
        {u"approval_rate"_s, QJsonValue::Undefined, u"\"approval_rate\" is missing"_s},
        {u"reviewed_within_target_pct_7d"_s, 101, u"\"reviewed_within_target_pct_7d\" must be a number from 0 to 100"_s},
        {u"median_time_to_review_seconds"_s, true, u"\"median_time_to_review_seconds\" must be a number"_s},
        {u"reviewers"_s, QJsonObject{}, u"\"reviewers\" must be an array"_s},
    };
    for (const Case &c : cases) {
        INFO(c.key.toStdString());
        QJsonObject object = validSummary();
        if (c.value.isUndefined())
            object.remove(c.key);
        else
            object.insert(c.key, c.value);
        const Parsed<SlaSummary> parsed = JsonCodec::parseSlaSummary(bytes(object));
        REQUIRE_FALSE(parsed);
        INFO(parsed.error.toStdString());
        CHECK(parsed.error.contains(c.says));
        CHECK(parsed.error.endsWith(u'.'));
    }
}

TEST_CASE("parseSlaSummary: a bad reviewer row says where it is")
{
    QJsonObject object = validSummary();
    QJsonObject row = object.value(u"reviewers"_s).toArray().at(0).toObject();
    row.remove(u"username"_s);
    object.insert(u"reviewers"_s, QJsonArray{validSummary().value(u"reviewers"_s).toArray().at(0), row});
    const Parsed<SlaSummary> parsed = JsonCodec::parseSlaSummary(bytes(object));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error == u"In reviewers[1]: the field \"username\" is missing."_s);

    object.insert(u"reviewers"_s, QJsonArray{42});
    CHECK(JsonCodec::parseSlaSummary(bytes(object)).error == u"In reviewers[0]: expected an object, not a number."_s);
    CHECK_FALSE(JsonCodec::parseSlaSummary("[]"));
    CHECK(JsonCodec::parseSlaSummary("{").error.startsWith(u"The answer is not valid JSON"_s));
}

TEST_CASE("parseSlaTimeseries: points in order, bucket as an enum")
{
    const Parsed<SlaTimeseries> parsed = JsonCodec::parseSlaTimeseries(bytes(validSeries()));
    REQUIRE(parsed);
    CHECK(parsed.value->bucket == SlaTimeseries::Bucket::Day);
    CHECK(parsed.value->targetHours == 48.0);
    REQUIRE(parsed.value->points.size() == 2);
    const SlaPoint &p = parsed.value->points[1];
    CHECK(p.start == QDateTime(QDate(2026, 11, 27), QTime(0, 0), Qt::UTC));
    CHECK(p.arrivals == 2);
    CHECK(p.reviewed == 6);
    CHECK(p.reviewedWithinTarget == 5);
    CHECK(p.backlog == 3);

    QJsonObject hourly = validSeries();
    hourly.insert(u"bucket"_s, u"hour"_s);
    CHECK(JsonCodec::parseSlaTimeseries(bytes(hourly)).value->bucket == SlaTimeseries::Bucket::Hour);
}

TEST_CASE("parseSlaTimeseries: strict about enums, counts, times and order")
{
    QJsonObject object = validSeries();
    object.insert(u"bucket"_s, u"week"_s);
    CHECK(JsonCodec::parseSlaTimeseries(bytes(object)).error == u"The field \"bucket\" must be one of hour, day."_s);

    object = validSeries();
    QJsonArray points = object.value(u"points"_s).toArray();
    QJsonObject first = points.at(0).toObject();
    first.insert(u"arrivals"_s, QJsonValue::Null);
    points.replace(0, first);
    object.insert(u"points"_s, points);
    CHECK(JsonCodec::parseSlaTimeseries(bytes(object)).error.startsWith(u"In points[0]: the field \"arrivals\" must be a whole number"_s));

    object = validSeries();
    points = object.value(u"points"_s).toArray();
    first = points.at(0).toObject();
    first.insert(u"start"_s, u"yesterday"_s);
    points.replace(0, first);
    object.insert(u"points"_s, points);
    CHECK(JsonCodec::parseSlaTimeseries(bytes(object)).error.startsWith(u"In points[0]: the field \"start\" must be an RFC 3339 time"_s));

    object = validSeries();
    points = object.value(u"points"_s).toArray();
    object.insert(u"points"_s, QJsonArray{points.at(1), points.at(0)});
    CHECK(JsonCodec::parseSlaTimeseries(bytes(object)).error == u"In points[1]: the field \"start\" must come after the previous point's."_s);

    object = validSeries();
    object.remove(u"target_hours"_s);
    CHECK(JsonCodec::parseSlaTimeseries(bytes(object)).error == u"The field \"target_hours\" is missing."_s);

    object = validSeries();
    object.insert(u"points"_s, QJsonArray{});
    REQUIRE(JsonCodec::parseSlaTimeseries(bytes(object)));
}

TEST_CASE("formatDuration and formatPercent: unknown is a dash, never 0")
{
    CHECK(formatDuration(std::nullopt) == u"—"_s);
    CHECK(formatDuration(45.4) == u"45 s"_s);
    CHECK(formatDuration(12 * 60 + 5) == u"12 min"_s);
    CHECK(formatDuration(3 * 3600 + 20 * 60) == u"3 h 20 min"_s);
    CHECK(formatDuration(52 * 3600) == u"2 d 4 h"_s);
    CHECK(formatPercent(std::nullopt) == u"—"_s);
    CHECK(formatPercent(0.0) == u"0.0 %"_s);
    CHECK(formatPercent(96.54) == u"96.5 %"_s);
}
