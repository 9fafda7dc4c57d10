#include "SlaDashboardController.h"

#include "ApiClient.h"

#include <QPointer>
#include <QTimer>

namespace fr {

namespace {

QString sentenceFor(const ApiError &error)
{
    if (error.kind == ApiError::Kind::Forbidden)
        return SlaDashboardController::tr("Only supervisors can see the SLA dashboard; the server refused this account.");
    return SlaDashboardController::tr("The SLA figures could not be loaded: %1").arg(error.message);
}

} // namespace

SlaDashboardController::SlaDashboardController(ApiClient *api, QObject *parent)
    : QObject(parent), m_api(api), m_timer(new QTimer(this))
{
    m_timer->setInterval(60 * 1000);
    connect(m_timer, &QTimer::timeout, this, &SlaDashboardController::refresh);
}

void SlaDashboardController::setTargetHours(double hours)
{
    if (hours <= 0 || hours == m_targetHours)
        return;
    m_targetHours = hours;
    if (m_active)
        refresh();
}

void SlaDashboardController::setBucket(SlaTimeseries::Bucket bucket)
{
    if (bucket == m_bucket)
        return;
    m_bucket = bucket;
    if (m_active)
        refresh();
}

void SlaDashboardController::setIntervalMs(int ms) { m_timer->setInterval(ms); }
int SlaDashboardController::intervalMs() const { return m_timer->interval(); }

void SlaDashboardController::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active) {
        refresh();
    } else {
        m_timer->stop();
        ++m_generation;  // whatever is in flight no longer matters
        if (std::exchange(m_waiting, 0) > 0)
            Q_EMIT busyChanged(false);
    }
}

QDateTime SlaDashboardController::rangeStart(SlaTimeseries::Bucket bucket, const QDateTime &now)
{
    return bucket == SlaTimeseries::Bucket::Hour ? now.addSecs(-48 * 3600) : now.addDays(-30);
}

void SlaDashboardController::refresh()
{
    const quint64 generation = ++m_generation;
    const bool wasBusy = isBusy();
    m_waiting = 2;
    m_firstError.clear();
    m_sessionExpired = false;
    if (m_active)
        m_timer->start();  // the next automatic refresh counts from this one
    if (!wasBusy)
        Q_EMIT busyChanged(true);

    QPointer<SlaDashboardController> self(this);
    m_api->slaSummary(m_targetHours, [self, generation](const ApiResult<SlaSummary> &result) {
        if (!self || generation != self->m_generation)
            return;
        if (result.ok())
            Q_EMIT self->summaryChanged(*result.value);
        self->answered(generation, result.ok() ? QString() : sentenceFor(result.error),
                       result.error.verdict() == ApiError::Verdict::SignInNeeded);
    });
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_api->slaTimeseries(
        m_bucket, rangeStart(m_bucket, now), now,
        [self, generation](const ApiResult<SlaTimeseries> &result) {
            if (!self || generation != self->m_generation)
                return;
            if (result.ok())
                Q_EMIT self->timeseriesChanged(*result.value);
            self->answered(generation, result.ok() ? QString() : sentenceFor(result.error),
                           result.error.verdict() == ApiError::Verdict::SignInNeeded);
        },
        m_targetHours);
}

void SlaDashboardController::answered(quint64 generation, const QString &error, bool sessionExpired)
{
    if (generation != m_generation)
        return;
    if (m_firstError.isEmpty())
        m_firstError = error;
    m_sessionExpired = m_sessionExpired || sessionExpired;
    if (--m_waiting > 0)
        return;
    Q_EMIT busyChanged(false);
    if (m_firstError.isEmpty()) {
        Q_EMIT problem({});
        Q_EMIT refreshed(QDateTime::currentDateTimeUtc());
    } else {
        Q_EMIT problem(m_firstError);
        if (m_sessionExpired)
            Q_EMIT authenticationRequired();
    }
}

} // namespace fr
