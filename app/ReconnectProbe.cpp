#include "ReconnectProbe.h"

#include "LogCategories.h"
#include "NextTurn.h"

#include <QNetworkInformation>

namespace fr {

ReconnectProbe::ReconnectProbe(QObject *parent) : QObject(parent) {}

void ReconnectProbe::setLimits(ms initial, ms cap)
{
    m_backoff.setLimits(initial, cap);
}

QDateTime ReconnectProbe::scheduleAfterFailure()
{
    m_next = QDateTime::currentDateTimeUtc().addMSecs(m_backoff.next().count());
    qCDebug(lcSync) << "offline; next try in" << m_backoff.current().count() << "ms";
    return m_next;
}

void ReconnectProbe::reset()
{
    m_backoff.reset();
    m_next = {};
}

// Only a hint: a change (any, not only "online": a new Wi-Fi is still "online") is a reason to
// try now; "offline" from the system stops nothing, the schedule goes on.
void ReconnectProbe::watchSystemNetwork()
{
    if (m_watching)
        return;
    m_watching = true;
    // In a turn of its own: loading the backend (GLib's network monitor) is ~5 ms the first time,
    // and a sign-in starts the sync in the turn that also paints the window (an 18 ms stall in
    // bench_triage's drain phase).
    inNextTurn(this, [this] { followSystemNetwork(); });
}

void ReconnectProbe::followSystemNetwork()
{
    static const bool loaded = QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    QNetworkInformation *info = loaded ? QNetworkInformation::instance() : nullptr;
    if (!info) {
        qCDebug(lcSync) << "no network information backend; the probe runs on its schedule only";
        return;
    }
    connect(info, &QNetworkInformation::reachabilityChanged, this, [this](QNetworkInformation::Reachability r) {
        if (isActive() && r != QNetworkInformation::Reachability::Disconnected)
            Q_EMIT tryNowRequested();
    });
}

} // namespace fr
