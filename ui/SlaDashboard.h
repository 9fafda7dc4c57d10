#pragma once

#include "SlaSummary.h"

#include <QDateTime>
#include <QHash>
#include <QUrl>
#include <QWidget>

class QAction;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QSpinBox;
class QTableView;
class QTimer;
class QValueAxis;

namespace fr {

class SlaReviewerModel;

// The supervisors' window: how the team keeps "95% of flagged outputs reviewed within 48 hours".
// Headline figures (green/red against the goal), the per-reviewer table and the time series
// (arrivals, reviewed, backlog per hour or day). Ctrl+R refreshes, Esc closes, the target hours
// are editable. It only shows what it is given and emits intentions; it fetches nothing.
class SlaDashboard : public QWidget
{
    Q_OBJECT
public:
    enum class Figure {
        WithinTarget7d, WithinTargetAll, Pending, Overdue, OldestPending,
        MedianTimeToReview, P95TimeToReview, ApprovalRate, Reviewed,
    };
    // A figure's label carries the property "goal": "met", "missed" or "unknown" (the 95 % tiles).
    enum class Goal { Unknown, Met, Missed };

    explicit SlaDashboard(SlaReviewerModel *reviewers, QWidget *parent = nullptr);

    void setAccount(const QString &username, const QUrl &server);
    void setSummary(const SlaSummary &summary);
    void setTimeseries(const SlaTimeseries &series);
    void setProblem(const QString &sentence);  // empty clears
    void setBusy(bool busy);
    void setRefreshedAt(const QDateTime &at);
    void setTargetHours(double hours);          // without emitting targetHoursChanged

    double targetHours() const;
    QLabel *figure(Figure figure) const { return m_figures.value(figure); }
    Goal goal(Figure figure) const;
    QLabel *problemLabel() const { return m_problem; }
    QLabel *updatedLabel() const { return m_updated; }
    QSpinBox *targetEdit() const { return m_target; }
    QComboBox *bucketEdit() const { return m_bucket; }
    QTableView *reviewerTable() const { return m_table; }
    QChart *chart() const { return m_chart; }
    QLineSeries *series(int which) const;  // 0 arrivals, 1 reviewed, 2 backlog
    QAction *refreshAction() const { return m_refresh; }

Q_SIGNALS:
    void refreshRequested();
    void targetHoursChanged(double hours);
    void bucketChanged(fr::SlaTimeseries::Bucket bucket);
    void visibilityChanged(bool shown);  // poll only while someone looks

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *makeTile(Figure figure, const QString &caption, const QString &accessibleName);
    void setFigure(Figure figure, const QString &text, const QString &note = {});
    void setGoalFigure(Figure figure, std::optional<double> percent);

    QHash<Figure, QLabel *> m_figures;
    QHash<Figure, QLabel *> m_notes;
    QHash<Figure, QLabel *> m_captions;
    QLabel *m_account;
    QLabel *m_problem;
    QLabel *m_updated;
    QSpinBox *m_target;
    QComboBox *m_bucket;
    QTableView *m_table;
    QChart *m_chart;
    QChartView *m_chartView;
    QLineSeries *m_arrivals;
    QLineSeries *m_reviewed;
    QLineSeries *m_backlog;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_countAxis;
    QValueAxis *m_backlogAxis;
    QAction *m_refresh;
    QTimer *m_targetDebounce;
};

} // namespace fr
