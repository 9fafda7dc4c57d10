#pragma once

#include "Decision.h"

#include <QAbstractTableModel>
#include <QList>

namespace fr {

// The decisions the backend refused (Conflict and Rejected outbox entries), for the conflicts
// view. Columns: output id, decision, state, reason, decided at.
class ConflictsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { OutputColumn, DecisionColumn, StateColumn, ReasonColumn, DecidedAtColumn, ColumnCount };
    enum Role { IdempotencyKeyRole = Qt::UserRole + 1, OutputIdRole };

    explicit ConflictsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const QList<OutboxEntry> &entries);

private:
    QList<OutboxEntry> m_entries;
};

} // namespace fr
