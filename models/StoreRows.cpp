#include "StoreRows.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace fr::StoreRows {

using namespace Qt::StringLiterals;

namespace {

constexpr int PreviewLength = 120;  // what the list shows, on one line

} // namespace

const QList<std::pair<ReviewState, QString>> &reviewStateNames()
{
    static const QList<std::pair<ReviewState, QString>> names{
        {ReviewState::Pending, u"pending"_s},   {ReviewState::Queued, u"queued"_s},
        {ReviewState::Synced, u"synced"_s},     {ReviewState::Conflict, u"conflict"_s},
        {ReviewState::Rejected, u"rejected"_s},
    };
    return names;
}

// --- Values as stored: times are integer ms since the epoch (UTC), NULL when unknown ---------

QVariant storedTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

// A null QString binds as SQL NULL; the text columns are NOT NULL and hold '' instead.
QVariant storedText(const QString &text)
{
    return text.isNull() ? QVariant(u""_s) : QVariant(text);
}

QDateTime readTime(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QString storedState(ReviewState state)
{
    for (const auto &[value, name] : reviewStateNames()) {
        if (value == state)
            return name;
    }
    return u"pending"_s;
}

ReviewState readReviewState(const QString &text)
{
    for (const auto &[value, name] : reviewStateNames()) {
        if (name == text)
            return value;
    }
    return ReviewState::Pending;
}

// "'queued', 'retract_queued'" for an IN (...) list; the texts are our own constants.
QString sqlList(const QList<OutboxState> &states)
{
    QStringList quoted;
    for (OutboxState state : states)
        quoted.append(u"'%1'"_s.arg(toString(state)));
    return quoted.join(u", "_s);
}

const QList<OutboxState> &waitingStates()
{
    static const QList<OutboxState> states{OutboxState::Queued, OutboxState::RetractQueued};
    return states;
}

// One line, at most PreviewLength characters, with an ellipsis when cut.
// What simplified() would leave as it is: no white space but single inner spaces. Most previews
// are, and the check is a scan where simplified() is a scan, an allocation and a copy.
static bool isOneSimpleLine(QStringView text)
{
    if (text.isEmpty())
        return true;
    if (text.front().isSpace() || text.back().isSpace())
        return false;
    bool previousSpace = false;
    for (const QChar c : text) {
        const bool space = c.isSpace();
        if (space && (c != u' ' || previousSpace))
            return false;
        previousSpace = space;
    }
    return true;
}

// Built at its exact size: 100,000 of them live in the queue, and simplified() and `+` both
// leave spare capacity behind (400 bytes a row instead of 240: 16 MB at 100,000).
QString oneLinePreview(const QString &text)
{
    if (text.size() <= PreviewLength && isOneSimpleLine(text))
        return text;  // as read from SQLite: exactly its size
    const QString line = text.simplified();
    const bool cut = line.size() > PreviewLength;
    const QStringView kept = QStringView(line).left(cut ? PreviewLength - 1 : line.size());
    QString preview;
    preview.reserve(kept.size() + (cut ? 1 : 0));
    preview.append(kept);
    if (cut)
        preview.append(u'…');
    return preview;
}

// The outbox columns entryFrom() reads, in its order.
const QString QueueKey = u"COALESCE(sla_deadline, 9223372036854775807)"_s;
const QString QueueOrder = QueueKey + u", confidence, id"_s;

const QString OutboxColumns = u"sequence, idempotency_key, output_id, reviewer_id, approval, correction, comment, "
                              "decided_at, dwell_ms, state, attempts, next_attempt_at, last_error, feedback_id, transmitted, "
                              "undo_requested, reason_code, replaces, replaces_key"_s;

OutboxEntry entryFrom(const QSqlQuery &query)
{
    OutboxEntry entry;
    entry.sequence = query.value(0).toLongLong();
    Decision &decision = entry.decision;
    decision.idempotencyKey = query.value(1).toString();
    decision.outputId = query.value(2).toString();
    decision.reviewerId = query.value(3).toString();
    decision.approval = query.value(4).toBool();
    decision.correction = query.value(5).toString();
    decision.comment = query.value(6).toString();
    decision.decidedAt = readTime(query.value(7));
    decision.dwellMs = query.value(8).isNull() ? -1 : query.value(8).toLongLong();
    fromString(query.value(9).toString(), &entry.state);
    entry.attempts = query.value(10).toInt();
    entry.nextAttemptAt = readTime(query.value(11));
    entry.lastError = query.value(12).toString();
    entry.feedbackId = query.value(13).toString();
    entry.transmitted = query.value(14).toBool();
    entry.undoRequested = query.value(15).toBool();
    decision.reasonCode = query.value(16).toString();
    decision.replaces = query.value(17).toString();
    entry.replacesKey = query.value(18).toString();
    return entry;
}

// Per output, decisions go in the order they were made: one whose earlier decision on the same
// output still waits for a later retry (an undone decision the backend may hold, a retract) waits
// too, or the backend would see the new one first and refuse it as a second decision. A change
// waits while the decision it changes is still on its way (see replacesKey).
QString dueQuery()
{
    return u"SELECT %1 FROM outbox WHERE state IN (%2) AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
           "AND NOT EXISTS (SELECT 1 FROM outbox AS earlier WHERE earlier.output_id = outbox.output_id "
           "AND earlier.sequence < outbox.sequence AND earlier.state IN (%2) AND earlier.next_attempt_at > ?) "
           "AND (replaces_key = '' OR NOT EXISTS (SELECT 1 FROM outbox AS first WHERE "
           "first.idempotency_key = outbox.replaces_key AND first.state = 'queued')) "
           "ORDER BY sequence LIMIT ?"_s.arg(OutboxColumns, sqlList(waitingStates()));
}

const QString SummaryColumns =
    u"id, model_name, model_version, preview, confidence, created_at, sla_deadline, lease_expires_at, state, "
    // The verdict of the newest decision, for the queue's approve/reject marks; pending rows
    // (most of them) skip the lookup, decided ones use the outbox_output index.
    "CASE WHEN state = 'pending' THEN NULL ELSE (SELECT approval FROM outbox WHERE outbox.output_id = outputs.id "
    "AND outbox.state != 'discarded' ORDER BY sequence DESC LIMIT 1) END"_s;

const QString OutputColumns = u"id, model_name, model_version, input, output, confidence, metadata, created_at, "
                              "sla_deadline, lease_expires_at"_s;

ModelOutput outputFrom(const QSqlQuery &query)
{
    ModelOutput output;
    output.id = query.value(0).toString();
    output.modelName = query.value(1).toString();
    output.modelVersion = query.value(2).toString();
    output.input = query.value(3).toString();
    output.output = query.value(4).toString();
    output.confidence = query.value(5).toDouble();
    output.metadata = QJsonDocument::fromJson(query.value(6).toString().toUtf8()).object();
    output.createdAt = readTime(query.value(7));
    output.slaDeadline = readTime(query.value(8));
    output.leaseExpiresAt = readTime(query.value(9));
    return output;
}

QString StringPool::intern(const QString &text)
{
    if (text == m_last)
        return m_last;
    m_last = internInSet(text);
    return m_last;
}

QString StringPool::internInSet(const QString &text)
{
    const auto found = m_strings.constFind(text);
    if (found != m_strings.cend())
        return *found;
    m_strings.insert(text);
    return text;
}

OutputSummary summaryFrom(const QSqlQuery &query, StringPool &pool)
{
    OutputSummary summary;
    summary.id = query.value(0).toString();
    summary.modelName = pool.intern(query.value(1).toString());
    summary.modelVersion = pool.intern(query.value(2).toString());
    summary.preview = oneLinePreview(query.value(3).toString());
    summary.confidence = query.value(4).toDouble();
    summary.createdAt = readTime(query.value(5));
    summary.slaDeadline = readTime(query.value(6));
    summary.leaseExpiresAt = readTime(query.value(7));
    summary.state = readReviewState(query.value(8).toString());
    if (!query.value(9).isNull())
        summary.verdict = query.value(9).toBool() ? Verdict::Approved : Verdict::Rejected;
    return summary;
}

} // namespace fr::StoreRows
