#pragma once

#include "Decision.h"
#include "ModelOutput.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QVariant>

class QSqlQuery;

// How the local store's rows map to our types. Times are integer milliseconds since the epoch,
// UTC, NULL when unknown; states are stored as their lower-case names.
namespace fr::StoreRows {

QVariant storedTime(const QDateTime &time);
QDateTime readTime(const QVariant &value);
// A null QString binds as SQL NULL; the text columns are NOT NULL and hold '' instead.
QVariant storedText(const QString &text);

QString storedState(ReviewState state);
ReviewState readReviewState(const QString &text);  // Pending for unknown text
const QList<std::pair<ReviewState, QString>> &reviewStateNames();  // every state and its stored text

// "'queued', 'retract_queued'" for an IN (...) list; the texts are our own constants.
QString sqlList(const QList<OutboxState> &states);
const QList<OutboxState> &waitingStates();  // Queued and RetractQueued: still to be sent

// One line, at most 120 characters, with an ellipsis when cut.
QString oneLinePreview(const QString &text);

// The queue's order key: SLA deadline, those without one last. One expression (not
// "sla_deadline IS NULL, sla_deadline") so that outputs_queue_key (schema step 6) can seek to the
// end of the previous page. Every ORDER BY of the queue is "<QueueKey>, confidence, id".
extern const QString QueueKey;
extern const QString QueueOrder;  // "<QueueKey>, confidence, id"

// The outbox columns entryFrom() reads, in its order.
extern const QString OutboxColumns;
OutboxEntry entryFrom(const QSqlQuery &query);

// The decisions due at a time, in decision order: binds now (ms), now (ms), limit. Read by
// LocalStore::due and by StoreWriter before a batch; the rules are at its definition.
QString dueQuery();

// The outputs columns outputFrom() reads, in its order: everything, the large texts too.
extern const QString OutputColumns;
ModelOutput outputFrom(const QSqlQuery &query);

// The outputs columns summaryFrom() reads, in its order: never the large texts.
extern const QString SummaryColumns;
// Model names and versions repeat across thousands of cached outputs: the queue keeps one
// shared copy of each instead of one per row.
class StringPool
{
public:
    QString intern(const QString &text);

private:
    QString internInSet(const QString &text);
    QSet<QString> m_strings;
    QString m_last;  // rows in a page mostly repeat the row before: one compare, no hashing
};

OutputSummary summaryFrom(const QSqlQuery &query, StringPool &pool);

} // namespace fr::StoreRows
