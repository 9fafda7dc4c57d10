// Going from output to output moves nothing but the texts: the review header and the status
// line's numbers change at every key, and a label as wide as its text laid the window out again
// each time (and a 500-character model name made the pane as wide as the name).
#include <catch2/catch.hpp>

#include "ReviewPane.h"
#include "StatusPanel.h"

#include <QLabel>
#include <QTest>

using namespace fr;

namespace {

ModelOutput outputFrom(const QString &modelName)
{
    ModelOutput output;
    output.id = modelName.left(20);
    output.modelName = modelName;
    output.modelVersion = QStringLiteral("1.4.2");
    output.confidence = 0.41;
    output.input = QStringLiteral("The refund took three weeks.");
    output.output = QStringLiteral("negative");
    output.createdAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
    output.slaDeadline = output.createdAt.addSecs(48 * 3600);
    return output;
}

QList<QRect> labelGeometries(const QWidget &parent)
{
    QList<QRect> geometries;
    for (const QLabel *label : parent.findChildren<QLabel *>())
        geometries.append(label->geometry());
    return geometries;
}

void showWithSentimentModel(ReviewPane &pane)
{
    pane.resize(700, 500);
    pane.setOutput(outputFrom(QStringLiteral("sentiment-v3")));
    pane.show();
    REQUIRE(QTest::qWaitForWindowExposed(&pane));
}

} // namespace

TEST_CASE("a long model name neither widens the review pane nor moves its parts")
{
    ReviewPane pane;
    showWithSentimentModel(pane);
    const int minimumWidth = pane.minimumSizeHint().width();
    const QList<QRect> before = labelGeometries(pane);

    pane.setOutput(outputFrom(QStringLiteral("a-model-name-from-an-untrusted-source-").repeated(12)));
    CHECK(pane.minimumSizeHint().width() == minimumWidth);
    CHECK(pane.minimumSizeHint().width() < 700);
    QCoreApplication::sendPostedEvents();  // the layout pass a size change would have asked for
    CHECK(labelGeometries(pane) == before);
    CHECK(pane.headerLabel()->text().startsWith(QStringLiteral("a-model-name-from")));
    CHECK(pane.headerLabel()->toolTip() == pane.headerLabel()->text());  // where the row cuts it
}

TEST_CASE("the status line's parts stay put while the pace and the waiting count go up and down")
{
    StatusPanel panel;
    panel.resize(900, 30);
    panel.setPace(1234.0, 1234);
    panel.setWaiting(12345);
    panel.show();
    REQUIRE(QTest::qWaitForWindowExposed(&panel));
    QCoreApplication::sendPostedEvents();
    const QList<QRect> before = labelGeometries(panel);

    panel.setPace(5.0, 3);
    panel.setWaiting(7);
    QCoreApplication::sendPostedEvents();
    CHECK(labelGeometries(panel) == before);
    CHECK(panel.text().contains(QStringLiteral("7 waiting")));
    CHECK(panel.text().contains(QStringLiteral("5/h")));
}

TEST_CASE("the review header's text can still be selected with the mouse")
{
    ReviewPane pane;
    showWithSentimentModel(pane);
    QLabel *header = pane.headerLabel();
    const int y = header->height() / 2;
    QTest::mouseMove(header, QPoint(2, y));
    REQUIRE(QTest::qWaitFor([header] { return header->textInteractionFlags() & Qt::TextSelectableByMouse; }));
    QTest::mousePress(header, Qt::LeftButton, {}, QPoint(2, y));
    QTest::mouseMove(header, QPoint(header->fontMetrics().horizontalAdvance(QStringLiteral("sentiment-v3 1.4")), y));
    QTest::mouseRelease(header, Qt::LeftButton, {}, QPoint(header->fontMetrics().horizontalAdvance(QStringLiteral("sentiment-v3 1.4")), y));
    CHECK(header->selectedText().startsWith(QStringLiteral("sentiment")));
}
