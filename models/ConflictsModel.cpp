#include "ConflictsModel.h"

#include <QCoreApplication>
#include <QLocale>

namespace fr {
namespace {

using namespace Qt::StringLiterals;

QString decisionText(const Decision &decision)
{
    QString text = decision.approval ? QCoreApplication::translate("fr::ConflictsModel", "Approved") : QCoreApplication::translate("fr::ConflictsModel", "Rejected");
    if (!decision.correction.isEmpty())
        text += QCoreApplication::translate("fr::ConflictsModel", " with a correction");
    return text;
}

QString stateText(OutboxState state)
{
    switch (state) {
    case OutboxState::Queued: return QCoreApplication::translate("fr::ConflictsModel", "Waiting to sync");
    case OutboxState::Sent: return QCoreApplication::translate("fr::ConflictsModel", "Synced");
    case OutboxState::Conflict: return QCoreApplication::translate("fr::ConflictsModel", "Conflict: someone else decided first");
    case OutboxState::Rejected: return QCoreApplication::translate("fr::ConflictsModel", "Refused by the server");
    case OutboxState::RetractQueued: return QCoreApplication::translate("fr::ConflictsModel", "Undo waiting to sync");
    case OutboxState::Retracted: return QCoreApplication::translate("fr::ConflictsModel", "Undone");
    case OutboxState::Discarded: return QCoreApplication::translate("fr::ConflictsModel", "Discarded");
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
    if (role == ApprovalRole)
        return entry.decision.approval;
    if (role == CorrectionRole)
        return entry.decision.correction;
    if (role == CommentRole)
        return entry.decision.comment;
    if (role == IsRetractRole)
        return !entry.feedbackId.isEmpty();
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
    case OutputColumn: return QCoreApplication::translate("fr::ConflictsModel", "Output");
    case DecisionColumn: return QCoreApplication::translate("fr::ConflictsModel", "Decision");
    case StateColumn: return QCoreApplication::translate("fr::ConflictsModel", "State");
    case ReasonColumn: return QCoreApplication::translate("fr::ConflictsModel", "Reason");
    case DecidedAtColumn: return QCoreApplication::translate("fr::ConflictsModel", "Decided at");
    case ColumnCount: break;
    }
    return {};
}

std::optional<OutboxEntry> ConflictsModel::entryAt(int row) const
{
    if (row < 0 || row >= m_entries.size())
        return std::nullopt;
    return m_entries.at(row);
}

void ConflictsModel::reset(const QList<OutboxEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

} // namespace fr
