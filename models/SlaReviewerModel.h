#pragma once

#include "SlaSummary.h"

#include <QAbstractTableModel>
#include <QList>

namespace fr {

// The per-reviewer table of the SLA dashboard: reviewer, reviewed, approved, approval rate,
// median time to review. Sorting is left to a QSortFilterProxyModel (SortRole holds numbers).
class SlaReviewerModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ReviewerColumn, ReviewedColumn, ApprovedColumn, ApprovalRateColumn, MedianColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, ReviewerIdRole };

    explicit SlaReviewerModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const QList<SlaReviewerStats> &reviewers);
    const QList<SlaReviewerStats> &reviewers() const { return m_rows; }

private:
    QList<SlaReviewerStats> m_rows;
};

} // namespace fr
