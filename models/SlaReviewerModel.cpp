#include "SlaReviewerModel.h"

namespace fr {

SlaReviewerModel::SlaReviewerModel(QObject *parent) : QAbstractTableModel(parent) {}

int SlaReviewerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SlaReviewerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SlaReviewerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SlaReviewerStats &row = m_rows.at(index.row());
    const std::optional<double> rate =
        row.reviewed > 0 ? std::optional<double>(100.0 * row.approved / row.reviewed) : std::nullopt;
    if (role == ReviewerIdRole)
        return row.reviewerId;
    if (role == Qt::TextAlignmentRole)
        return index.column() == ReviewerColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == SortRole) {
        switch (index.column()) {
        case ReviewerColumn: return row.username;
        case ReviewedColumn: return row.reviewed;
        case ApprovedColumn: return row.approved;
        case ApprovalRateColumn: return rate ? QVariant(*rate) : QVariant(-1.0);
        case MedianColumn: return row.medianSeconds ? QVariant(*row.medianSeconds) : QVariant(-1.0);
        }
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case ReviewerColumn: return row.username;
    case ReviewedColumn: return QString::number(row.reviewed);
    case ApprovedColumn: return QString::number(row.approved);
    case ApprovalRateColumn: return formatPercent(rate);
    case MedianColumn: return formatDuration(row.medianSeconds);
    }
    return {};
}

QVariant SlaReviewerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ReviewerColumn: return tr("Reviewer");
    case ReviewedColumn: return tr("Reviewed");
    case ApprovedColumn: return tr("Approved");
    case ApprovalRateColumn: return tr("Approval rate");
    case MedianColumn: return tr("Median time");
    }
    return {};
}

void SlaReviewerModel::reset(const QList<SlaReviewerStats> &reviewers)
{
    beginResetModel();
    m_rows = reviewers;
    endResetModel();
}

} // namespace fr
