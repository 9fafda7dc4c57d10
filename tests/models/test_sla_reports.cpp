// The supervisor's reports: the wire format of GET /sla/items, forecast, breakdown, histogram and
// leases (strict: wrong types are errors; null is "unknown"), the offline snapshot's round trip,
// the table models (under QAbstractItemModelTester) and the CSV they export.
#include "JsonCodec.h"
#include "SlaTableModels.h"

#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>

#include <catch2/catch.hpp>

using namespace fr;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kItems = R"({"items":[
 {"id":"o1","model_name":"sentiment","model_version":"1.4","confidence":0.41,"created_at":"2026-11-28T10:00:00Z",
  "deadline":"2026-11-30T10:00:00Z","lease_holder":"rev1","lease_expires_at":"2026-12-01T12:00:00Z",
  "input_preview":"The refund, took \"three\" weeks","output_preview":"=positive"},
 {"id":"o2","model_name":"ner","model_version":null,"confidence":0.7,"created_at":"2026-11-29T10:00:00Z",
  "deadline":"2026-12-01T10:00:00Z","lease_holder":null,"lease_expires_at":null,
  "input_preview":"x","output_preview":"line one\nline two"}],"total":7})";

QString cell(const QAbstractItemModel &model, int row, int column) { return model.index(row, column).data().toString(); }

} // namespace

TEST_CASE("SLA items: every field read, null lease and version are unknown, total kept")
{
    const Parsed<SlaItemPage> page = JsonCodec::parseSlaItemPage(kItems);
    INFO(page.error.toStdString());
    REQUIRE(page);
    REQUIRE(page.value->items.size() == 2);
    CHECK(page.value->total == 7);
    const SlaItem &a = page.value->items.at(0);
    CHECK(a.id == u"o1"_s);
    CHECK(a.modelVersion == u"1.4"_s);
    CHECK(a.confidence == Approx(0.41));
    CHECK(a.leaseHolder == u"rev1"_s);
    CHECK(a.leaseExpiresAt == QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC));
    const SlaItem &b = page.value->items.at(1);
    CHECK(b.modelVersion.isEmpty());
    CHECK(b.leaseHolder.isEmpty());
    CHECK_FALSE(b.leaseExpiresAt.isValid());

    CHECK_FALSE(JsonCodec::parseSlaItemPage(R"({"items":[],"total":-1})"));
    CHECK_FALSE(JsonCodec::parseSlaItemPage(R"({"items":[{"id":"x"}],"total":1})"));
    CHECK_FALSE(JsonCodec::parseSlaItemPage(R"({"items":[],"total":"3"})"));
}

TEST_CASE("SLA forecast, histogram, leases and release: nullable fields stay unknown")
{
    const Parsed<SlaForecast> f = JsonCodec::parseSlaForecast(
        R"({"horizon_hours":24,"target_hours":48,"pace_per_hour":3.5,"pending":40,"breaching":12,
            "decisions_short":12,"per_reviewer_rate_per_hour":null,"reviewer_hours_needed":null,"sentence":"s"})");
    REQUIRE(f);
    CHECK(f.value->breaching == 12);
    CHECK(f.value->pacePerHour == 3.5);
    CHECK_FALSE(f.value->reviewerHoursNeeded);
    const Parsed<SlaForecast> g = JsonCodec::parseSlaForecast(
        R"({"horizon_hours":24,"pace_per_hour":0,"pending":0,"breaching":0,"reviewer_hours_needed":2.5,"sentence":""})");
    REQUIRE(g);
    CHECK(*g.value->reviewerHoursNeeded == 2.5);
    CHECK_FALSE(JsonCodec::parseSlaForecast(R"({"horizon_hours":24,"pace_per_hour":-1,"pending":0,"breaching":0,
                                                "reviewer_hours_needed":1})"));

    const Parsed<SlaHistogram> h = JsonCodec::parseSlaHistogram(
        R"({"target_hours":24,"buckets":[{"lo_s":0,"hi_s":3600,"count":3},{"lo_s":3600,"hi_s":null,"count":1}]})");
    REQUIRE(h);
    REQUIRE(h.value->buckets.size() == 2);
    CHECK(*h.value->buckets.at(0).hiSeconds == 3600);
    CHECK_FALSE(h.value->buckets.at(1).hiSeconds);
    CHECK_FALSE(JsonCodec::parseSlaHistogram(R"({"target_hours":24,"buckets":[{"lo_s":10,"hi_s":5,"count":1}]})"));

    const Parsed<QList<SlaLeaseHolder>> l = JsonCodec::parseSlaLeases(
        R"({"reviewers":[{"reviewer_id":"r1","username":"rev1","held":5,
            "earliest_expiry":"2026-12-01T10:00:00Z","latest_expiry":"2026-12-01T11:00:00Z"}]})");
    REQUIRE(l);
    CHECK(l.value->at(0).held == 5);
    CHECK(JsonCodec::parseSlaReleased(R"({"released":5})").value == 5);
    CHECK_FALSE(JsonCodec::parseSlaReleased(R"({"released":null})"));
}

TEST_CASE("SLA breakdown: rows by model, reason and reviewer, an unknown 'by' is an error")
{
    const Parsed<SlaBreakdown> m = JsonCodec::parseSlaBreakdown(
        R"({"by":"model","target_hours":48,"rows":[{"model_name":"m","model_version":null,"backlog":3,"reviewed":4,
            "within_target_pct":75,"approval_rate":0.5,"median_s":60,"p95_s":null}]})");
    REQUIRE(m);
    CHECK(m.value->by == SlaBreakdown::By::Model);
    CHECK(*m.value->models.at(0).withinTargetPct == 75);
    CHECK_FALSE(m.value->models.at(0).p95Seconds);
    const Parsed<SlaBreakdown> r = JsonCodec::parseSlaBreakdown(
        R"({"by":"reason","rows":[{"reason_code":"wrong_label","count":3,"trend":[0,1,2]}]})");
    REQUIRE(r);
    CHECK(r.value->reasons.at(0).trend == QList<int>{0, 1, 2});
    const Parsed<SlaBreakdown> v = JsonCodec::parseSlaBreakdown(
        R"({"by":"reviewer","rows":[{"reviewer_id":"x","username":"rev1","decisions":9,"per_hour_on_screen":null,
            "approval_rate":0.25,"median_s":30}]})");
    REQUIRE(v);
    CHECK(v.value->reviewers.at(0).decisions == 9);
    CHECK_FALSE(JsonCodec::parseSlaBreakdown(R"({"by":"team","rows":[]})"));
    CHECK_FALSE(JsonCodec::parseSlaBreakdown(R"({"by":"reason","rows":[{"reason_code":"a","count":1,"trend":[-1]}]})"));
}

TEST_CASE("SLA summary: the backend's own target and the goal are read, older answers still parse")
{
    const QByteArray base = R"("pending":1,"overdue":0,"reviewed":0,"oldest_pending_age_seconds":null,
        "reviewed_within_target_pct_7d":null,"reviewed_within_target_pct_all":null,"median_time_to_review_seconds":null,
        "p95_time_to_review_seconds":null,"approval_rate":null,"reviewers":[])";
    const Parsed<SlaSummary> s = JsonCodec::parseSlaSummary("{\"target_hours\":12,\"default_target_hours\":24,\"goal\":0.9," + base + "}");
    REQUIRE(s);
    CHECK(s.value->targetHours == 12);
    CHECK(*s.value->defaultTargetHours == 24);
    CHECK(s.value->goal == 0.9);
    const Parsed<SlaSummary> old = JsonCodec::parseSlaSummary("{\"target_hours\":48," + base + "}");
    REQUIRE(old);
    CHECK_FALSE(old.value->defaultTargetHours);
    CHECK(old.value->goal == 0.95);
}

TEST_CASE("SLA snapshot: every part survives the round trip, a damaged part is left out, not the rest")
{
    SlaSnapshot snapshot;
    snapshot.takenAt = QDateTime(QDate(2026, 12, 1), QTime(9, 30), Qt::UTC);
    snapshot.overdue = *JsonCodec::parseSlaItemPage(kItems).value;
    SlaForecast forecast;
    forecast.breaching = 4;
    forecast.reviewerHoursNeeded = 1.5;
    snapshot.forecast = forecast;
    SlaBreakdown reasons;
    reasons.by = SlaBreakdown::By::Reason;
    reasons.reasons = {SlaReasonRow{u"hallucination"_s, 3, {1, 2}}};
    snapshot.byReason = reasons;
    snapshot.leases = QList<SlaLeaseHolder>{SlaLeaseHolder{u"r1"_s, u"rev1"_s, 2, snapshot.takenAt, snapshot.takenAt}};
    SlaHistogram histogram;
    histogram.targetHours = 24;
    histogram.buckets = {SlaHistogramBucket{0, 60.0, 1}, SlaHistogramBucket{60, std::nullopt, 2}};
    snapshot.histogram = histogram;

    const QByteArray json = JsonCodec::snapshotToJson(snapshot);
    const Parsed<SlaSnapshot> back = JsonCodec::parseSnapshot(json);
    INFO(back.error.toStdString());
    REQUIRE(back);
    CHECK(back.value->takenAt == snapshot.takenAt);
    REQUIRE(back.value->overdue);
    CHECK(back.value->overdue->total == 7);
    CHECK(back.value->overdue->items.at(0).inputPreview == snapshot.overdue->items.at(0).inputPreview);
    CHECK(back.value->forecast->breaching == 4);
    CHECK(*back.value->forecast->reviewerHoursNeeded == 1.5);
    CHECK(back.value->byReason->reasons.at(0).trend == QList<int>{1, 2});
    CHECK(back.value->leases->at(0).username == u"rev1"_s);
    CHECK_FALSE(back.value->histogram->buckets.at(1).hiSeconds);
    CHECK_FALSE(back.value->summary);

    QByteArray damaged = json;
    damaged.replace("\"breaching\": 4", "\"breaching\": \"four\"");
    const Parsed<SlaSnapshot> partly = JsonCodec::parseSnapshot(damaged);
    REQUIRE(partly);
    CHECK_FALSE(partly.value->forecast);
    CHECK(partly.value->overdue);
    CHECK_FALSE(JsonCodec::parseSnapshot("not json"));
}

TEST_CASE("SlaItemsModel: deadlines, leases and one-line previews, CSV quotes and defuses formulas")
{
    SlaItemsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QDateTime now(QDate(2026, 11, 30), QTime(12, 0), Qt::UTC);
    model.reset(*JsonCodec::parseSlaItemPage(kItems).value, now);
    REQUIRE(model.rowCount() == 2);
    CHECK(cell(model, 0, SlaItemsModel::ModelColumn) == u"sentiment 1.4"_s);
    CHECK(cell(model, 1, SlaItemsModel::ModelColumn) == u"ner"_s);
    CHECK(cell(model, 0, SlaItemsModel::ConfidenceColumn) == u"0.41"_s);
    CHECK(cell(model, 0, SlaItemsModel::AgeColumn) == u"2 d 2 h"_s);
    CHECK(cell(model, 0, SlaItemsModel::DeadlineColumn).endsWith(u"(2 h 0 min ago)"_s));
    CHECK(cell(model, 1, SlaItemsModel::DeadlineColumn).endsWith(u"(22 h 0 min)"_s) == false);
    CHECK(cell(model, 1, SlaItemsModel::DeadlineColumn).endsWith(u"(in 22 h 0 min)"_s));
    CHECK(cell(model, 1, SlaItemsModel::LeaseColumn) == u"nobody"_s);
    CHECK(cell(model, 0, SlaItemsModel::LeaseColumn).startsWith(u"rev1 until "_s));
    CHECK(cell(model, 1, SlaItemsModel::OutputColumn) == u"line one line two"_s);
    CHECK(model.index(0, 0).data(SlaItemsModel::IdRole).toString() == u"o1"_s);

    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(SlaItemsModel::SortRole);
    sorted.sort(SlaItemsModel::ConfidenceColumn, Qt::DescendingOrder);
    CHECK(sorted.index(0, SlaItemsModel::ConfidenceColumn).data().toString() == u"0.70"_s);

    const QStringList lines = tableToCsv(&model).split(u"\r\n"_s);
    REQUIRE(lines.size() == 4);  // header, two rows, the empty rest after the last CRLF
    CHECK(lines.at(0) == u"Deadline,Model,Confidence,Waiting,Leased by,Output"_s);
    CHECK(lines.at(1).endsWith(u",'=positive"_s));  // a formula in a spreadsheet: defused
    CHECK(lines.at(1).contains(u",0.41,2 d 2 h,"_s));
    CHECK(lines.at(3).isEmpty());

    SlaItemsModel quoted;
    SlaItemPage page;
    SlaItem item;
    item.id = u"q"_s;
    item.modelName = u"a,b \"c\""_s;
    item.createdAt = now;
    item.deadline = now;
    page.items = {item};
    page.total = 1;
    quoted.reset(page, now);
    CHECK(tableToCsv(&quoted).split(u"\r\n"_s).at(1).contains(u",\"a,b \"\"c\"\"\","_s));
}

TEST_CASE("SlaBreakdownModel: columns follow 'by', unknown figures are dashes, numbers sort as numbers")
{
    SlaBreakdownModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    SlaBreakdown byModel;
    byModel.models = {SlaModelRow{u"m"_s, u"2"_s, 3, 75.0, 0.5, 90.0, std::nullopt, 4},
                      SlaModelRow{u"n"_s, {}, 10, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 0}};
    model.reset(byModel);
    CHECK(model.columnCount() == 7);
    CHECK(cell(model, 0, 0) == u"m 2"_s);
    CHECK(cell(model, 0, 2) == u"75.0 %"_s);
    CHECK(cell(model, 0, 3) == u"50.0 %"_s);
    CHECK(cell(model, 0, 4) == u"1 min"_s);
    CHECK(cell(model, 0, 5) == u"—"_s);
    CHECK(cell(model, 1, 2) == u"—"_s);
    CHECK(model.index(1, 1).data(SlaBreakdownModel::SortRole).toInt() == 10);

    SlaBreakdown reasons;
    reasons.by = SlaBreakdown::By::Reason;
    reasons.reasons = {SlaReasonRow{u"off_topic"_s, 5, {0, 2, 3}}};
    model.reset(reasons);
    CHECK(model.columnCount() == 3);
    CHECK(model.headerData(1, Qt::Horizontal, Qt::DisplayRole).toString() == u"Rejections"_s);
    CHECK(cell(model, 0, 2) == u"0 2 3"_s);
    CHECK(tableToCsv(&model) == u"Reason,Rejections,\"Last 14 days (per day, oldest first)\"\r\noff_topic,5,0 2 3\r\n"_s);

    SlaBreakdown reviewers;
    reviewers.by = SlaBreakdown::By::Reviewer;
    reviewers.reviewers = {SlaReviewerRow{u"r"_s, u"rev1"_s, 8, 40.0, 0.75, 30.0}};
    model.reset(reviewers);
    CHECK(model.columnCount() == 5);
    CHECK(cell(model, 0, 2) == u"40.0"_s);
    CHECK(cell(model, 0, 3) == u"75.0 %"_s);
}

TEST_CASE("SlaLeasesModel: who holds how many, until when")
{
    SlaLeasesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(600);
    model.reset({SlaLeaseHolder{u"r1"_s, u"rev1"_s, 12, soon, soon.addSecs(60)}});
    REQUIRE(model.rowCount() == 1);
    CHECK(cell(model, 0, SlaLeasesModel::HeldColumn) == u"12"_s);
    CHECK(cell(model, 0, SlaLeasesModel::EarliestColumn) != u"—"_s);
    CHECK(model.index(0, 0).data(SlaLeasesModel::ReviewerIdRole).toString() == u"r1"_s);
    model.reset({});
    CHECK(model.rowCount() == 0);
}
