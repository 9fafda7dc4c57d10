#include "ConflictsModel.h"

#include <QAbstractItemModelTester>

#include <catch2/catch.hpp>

using namespace fr;
using namespace Qt::StringLiterals;

namespace {

OutboxEntry entry(const QString &key, OutboxState state, bool approval, const QString &reason)
{
    OutboxEntry e;
    e.sequence = 1;
    e.decision.idempotencyKey = key;
    e.decision.outputId = u"out-"_s + key;
    e.decision.approval = approval;
    e.decision.decidedAt = QDateTime(QDate(2026, 11, 27), QTime(9, 30), Qt::UTC);
    e.state = state;
    e.lastError = reason;
    return e;
}

QString cell(const ConflictsModel &model, int row, ConflictsModel::Column column)
{
    return model.index(row, column).data().toString();
}

} // namespace

TEST_CASE("ConflictsModel: one row per refused decision, in words a person reads")
{
    ConflictsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    OutboxEntry corrected = entry(u"k2"_s, OutboxState::Rejected, false, u"decided_at is in the future"_s);
    corrected.decision.correction = u"negative"_s;
    model.reset({entry(u"k1"_s, OutboxState::Conflict, true, u"Another reviewer decided first."_s), corrected});

    REQUIRE(model.rowCount() == 2);
    CHECK(model.columnCount() == ConflictsModel::ColumnCount);
    CHECK(cell(model, 0, ConflictsModel::OutputColumn) == u"out-k1"_s);
    CHECK(cell(model, 0, ConflictsModel::DecisionColumn) == u"Approved"_s);
    CHECK(cell(model, 0, ConflictsModel::StateColumn) == u"Conflict: someone else decided first"_s);
    CHECK(cell(model, 0, ConflictsModel::ReasonColumn) == u"Another reviewer decided first."_s);
    CHECK(cell(model, 1, ConflictsModel::DecisionColumn) == u"Rejected with a correction"_s);
    CHECK(cell(model, 1, ConflictsModel::StateColumn) == u"Refused by the server"_s);
    CHECK(cell(model, 1, ConflictsModel::DecidedAtColumn).contains(u"2026"_s.right(2)));
    CHECK(model.index(1, 0).data(ConflictsModel::IdempotencyKeyRole).toString() == u"k2"_s);
    CHECK(model.index(1, 3).data(ConflictsModel::OutputIdRole).toString() == u"out-k2"_s);
    CHECK(model.headerData(ConflictsModel::StateColumn, Qt::Horizontal, Qt::DisplayRole).toString() == u"State"_s);
    CHECK(model.headerData(ConflictsModel::DecidedAtColumn, Qt::Horizontal, Qt::DisplayRole).toString() == u"Decided at"_s);

    model.reset({});
    CHECK(model.rowCount() == 0);
}
