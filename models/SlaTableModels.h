#pragma once

#include "SlaReports.h"

#include <QAbstractTableModel>
#include <QList>

namespace fr {

// The supervisor's tables. Each shows what it is given; sorting and filtering are left to a
// QSortFilterProxyModel (SortRole holds numbers and times, unknown sorts first as -1).
// Display texts are the ones a CSV export writes (see tableToCsv).

// Overdue or at-risk outputs (GET /sla/items).
class SlaItemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { DeadlineColumn, ModelColumn, ConfidenceColumn, AgeColumn, LeaseColumn, OutputColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, IdRole };

    explicit SlaItemsModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const SlaItemPage &page, const QDateTime &now);
    const SlaItemPage &page() const { return m_page; }
    const SlaItem *item(int row) const;

private:
    SlaItemPage m_page;
    QDateTime m_now;
};

// GET /sla/breakdown: its columns follow what it is broken down by.
class SlaBreakdownModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role { SortRole = Qt::UserRole + 1 };

    explicit SlaBreakdownModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const SlaBreakdown &breakdown);
    const SlaBreakdown &breakdown() const { return m_breakdown; }

private:
    QVariant modelCell(const SlaModelRow &row, int column, bool sort) const;
    QVariant reasonCell(const SlaReasonRow &row, int column, bool sort) const;
    QVariant reviewerCell(const SlaReviewerRow &row, int column, bool sort) const;

    SlaBreakdown m_breakdown;
};

// GET /sla/leases: who holds how many, until when.
class SlaLeasesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ReviewerColumn, HeldColumn, EarliestColumn, LatestColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, ReviewerIdRole };

    explicit SlaLeasesModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const QList<SlaLeaseHolder> &holders);
    const QList<SlaLeaseHolder> &holders() const { return m_rows; }

private:
    QList<SlaLeaseHolder> m_rows;
};

// RFC 4180 CSV of what a table shows (header row, display texts, in the model's row order):
// fields with a comma, quote or line break are quoted, quotes doubled. Cells that a spreadsheet
// would run as a formula (=, +, -, @ first) get a leading apostrophe: the texts are untrusted.
QString tableToCsv(const QAbstractItemModel *model);

// "14:05" today, "Tue 14:05" within a week, a date otherwise; "—" when invalid. Local time.
QString formatWhen(const QDateTime &time, const QDateTime &now);

} // namespace fr
