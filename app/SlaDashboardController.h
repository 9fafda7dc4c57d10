#pragma once

#include "SlaSummary.h"

#include <QDateTime>
#include <QObject>

class QTimer;

namespace fr {

class ApiClient;

// Feeds the SLA dashboard: fetches GET /sla/summary and GET /sla/timeseries together when the
// dashboard opens, on refresh() (Ctrl+R) and every interval while it is shown. Answers of an
// older refresh are dropped. Failures arrive as one sentence (problem); success clears it.
class SlaDashboardController : public QObject
{
    Q_OBJECT
public:
    explicit SlaDashboardController(ApiClient *api, QObject *parent = nullptr);

    void setTargetHours(double hours);  // refreshes when active
    double targetHours() const { return m_targetHours; }
    void setBucket(SlaTimeseries::Bucket bucket);  // refreshes when active
    SlaTimeseries::Bucket bucket() const { return m_bucket; }
    void setIntervalMs(int ms);
    int intervalMs() const;

    // Shown: fetch now and every interval; hidden: stop polling (answers in flight are dropped).
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void refresh();
    bool isBusy() const { return m_waiting > 0; }

    // The range asked for: 48 hours by the hour, 30 days by the day, ending now.
    static QDateTime rangeStart(SlaTimeseries::Bucket bucket, const QDateTime &now);

Q_SIGNALS:
    void summaryChanged(const fr::SlaSummary &summary);
    void timeseriesChanged(const fr::SlaTimeseries &series);
    void refreshed(const QDateTime &at);       // both answers arrived without error
    void problem(const QString &sentence);     // empty: the last refresh went well
    void busyChanged(bool busy);
    void authenticationRequired();             // the transport's renewal was refused: a password is needed

private:
    void answered(quint64 generation, const QString &error, bool sessionExpired);

    ApiClient *m_api;
    QTimer *m_timer;
    double m_targetHours = 48.0;
    SlaTimeseries::Bucket m_bucket = SlaTimeseries::Bucket::Hour;
    bool m_active = false;
    quint64 m_generation = 0;
    int m_waiting = 0;
    QString m_firstError;
    bool m_sessionExpired = false;
};

} // namespace fr
