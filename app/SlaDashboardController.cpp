#include "SlaDashboardController.h"

#include "ApiClient.h"
#include "LogCategories.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

namespace fr {

namespace {

QString sentenceFor(const ApiError &error)
{
    if (error.kind == ApiError::Kind::Forbidden)
        return SlaDashboardController::tr("Only supervisors can see the SLA dashboard; the server refused this account.");
    return SlaDashboardController::tr("The SLA figures could not be loaded: %1").arg(error.message);
}

constexpr double kForecastHorizonHours = 24.0;
constexpr int kDailyDays = 14;

} // namespace

SlaDashboardController::SlaDashboardController(ApiClient *api, QObject *parent)
    : QObject(parent), m_api(api), m_timer(new QTimer(this))
{
    m_timer->setInterval(60 * 1000);
    connect(m_timer, &QTimer::timeout, this, &SlaDashboardController::refresh);
    m_atRiskQuery.kind = SlaItemPage::Kind::AtRisk;
}

void SlaDashboardController::setTargetHours(double hours)
{
    hours = std::max(0.0, hours);
    if (hours == m_targetHours)
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

void SlaDashboardController::setItemQuery(SlaItemPage::Kind kind, const ApiClient::SlaItemQuery &query)
{
    ApiClient::SlaItemQuery &mine = kind == SlaItemPage::Kind::Overdue ? m_overdueQuery : m_atRiskQuery;
    mine = query;
    mine.kind = kind;
    if (!m_active)
        return;
    // Only this list: a whole refresh for a sort order would be wasteful.
    const quint64 generation = m_generation;
    if (m_waiting == 0) {
        m_waiting = m_total = 1;
        m_firstError.clear();
        Q_EMIT busyChanged(true);
    } else {
        ++m_waiting;
        ++m_total;
    }
    fetchItems(generation, kind);
}

ApiClient::SlaItemQuery SlaDashboardController::itemQuery(SlaItemPage::Kind kind) const
{
    return kind == SlaItemPage::Kind::Overdue ? m_overdueQuery : m_atRiskQuery;
}

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

template <typename T>
void SlaDashboardController::fetch(quint64 generation, Fetch<T> call, std::function<void(const T &)> use)
{
    QPointer<SlaDashboardController> self(this);
    call([self, generation, use](const ApiResult<T> &result) {
        if (!self || generation != self->m_generation)
            return;
        if (result.ok())
            use(*result.value);
        self->answered(generation, result.ok() ? QString() : sentenceFor(result.error),
                       result.error.verdict() == ApiError::Verdict::SignInNeeded);
    });
}

void SlaDashboardController::fetchItems(quint64 generation, SlaItemPage::Kind kind)
{
    ApiClient::SlaItemQuery query = itemQuery(kind);
    query.targetHours = m_targetHours;
    fetch<SlaItemPage>(
        generation, [this, query](auto done) { m_api->slaItems(query, std::move(done)); },
        [this, kind](const SlaItemPage &page) {
            (kind == SlaItemPage::Kind::Overdue ? m_snapshot.overdue : m_snapshot.atRisk) = page;
            Q_EMIT itemsChanged(kind, page);
        });
}

void SlaDashboardController::refresh()
{
    const quint64 generation = ++m_generation;
    const bool wasBusy = isBusy();
    m_firstError.clear();
    m_sessionExpired = false;
    if (m_active)
        m_timer->start();  // the next automatic refresh counts from this one
    m_waiting = m_total = 11;
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    Q_EMIT progress(0, m_total);

    const double target = m_targetHours;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const SlaTimeseries::Bucket bucket = m_bucket;
    fetch<SlaSummary>(generation, [this, target](auto done) { m_api->slaSummary(target, std::move(done)); },
                      [this](const SlaSummary &v) { m_snapshot.summary = v; Q_EMIT summaryChanged(v); });
    fetch<SlaTimeseries>(
        generation,
        [this, bucket, now, target](auto done) {
            m_api->slaTimeseries(bucket, rangeStart(bucket, now), now, std::move(done), target);
        },
        [this](const SlaTimeseries &v) { m_snapshot.timeseries = v; Q_EMIT timeseriesChanged(v); });
    fetch<SlaTimeseries>(
        generation,
        [this, now, target](auto done) {
            m_api->slaTimeseries(SlaTimeseries::Bucket::Day, now.addDays(-kDailyDays), now, std::move(done), target);
        },
        [this](const SlaTimeseries &v) { m_snapshot.daily = v; Q_EMIT dailyChanged(v); });
    fetch<SlaForecast>(
        generation, [this, target](auto done) { m_api->slaForecast(kForecastHorizonHours, target, std::move(done)); },
        [this](const SlaForecast &v) { m_snapshot.forecast = v; Q_EMIT forecastChanged(v); });
    fetchItems(generation, SlaItemPage::Kind::Overdue);
    fetchItems(generation, SlaItemPage::Kind::AtRisk);
    for (SlaBreakdown::By by : {SlaBreakdown::By::Model, SlaBreakdown::By::Reason, SlaBreakdown::By::Reviewer}) {
        fetch<SlaBreakdown>(
            generation, [this, by, target](auto done) { m_api->slaBreakdown(by, {}, {}, target, std::move(done)); },
            [this](const SlaBreakdown &v) {
                (v.by == SlaBreakdown::By::Model ? m_snapshot.byModel
                 : v.by == SlaBreakdown::By::Reason ? m_snapshot.byReason : m_snapshot.byReviewer) = v;
                Q_EMIT breakdownChanged(v);
            });
    }
    fetch<SlaHistogram>(generation, [this, target](auto done) { m_api->slaHistogram(target, std::move(done)); },
                        [this](const SlaHistogram &v) { m_snapshot.histogram = v; Q_EMIT histogramChanged(v); });
    fetch<QList<SlaLeaseHolder>>(
        generation, [this](auto done) { m_api->slaLeases(std::move(done)); },
        [this](const QList<SlaLeaseHolder> &v) { m_snapshot.leases = v; Q_EMIT leasesChanged(v); });
}

void SlaDashboardController::answered(quint64 generation, const QString &error, bool sessionExpired)
{
    if (generation != m_generation)
        return;
    if (m_firstError.isEmpty())
        m_firstError = error;
    m_sessionExpired = m_sessionExpired || sessionExpired;
    Q_EMIT progress(m_total - m_waiting + 1, m_total);
    if (--m_waiting > 0)
        return;
    Q_EMIT busyChanged(false);
    if (m_firstError.isEmpty()) {
        m_snapshot.takenAt = QDateTime::currentDateTimeUtc();
        saveSnapshot();
        Q_EMIT problem({});
        Q_EMIT refreshed(m_snapshot.takenAt);
    } else {
        Q_EMIT problem(m_firstError);
        if (m_sessionExpired)
            Q_EMIT authenticationRequired();
    }
}

void SlaDashboardController::releaseLeasesOf(const QString &reviewerId)
{
    QPointer<SlaDashboardController> self(this);
    m_api->releaseLeasesOf(reviewerId, [self, reviewerId](const ApiResult<int> &result) {
        if (!self)
            return;
        Q_EMIT self->leasesReleased(reviewerId, result.value.value_or(0),
                                    result.ok() ? QString() : result.error.message);
        self->m_api->slaLeases([self](const ApiResult<QList<SlaLeaseHolder>> &leases) {
            if (self && leases.ok()) {
                self->m_snapshot.leases = *leases.value;
                Q_EMIT self->leasesChanged(*leases.value);
            }
        });
    });
}

// --- the snapshot --------------------------------------------------------------------------

QString SlaDashboardController::defaultSnapshotPath(const QUrl &server, const QString &username)
{
    const QByteArray key = server.toString(QUrl::StripTrailingSlash).toUtf8() + '\n' + username.toUtf8();
    const QString name = QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
           + QStringLiteral("/sla-snapshot-%1.json").arg(name);
}

void SlaDashboardController::setSnapshotPath(const QString &path)
{
    if (path != m_snapshotPath)
        m_snapshot = {};  // another account's figures never mix with these
    m_snapshotPath = path;
}

void SlaDashboardController::saveSnapshot()
{
    if (m_snapshotPath.isEmpty())
        return;
    QDir().mkpath(QFileInfo(m_snapshotPath).absolutePath());
    QSaveFile file(m_snapshotPath);  // all or nothing: a crash never leaves half a snapshot
    if (!file.open(QIODevice::WriteOnly) || file.write(JsonCodec::snapshotToJson(m_snapshot)) < 0 || !file.commit())
        qCWarning(lcStore) << "The SLA snapshot could not be written:" << file.errorString();
}

bool SlaDashboardController::showSnapshot()
{
    QFile file(m_snapshotPath);
    if (m_snapshotPath.isEmpty() || !file.open(QIODevice::ReadOnly))
        return false;
    Parsed<SlaSnapshot> parsed = JsonCodec::parseSnapshot(file.read(64 * 1024 * 1024));
    if (!parsed) {
        qCWarning(lcStore) << "The SLA snapshot is unreadable:" << parsed.error;
        return false;
    }
    m_snapshot = *parsed.value;
    const SlaSnapshot &s = m_snapshot;
    if (s.summary)
        Q_EMIT summaryChanged(*s.summary);
    if (s.timeseries)
        Q_EMIT timeseriesChanged(*s.timeseries);
    if (s.daily)
        Q_EMIT dailyChanged(*s.daily);
    if (s.forecast)
        Q_EMIT forecastChanged(*s.forecast);
    if (s.overdue)
        Q_EMIT itemsChanged(SlaItemPage::Kind::Overdue, *s.overdue);
    if (s.atRisk)
        Q_EMIT itemsChanged(SlaItemPage::Kind::AtRisk, *s.atRisk);
    for (const auto *b : {&s.byModel, &s.byReason, &s.byReviewer})
        if (*b)
            Q_EMIT breakdownChanged(**b);
    if (s.histogram)
        Q_EMIT histogramChanged(*s.histogram);
    if (s.leases)
        Q_EMIT leasesChanged(*s.leases);
    Q_EMIT snapshotShown(s.takenAt);
    return true;
}

} // namespace fr
