#pragma once

#include "ModelOutput.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QSortFilterProxyModel>

#include <array>
#include <functional>
#include <optional>

namespace fr {

// The reviewer's queue: one row per cached output, without the large texts.
// Display text: "0.41  Refund took three weeks…  31 h".
class QueueModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        ConfidenceRole,     // double
        PreviewRole,        // QString
        ModelNameRole,      // QString
        ModelVersionRole,   // QString
        CreatedAtRole,      // QDateTime
        SlaDeadlineRole,    // QDateTime
        LeaseExpiresAtRole, // QDateTime
        StateRole,          // int (ReviewState)
        SummaryRole,        // QVariant::fromValue(OutputSummary)
        VerdictRole,        // int (Verdict) of the newest decision
        MarkRole,           // QString: the row's decision mark ("✓", "✗•", "!", …; "" while pending)
    };

    explicit QueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(const QList<OutputSummary> &rows);
    void upsert(const QList<OutputSummary> &rows);
    void remove(const QStringList &ids);
    void setState(const QString &id, ReviewState state);
    void setVerdict(const QString &id, Verdict verdict);
    static QString decisionMark(ReviewState state, Verdict verdict);

    int rowOf(const QString &id) const;  // -1 when absent
    OutputSummary summaryAt(int row) const;
    // The row itself, without a copy (sorting 100,000 rows compares millions of pairs); valid
    // until the model changes.
    const OutputSummary &summaryRef(int row) const { return m_rows.at(row); }
    int count(ReviewState state) const;  // kept up to date, O(1)

    // --- Paging (issue 11; additive, used while StoreReader fills the queue) ----------------
    // Appends, in one insertion, the rows this model does not hold yet, and leaves the rows it
    // holds as they are (they are newer than a page read earlier on another thread: a decision
    // made meanwhile must not be taken back). Returns how many were appended. Like upsert(),
    // it never reserves exactly: a page costs its own rows, not a copy of the ones held.
    int appendNew(const QList<OutputSummary> &rows);
    // Room for `rows` rows in all and some more, so that appending pages, and then a lease,
    // never regrows (and rehashes) the 100,000 rows already held.
    void reserve(qsizetype rows);
    static constexpr qsizetype kRoomAtLeast = 5000;

    // "Now" for ages and deadlines; tests set it, the app leaves it at the current time.
    void setClock(std::function<QDateTime()> now);

Q_SIGNALS:
    void countsChanged();

private:
    QList<OutputSummary> m_rows;
    QHash<QString, int> m_rowById;
    std::function<QDateTime()> m_now;
    std::array<int, 5> m_counts{};  // rows per ReviewState
    void reindex();  // also recounts
    void renumberFrom(int first);
    static constexpr qsizetype kFreeElsewhereFrom = 5000;  // rows
    static void discardLater(QList<OutputSummary> &&rows, QHash<QString, int> &&rowById);
};

// Filter (text in preview/model, state) and sort (SLA deadline, confidence, model, state) of the queue.
class QueueFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class SortKey { SlaDeadline, Confidence, Model, State };
    explicit QueueFilterModel(QObject *parent = nullptr);

    void setTextFilter(const QString &text);
    void setStateFilter(std::optional<ReviewState> state);  // nullopt = all states
    void setSortKey(SortKey key);
    SortKey sortKey() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    static int sortRoleFor(SortKey key);
    QString m_text;
    std::optional<ReviewState> m_state;
    SortKey m_sortKey = SortKey::SlaDeadline;
};

} // namespace fr
