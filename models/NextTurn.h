#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

namespace fr {

// Runs `work` in a later turn of `context`'s event loop, behind the timers that fall due
// meanwhile. QTimer::singleShot(0, …) posts an event instead, and Qt's GLib loop runs posted
// events before the timers of the same turn: in a chain of GUI-thread slices, the timer that fell
// due during one slice (a heartbeat, a repaint's) waited for the next slice too. In
// bench_triage's drain, slices of 5.5 ms made stalls of 11 ms.
inline void inNextTurn(QObject *context, std::function<void()> work)
{
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, context, [timer, work = std::move(work)] {
        timer->deleteLater();
        work();
    });
    timer->start(0);
}

} // namespace fr
