#pragma once

#include "ApiClient.h"
#include "SlaReports.h"
#include "SlaSummary.h"

#include <QDateTime>
#include <QObject>

class QTimer;

namespace fr {

// Feeds the supervisor console: on refresh() (Ctrl+R, opening, every interval while shown) it
// asks for everything the dashboard shows (summary, both time series, forecast, overdue and
// at-risk items, the three breakdowns, the histogram, the leases). Answers of an older refresh
// are dropped. Failures arrive as one sentence (problem); success clears it.
//
// The target: 0 (the default) asks nothing, so the backend's own setting applies; a positive
// value is a what-if that the dashboard marks as such.
//
// Offline and honest: when every answer of a refresh has arrived, the whole picture is written to
// the snapshot file; showSnapshot() replays the last one (snapshotShown says when it was taken).
class SlaDashboardController : public QObject
{
    Q_OBJECT
public:
    explicit SlaDashboardController(ApiClient *api, QObject *parent = nullptr);

    void setTargetHours(double hours);  // <= 0: the backend's own setting; refreshes when active
    double targetHours() const { return m_targetHours; }
    bool isWhatIf() const { return m_targetHours > 0; }
    void setBucket(SlaTimeseries::Bucket bucket);  // refreshes when active
    SlaTimeseries::Bucket bucket() const { return m_bucket; }
    void setIntervalMs(int ms);
    int intervalMs() const;

    // The attention lists' server-side choices; changing one refetches that list.
    void setItemQuery(SlaItemPage::Kind kind, const ApiClient::SlaItemQuery &query);
    ApiClient::SlaItemQuery itemQuery(SlaItemPage::Kind kind) const;

    // Where the last snapshot is kept (one file per server and account); empty: none kept.
    void setSnapshotPath(const QString &path);
    QString snapshotPath() const { return m_snapshotPath; }
    static QString defaultSnapshotPath(const QUrl &server, const QString &username);
    // Replays the stored snapshot through the signals below; false when there is none.
    bool showSnapshot();
    const SlaSnapshot &snapshot() const { return m_snapshot; }

    // Shown: fetch now and every interval; hidden: stop polling (answers in flight are dropped).
    void setActive(bool active);
    bool isActive() const { return m_active; }
    void refresh();
    bool isBusy() const { return m_waiting > 0; }
    // POST /sla/leases/release for one reviewer; the leases are fetched again afterwards.
    void releaseLeasesOf(const QString &reviewerId);

    // The range asked for: 48 hours by the hour, 30 days by the day, ending now.
    static QDateTime rangeStart(SlaTimeseries::Bucket bucket, const QDateTime &now);

Q_SIGNALS:
    void summaryChanged(const fr::SlaSummary &summary);
    void timeseriesChanged(const fr::SlaTimeseries &series);
    void dailyChanged(const fr::SlaTimeseries &series);  // per day, for % within target against the goal
    void forecastChanged(const fr::SlaForecast &forecast);
    void itemsChanged(fr::SlaItemPage::Kind kind, const fr::SlaItemPage &page);
    void breakdownChanged(const fr::SlaBreakdown &breakdown);
    void histogramChanged(const fr::SlaHistogram &histogram);
    void leasesChanged(const QList<fr::SlaLeaseHolder> &leases);
    void leasesReleased(const QString &reviewerId, int released, const QString &error);
    void refreshed(const QDateTime &at);          // every answer arrived without error
    void snapshotShown(const QDateTime &takenAt); // what is shown is the stored snapshot of then
    void problem(const QString &sentence);        // empty: the last refresh went well
    void busyChanged(bool busy);
    void progress(int done, int total);           // answers of the current refresh
    void authenticationRequired();                // the transport's renewal was refused: a password is needed

private:
    template <typename T>
    using Fetch = std::function<void(ApiClient::Callback<T>)>;
    template <typename T>
    void fetch(quint64 generation, Fetch<T> call, std::function<void(const T &)> use);
    void fetchItems(quint64 generation, SlaItemPage::Kind kind);
    void answered(quint64 generation, const QString &error, bool sessionExpired);
    void saveSnapshot();

    ApiClient *m_api;
    QTimer *m_timer;
    double m_targetHours = 0.0;
    SlaTimeseries::Bucket m_bucket = SlaTimeseries::Bucket::Hour;
    ApiClient::SlaItemQuery m_overdueQuery;
    ApiClient::SlaItemQuery m_atRiskQuery;
    bool m_active = false;
    quint64 m_generation = 0;
    int m_waiting = 0;
    int m_total = 0;
    QString m_firstError;
    bool m_sessionExpired = false;
    QString m_snapshotPath;
    SlaSnapshot m_snapshot;
};

} // namespace fr
