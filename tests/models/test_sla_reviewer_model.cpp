#include "SlaReviewerModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>

#include <catch2/catch.hpp>

using namespace fr;
using namespace Qt::StringLiterals;

namespace {

SlaReviewerStats stats(const QString &name, int reviewed, int approved, std::optional<double> median)
{
    return SlaReviewerStats{u"id-"_s + name, name, reviewed, approved, median};
}

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

TEST_CASE("SlaReviewerModel: one row per reviewer, figures in words a person reads")
{
    SlaReviewerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(model.rowCount() == 0);
    CHECK(model.columnCount() == SlaReviewerModel::ColumnCount);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.reset({stats(u"rev1"_s, 10, 7, 1500.0), stats(u"rev2"_s, 4, 1, 7200.0)});
    CHECK(reset.count() == 1);
    REQUIRE(model.rowCount() == 2);
    CHECK(cell(model, 0, SlaReviewerModel::ReviewerColumn) == u"rev1"_s);
    CHECK(cell(model, 0, SlaReviewerModel::ReviewedColumn) == u"10"_s);
    CHECK(cell(model, 0, SlaReviewerModel::ApprovedColumn) == u"7"_s);
    CHECK(cell(model, 0, SlaReviewerModel::ApprovalRateColumn) == u"70.0 %"_s);
    CHECK(cell(model, 0, SlaReviewerModel::MedianColumn) == u"25 min"_s);
    CHECK(cell(model, 1, SlaReviewerModel::MedianColumn) == u"2 h 0 min"_s);
    CHECK(model.index(1, 0).data(SlaReviewerModel::ReviewerIdRole).toString() == u"id-rev2"_s);
    CHECK(model.headerData(SlaReviewerModel::MedianColumn, Qt::Horizontal, Qt::DisplayRole).toString()
          == u"Median time"_s);
    CHECK(model.index(0, SlaReviewerModel::ReviewedColumn).data(Qt::TextAlignmentRole).toInt()
          == int(Qt::AlignRight | Qt::AlignVCenter));

    model.reset({});
    CHECK(model.rowCount() == 0);
}

TEST_CASE("SlaReviewerModel: unknown median is a dash, sorting goes by numbers, not text")
{
    SlaReviewerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.reset({stats(u"a"_s, 9, 0, std::nullopt), stats(u"b"_s, 10, 10, 30.0), stats(u"c"_s, 0, 0, std::nullopt)});
    CHECK(cell(model, 0, SlaReviewerModel::MedianColumn) == u"—"_s);
    CHECK(cell(model, 2, SlaReviewerModel::ApprovalRateColumn) == u"—"_s);

    QSortFilterProxyModel proxy;
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setSourceModel(&model);
    proxy.setSortRole(SlaReviewerModel::SortRole);
    proxy.sort(SlaReviewerModel::ReviewedColumn, Qt::DescendingOrder);
    // "9" > "10" as text; 10 > 9 as numbers.
    CHECK(cell(proxy, 0, SlaReviewerModel::ReviewerColumn) == u"b"_s);
    CHECK(cell(proxy, 1, SlaReviewerModel::ReviewerColumn) == u"a"_s);
}

TEST_CASE("SlaReviewerModel: names are data, never markup")
{
    SlaReviewerModel model;
    model.reset({stats(u"<b>boss</b>"_s, 1, 1, 1.0)});
    CHECK(cell(model, 0, SlaReviewerModel::ReviewerColumn) == u"<b>boss</b>"_s);
}
