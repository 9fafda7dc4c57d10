#include "SlaDashboard.h"

#include "SlaReviewerModel.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fr {

namespace {

const QColor kGreen(0x1b, 0x7f, 0x3b);
const QColor kRed(0xb3, 0x26, 0x1e);

QString hoursText(double hours)
{
    return QLocale().toString(hours, 'g', 6);
}

QLabel *plainLabel(const QString &text = {})
{
    auto *label = new QLabel(text);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

SlaDashboard::SlaDashboard(SlaReviewerModel *reviewers, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_account(plainLabel())
    , m_problem(plainLabel())
    , m_updated(plainLabel())
    , m_target(new QSpinBox)
    , m_bucket(new QComboBox)
    , m_table(new QTableView)
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart))
    , m_arrivals(new QLineSeries)
    , m_reviewed(new QLineSeries)
    , m_backlog(new QLineSeries)
    , m_timeAxis(new QDateTimeAxis)
    , m_countAxis(new QValueAxis)
    , m_backlogAxis(new QValueAxis)
    , m_refresh(new QAction(tr("&Refresh"), this))
    , m_targetDebounce(new QTimer(this))
{
    setWindowTitle(tr("SLA dashboard — Feedback Reviewer"));
    setAccessibleName(tr("SLA dashboard"));
    resize(1180, 760);

    // --- the bar: target, series, refresh, when --------------------------------------
    m_target->setRange(1, 8760);
    m_target->setValue(48);
    m_target->setSuffix(tr(" h"));
    m_target->setAccessibleName(tr("Target hours"));
    m_target->setToolTip(tr("An output counts as on time when it is reviewed within this many hours."));
    auto *targetCaption = new QLabel(tr("&Target:"));
    targetCaption->setBuddy(m_target);
    m_targetDebounce->setSingleShot(true);
    m_targetDebounce->setInterval(500);
    connect(m_target, &QSpinBox::valueChanged, m_targetDebounce, qOverload<>(&QTimer::start));
    connect(m_targetDebounce, &QTimer::timeout, this, [this] { Q_EMIT targetHoursChanged(targetHours()); });
    connect(m_target, &QSpinBox::editingFinished, this, [this] {
        if (m_targetDebounce->isActive()) {
            m_targetDebounce->stop();
            Q_EMIT targetHoursChanged(targetHours());
        }
    });

    m_bucket->addItem(tr("Per hour, last 48 hours"), int(SlaTimeseries::Bucket::Hour));
    m_bucket->addItem(tr("Per day, last 30 days"), int(SlaTimeseries::Bucket::Day));
    m_bucket->setAccessibleName(tr("Time series"));
    auto *bucketCaption = new QLabel(tr("&Series:"));
    bucketCaption->setBuddy(m_bucket);
    connect(m_bucket, &QComboBox::currentIndexChanged, this, [this] {
        Q_EMIT bucketChanged(SlaTimeseries::Bucket(m_bucket->currentData().toInt()));
    });

    m_refresh->setShortcut(QKeySequence::Refresh == QKeySequence(Qt::CTRL | Qt::Key_R)
                               ? QKeySequence(QKeySequence::Refresh) : QKeySequence(Qt::CTRL | Qt::Key_R));
    m_refresh->setShortcutContext(Qt::WindowShortcut);
    addAction(m_refresh);
    connect(m_refresh, &QAction::triggered, this, &SlaDashboard::refreshRequested);
    auto *refreshButton = new QPushButton(tr("Refresh (Ctrl+R)"));
    refreshButton->setAccessibleName(tr("Refresh"));
    connect(refreshButton, &QPushButton::clicked, m_refresh, &QAction::trigger);
    auto *close = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(close, &QShortcut::activated, this, &QWidget::close);

    m_account->setAccessibleName(tr("Signed in as"));
    m_updated->setAccessibleName(tr("Last update"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(targetCaption);
    bar->addWidget(m_target);
    bar->addSpacing(16);
    bar->addWidget(bucketCaption);
    bar->addWidget(m_bucket);
    bar->addSpacing(16);
    bar->addWidget(refreshButton);
    bar->addStretch(1);
    bar->addWidget(m_updated);
    bar->addSpacing(16);
    bar->addWidget(m_account);

    // --- headline figures -------------------------------------------------------------
    auto *tiles = new QGridLayout;
    tiles->setSpacing(8);
    tiles->addWidget(makeTile(Figure::WithinTarget7d, {}, tr("Reviewed within target, last 7 days")), 0, 0);
    tiles->addWidget(makeTile(Figure::WithinTargetAll, {}, tr("Reviewed within target, all time")), 0, 1);
    tiles->addWidget(makeTile(Figure::Pending, tr("Pending"), tr("Pending")), 0, 2);
    tiles->addWidget(makeTile(Figure::Overdue, tr("Overdue"), tr("Overdue")), 0, 3);
    tiles->addWidget(makeTile(Figure::OldestPending, tr("Oldest pending"), tr("Oldest pending")), 0, 4);
    tiles->addWidget(makeTile(Figure::MedianTimeToReview, tr("Median time to review"), tr("Median time to review")), 1, 0);
    tiles->addWidget(makeTile(Figure::P95TimeToReview, tr("95th percentile time to review"),
                              tr("95th percentile time to review")), 1, 1);
    tiles->addWidget(makeTile(Figure::ApprovalRate, tr("Approval rate"), tr("Approval rate")), 1, 2);
    tiles->addWidget(makeTile(Figure::Reviewed, tr("Reviewed (all time)"), tr("Reviewed, all time")), 1, 3);
    for (int column = 0; column < 5; ++column)
        tiles->setColumnStretch(column, 1);

    // --- the time series --------------------------------------------------------------
    m_arrivals->setName(tr("Arrivals"));
    m_reviewed->setName(tr("Reviewed"));
    m_backlog->setName(tr("Backlog"));
    m_arrivals->setColor(QColor(0x1f, 0x6f, 0xb4));
    m_reviewed->setColor(kGreen);
    m_backlog->setColor(QColor(0xd9, 0x7a, 0x00));
    for (QLineSeries *series : {m_arrivals, m_reviewed, m_backlog}) {
        QPen pen = series->pen();
        pen.setWidthF(2.0);
        series->setPen(pen);
        series->setPointsVisible(true);
        m_chart->addSeries(series);
    }
    m_timeAxis->setFormat(QStringLiteral("dd MMM HH:mm"));
    m_timeAxis->setTickCount(7);
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    m_countAxis->setMin(0);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_countAxis, Qt::AlignLeft);
    m_backlogAxis->setLabelFormat(QStringLiteral("%d"));
    m_backlogAxis->setTitleText(tr("Backlog"));
    m_backlogAxis->setLinePenColor(m_backlog->color());
    m_backlogAxis->setLabelsColor(m_backlog->color());
    m_backlogAxis->setGridLineVisible(false);
    m_countAxis->setTitleText(tr("Per bucket"));
    m_chart->addAxis(m_backlogAxis, Qt::AlignRight);
    // The backlog is a level (often hundreds); arrivals and reviewed are per bucket: two scales.
    for (QLineSeries *series : {m_arrivals, m_reviewed, m_backlog}) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(series == m_backlog ? m_backlogAxis : m_countAxis);
    }
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setAccessibleName(tr("Arrivals, reviewed and backlog over time"));
    m_chartView->setMinimumHeight(260);
    m_chartView->setFocusPolicy(Qt::NoFocus);

    // --- per reviewer -----------------------------------------------------------------
    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(reviewers);
    sorted->setSortRole(SlaReviewerModel::SortRole);
    m_table->setModel(sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SlaReviewerModel::ReviewedColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setMinimumWidth(360);
    m_table->setAccessibleName(tr("Reviewers"));
    m_table->setTextElideMode(Qt::ElideRight);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_chartView);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    split->setSizes({650, 510});

    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem"));
    m_problem->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(kRed.name()));
    m_problem->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_problem);
    layout->addLayout(tiles);
    layout->addWidget(split, 1);

    setSummary(SlaSummary{});  // everything unknown until the first answer
    setFigure(Figure::Pending, QStringLiteral("—"));
    setFigure(Figure::Overdue, QStringLiteral("—"));
    setFigure(Figure::Reviewed, QStringLiteral("—"));
    setTimeseries(SlaTimeseries{});
    m_updated->setText(tr("Not loaded yet"));
    m_table->setFocus();
}

QWidget *SlaDashboard::makeTile(Figure figure, const QString &caption, const QString &accessibleName)
{
    auto *tile = new QFrame;
    tile->setFrameShape(QFrame::StyledPanel);
    tile->setAutoFillBackground(true);
    auto *captionLabel = plainLabel(caption);
    auto *value = plainLabel();
    auto *note = plainLabel();
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.9);
    big.setBold(true);
    value->setFont(big);
    value->setAccessibleName(accessibleName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = note->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    note->setFont(small);
    auto *layout = new QVBoxLayout(tile);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(2);
    layout->addWidget(captionLabel);
    layout->addWidget(value);
    layout->addWidget(note);
    m_figures.insert(figure, value);
    m_notes.insert(figure, note);
    m_captions.insert(figure, captionLabel);
    return tile;
}

void SlaDashboard::setFigure(Figure figure, const QString &text, const QString &note)
{
    QLabel *value = m_figures.value(figure);
    value->setText(text);
    value->setAccessibleDescription(note);
    m_notes.value(figure)->setText(note);
}

void SlaDashboard::setGoalFigure(Figure figure, std::optional<double> percent)
{
    QLabel *value = m_figures.value(figure);
    const QString goal = formatPercent(kSlaGoalPercent).replace(QStringLiteral(".0"), QString());
    Goal state = Goal::Unknown;
    QString note = tr("no data yet (goal %1)").arg(goal);
    if (percent) {
        // Rounded as shown, so that "95.0 %" never looks red.
        const double shown = std::round(*percent * 10.0) / 10.0;
        state = shown >= kSlaGoalPercent ? Goal::Met : Goal::Missed;
        note = state == Goal::Met ? tr("✔ meets the %1 goal").arg(goal) : tr("✘ below the %1 goal").arg(goal);
    }
    setFigure(figure, formatPercent(percent), note);
    value->setProperty("goal", state == Goal::Met ? QStringLiteral("met")
                               : state == Goal::Missed ? QStringLiteral("missed") : QStringLiteral("unknown"));
    const QString color = state == Goal::Met ? kGreen.name() : state == Goal::Missed ? kRed.name() : QString();
    const QString style = color.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(color);
    value->setStyleSheet(style);
    m_notes.value(figure)->setStyleSheet(style);
}

SlaDashboard::Goal SlaDashboard::goal(Figure figure) const
{
    const QString state = m_figures.value(figure)->property("goal").toString();
    return state == QLatin1String("met") ? Goal::Met : state == QLatin1String("missed") ? Goal::Missed : Goal::Unknown;
}

QLineSeries *SlaDashboard::series(int which) const
{
    return which == 0 ? m_arrivals : which == 1 ? m_reviewed : m_backlog;
}

void SlaDashboard::setAccount(const QString &username, const QUrl &server)
{
    const QString where = server.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath);
    m_account->setText(tr("%1 @ %2").arg(username, where));
    setWindowTitle(tr("SLA dashboard — %1 @ %2").arg(username, where));
}

void SlaDashboard::setSummary(const SlaSummary &summary)
{
    const QString target = hoursText(summary.targetHours);
    m_captions.value(Figure::WithinTarget7d)->setText(tr("Reviewed within %1 h, last 7 days").arg(target));
    m_captions.value(Figure::WithinTargetAll)->setText(tr("Reviewed within %1 h, all time").arg(target));
    setGoalFigure(Figure::WithinTarget7d, summary.reviewedWithinTargetPct7d);
    setGoalFigure(Figure::WithinTargetAll, summary.reviewedWithinTargetPctAll);
    setFigure(Figure::Pending, QLocale().toString(summary.pending), tr("flagged, not yet reviewed"));
    setFigure(Figure::Overdue, QLocale().toString(summary.overdue), tr("pending longer than %1 h").arg(target));
    m_figures.value(Figure::Overdue)->setStyleSheet(
        summary.overdue > 0 ? QStringLiteral("color: %1;").arg(kRed.name()) : QString());
    setFigure(Figure::OldestPending, formatDuration(summary.oldestPendingAgeSeconds),
              summary.oldestPendingAgeSeconds ? tr("waiting for review") : tr("nothing pending"));
    const QString noDecisions = tr("no decisions yet");
    setFigure(Figure::MedianTimeToReview, formatDuration(summary.medianTimeToReviewSeconds),
              summary.medianTimeToReviewSeconds ? tr("from output to decision") : noDecisions);
    setFigure(Figure::P95TimeToReview, formatDuration(summary.p95TimeToReviewSeconds),
              summary.p95TimeToReviewSeconds ? tr("95 % were reviewed faster") : noDecisions);
    setFigure(Figure::ApprovalRate,
              formatPercent(summary.approvalRate ? std::optional<double>(*summary.approvalRate * 100.0) : std::nullopt),
              summary.approvalRate ? tr("of decisions approved") : noDecisions);
    setFigure(Figure::Reviewed, QLocale().toString(summary.reviewed), tr("flagged outputs decided"));
}

void SlaDashboard::setTimeseries(const SlaTimeseries &series)
{
    const bool hourly = series.bucket == SlaTimeseries::Bucket::Hour;
    QList<QPointF> arrivals, reviewed, backlog;
    int top = 0;
    int topBacklog = 0;
    for (const SlaPoint &point : series.points) {
        const qreal x = qreal(point.start.toMSecsSinceEpoch());
        arrivals.append({x, qreal(point.arrivals)});
        reviewed.append({x, qreal(point.reviewed)});
        backlog.append({x, qreal(point.backlog)});
        top = std::max({top, point.arrivals, point.reviewed});
        topBacklog = std::max(topBacklog, point.backlog);
    }
    m_arrivals->replace(arrivals);
    m_reviewed->replace(reviewed);
    m_backlog->replace(backlog);
    // Many points: dots would only blur the lines.
    for (QLineSeries *line : {m_arrivals, m_reviewed, m_backlog})
        line->setPointsVisible(series.points.size() <= 31);
    m_timeAxis->setFormat(hourly ? QStringLiteral("ddd HH:mm") : QStringLiteral("dd MMM"));
    if (series.points.isEmpty()) {
        const QDateTime now = QDateTime::currentDateTime();
        m_timeAxis->setRange(now.addDays(-1), now);
    } else {
        m_timeAxis->setRange(series.points.constFirst().start.toLocalTime(),
                             series.points.constLast().start.toLocalTime());
    }
    // Whole numbers on the count axes: a tick every 1, 2, 5, 10, 20, 50... units.
    const auto niceRange = [](QValueAxis *axis, int top) {
        const int ticks = 5;
        int step = 1;
        for (int scale = 1; step * (ticks - 1) < top; scale *= 10) {
            for (int factor : {1, 2, 5}) {
                step = factor * scale;
                if (step * (ticks - 1) >= top)
                    break;
            }
        }
        axis->setRange(std::min(0, top), step * (ticks - 1));
        axis->setTickCount(ticks);
    };
    niceRange(m_countAxis, top);
    niceRange(m_backlogAxis, topBacklog);
    const QString what = hourly ? tr("Flagged outputs per hour (local time)") : tr("Flagged outputs per day (local time)");
    m_chart->setTitle(series.points.isEmpty() ? tr("No data yet") : what);
    if (!series.points.isEmpty()) {
        const SlaPoint &last = series.points.constLast();
        m_chartView->setAccessibleDescription(tr("Latest bucket: %1 arrivals, %2 reviewed, backlog %3.")
                                                  .arg(last.arrivals).arg(last.reviewed).arg(last.backlog));
    }
}

void SlaDashboard::setProblem(const QString &sentence)
{
    m_problem->setText(sentence);
    m_problem->setVisible(!sentence.isEmpty());
}

void SlaDashboard::setBusy(bool busy)
{
    m_refresh->setEnabled(true);  // a second refresh simply replaces the first
    if (busy)
        m_updated->setText(tr("Updating…"));
}

void SlaDashboard::setRefreshedAt(const QDateTime &at)
{
    m_updated->setText(tr("Updated %1").arg(QLocale().toString(at.toLocalTime().time(), QLocale::ShortFormat)));
}

void SlaDashboard::setTargetHours(double hours)
{
    const QSignalBlocker blocker(m_target);
    m_target->setValue(int(std::lround(hours)));
}

double SlaDashboard::targetHours() const
{
    return double(m_target->value());
}

void SlaDashboard::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    Q_EMIT visibilityChanged(true);
}

void SlaDashboard::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    Q_EMIT visibilityChanged(false);
}

} // namespace fr
