#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fr {

// GET /sla/summary: how the team keeps the SLA goal. Values the backend cannot know yet (no
// decisions, nothing pending) are null on the wire and std::nullopt here — "unknown", never 0.
struct SlaReviewerStats {
    QString reviewerId;
    QString username;  // untrusted text: shown as plain text only
    int reviewed = 0;
    int approved = 0;
    std::optional<double> medianSeconds;
};

struct SlaSummary {
    double targetHours = 48.0;                       // the effective target of these figures
    std::optional<double> defaultTargetHours;        // the backend's own setting (older backends: unknown)
    double goal = 0.95;                              // the share that must be on time (0..1)
    int pending = 0;
    int overdue = 0;
    int reviewed = 0;
    std::optional<double> oldestPendingAgeSeconds;
    std::optional<double> reviewedWithinTargetPct7d;   // 0..100
    std::optional<double> reviewedWithinTargetPctAll;  // 0..100
    std::optional<double> medianTimeToReviewSeconds;
    std::optional<double> p95TimeToReviewSeconds;
    std::optional<double> approvalRate;                // 0..1
    QList<SlaReviewerStats> reviewers;
};

// One bucket of GET /sla/timeseries.
struct SlaPoint {
    QDateTime start;  // UTC
    int arrivals = 0;
    int reviewed = 0;
    int reviewedWithinTarget = 0;
    int backlog = 0;  // at the end of the bucket
    std::optional<double> withinTargetPct;  // 0..100; unknown when nothing was reviewed in it
};

struct SlaTimeseries {
    enum class Bucket { Hour, Day };
    Bucket bucket = Bucket::Day;
    double targetHours = 48.0;
    QList<SlaPoint> points;
};

// The goal of the seed article: 95% of flagged outputs reviewed within the target.
inline constexpr double kSlaGoalPercent = 95.0;

// "45 s", "12 min", "3 h 20 min", "2 d 4 h"; "—" for unknown.
QString formatDuration(std::optional<double> seconds);
// "96.5 %"; "—" for unknown.
QString formatPercent(std::optional<double> percent);

} // namespace fr
