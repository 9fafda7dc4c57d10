#pragma once

#include "SlaSummary.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fr {

// The supervisor's "what do I do now" answers of API v1 (GET /sla/items, /sla/forecast,
// /sla/breakdown, /sla/histogram, /sla/leases). Unknown values are std::nullopt, never 0.
// Every text here (model names, previews, usernames) is untrusted: plain text only.

// One output of GET /sla/items (overdue or at risk).
struct SlaItem {
    QString id;
    QString modelName;
    QString modelVersion;
    double confidence = 0.0;
    QDateTime createdAt;
    QDateTime deadline;
    QString leaseHolder;        // empty: nobody holds it
    QDateTime leaseExpiresAt;   // invalid: no lease
    QString inputPreview;
    QString outputPreview;
};

struct SlaItemPage {
    enum class Kind { Overdue, AtRisk };
    enum class Sort { Deadline, Confidence, Age };
    QList<SlaItem> items;
    int total = 0;  // all matching items, of which `items` is one page
};

// GET /sla/forecast: what breaches within the horizon at the current pace.
struct SlaForecast {
    double horizonHours = 24.0;
    double pacePerHour = 0.0;
    int pending = 0;
    int breaching = 0;
    std::optional<double> reviewerHoursNeeded;  // unknown when nobody has a pace yet
    QString sentence;  // the backend's own words; shown as plain text
};

// GET /sla/breakdown rows, one struct per "by".
struct SlaModelRow {
    QString modelName;
    QString modelVersion;
    int backlog = 0;
    std::optional<double> withinTargetPct;  // 0..100
    std::optional<double> approvalRate;     // 0..1
    std::optional<double> medianSeconds;
    std::optional<double> p95Seconds;
    int reviewed = 0;
};

struct SlaReasonRow {
    QString reasonCode;
    int count = 0;
    QList<int> trend;  // per day, oldest first (14 days)
};

struct SlaReviewerRow {
    QString reviewerId;
    QString username;
    int decisions = 0;
    std::optional<double> perHourOnScreen;
    std::optional<double> approvalRate;  // 0..1
    std::optional<double> medianSeconds;
};

struct SlaBreakdown {
    enum class By { Model, Reason, Reviewer };
    By by = By::Model;
    QList<SlaModelRow> models;
    QList<SlaReasonRow> reasons;
    QList<SlaReviewerRow> reviewers;
    int rowCount() const
    {
        return int(by == By::Model ? models.size() : by == By::Reason ? reasons.size() : reviewers.size());
    }
};

// GET /sla/histogram: time to review in buckets [lo_s, hi_s).
struct SlaHistogramBucket {
    double loSeconds = 0.0;
    std::optional<double> hiSeconds;  // none: the open last bucket
    int count = 0;
};

struct SlaHistogram {
    double targetHours = 48.0;
    QList<SlaHistogramBucket> buckets;
};

// GET /sla/leases: who holds how many outputs, until when.
struct SlaLeaseHolder {
    QString reviewerId;
    QString username;
    int held = 0;
    QDateTime earliestExpiry;
    QDateTime latestExpiry;
};

// Everything the dashboard shows at one moment: what is kept for offline (SlaSnapshotFile).
struct SlaSnapshot {
    QDateTime takenAt;  // UTC; invalid: no snapshot
    std::optional<SlaSummary> summary;
    std::optional<SlaTimeseries> timeseries;
    std::optional<SlaTimeseries> daily;  // % within target per day
    std::optional<SlaForecast> forecast;
    std::optional<SlaItemPage> overdue;
    std::optional<SlaItemPage> atRisk;
    std::optional<SlaBreakdown> byModel;
    std::optional<SlaBreakdown> byReason;
    std::optional<SlaBreakdown> byReviewer;
    std::optional<SlaHistogram> histogram;
    std::optional<QList<SlaLeaseHolder>> leases;
};

} // namespace fr
