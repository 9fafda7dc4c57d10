#pragma once

#include "Decision.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace fr {

// The decisions the backend refused (Conflict and Rejected outbox entries), for the conflicts
// view. Columns: output id, decision, state, reason, decided at.
class ConflictsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { OutputColumn, DecisionColumn, StateColumn, ReasonColumn, DecidedAtColumn, ColumnCount };
    enum Role {
        IdempotencyKeyRole = Qt::UserRole + 1,
        OutputIdRole,
        ApprovalRole,     // bool
        CorrectionRole,
        CommentRole,
        IsRetractRole,    // a refused undo (retract) of a synced decision: it cannot be edited
    };

    explicit ConflictsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const QList<OutboxEntry> &entries);
    std::optional<OutboxEntry> entryAt(int row) const;

private:
    QList<OutboxEntry> m_entries;
};

} // namespace fr
