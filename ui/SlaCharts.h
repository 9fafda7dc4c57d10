#pragma once

#include "SlaReports.h"
#include "SlaSummary.h"

#include <QChartView>
#include <QWidget>

class QAreaSeries;
class QLabel;
class QLineSeries;
class QValueAxis;
class QDateTimeAxis;

namespace fr {

// A chart that the keyboard can read: Left/Right step through the points of its first series
// and the readout says the values there; hovering a point says the same.
class SlaChartView : public QChartView
{
    Q_OBJECT
public:
    using Describe = std::function<QString(int point)>;
    SlaChartView(QChart *chart, QLabel *readout, QWidget *parent = nullptr);
    void setPoints(int count, Describe describe);  // describe(i): the sentence for point i
    int currentPoint() const { return m_current; }
    QString readout() const;
    void showPoint(int point);  // what the readout says (-1: nothing)

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    QLabel *m_readout;
    int m_count = 0;
    int m_current = -1;
    Describe m_describe;
};

// The three charts of the dashboard (Qt Charts): arrivals vs reviewed vs backlog over time; a
// histogram of time to review with the target line; % within target per day against the goal
// line. Each can be saved as PNG (savePng); they only draw what they are given.
class SlaCharts : public QWidget
{
    Q_OBJECT
public:
    enum class Chart { Timeseries, Histogram, WithinTarget };
    explicit SlaCharts(QWidget *parent = nullptr);

    void setTimeseries(const SlaTimeseries &series);
    void setHistogram(const SlaHistogram &histogram);
    void setDaily(const SlaTimeseries &daily, double goal);  // goal 0..1

    SlaChartView *view(Chart chart) const;
    QLineSeries *series(int which) const;  // 0 arrivals, 1 reviewed, 2 backlog
    QLineSeries *histogramLine() const { return m_histogramUpper; }
    QLineSeries *targetLine() const { return m_targetLine; }
    QLineSeries *withinTargetLine() const { return m_withinLine; }
    QLineSeries *goalLine() const { return m_goalLine; }
    bool savePng(Chart chart, const QString &path) const;

Q_SIGNALS:
    void savePngRequested(fr::SlaCharts::Chart chart);

private:
    QWidget *framed(SlaChartView *view, QLabel *readout, Chart chart, const QString &what);
    void buildTimeseries();
    void buildHistogram();
    void buildDaily();

    SlaTimeseries m_series;
    SlaHistogram m_histogram;
    SlaTimeseries m_daily;
    QChart *m_timeChart;
    QChart *m_histChart;
    QChart *m_dailyChart;
    SlaChartView *m_timeView = nullptr;
    SlaChartView *m_histView = nullptr;
    SlaChartView *m_dailyView = nullptr;
    QLineSeries *m_arrivals;
    QLineSeries *m_reviewed;
    QLineSeries *m_backlog;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_countAxis;
    QValueAxis *m_backlogAxis;
    QLineSeries *m_histogramUpper;
    QAreaSeries *m_histogramArea;
    QLineSeries *m_targetLine;
    QValueAxis *m_histX;
    QValueAxis *m_histY;
    QLineSeries *m_withinLine;
    QLineSeries *m_goalLine;
    QDateTimeAxis *m_dailyX;
    QValueAxis *m_dailyY;
};

} // namespace fr
