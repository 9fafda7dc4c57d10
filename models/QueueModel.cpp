#include "QueueModel.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSet>
#include <QThreadPool>

#include <algorithm>
#include <utility>

namespace fr {
namespace {

using namespace Qt::StringLiterals;

constexpr int DisplayPreviewLength = 40;

// "31 h", "12 min", "3 d": the age of an output at a glance.
QString shortAge(qint64 seconds)
{
    seconds = std::max<qint64>(seconds, 0);
    if (seconds < 3600)
        return u"%1 min"_s.arg(seconds / 60);
    if (seconds < 72 * 3600)  // hours up to three days: the SLA is counted in hours
        return u"%1 h"_s.arg(seconds / 3600);
    return u"%1 d"_s.arg(seconds / 86400);
}

QString shortPreview(const QString &preview)
{
    return preview.size() <= DisplayPreviewLength ? preview : preview.left(DisplayPreviewLength - 1) + u'…';
}

// A mark in front of a decided row, so that the state shows without colour.
QString stateMark(ReviewState state, Verdict verdict)
{
    const QString mark = QueueModel::decisionMark(state, verdict);
    return mark.isEmpty() ? mark : mark + u' ';
}

QString stateWords(ReviewState state)
{
    switch (state) {
    case ReviewState::Pending: return QCoreApplication::translate("fr::QueueModel", "Not decided yet");
    case ReviewState::Queued: return QCoreApplication::translate("fr::QueueModel", "Decided, waiting to sync");
    case ReviewState::Synced: return QCoreApplication::translate("fr::QueueModel", "Decided and synced");
    case ReviewState::Conflict: return QCoreApplication::translate("fr::QueueModel", "Conflict: someone else decided first");
    case ReviewState::Rejected: return QCoreApplication::translate("fr::QueueModel", "Refused by the server");
    }
    return {};
}

QString localTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                           : QCoreApplication::translate("fr::QueueModel", "unknown");
}

} // namespace

// --- QueueModel --------------------------------------------------------------------------------

QueueModel::QueueModel(QObject *parent)
    : QAbstractListModel(parent), m_now([] { return QDateTime::currentDateTimeUtc(); })
{
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutputSummary &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return u"%1%2  %3  %4"_s.arg(stateMark(row.state, row.verdict), QString::number(row.confidence, 'f', 2),
                                     shortPreview(row.preview), shortAge(row.createdAt.secsTo(m_now())));
    case Qt::ToolTipRole:
        return tr("%1 %2\nConfidence %3\nSLA deadline %4\n%5").arg(row.modelName, row.modelVersion,
                                                                 QString::number(row.confidence, 'f', 2),
                                                                 localTime(row.slaDeadline), stateWords(row.state));
    case IdRole: return row.id;
    case ConfidenceRole: return row.confidence;
    case PreviewRole: return row.preview;
    case ModelNameRole: return row.modelName;
    case ModelVersionRole: return row.modelVersion;
    case CreatedAtRole: return row.createdAt;
    case SlaDeadlineRole: return row.slaDeadline;
    case LeaseExpiresAtRole: return row.leaseExpiresAt;
    case StateRole: return int(row.state);
    case VerdictRole: return int(row.verdict);
    case MarkRole: return decisionMark(row.state, row.verdict);
    case SummaryRole: return QVariant::fromValue(row);
    default: return {};
    }
}

QHash<int, QByteArray> QueueModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "id"}, {ConfidenceRole, "confidence"}, {PreviewRole, "preview"},
                  {ModelNameRole, "modelName"}, {ModelVersionRole, "modelVersion"}, {CreatedAtRole, "createdAt"},
                  {SlaDeadlineRole, "slaDeadline"}, {LeaseExpiresAtRole, "leaseExpiresAt"}, {StateRole, "state"},
                  {VerdictRole, "verdict"}, {MarkRole, "mark"},
                  {SummaryRole, "summary"}});
    return names;
}

void QueueModel::reset(const QList<OutputSummary> &rows)
{
    beginResetModel();
    discardLater(std::exchange(m_rows, rows), std::exchange(m_rowById, {}));
    reindex();
    endResetModel();
    Q_EMIT countsChanged();
}

// 100,000 rows are 400,000 strings to free and a hash to take apart: 20-40 ms on the GUI thread
// at a sign-out. Nothing else refers to them (their strings are shared only by reference count,
// which is atomic), so a pool thread frees them.
void QueueModel::discardLater(QList<OutputSummary> &&rows, QHash<QString, int> &&rowById)
{
    if (rows.size() < kFreeElsewhereFrom)
        return;  // freed here, on return: cheaper than a hand-over
    QThreadPool::globalInstance()->start([rows = std::move(rows), rowById = std::move(rowById)]() mutable {
        rows = {};
        rowById = {};
    });
}

void QueueModel::upsert(const QList<OutputSummary> &rows)
{
    // Known rows are refreshed in place; new ones are appended in one insertion. The new rows are
    // counted first, then appended.
    QSet<QString> newIds;  // a list may name the same new output twice: one row
    for (const OutputSummary &summary : rows) {
        const int row = rowOf(summary.id);
        if (row < 0) {
            newIds.insert(summary.id);
            continue;
        }
        --m_counts[size_t(m_rows.at(row).state)];
        ++m_counts[size_t(summary.state)];
        m_rows[row] = summary;
        Q_EMIT dataChanged(index(row), index(row));
    }
    if (!newIds.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(newIds.size()) - 1);
        // No exact reserve: after reserve() it reallocated all 100,000 rows for every leased
        // slice (20 ms each); append grows geometrically.
        for (const OutputSummary &summary : rows) {
            if (m_rowById.contains(summary.id))
                continue;
            m_rowById.insert(summary.id, int(m_rows.size()));
            ++m_counts[size_t(summary.state)];
            m_rows.append(summary);
        }
        endInsertRows();
    }
    Q_EMIT countsChanged();
}

void QueueModel::remove(const QStringList &ids)
{
    QList<int> rows;
    for (const QString &id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    // From the bottom up, so that the rows still to remove keep their numbers; each run of
    // neighbouring rows in one step (a hand-back of 500 is one or a few runs, and every step
    // costs the sorted view a pass over all its rows).
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());  // an id named twice
    for (const int row : std::as_const(rows)) {
        --m_counts[size_t(m_rows.at(row).state)];
        m_rowById.remove(m_rows.at(row).id);
    }
    for (qsizetype at = 0; at < rows.size();) {
        const int last = rows.at(at);
        int first = last;
        while (++at < rows.size() && rows.at(at) == first - 1)
            first = rows.at(at);
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
    }
    renumberFrom(rows.constLast());
    Q_EMIT countsChanged();
}

// Only the rows after the first removed one moved (a full reindex of 100,000 rows after every
// slice of a hand-back was 5-10 ms each).
void QueueModel::renumberFrom(int first)
{
    for (int row = first; row < m_rows.size(); ++row) {
        if (const auto it = m_rowById.find(m_rows.at(row).id); it != m_rowById.end())
            *it = row;
    }
}

// --- Paging (issue 11) ---------------------------------------------------------------------------

// With room for what a session adds on top (an offline lease, the routine leases): growing past
// an exact reserve moved 100,000 rows to a new block and rehashed their ids, 12 ms in one stall
// of an offline lease. Room never written to is address space, not memory: peak RSS did not grow.
void QueueModel::reserve(qsizetype rows)
{
    if (rows <= m_rows.size())
        return;
    const qsizetype room = rows + std::max<qsizetype>(rows / 8, kRoomAtLeast);
    m_rows.reserve(room);
    m_rowById.reserve(room);
}

int QueueModel::appendNew(const QList<OutputSummary> &rows)
{
    QSet<QString> fresh;  // a page may not name the same output twice, but a caller might
    fresh.reserve(rows.size());
    for (const OutputSummary &summary : rows) {
        if (!m_rowById.contains(summary.id))
            fresh.insert(summary.id);
    }
    if (fresh.isEmpty())
        return 0;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const OutputSummary &summary : rows) {
        if (m_rowById.contains(summary.id))
            continue;
        m_rowById.insert(summary.id, int(m_rows.size()));
        ++m_counts[size_t(summary.state)];
        m_rows.append(summary);  // geometric growth (see the header)
    }
    endInsertRows();
    Q_EMIT countsChanged();
    return int(fresh.size());
}

void QueueModel::setState(const QString &id, ReviewState state)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows.at(row).state == state)
        return;
    --m_counts[size_t(m_rows.at(row).state)];
    ++m_counts[size_t(state)];
    m_rows[row].state = state;
    // Only what a state touches: a sorting proxy whose sort role is not among these keeps the
    // row where it is instead of moving it (one decision = one key press = no re-sort).
    Q_EMIT dataChanged(index(row), index(row), {Qt::DisplayRole, Qt::ToolTipRole, StateRole, SummaryRole});
    Q_EMIT countsChanged();
}

// Approve and reject look different in every state where a decision stands: ✓ / ✗, with a dot
// while it waits to be sent. A refusal outranks the verdict: ! (conflict), ? (refused).
QString QueueModel::decisionMark(ReviewState state, Verdict verdict)
{
    const QString verdictMark = verdict == Verdict::Rejected ? u"✗"_s : verdict == Verdict::Approved ? u"✓"_s : QString();
    switch (state) {
    case ReviewState::Pending: return {};
    case ReviewState::Queued: return verdictMark + u"•"_s;
    case ReviewState::Synced: return verdictMark.isEmpty() ? u"✓"_s : verdictMark;
    case ReviewState::Conflict: return u"!"_s;
    case ReviewState::Rejected: return u"?"_s;
    }
    return {};
}

void QueueModel::setVerdict(const QString &id, Verdict verdict)
{
    const int row = rowOf(id);
    if (row < 0 || m_rows.at(row).verdict == verdict)
        return;
    m_rows[row].verdict = verdict;
    Q_EMIT dataChanged(index(row), index(row), {Qt::DisplayRole, VerdictRole, MarkRole, SummaryRole});
}

int QueueModel::rowOf(const QString &id) const
{
    return m_rowById.value(id, -1);
}

OutputSummary QueueModel::summaryAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : OutputSummary();
}

int QueueModel::count(ReviewState state) const
{
    return m_counts[size_t(state)];
}

void QueueModel::setClock(std::function<QDateTime()> now)
{
    m_now = std::move(now);
    if (!m_rows.isEmpty())  // the ages in the display text change
        Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {Qt::DisplayRole});
}

void QueueModel::reindex()
{
    m_rowById.clear();
    m_rowById.reserve(m_rows.size());
    m_counts.fill(0);
    for (int row = 0; row < m_rows.size(); ++row) {
        m_rowById.insert(m_rows.at(row).id, row);
        ++m_counts[size_t(m_rows.at(row).state)];
    }
}

// --- QueueFilterModel --------------------------------------------------------------------------

namespace {

// Null deadlines sort last: an output without a deadline is the least urgent.
int compareDeadlines(const QDateTime &left, const QDateTime &right)
{
    if (left.isValid() != right.isValid())
        return left.isValid() ? -1 : 1;
    return left < right ? -1 : (right < left ? 1 : 0);
}

template <typename T>
int compareValues(const T &left, const T &right)
{
    return left < right ? -1 : (right < left ? 1 : 0);
}

// The tie-breakers every key ends with: the most urgent first, then the least sure, then by id
// so that the order is total and stable across refreshes.
int compareUrgency(const OutputSummary &left, const OutputSummary &right)
{
    if (const int c = compareDeadlines(left.slaDeadline, right.slaDeadline))
        return c;
    if (const int c = compareValues(left.confidence, right.confidence))
        return c;
    return compareValues(left.id, right.id);
}

int compareBy(QueueFilterModel::SortKey key, const OutputSummary &left, const OutputSummary &right)
{
    using Key = QueueFilterModel::SortKey;
    int c = 0;
    switch (key) {
    case Key::SlaDeadline: break;
    case Key::Confidence: c = compareValues(left.confidence, right.confidence); break;
    case Key::Model:
        c = QString::compare(left.modelName, right.modelName, Qt::CaseInsensitive);
        if (c == 0)
            c = QString::compare(left.modelVersion, right.modelVersion);
        break;
    case Key::State: c = compareValues(int(left.state), int(right.state)); break;
    }
    return c != 0 ? c : compareUrgency(left, right);
}

OutputSummary summaryOf(const QModelIndex &index)
{
    return index.data(QueueModel::SummaryRole).value<OutputSummary>();
}

} // namespace

QueueFilterModel::QueueFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(sortRoleFor(m_sortKey));
    sort(0);  // sorting is on from the start; lessThan() decides the order
}

// lessThan() reads whole rows, but the proxy re-sorts a changed row only when the change names
// the sort role: so the role is the one that carries the key.
int QueueFilterModel::sortRoleFor(SortKey key)
{
    switch (key) {
    case SortKey::SlaDeadline: return QueueModel::SlaDeadlineRole;
    case SortKey::Confidence: return QueueModel::ConfidenceRole;
    case SortKey::Model: return QueueModel::ModelNameRole;
    case SortKey::State: return QueueModel::StateRole;
    }
    return QueueModel::SlaDeadlineRole;
}

void QueueFilterModel::setTextFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

void QueueFilterModel::setStateFilter(std::optional<ReviewState> state)
{
    if (state == m_state)
        return;
    m_state = state;
    invalidateFilter();
}

void QueueFilterModel::setSortKey(SortKey key)
{
    if (key == m_sortKey)
        return;
    m_sortKey = key;
    setSortRole(sortRoleFor(key));
    invalidate();  // re-sorts
}

QueueFilterModel::SortKey QueueFilterModel::sortKey() const
{
    return m_sortKey;
}

bool QueueFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_state && index.data(QueueModel::StateRole).toInt() != int(*m_state))
        return false;
    if (m_text.isEmpty())
        return true;
    return index.data(QueueModel::PreviewRole).toString().contains(m_text, Qt::CaseInsensitive)
        || index.data(QueueModel::ModelNameRole).toString().contains(m_text, Qt::CaseInsensitive);
}

bool QueueFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // The common case compares the rows in place; any other source goes through QVariant.
    if (const auto *queue = qobject_cast<const QueueModel *>(sourceModel()))
        return compareBy(m_sortKey, queue->summaryRef(left.row()), queue->summaryRef(right.row())) < 0;
    return compareBy(m_sortKey, summaryOf(left), summaryOf(right)) < 0;
}

} // namespace fr
