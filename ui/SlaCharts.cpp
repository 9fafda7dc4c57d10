#include "SlaCharts.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QKeyEvent>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fr {

namespace {

// How a screen reader meets a chart: as a chart (not a "filler"), named by what it shows, its
// description the point the arrow keys are on; the viewport inside is not a control of its own.
class SlaChartAccessible : public QAccessibleWidget
{
public:
    explicit SlaChartAccessible(QWidget *view) : QAccessibleWidget(view, QAccessible::Chart) {}
    int childCount() const override { return 0; }
    QAccessibleInterface *child(int) const override { return nullptr; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
};

QAccessibleInterface *chartAccessible(const QString &className, QObject *object)
{
    if (className == QLatin1String(SlaChartView::staticMetaObject.className()))
        if (auto *view = qobject_cast<SlaChartView *>(object))
            return new SlaChartAccessible(view);
    return nullptr;
}

const QColor kGreen(0x1b, 0x7f, 0x3b);
const QColor kRed(0xb3, 0x26, 0x1e);
const QColor kBlue(0x1f, 0x6f, 0xb4);
const QColor kOrange(0xd9, 0x7a, 0x00);

void styleLine(QLineSeries *series, const QColor &color, Qt::PenStyle style = Qt::SolidLine)
{
    QPen pen(color);
    pen.setWidthF(2.0);
    pen.setStyle(style);
    series->setPen(pen);
}

// Whole numbers on a count axis: a tick every 1, 2, 5, 10, 20, 50... units.
void niceRange(QValueAxis *axis, double top)
{
    const int ticks = 5;
    int step = 1;
    for (int scale = 1; step * (ticks - 1) < top; scale *= 10) {
        for (int factor : {1, 2, 5}) {
            step = factor * scale;
            if (step * (ticks - 1) >= top)
                break;
        }
    }
    axis->setRange(0, step * (ticks - 1));
    axis->setTickCount(ticks);
}

// An hours axis ticks at whole hours a person counts in (every 1, 2, 3, 4, 6, 8, 12 h, a day, two
// days, three, four, a week...), at most 7 intervals, the last tick at or right of `right`.
void niceHoursRange(QValueAxis *axis, double right)
{
    const int maxIntervals = 7;
    int step = 1;
    for (int s : {1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 96, 168, 336, 720, 1440}) {
        step = s;
        if (std::ceil(right / s) <= maxIntervals)
            break;
    }
    const int intervals = std::max(1, int(std::ceil(right / step)));
    axis->setRange(0, double(step) * intervals);
    axis->setTickCount(intervals + 1);
}

QChart *newChart()
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    return chart;
}

QString localDay(const QDateTime &t) { return QLocale().toString(t.toLocalTime(), QStringLiteral("ddd dd MMM")); }

} // namespace

// --- SlaChartView --------------------------------------------------------------------------

SlaChartView::SlaChartView(QChart *chart, QLabel *readout, QWidget *parent)
    : QChartView(chart, parent), m_readout(readout)
{
    setRenderHint(QPainter::Antialiasing);
    setFocusPolicy(Qt::StrongFocus);  // keyboard navigable: Tab reaches it, arrows read it
    static const bool accessibleInstalled = [] {
        QAccessible::installFactory(chartAccessible);
        return true;
    }();
    Q_UNUSED(accessibleInstalled)
    m_readout->setTextFormat(Qt::PlainText);
}

void SlaChartView::setPoints(int count, Describe describe)
{
    m_count = count;
    m_describe = std::move(describe);
    showPoint(count > 0 ? std::clamp(m_current < 0 ? count - 1 : m_current, 0, count - 1) : -1);
}

QString SlaChartView::readout() const { return m_readout->text(); }

void SlaChartView::showPoint(int point)
{
    m_current = point;
    const QString text = point >= 0 && m_describe ? m_describe(point) : tr("No data yet");
    m_readout->setText(text);
    setAccessibleDescription(text);
}

void SlaChartView::keyPressEvent(QKeyEvent *event)
{
    if (m_count > 0 && (event->key() == Qt::Key_Left || event->key() == Qt::Key_Right
                        || event->key() == Qt::Key_Home || event->key() == Qt::Key_End)) {
        int next = m_current;
        switch (event->key()) {
        case Qt::Key_Left: next = std::max(0, m_current - 1); break;
        case Qt::Key_Right: next = std::min(m_count - 1, m_current + 1); break;
        case Qt::Key_Home: next = 0; break;
        default: next = m_count - 1; break;
        }
        showPoint(next);
        event->accept();
        return;
    }
    QChartView::keyPressEvent(event);
}

void SlaChartView::focusInEvent(QFocusEvent *event)
{
    QChartView::focusInEvent(event);
    showPoint(m_current);
}

// --- SlaCharts -----------------------------------------------------------------------------

SlaCharts::SlaCharts(QWidget *parent)
    : QWidget(parent)
    , m_timeChart(newChart())
    , m_histChart(newChart())
    , m_dailyChart(newChart())
    , m_arrivals(new QLineSeries)
    , m_reviewed(new QLineSeries)
    , m_backlog(new QLineSeries)
    , m_timeAxis(new QDateTimeAxis)
    , m_countAxis(new QValueAxis)
    , m_backlogAxis(new QValueAxis)
    , m_histogramUpper(new QLineSeries)
    , m_histogramArea(new QAreaSeries(m_histogramUpper))
    , m_targetLine(new QLineSeries)
    , m_histX(new QValueAxis)
    , m_histY(new QValueAxis)
    , m_withinLine(new QLineSeries)
    , m_goalLine(new QLineSeries)
    , m_dailyX(new QDateTimeAxis)
    , m_dailyY(new QValueAxis)
{
    buildTimeseries();
    buildHistogram();
    buildDaily();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto add = [this, layout](QChart *chart, SlaChartView **view, Chart which, const QString &what) {
        auto *readout = new QLabel;
        *view = new SlaChartView(chart, readout);
        (*view)->setAccessibleName(what);
        (*view)->setMinimumSize(300, 240);
        layout->addWidget(framed(*view, readout, which, what), which == Chart::Timeseries ? 3 : 2);
    };
    add(m_timeChart, &m_timeView, Chart::Timeseries, tr("Arrivals, reviewed and backlog over time"));
    add(m_histChart, &m_histView, Chart::Histogram, tr("Time to review"));
    add(m_dailyChart, &m_dailyView, Chart::WithinTarget, tr("Reviewed within target per day"));
    setTimeseries({});
    setHistogram({});
    setDaily({}, kSlaGoalPercent / 100.0);
}

QWidget *SlaCharts::framed(SlaChartView *view, QLabel *readout, Chart chart, const QString &what)
{
    auto *box = new QWidget;
    auto *save = new QPushButton(tr("Save PNG…"));
    save->setAccessibleName(tr("Save %1 as PNG").arg(what));
    connect(save, &QPushButton::clicked, this, [this, chart] { Q_EMIT savePngRequested(chart); });
    auto *row = new QHBoxLayout;
    row->addWidget(readout, 1);
    row->addWidget(save);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view, 1);
    layout->addLayout(row);
    readout->setWordWrap(true);
    return box;
}

SlaChartView *SlaCharts::view(Chart chart) const
{
    return chart == Chart::Timeseries ? m_timeView : chart == Chart::Histogram ? m_histView : m_dailyView;
}

QLineSeries *SlaCharts::series(int which) const
{
    return which == 0 ? m_arrivals : which == 1 ? m_reviewed : m_backlog;
}

bool SlaCharts::savePng(Chart chart, const QString &path) const
{
    return view(chart)->grab().save(path, "PNG");
}

void SlaCharts::buildTimeseries()
{
    m_arrivals->setName(tr("Arrivals"));
    m_reviewed->setName(tr("Reviewed"));
    m_backlog->setName(tr("Backlog"));
    styleLine(m_arrivals, kBlue);
    styleLine(m_reviewed, kGreen);
    styleLine(m_backlog, kOrange);
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    m_countAxis->setTitleText(tr("Per bucket"));
    m_backlogAxis->setLabelFormat(QStringLiteral("%d"));
    m_backlogAxis->setTitleText(tr("Backlog"));
    m_backlogAxis->setLabelsColor(kOrange);
    m_backlogAxis->setGridLineVisible(false);
    m_timeAxis->setTickCount(5);
    m_timeChart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_timeChart->addAxis(m_countAxis, Qt::AlignLeft);
    m_timeChart->addAxis(m_backlogAxis, Qt::AlignRight);
    // The backlog is a level (often hundreds); arrivals and reviewed are per bucket: two scales.
    for (QLineSeries *s : {m_arrivals, m_reviewed, m_backlog}) {
        m_timeChart->addSeries(s);
        s->attachAxis(m_timeAxis);
        s->attachAxis(s == m_backlog ? m_backlogAxis : m_countAxis);
        connect(s, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
            if (!state || m_series.points.isEmpty())
                return;
            // The nearest bucket to the pointer, read out as the keyboard would.
            int best = 0;
            for (int i = 0; i < m_series.points.size(); ++i)
                if (std::abs(m_series.points.at(i).start.toMSecsSinceEpoch() - point.x())
                    < std::abs(m_series.points.at(best).start.toMSecsSinceEpoch() - point.x()))
                    best = i;
            m_timeView->showPoint(best);
            m_timeView->setToolTip(m_timeView->readout());
        });
    }
}

void SlaCharts::setTimeseries(const SlaTimeseries &series)
{
    m_series = series;
    const bool hourly = series.bucket == SlaTimeseries::Bucket::Hour;
    QList<QPointF> arrivals, reviewed, backlog;
    int top = 0, topBacklog = 0;
    for (const SlaPoint &p : series.points) {
        const qreal x = qreal(p.start.toMSecsSinceEpoch());
        arrivals.append({x, qreal(p.arrivals)});
        reviewed.append({x, qreal(p.reviewed)});
        backlog.append({x, qreal(p.backlog)});
        top = std::max({top, p.arrivals, p.reviewed});
        topBacklog = std::max(topBacklog, p.backlog);
    }
    m_arrivals->replace(arrivals);
    m_reviewed->replace(reviewed);
    m_backlog->replace(backlog);
    for (QLineSeries *line : {m_arrivals, m_reviewed, m_backlog})
        line->setPointsVisible(series.points.size() <= 31);  // many points: dots would only blur the lines
    m_timeAxis->setFormat(hourly ? QStringLiteral("ddd HH:mm") : QStringLiteral("dd MMM"));
    const QDateTime now = QDateTime::currentDateTime();
    m_timeAxis->setRange(series.points.isEmpty() ? now.addDays(-1) : series.points.constFirst().start.toLocalTime(),
                         series.points.isEmpty() ? now : series.points.constLast().start.toLocalTime());
    niceRange(m_countAxis, top);
    niceRange(m_backlogAxis, topBacklog);
    m_timeChart->setTitle(series.points.isEmpty() ? tr("No data yet")
                          : hourly ? tr("Flagged outputs per hour (local time)")
                                   : tr("Flagged outputs per day (local time)"));
    if (!m_timeView)
        return;
    m_timeView->setPoints(int(series.points.size()), [this, hourly](int i) {
        const SlaPoint &p = m_series.points.at(i);
        const QString when = hourly ? QLocale().toString(p.start.toLocalTime(), QStringLiteral("ddd HH:mm"))
                                    : localDay(p.start);
        return tr("%1: %2 arrived, %3 reviewed, backlog %4").arg(when).arg(p.arrivals).arg(p.reviewed).arg(p.backlog);
    });
}

void SlaCharts::buildHistogram()
{
    m_histogramArea->setName(tr("Reviewed outputs"));
    m_histogramArea->setColor(QColor(0x1f, 0x6f, 0xb4, 150));
    m_histogramArea->setBorderColor(kBlue);
    m_targetLine->setName(tr("Target"));
    styleLine(m_targetLine, kRed, Qt::DashLine);
    m_histX->setTitleText(tr("Hours to review"));
    m_histX->setLabelFormat(QStringLiteral("%g"));
    m_histY->setLabelFormat(QStringLiteral("%d"));
    m_histChart->addAxis(m_histX, Qt::AlignBottom);
    m_histChart->addAxis(m_histY, Qt::AlignLeft);
    m_histChart->addSeries(m_histogramArea);
    m_histChart->addSeries(m_targetLine);
    for (QAbstractSeries *s : {static_cast<QAbstractSeries *>(m_histogramArea), static_cast<QAbstractSeries *>(m_targetLine)}) {
        s->attachAxis(m_histX);
        s->attachAxis(m_histY);
    }
}

void SlaCharts::setHistogram(const SlaHistogram &given)
{
    // The backend sends every bucket, up to 60 days; empty ones at the end would squash the rest.
    SlaHistogram histogram = given;
    while (!histogram.buckets.isEmpty() && histogram.buckets.constLast().count == 0)
        histogram.buckets.removeLast();
    m_histogram = histogram;
    // Steps: every bucket is a bar from lo to hi. An open last bucket (a huge hi) is drawn as
    // wide as the one before it, so that it does not squash the rest.
    QList<QPointF> steps;
    int top = 0;
    double right = histogram.targetHours * 1.5;
    for (const SlaHistogramBucket &b : histogram.buckets) {
        const double lo = b.loSeconds / 3600.0;
        double hi = b.hiSeconds.value_or(1e12) / 3600.0;
        if (hi > std::max(4.0 * histogram.targetHours, 2.0 * lo + 1.0))
            hi = std::max(lo * 1.25, lo + 1.0);
        steps << QPointF(lo, 0) << QPointF(lo, b.count) << QPointF(hi, b.count) << QPointF(hi, 0);
        top = std::max(top, b.count);
        right = std::max(right, hi);
    }
    m_histogramUpper->replace(steps);
    niceRange(m_histY, top);
    niceHoursRange(m_histX, right);
    const double t = histogram.targetHours;
    m_targetLine->replace({QPointF(t, 0), QPointF(t, m_histY->max())});
    m_targetLine->setName(tr("Target %1 h").arg(QLocale().toString(t, 'g', 6)));
    m_histChart->setTitle(histogram.buckets.isEmpty() ? tr("No decisions yet") : tr("Time to review"));
    if (!m_histView)
        return;
    m_histView->setPoints(int(histogram.buckets.size()), [this](int i) {
        const SlaHistogramBucket &b = m_histogram.buckets.at(i);
        if (!b.hiSeconds)
            return tr("%1 or more: %2 reviewed").arg(formatDuration(b.loSeconds)).arg(b.count);
        return tr("%1 to %2: %3 reviewed").arg(formatDuration(b.loSeconds), formatDuration(*b.hiSeconds)).arg(b.count);
    });
}

void SlaCharts::buildDaily()
{
    m_withinLine->setName(tr("Within target"));
    styleLine(m_withinLine, kGreen);
    m_withinLine->setPointsVisible(true);
    m_goalLine->setName(tr("Goal"));
    styleLine(m_goalLine, kRed, Qt::DashLine);
    m_dailyX->setFormat(QStringLiteral("dd MMM"));
    m_dailyX->setTickCount(5);
    m_dailyY->setRange(0, 100);
    m_dailyY->setLabelFormat(QStringLiteral("%d %%"));
    m_dailyChart->addAxis(m_dailyX, Qt::AlignBottom);
    m_dailyChart->addAxis(m_dailyY, Qt::AlignLeft);
    for (QLineSeries *s : {m_withinLine, m_goalLine}) {
        m_dailyChart->addSeries(s);
        s->attachAxis(m_dailyX);
        s->attachAxis(m_dailyY);
    }
}

void SlaCharts::setDaily(const SlaTimeseries &daily, double goal)
{
    m_daily = daily;
    QList<QPointF> points;
    for (const SlaPoint &p : daily.points)
        if (p.withinTargetPct)  // a day without decisions has no share: a gap, not 0 %
            points.append({qreal(p.start.toMSecsSinceEpoch()), *p.withinTargetPct});
    m_withinLine->replace(points);
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime first = daily.points.isEmpty() ? now.addDays(-14) : daily.points.constFirst().start.toLocalTime();
    const QDateTime last = daily.points.isEmpty() ? now : daily.points.constLast().start.toLocalTime();
    m_dailyX->setRange(first, last);
    m_goalLine->replace({QPointF(qreal(first.toMSecsSinceEpoch()), goal * 100.0),
                         QPointF(qreal(last.toMSecsSinceEpoch()), goal * 100.0)});
    m_goalLine->setName(tr("Goal %1").arg(formatPercent(goal * 100.0)));
    m_dailyChart->setTitle(points.isEmpty() ? tr("No decisions yet") : tr("Reviewed within target, per day"));
    if (!m_dailyView)
        return;
    m_dailyView->setPoints(int(daily.points.size()), [this, goal](int i) {
        const SlaPoint &p = m_daily.points.at(i);
        if (!p.withinTargetPct)
            return tr("%1: nothing reviewed").arg(localDay(p.start));
        return tr("%1: %2 within target (goal %3), %4 reviewed")
            .arg(localDay(p.start), formatPercent(p.withinTargetPct), formatPercent(goal * 100.0))
            .arg(p.reviewed);
    });
}

} // namespace fr
