#include "SlaTableModels.h"

#include <QLocale>

namespace fr {

namespace {

QVariant alignment(bool left)
{
    return left ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
}

QVariant sortNumber(const std::optional<double> &value) { return value ? QVariant(*value) : QVariant(-1.0); }

QString percentOfRate(const std::optional<double> &rate)
{
    return formatPercent(rate ? std::optional<double>(*rate * 100.0) : std::nullopt);
}

QString modelText(const QString &name, const QString &version)
{
    return version.isEmpty() ? name : QStringLiteral("%1 %2").arg(name, version);
}

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    return text;
}

} // namespace

QString formatWhen(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return QStringLiteral("—");
    const QDateTime local = time.toLocalTime();
    const QLocale locale;
    const qint64 days = std::abs(now.toLocalTime().date().daysTo(local.date()));
    if (days == 0)
        return locale.toString(local.time(), QStringLiteral("HH:mm"));
    if (days < 7)
        return locale.toString(local, QStringLiteral("ddd HH:mm"));
    return locale.toString(local, QStringLiteral("yyyy-MM-dd HH:mm"));
}

// --- SlaItemsModel ---------------------------------------------------------------------------

SlaItemsModel::SlaItemsModel(QObject *parent) : QAbstractTableModel(parent) {}

int SlaItemsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_page.items.size()); }
int SlaItemsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

const SlaItem *SlaItemsModel::item(int row) const
{
    return row >= 0 && row < m_page.items.size() ? &m_page.items.at(row) : nullptr;
}

QVariant SlaItemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SlaItem &row = m_page.items.at(index.row());
    const double ageSeconds = double(row.createdAt.secsTo(m_now));
    if (role == IdRole)
        return row.id;
    if (role == Qt::TextAlignmentRole)
        return alignment(index.column() == ModelColumn || index.column() == OutputColumn || index.column() == LeaseColumn);
    if (role == SortRole) {
        switch (index.column()) {
        case DeadlineColumn: return row.deadline.toMSecsSinceEpoch();
        case ModelColumn: return modelText(row.modelName, row.modelVersion);
        case ConfidenceColumn: return row.confidence;
        case AgeColumn: return ageSeconds;
        case LeaseColumn: return row.leaseHolder;
        case OutputColumn: return row.outputPreview;
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == OutputColumn)
        return row.outputPreview;  // a tooltip is rich text only when it looks like it; previews are short
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case DeadlineColumn: {
        const qint64 left = m_now.secsTo(row.deadline);
        const QString when = formatWhen(row.deadline, m_now);
        return left < 0 ? tr("%1 (%2 ago)").arg(when, formatDuration(double(-left)))
                        : tr("%1 (in %2)").arg(when, formatDuration(double(left)));
    }
    case ModelColumn: return modelText(row.modelName, row.modelVersion);
    case ConfidenceColumn: return QString::number(row.confidence, 'f', 2);
    case AgeColumn: return formatDuration(ageSeconds);
    case LeaseColumn:
        return row.leaseHolder.isEmpty() ? tr("nobody")
                                         : tr("%1 until %2").arg(row.leaseHolder, formatWhen(row.leaseExpiresAt, m_now));
    case OutputColumn: return oneLine(row.outputPreview);
    }
    return {};
}

QVariant SlaItemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DeadlineColumn: return tr("Deadline");
    case ModelColumn: return tr("Model");
    case ConfidenceColumn: return tr("Confidence");
    case AgeColumn: return tr("Waiting");
    case LeaseColumn: return tr("Leased by");
    case OutputColumn: return tr("Output");
    }
    return {};
}

void SlaItemsModel::reset(const SlaItemPage &page, const QDateTime &now)
{
    beginResetModel();
    m_page = page;
    m_now = now;
    endResetModel();
}

// --- SlaBreakdownModel -----------------------------------------------------------------------

SlaBreakdownModel::SlaBreakdownModel(QObject *parent) : QAbstractTableModel(parent) {}

int SlaBreakdownModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_breakdown.rowCount(); }

int SlaBreakdownModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    switch (m_breakdown.by) {
    case SlaBreakdown::By::Model: return 7;
    case SlaBreakdown::By::Reason: return 3;
    case SlaBreakdown::By::Reviewer: return 5;
    }
    return 0;
}

QVariant SlaBreakdownModel::modelCell(const SlaModelRow &row, int column, bool sort) const
{
    switch (column) {
    case 0: return modelText(row.modelName, row.modelVersion);
    case 1: return sort ? QVariant(row.backlog) : QVariant(QString::number(row.backlog));
    case 2: return sort ? sortNumber(row.withinTargetPct) : QVariant(formatPercent(row.withinTargetPct));
    case 3: return sort ? sortNumber(row.approvalRate) : QVariant(percentOfRate(row.approvalRate));
    case 4: return sort ? sortNumber(row.medianSeconds) : QVariant(formatDuration(row.medianSeconds));
    case 5: return sort ? sortNumber(row.p95Seconds) : QVariant(formatDuration(row.p95Seconds));
    case 6: return sort ? QVariant(row.reviewed) : QVariant(QString::number(row.reviewed));
    }
    return {};
}

QVariant SlaBreakdownModel::reasonCell(const SlaReasonRow &row, int column, bool sort) const
{
    switch (column) {
    case 0: return row.reasonCode.isEmpty() ? tr("(no reason given)") : row.reasonCode;
    case 1: return sort ? QVariant(row.count) : QVariant(QString::number(row.count));
    case 2: {
        if (sort)
            return row.trend.isEmpty() ? 0 : row.trend.constLast();
        QStringList days;
        for (int n : row.trend)
            days.append(QString::number(n));
        return days.join(QLatin1Char(' '));
    }
    }
    return {};
}

QVariant SlaBreakdownModel::reviewerCell(const SlaReviewerRow &row, int column, bool sort) const
{
    switch (column) {
    case 0: return row.username;
    case 1: return sort ? QVariant(row.decisions) : QVariant(QString::number(row.decisions));
    case 2:
        return sort ? sortNumber(row.perHourOnScreen)
                    : QVariant(row.perHourOnScreen ? QString::number(*row.perHourOnScreen, 'f', 1) : QStringLiteral("—"));
    case 3: return sort ? sortNumber(row.approvalRate) : QVariant(percentOfRate(row.approvalRate));
    case 4: return sort ? sortNumber(row.medianSeconds) : QVariant(formatDuration(row.medianSeconds));
    }
    return {};
}

QVariant SlaBreakdownModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(index.column() == 0 || (m_breakdown.by == SlaBreakdown::By::Reason && index.column() == 2));
    const bool sort = role == SortRole;
    if (!sort && role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    const int r = index.row();
    switch (m_breakdown.by) {
    case SlaBreakdown::By::Model: return modelCell(m_breakdown.models.at(r), index.column(), sort);
    case SlaBreakdown::By::Reason: return reasonCell(m_breakdown.reasons.at(r), index.column(), sort);
    case SlaBreakdown::By::Reviewer: return reviewerCell(m_breakdown.reviewers.at(r), index.column(), sort);
    }
    return {};
}

QVariant SlaBreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (m_breakdown.by) {
    case SlaBreakdown::By::Model: {
        const QStringList names{tr("Model"), tr("Backlog"), tr("Within target"), tr("Approval rate"),
                                tr("Median time"), tr("95th percentile"), tr("Reviewed")};
        return names.at(section);
    }
    case SlaBreakdown::By::Reason: {
        const QStringList names{tr("Reason"), tr("Rejections"), tr("Last 14 days (per day, oldest first)")};
        return names.at(section);
    }
    case SlaBreakdown::By::Reviewer: {
        const QStringList names{tr("Reviewer"), tr("Decisions"), tr("Per hour on screen"), tr("Approval rate"),
                                tr("Median time")};
        return names.at(section);
    }
    }
    return {};
}

void SlaBreakdownModel::reset(const SlaBreakdown &breakdown)
{
    beginResetModel();
    m_breakdown = breakdown;
    endResetModel();
}

// --- SlaLeasesModel --------------------------------------------------------------------------

SlaLeasesModel::SlaLeasesModel(QObject *parent) : QAbstractTableModel(parent) {}

int SlaLeasesModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int SlaLeasesModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SlaLeasesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SlaLeaseHolder &row = m_rows.at(index.row());
    if (role == ReviewerIdRole)
        return row.reviewerId;
    if (role == Qt::TextAlignmentRole)
        return alignment(index.column() == ReviewerColumn);
    if (role == SortRole) {
        switch (index.column()) {
        case ReviewerColumn: return row.username;
        case HeldColumn: return row.held;
        case EarliestColumn: return row.earliestExpiry.toMSecsSinceEpoch();
        case LatestColumn: return row.latestExpiry.toMSecsSinceEpoch();
        }
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (index.column()) {
    case ReviewerColumn: return row.username;
    case HeldColumn: return QString::number(row.held);
    case EarliestColumn: return formatWhen(row.earliestExpiry, now);
    case LatestColumn: return formatWhen(row.latestExpiry, now);
    }
    return {};
}

QVariant SlaLeasesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ReviewerColumn: return tr("Reviewer");
    case HeldColumn: return tr("Leased outputs");
    case EarliestColumn: return tr("First lease ends");
    case LatestColumn: return tr("Last lease ends");
    }
    return {};
}

void SlaLeasesModel::reset(const QList<SlaLeaseHolder> &holders)
{
    beginResetModel();
    m_rows = holders;
    endResetModel();
}

// --- CSV -------------------------------------------------------------------------------------

namespace {

QString csvField(QString text)
{
    static const QString formulaStarts = QStringLiteral("=+-@");
    // A number such as "-3" is data, not a formula; anything else starting so is defused.
    bool isNumber = false;
    text.toDouble(&isNumber);
    if (!text.isEmpty() && formulaStarts.contains(text.front()) && !isNumber)
        text.prepend(QLatin1Char('\''));
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) || text.contains(QLatin1Char('\n'))
        || text.contains(QLatin1Char('\r'))) {
        text.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        text = QLatin1Char('"') + text + QLatin1Char('"');
    }
    return text;
}

} // namespace

QString tableToCsv(const QAbstractItemModel *model)
{
    QString csv;
    const int columns = model->columnCount();
    QStringList fields;
    for (int c = 0; c < columns; ++c)
        fields.append(csvField(model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString()));
    csv += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (int r = 0; r < model->rowCount(); ++r) {
        fields.clear();
        for (int c = 0; c < columns; ++c)
            fields.append(csvField(model->index(r, c).data(Qt::DisplayRole).toString()));
        csv += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return csv;
}

} // namespace fr
