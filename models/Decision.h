#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace fr {

// A reviewer's verdict on one output, as it is kept in the outbox and sent to the backend.
struct Decision {
    QString idempotencyKey;  // client-made UUID (no braces); a retry resends the same key
    QString outputId;
    QString reviewerId;
    bool approval = false;
    QString correction;
    QString comment;
    QDateTime decidedAt;     // UTC
    qint64 dwellMs = -1;     // time the output was on screen before the decision; -1 unknown
};

enum class OutboxState {
    Queued,          // waiting to be sent
    Sent,            // the backend stored it (feedbackId is known)
    Conflict,        // 409 / batch "conflict": another reviewer decided first
    Rejected,        // 4xx / batch "invalid": not retried, shown to the person
    RetractQueued,   // undone after sync: a retract waits to be sent
    Retracted,       // the backend retracted it
    Discarded,       // refused, and the person chose to drop it: kept as history, never sent
};

struct OutboxEntry {
    qint64 sequence = 0;  // local order of decisions
    Decision decision;
    OutboxState state = OutboxState::Queued;
    int attempts = 0;
    QDateTime nextAttemptAt;  // UTC; null = as soon as possible
    QString lastError;        // a sentence for a person
    QString feedbackId;       // the backend's id once Sent
    // It went out in a request at least once, so the backend may hold it even without an answer
    // (a timeout after the commit): an undo can then no longer just delete the row.
    bool transmitted = false;
    // Undone while it may already be on the backend: when the backend's accept arrives, a
    // retract is queued instead of recording it as sent. Durable, so it survives a crash.
    bool undoRequested = false;
};

QString toString(OutboxState state);               // "queued", "sent", ...
bool fromString(const QString &text, OutboxState *state);  // strict: false on unknown text

} // namespace fr

Q_DECLARE_METATYPE(fr::Decision)
Q_DECLARE_METATYPE(fr::OutboxEntry)
