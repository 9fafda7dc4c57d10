#include "ConflictsModel.h"

#include <QLocale>

namespace fr {
namespace {

using namespace Qt::StringLiterals;

QString decisionText(const Decision &decision)
{
    QString text = decision.approval ? u"Approved"_s : u"Rejected"_s;
    if (!decision.correction.isEmpty())
        text += u" with a correction"_s;
    return text;
}

QString stateText(OutboxState state)
{
    switch (state) {
    case OutboxState::Queued: return u"Waiting to sync"_s;
    case OutboxState::Sent: return u"Synced"_s;
    case OutboxState::Conflict: return u"Conflict: someone else decided first"_s;
    case OutboxState::Rejected: return u"Refused by the server"_s;
    case OutboxState::RetractQueued: return u"Undo waiting to sync"_s;
    case OutboxState::Retracted: return u"Undone"_s;
    }
    return {};
}

} // namespace

ConflictsModel::ConflictsModel(QObject *parent) : QAbstractTableModel(parent) {}

int ConflictsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ConflictsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConflictsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutboxEntry &entry = m_entries.at(index.row());
    if (role == IdempotencyKeyRole)
        return entry.decision.idempotencyKey;
    if (role == OutputIdRole)
        return entry.decision.outputId;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case OutputColumn: return entry.decision.outputId;
    case DecisionColumn: return decisionText(entry.decision);
    case StateColumn: return stateText(entry.state);
    case ReasonColumn: return entry.lastError;
    case DecidedAtColumn: return QLocale().toString(entry.decision.decidedAt.toLocalTime(), QLocale::ShortFormat);
    case ColumnCount: break;
    }
    return {};
}

QVariant ConflictsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case OutputColumn: return u"Output"_s;
    case DecisionColumn: return u"Decision"_s;
    case StateColumn: return u"State"_s;
    case ReasonColumn: return u"Reason"_s;
    case DecidedAtColumn: return u"Decided at"_s;
    case ColumnCount: break;
    }
    return {};
}

void ConflictsModel::reset(const QList<OutboxEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

} // namespace fr
