#pragma once

#include "Backoff.h"

#include <QDateTime>
#include <QObject>

#include <chrono>

namespace fr {

// While nothing answers (offline), when to try the backend again: a backoff with jitter capped
// at a minute by default, so that an app started with the backend down reconnects by itself
// within about a minute of its return. The operating system's report of a network change
// (QNetworkInformation, where a backend is available) asks for a try at once.
class ReconnectProbe : public QObject
{
    Q_OBJECT
public:
    using ms = std::chrono::milliseconds;
    static constexpr ms DefaultInitial{1000};
    static constexpr ms DefaultCap{60'000};

    explicit ReconnectProbe(QObject *parent = nullptr);

    void setLimits(ms initial, ms cap);
    // A try found nothing answering: the time of the next one (advances the backoff).
    QDateTime scheduleAfterFailure();
    void reset();                  // the backend answered: the next outage starts small again
    bool isActive() const { return m_next.isValid(); }
    QDateTime nextAt() const { return m_next; }  // null when not offline
    void watchSystemNetwork();     // idempotent

Q_SIGNALS:
    void tryNowRequested();        // the system reports a network change while we are offline

private:
    void followSystemNetwork();  // loads the backend and connects to it

    Backoff m_backoff{DefaultInitial, DefaultCap};
    QDateTime m_next;
    bool m_watching = false;
};

} // namespace fr
