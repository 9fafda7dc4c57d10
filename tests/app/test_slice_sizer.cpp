// SliceSizer: how much GUI-thread work goes in one turn of the event loop, and inNextTurn: that
// the turn ends before the next slice (issue 11).
#include "NextTurn.h"
#include "SliceSizer.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QTest>
#include <QTimer>

#include <catch2/catch.hpp>

using fr::SliceSizer;

TEST_CASE("the first slice is small and the next ones fit the budget")
{
    SliceSizer sizer(500, 8, 6.0);
    CHECK(sizer.next() == 8);
    sizer.took(8, 0.8);  // 0.1 ms an item: 60 fit in 6 ms
    CHECK(sizer.next() == 60);
    sizer.took(60, 6.0);
    CHECK(sizer.next() == 60);
}

TEST_CASE("a slow slice shrinks the next one at once, a fast one grows it only halfway")
{
    SliceSizer sizer(500, 8, 6.0);
    sizer.took(8, 0.8);   // 0.1 ms an item
    sizer.took(60, 30.0); // 0.5 ms an item (a commit that met a busy disk)
    CHECK(sizer.next() == 12);
    sizer.took(12, 0.12); // 0.01 ms an item: counts halfway, 0.255 ms
    CHECK(sizer.next() == 23);
}

TEST_CASE("a slice never takes nothing nor more than the most")
{
    SliceSizer sizer(100, 8, 6.0);
    sizer.took(8, 800.0);  // 100 ms an item
    CHECK(sizer.next() == 1);
    SliceSizer free(100, 8, 6.0);
    free.took(8, 0.0);
    CHECK(free.next() == 100);
    SliceSizer tiny(0, 0, 6.0);
    CHECK(tiny.next() == 1);
    tiny.took(0, 5.0);  // an empty slice teaches nothing
    CHECK(tiny.next() == 1);
}

TEST_CASE("the next slice waits behind a timer that fell due during the slice before")
{
    // A heartbeat (or a repaint's timer) that fell due while a slice ran must run before the
    // next slice, not after it: else two slices make one stall.
    QObject context;
    QTimer heartbeat;
    heartbeat.setSingleShot(true);
    heartbeat.setTimerType(Qt::PreciseTimer);
    QStringList order;
    QObject::connect(&heartbeat, &QTimer::timeout, &context, [&order] { order.append(QStringLiteral("heartbeat")); });
    bool done = false;
    fr::inNextTurn(&context, [&] {
        order.append(QStringLiteral("slice 1"));
        heartbeat.start(1);
        // The slice's own work, until the heartbeat is due (a condition, not a guess of time).
        QElapsedTimer running;
        running.start();
        while (heartbeat.remainingTime() > 0 && running.elapsed() < 5000) {
        }
        fr::inNextTurn(&context, [&] {
            order.append(QStringLiteral("slice 2"));
            done = true;
        });
    });
    REQUIRE(QTest::qWaitFor([&done] { return done; }, 30000));
    CHECK(order == QStringList{QStringLiteral("slice 1"), QStringLiteral("heartbeat"), QStringLiteral("slice 2")});
}
