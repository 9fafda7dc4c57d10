#pragma once

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace fr::test {

// Runs the event loop until `done` holds or the time is up; returns whether it held. The cap is
// generous on purpose: it only matters when the condition never comes (then the test fails).
inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = 30000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(1);
    }
    return true;
}

// Runs whatever is ready to run now (posted events, finished replies, due timers, deferred
// deletes) until several rounds in a row find nothing: the deterministic point at which a test
// checks that "nothing more happened". It never waits for a timer that is not due yet; a test
// that expects a later event waits for that event (waitUntil) instead.
inline void processEventsUntilIdle()
{
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    int quietRounds = 0;
    for (int round = 0; round < 10000 && quietRounds < 10; ++round) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        // The UNIX dispatcher does not count posted events as "processed": hence several quiet
        // rounds, each of which still delivers what the previous one posted.
        quietRounds = dispatcher->processEvents(QEventLoop::AllEvents) ? 0 : quietRounds + 1;
    }
}

} // namespace fr::test

// A test case that cannot run here (no keychain, no PostgreSQL) says why and ends its process
// with 77, which fr_add_test declares as SKIP_RETURN_CODE: ctest and the JUnit report count it
// as skipped, never as passed. Each Catch2 test case runs in its own process under ctest, so
// ending the process ends only that case. _Exit: no static destructors while threads still run.
#define FR_SKIP(why)                                                                             \
    do {                                                                                         \
        std::fprintf(stdout, "SKIPPED: %s\n", std::string(why).c_str());                      \
        std::fflush(stdout);                                                                     \
        std::fflush(stderr);                                                                     \
        std::_Exit(77);                                                                          \
    } while (false)
