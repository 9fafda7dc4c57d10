#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace fr {

// Where an output stands from this reviewer's point of view.
enum class ReviewState {
    Pending,    // leased to us, not decided yet
    Queued,     // decided, the decision waits in the outbox
    Synced,     // the backend stored the decision
    Conflict,   // the backend refused it: someone else decided first
    Rejected,   // the backend refused it as invalid (shown, not retried)
};

// What the newest decision on an output said (None while nothing is decided).
enum class Verdict { None, Approved, Rejected };

// One model output as the backend leased it to us. Input and output are untrusted text.
struct ModelOutput {
    QString id;
    QString modelName;
    QString modelVersion;
    QString input;
    QString output;
    double confidence = 0.0;
    QJsonObject metadata;
    QDateTime createdAt;       // UTC
    QDateTime slaDeadline;     // UTC; createdAt + the SLA target
    QDateTime leaseExpiresAt;  // UTC; our lease on it
};

// What the queue list needs of an output: everything but the large texts, which are read
// from the local store only when the output is shown.
struct OutputSummary {
    QString id;
    QString modelName;
    QString modelVersion;
    QString preview;  // the start of the input, one line, at most ~120 characters
    double confidence = 0.0;
    QDateTime createdAt;
    QDateTime slaDeadline;
    QDateTime leaseExpiresAt;
    ReviewState state = ReviewState::Pending;
    Verdict verdict = Verdict::None;
};

} // namespace fr

// Moved in memory as bytes when a list of them grows (every member is Qt's implicitly shared or
// plain): the queue's 100,000 summaries were copied one by one, and the old ones destroyed, when
// an offline lease grew the list past its capacity (12 ms on the GUI thread, in one stall).
Q_DECLARE_TYPEINFO(fr::OutputSummary, Q_RELOCATABLE_TYPE);
static_assert(QTypeInfo<QString>::isRelocatable && QTypeInfo<QDateTime>::isRelocatable);

Q_DECLARE_METATYPE(fr::ModelOutput)
Q_DECLARE_METATYPE(fr::OutputSummary)
