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
    QString reasonCode;      // a preset reason's stable id ([a-z0-9_-]{1,64}); "" for none
    // The backend's id of this reviewer's own live decision on the output that this one changes
    // (retracted and replaced in one backend transaction); "" for a first decision.
    QString replaces;
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
    // A change of a decision whose fate was unknown when it was made (it had gone out, no answer
    // yet): the idempotency key of that decision. This row waits until that one is answered;
    // its accept then fills in `replaces`, a refusal clears this (the change goes as it is).
    QString replacesKey;
};

QString toString(OutboxState state);               // "queued", "sent", ...
bool fromString(const QString &text, OutboxState *state);  // strict: false on unknown text

} // namespace fr

Q_DECLARE_METATYPE(fr::Decision)
Q_DECLARE_METATYPE(fr::OutboxEntry)
