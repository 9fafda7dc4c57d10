#include "SlaDashboard.h"

#include "SlaCharts.h"
#include "SlaReviewerModel.h"
#include "SlaTableModels.h"
#include "SlaTablePanel.h"
#include "ScreenFit.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fr {

namespace {

const QColor kGreen(0x1b, 0x7f, 0x3b);
const QColor kRed(0xb3, 0x26, 0x1e);
const QColor kOrange(0x9a, 0x55, 0x00);

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

QString whenText(const QDateTime &at)
{
    const QDateTime local = at.toLocalTime();
    return local.date() == QDate::currentDate() ? QLocale().toString(local.time(), QLocale::ShortFormat)
                                                : QLocale().toString(local, QLocale::ShortFormat);
}

} // namespace

SlaDashboard::SlaDashboard(SlaReviewerModel *reviewers, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_account(plainLabel())
    , m_problem(plainLabel())
    , m_updated(plainLabel())
    , m_snapshot(plainLabel())
    , m_whatIf(plainLabel())
    , m_forecast(plainLabel())
    , m_progress(new QProgressBar)
    , m_target(new QSpinBox)
    , m_bucket(new QComboBox)
    , m_pages(new QTabWidget)
    , m_charts(new SlaCharts)
    , m_overdue(new SlaItemsModel(this))
    , m_atRisk(new SlaItemsModel(this))
    , m_details(new QPlainTextEdit)
    , m_byModel(new SlaBreakdownModel(this))
    , m_byReason(new SlaBreakdownModel(this))
    , m_byReviewer(new SlaBreakdownModel(this))
    , m_leases(new SlaLeasesModel(this))
{
    setWindowTitle(tr("SLA dashboard — Feedback Reviewer"));
    setAccessibleName(tr("SLA dashboard"));
    fitToScreen(this, {1340, 860});  // 1366×768 has 720 px for it
    makeActions();

    // --- headline figures -------------------------------------------------------------
    auto *tiles = new QGridLayout;
    tiles->setSpacing(6);
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

    m_forecast->setWordWrap(true);
    m_forecast->setAccessibleName(tr("Forecast"));
    QFont bigger = m_forecast->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.15);
    bigger.setBold(true);
    m_forecast->setFont(bigger);
    m_forecast->setText(tr("Forecast: not loaded yet"));
    tiles->addWidget(m_forecast, 1, 4);

    // --- pages ------------------------------------------------------------------------
    connect(m_charts, &SlaCharts::savePngRequested, this, [this](SlaCharts::Chart chart) {
        const QString name = chart == SlaCharts::Chart::Timeseries ? QStringLiteral("sla-timeseries.png")
                             : chart == SlaCharts::Chart::Histogram ? QStringLiteral("sla-time-to-review.png")
                                                                    : QStringLiteral("sla-within-target.png");
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save chart"), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u'/' + name,
            tr("PNG image (*.png)"));
        if (!path.isEmpty() && !m_charts->savePng(chart, path))
            setProblem(tr("The chart could not be saved to %1.").arg(path));
    });
    m_pages->addTab(m_charts, tr("&Charts"));
    m_pages->addTab(makeAttentionPage(), tr("&Needs attention"));
    m_pages->addTab(makeBreakdownPage(reviewers), tr("&Breakdowns"));
    m_pages->addTab(makeLeasesPage(), tr("&Leases"));
    m_pages->setAccessibleName(tr("Dashboard pages"));

    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem"));
    m_problem->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(kRed.name()));
    m_problem->hide();
    m_snapshot->setAccessibleName(tr("Snapshot"));
    m_snapshot->setStyleSheet(QStringLiteral("background: #fff4d6; color: #5a4200; padding: 4px;"));
    m_snapshot->hide();
    m_whatIf->setAccessibleName(tr("What-if target"));
    m_whatIf->setStyleSheet(QStringLiteral("background: #fde7d0; color: %1; padding: 4px; font-weight: bold;")
                                .arg(kOrange.name()));
    m_whatIf->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(makeBar());
    layout->addWidget(m_problem);
    layout->addWidget(m_snapshot);
    layout->addWidget(m_whatIf);
    layout->addLayout(tiles);
    layout->addWidget(m_pages, 1);

    setSummary(SlaSummary{});  // everything unknown until the first answer
    setFigure(Figure::Pending, QStringLiteral("—"));
    setFigure(Figure::Overdue, QStringLiteral("—"));
    setFigure(Figure::Reviewed, QStringLiteral("—"));
    m_updated->setText(tr("Not loaded yet"));
    m_pages->setFocus();
}

QWidget *SlaDashboard::makeBar()
{
    // 0 is "the server's own": the client never imposes a target of its own by default.
    m_target->setRange(0, 8760);
    m_target->setValue(0);
    m_target->setSuffix(tr(" h"));
    m_target->setSpecialValueText(tr("server's own"));
    m_target->setAccessibleName(tr("Target hours"));
    m_target->setToolTip(tr("An output counts as on time when it is reviewed within this many hours. "
                            "Any value but the server's own is a what-if."));
    auto *targetCaption = new QLabel(tr("&Target:"));
    targetCaption->setBuddy(m_target);
    // Typing "200" passes through 2 and 20: the figures follow once the typing is done.
    connect(m_target, &QSpinBox::editingFinished, this, [this] { Q_EMIT targetHoursChanged(targetHours()); });
    connect(m_target, &QSpinBox::valueChanged, this, [this] {
        if (!m_target->hasFocus())
            Q_EMIT targetHoursChanged(targetHours());  // the arrows or the wheel without focus
    });

    m_bucket->addItem(tr("Per hour, last 48 hours"), int(SlaTimeseries::Bucket::Hour));
    m_bucket->addItem(tr("Per day, last 30 days"), int(SlaTimeseries::Bucket::Day));
    m_bucket->setAccessibleName(tr("Time series"));
    auto *bucketCaption = new QLabel(tr("&Series:"));
    bucketCaption->setBuddy(m_bucket);
    connect(m_bucket, &QComboBox::currentIndexChanged, this, [this] {
        Q_EMIT bucketChanged(SlaTimeseries::Bucket(m_bucket->currentData().toInt()));
    });

    auto *refreshButton = new QPushButton(tr("Refresh (Ctrl+R)"));
    refreshButton->setAccessibleName(tr("Refresh"));
    connect(refreshButton, &QPushButton::clicked, m_refresh, &QAction::trigger);
    auto *keysButton = new QPushButton(tr("Keys (?)"));
    connect(keysButton, &QPushButton::clicked, this, &SlaDashboard::showCheatSheet);
    m_progress->setMaximumWidth(120);
    m_progress->setTextVisible(false);
    m_progress->setAccessibleName(tr("Refresh progress"));
    m_progress->hide();
    m_account->setAccessibleName(tr("Signed in as"));
    m_updated->setAccessibleName(tr("Last update"));

    auto *bar = new QWidget;
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(targetCaption);
    row->addWidget(m_target);
    row->addSpacing(12);
    row->addWidget(bucketCaption);
    row->addWidget(m_bucket);
    row->addSpacing(12);
    row->addWidget(refreshButton);
    row->addWidget(m_progress);
    row->addWidget(m_updated);
    row->addStretch(1);
    row->addWidget(m_account);
    row->addWidget(keysButton);
    return bar;
}

QAction *SlaDashboard::addKey(const QString &text, const QKeySequence &key, std::function<void()> run)
{
    auto *action = new QAction(text, this);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, std::move(run));
    addAction(action);
    m_keyActions.append(action);
    return action;
}

void SlaDashboard::makeActions()
{
    // Esc is deliberately not here: it never closes or quits (issue 10), it only leaves a field.
    m_refresh = addKey(tr("Refresh now"), QKeySequence(Qt::CTRL | Qt::Key_R), [this] { Q_EMIT refreshRequested(); });
    const QStringList pages{tr("Show the charts"), tr("Show what needs attention"), tr("Show the breakdowns"),
                            tr("Show the leases")};
    for (int i = 0; i < pages.size(); ++i)
        addKey(pages.at(i), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), [this, i] {
            m_pages->setCurrentIndex(i);
            m_pages->currentWidget()->setFocus();
        });
    addKey(tr("Filter the table"), QKeySequence(Qt::CTRL | Qt::Key_F), [this] {
        // The table with the focus, else the first one on the page shown.
        SlaTablePanel *target = nullptr;
        for (SlaTablePanel *panel : findChildren<SlaTablePanel *>()) {
            if (!panel->isVisible())
                continue;
            if (panel->isAncestorOf(focusWidget())) {
                target = panel;
                break;
            }
            if (!target)
                target = panel;
        }
        if (target) {
            target->filterEdit()->setFocus();
            target->filterEdit()->selectAll();
        }
    });
    addKey(tr("Export the focused table as CSV"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
        for (SlaTablePanel *panel : findChildren<SlaTablePanel *>())
            if (panel->isAncestorOf(focusWidget()))
                Q_EMIT panel->exportCsvRequested();
    });
    addKey(tr("Release the selected reviewer's leases…"), QKeySequence(Qt::CTRL | Qt::Key_Delete),
           [this] { askReleaseCurrent(); });
    addKey(tr("Switch server…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), [this] { Q_EMIT signOutRequested(true); });
    addKey(tr("Sign out"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q), [this] { Q_EMIT signOutRequested(false); });
    addKey(tr("Show every shortcut"), QKeySequence(QStringLiteral("?")), [this] { showCheatSheet(); });
    addKey(tr("Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), [this] { close(); });
}

void SlaDashboard::showCheatSheet()
{
    QDialog sheet(this);
    sheet.setWindowTitle(tr("Keys of the SLA dashboard"));
    auto *table = new QTableWidget(int(m_keyActions.size()), 2, &sheet);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Key")});
    for (int i = 0; i < m_keyActions.size(); ++i) {
        QAction *action = m_keyActions.at(i);
        table->setItem(i, 0, new QTableWidgetItem(action->text()));
        table->setItem(i, 1, new QTableWidgetItem(action->shortcut().toString(QKeySequence::NativeText)));
    }
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->resizeColumnToContents(1);
    table->setObjectName(QStringLiteral("cheatSheetTable"));
    table->setAccessibleName(tr("Every action of the SLA dashboard and its key"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &sheet);
    connect(buttons, &QDialogButtonBox::rejected, &sheet, &QDialog::reject);
    auto *layout = new QVBoxLayout(&sheet);
    layout->addWidget(new QLabel(tr("Arrow keys move in a table; on a chart they read its points. "
                                    "Tab moves between parts.")));
    layout->addWidget(table);
    layout->addWidget(buttons);
    sheet.resize(520, 420);
    sheet.exec();
}

SlaTablePanel *SlaDashboard::makeItemsPanel(SlaItemPage::Kind kind)
{
    const bool overdue = kind == SlaItemPage::Kind::Overdue;
    auto *panel = new SlaTablePanel(overdue ? tr("Overdue") : tr("At risk (due within 24 h)"),
                                    overdue ? m_overdue : m_atRisk, SlaItemsModel::SortRole);
    auto *sort = new QComboBox;
    sort->addItem(tr("Earliest deadline first"), int(SlaItemPage::Sort::Deadline));
    sort->addItem(tr("Lowest confidence first"), int(SlaItemPage::Sort::Confidence));
    sort->addItem(tr("Oldest first"), int(SlaItemPage::Sort::Age));
    sort->setAccessibleName(tr("Which items first"));
    sort->setAccessibleDescription(tr("Which items first"));  // Linux: the name is the current item
    connect(sort, &QComboBox::currentIndexChanged, this, [this, sort, kind] {
        Q_EMIT itemSortChanged(kind, SlaItemPage::Sort(sort->currentData().toInt()));
    });
    panel->controls()->addWidget(sort);
    (overdue ? m_overdueSort : m_atRiskSort) = sort;
    panel->table()->setColumnHidden(SlaItemsModel::OutputColumn, false);
    connect(panel->table()->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showItemDetails(current); });
    connect(panel->table(), &QTableView::activated, this, [this](const QModelIndex &index) {
        showItemDetails(index);
        m_details->setFocus();  // Enter: the item's details, one key away
    });
    connect(panel, &SlaTablePanel::exportCsvRequested, this, [this, panel, overdue] {
        exportCsv(panel, overdue ? QStringLiteral("sla-overdue.csv") : QStringLiteral("sla-at-risk.csv"));
    });
    return panel;
}

QWidget *SlaDashboard::makeAttentionPage()
{
    m_overduePanel = makeItemsPanel(SlaItemPage::Kind::Overdue);
    m_atRiskPanel = makeItemsPanel(SlaItemPage::Kind::AtRisk);
    m_details->setReadOnly(true);
    m_details->setAccessibleName(tr("Item details"));
    m_details->setPlaceholderText(tr("The selected item's details (Enter in a list comes here)."));
    m_details->setMinimumWidth(300);
    auto *lists = new QSplitter(Qt::Vertical);
    lists->addWidget(m_overduePanel);
    lists->addWidget(m_atRiskPanel);
    lists->setChildrenCollapsible(false);
    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(lists);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    return split;
}

void SlaDashboard::showItemDetails(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const auto *proxy = qobject_cast<const QSortFilterProxyModel *>(index.model());
    const QModelIndex source = proxy ? proxy->mapToSource(index) : index;
    const auto *model = qobject_cast<const SlaItemsModel *>(source.model());
    const SlaItem *item = model ? model->item(source.row()) : nullptr;
    if (!item)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString lease = item->leaseHolder.isEmpty()
                              ? tr("nobody holds it")
                              : tr("%1, until %2").arg(item->leaseHolder, formatWhen(item->leaseExpiresAt, now));
    // Plain text: model inputs and outputs are untrusted.
    m_details->setPlainText(tr("Output %1\nModel: %2 %3 · confidence %4\nCreated: %5 · deadline: %6\nLeased by: %7\n\n"
                               "— Input —\n%8\n\n— Model output —\n%9")
                                .arg(item->id, item->modelName, item->modelVersion,
                                     QString::number(item->confidence, 'f', 2), formatWhen(item->createdAt, now),
                                     formatWhen(item->deadline, now), lease, item->inputPreview, item->outputPreview));
}

QWidget *SlaDashboard::makeBreakdownPage(SlaReviewerModel *reviewers)
{
    // Two columns of two tables: stacked four high, each showed two rows at 1366×768. The wide
    // tables (per model, per reviewer) on the left, the narrow ones on the right.
    auto *left = new QSplitter(Qt::Vertical);
    auto *right = new QSplitter(Qt::Vertical);
    const auto add = [this](QSplitter *column, SlaBreakdown::By by, SlaBreakdownModel *model, const QString &caption,
                            const QString &file) {
        SlaBreakdown empty;
        empty.by = by;
        model->reset(empty);
        auto *panel = new SlaTablePanel(caption, model, SlaBreakdownModel::SortRole);
        connect(panel, &SlaTablePanel::exportCsvRequested, this, [this, panel, file] { exportCsv(panel, file); });
        m_breakdownPanels.insert(int(by), panel);
        column->addWidget(panel);
    };
    add(left, SlaBreakdown::By::Model, m_byModel, tr("Per model and version"), QStringLiteral("sla-by-model.csv"));
    add(right, SlaBreakdown::By::Reason, m_byReason, tr("Per reject reason"), QStringLiteral("sla-by-reason.csv"));
    add(left, SlaBreakdown::By::Reviewer, m_byReviewer, tr("Per reviewer"), QStringLiteral("sla-by-reviewer.csv"));
    m_reviewersPanel = new SlaTablePanel(tr("Reviewers, all time"), reviewers, SlaReviewerModel::SortRole);
    m_reviewersPanel->table()->sortByColumn(SlaReviewerModel::ReviewedColumn, Qt::DescendingOrder);
    connect(m_reviewersPanel, &SlaTablePanel::exportCsvRequested, this,
            [this] { exportCsv(m_reviewersPanel, QStringLiteral("sla-reviewers.csv")); });
    right->addWidget(m_reviewersPanel);
    auto *split = new QSplitter(Qt::Horizontal);
    for (QSplitter *column : {left, right}) {
        column->setChildrenCollapsible(false);
        split->addWidget(column);
    }
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

QWidget *SlaDashboard::makeLeasesPage()
{
    m_leasesPanel = new SlaTablePanel(tr("Leases"), m_leases, SlaLeasesModel::SortRole);
    auto *release = new QPushButton(tr("Release this reviewer's leases… (Ctrl+Del)"));
    release->setAccessibleName(tr("Release the selected reviewer's leases"));
    connect(release, &QPushButton::clicked, this, &SlaDashboard::askReleaseCurrent);
    m_leasesPanel->controls()->addWidget(release);
    connect(m_leasesPanel, &SlaTablePanel::exportCsvRequested, this,
            [this] { exportCsv(m_leasesPanel, QStringLiteral("sla-leases.csv")); });
    return m_leasesPanel;
}

void SlaDashboard::askReleaseCurrent()
{
    const QModelIndex current = m_leasesPanel->table()->currentIndex();
    if (!current.isValid())
        return;
    const QModelIndex row = current.siblingAtColumn(SlaLeasesModel::ReviewerColumn);
    const QString id = row.data(SlaLeasesModel::ReviewerIdRole).toString();
    const QString name = row.data(Qt::DisplayRole).toString();
    const QString held = row.siblingAtColumn(SlaLeasesModel::HeldColumn).data().toString();
    QMessageBox ask(QMessageBox::Question, tr("Release leases"),
                    tr("Hand %1's %2 leased outputs back to the team? Undecided work in their app goes back "
                       "to the queue.").arg(name, held),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    ask.setTextFormat(Qt::PlainText);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.setObjectName(QStringLiteral("releaseQuestion"));
    if (ask.exec() == QMessageBox::Yes)
        Q_EMIT releaseLeasesRequested(id);
}

void SlaDashboard::setLeasesReleased(const QString &username, int released, const QString &error)
{
    m_leasesPanel->noteLabel()->setText(error.isEmpty() ? tr("Released %L1 outputs of %2.").arg(released).arg(username)
                                                        : tr("Not released: %1").arg(error));
}

void SlaDashboard::exportCsv(SlaTablePanel *panel, const QString &name)
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export CSV"), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u'/' + name,
        tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(panel->csv().toUtf8()) < 0 || !file.commit())
        setProblem(tr("The table could not be saved to %1: %2").arg(path, file.errorString()));
}

SlaTablePanel *SlaDashboard::itemsPanel(SlaItemPage::Kind kind) const
{
    return kind == SlaItemPage::Kind::Overdue ? m_overduePanel : m_atRiskPanel;
}

QComboBox *SlaDashboard::itemSortEdit(SlaItemPage::Kind kind) const
{
    return kind == SlaItemPage::Kind::Overdue ? m_overdueSort : m_atRiskSort;
}

SlaTablePanel *SlaDashboard::breakdownPanel(SlaBreakdown::By by) const { return m_breakdownPanels.value(int(by)); }

QTableView *SlaDashboard::reviewerTable() const { return m_reviewersPanel->table(); }

QWidget *SlaDashboard::makeTile(Figure figure, const QString &caption, const QString &accessibleName)
{
    auto *tile = new QFrame;
    tile->setFrameShape(QFrame::StyledPanel);
    tile->setAccessibleName(accessibleName);  // a screen reader names the group, not just "frame"
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
    const double goalPercent = m_goal * 100.0;
    const QString goal = formatPercent(goalPercent).replace(QStringLiteral(".0"), QString());
    Goal state = Goal::Unknown;
    QString note = tr("no data yet (goal %1)").arg(goal);
    if (percent) {
        // Rounded as shown, so that "95.0 %" never looks red.
        const double shown = std::round(*percent * 10.0) / 10.0;
        state = shown >= goalPercent ? Goal::Met : Goal::Missed;
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

QLineSeries *SlaDashboard::series(int which) const { return m_charts->series(which); }

void SlaDashboard::setAccount(const QString &username, const QUrl &server)
{
    const QString where = server.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemovePath);
    m_account->setText(tr("%1 @ %2").arg(username, where));
    setWindowTitle(tr("SLA dashboard — %1 @ %2").arg(username, where));
}

void SlaDashboard::setSummary(const SlaSummary &summary)
{
    m_goal = summary.goal;
    // An older backend does not say its own setting; asked without a target, it used its own.
    if (summary.defaultTargetHours)
        m_serverTarget = *summary.defaultTargetHours;
    else if (targetHours() <= 0 && summary.targetHours > 0)
        m_serverTarget = summary.targetHours;
    m_effectiveTarget = summary.targetHours;
    updateTargetNote();
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

void SlaDashboard::updateTargetNote()
{
    // A what-if is any target the server did not choose itself: say so, loudly.
    const bool whatIf = targetHours() > 0 && (m_serverTarget <= 0 || targetHours() != m_serverTarget);
    if (whatIf)
        m_whatIf->setText(tr("WHAT-IF: the figures below assume a %1 h target; the server's own target is %2. "
                             "Set the target to 0 (server's own) to go back.")
                              .arg(hoursText(targetHours()),
                                   m_serverTarget > 0 ? tr("%1 h").arg(hoursText(m_serverTarget)) : tr("unknown")));
    m_whatIf->setVisible(whatIf);
    m_target->setSpecialValueText(m_serverTarget > 0 ? tr("server's own (%1 h)").arg(hoursText(m_serverTarget))
                                                     : tr("server's own"));
}

void SlaDashboard::setTimeseries(const SlaTimeseries &series) { m_charts->setTimeseries(series); }
void SlaDashboard::setDaily(const SlaTimeseries &daily) { m_charts->setDaily(daily, m_goal); }
void SlaDashboard::setHistogram(const SlaHistogram &histogram) { m_charts->setHistogram(histogram); }

void SlaDashboard::setForecast(const SlaForecast &f)
{
    // Our own sentence from the numbers (the backend's sentence may be in another language).
    const QString horizon = hoursText(f.horizonHours);
    const QString pace = QLocale().toString(f.pacePerHour, 'f', 1);
    QString text;
    if (f.breaching == 0)
        text = tr("At the current pace (%1/h), nothing breaches in the next %2 h.").arg(pace, horizon);
    else {
        // One output "breaches", several "breach": two sentences rather than "output(s)".
        const QString what = f.breaching == 1
            ? tr("At the current pace (%1/h), 1 output breaches in the next %2 h").arg(pace, horizon)
            : tr("At the current pace (%1/h), %L2 outputs breach in the next %3 h").arg(pace).arg(f.breaching).arg(horizon);
        text = f.reviewerHoursNeeded
            ? tr("%1; %2 more reviewer-hours would prevent it.").arg(what, QLocale().toString(*f.reviewerHoursNeeded, 'f', 1))
            : tr("%1.").arg(what);
    }
    m_forecast->setText(text);
    m_forecast->setStyleSheet(f.breaching > 0 ? QStringLiteral("color: %1;").arg(kRed.name())
                                              : QStringLiteral("color: %1;").arg(kGreen.name()));
}

void SlaDashboard::setItems(SlaItemPage::Kind kind, const SlaItemPage &page)
{
    const bool overdue = kind == SlaItemPage::Kind::Overdue;
    (overdue ? m_overdue : m_atRisk)->reset(page, QDateTime::currentDateTimeUtc());
    SlaTablePanel *panel = itemsPanel(kind);
    panel->noteLabel()->setText(page.total > page.items.size()
                                    ? tr("%L1 of %L2 shown").arg(page.items.size()).arg(page.total)
                                    : tr("%L1").arg(page.total));
    const int tab = m_pages->indexOf(m_pages->widget(int(Page::Attention)));
    const int both = (overdue ? page.total : m_overdue->page().total) + (overdue ? m_atRisk->page().total : page.total);
    m_pages->setTabText(tab, tr("&Needs attention (%L1)").arg(both));
}

void SlaDashboard::setBreakdown(const SlaBreakdown &breakdown)
{
    SlaBreakdownModel *model = breakdown.by == SlaBreakdown::By::Model ? m_byModel
                               : breakdown.by == SlaBreakdown::By::Reason ? m_byReason : m_byReviewer;
    model->reset(breakdown);
}

void SlaDashboard::setLeases(const QList<SlaLeaseHolder> &leases)
{
    m_leases->reset(leases);
    int held = 0;
    for (const SlaLeaseHolder &l : leases)
        held += l.held;
    m_pages->setTabText(int(Page::Leases), tr("&Leases (%L1)").arg(held));
}

void SlaDashboard::setProblem(const QString &sentence)
{
    m_problem->setText(sentence);
    m_problem->setVisible(!sentence.isEmpty());
}

void SlaDashboard::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    if (busy)
        m_updated->setText(tr("Updating…"));
}

void SlaDashboard::setProgress(int done, int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

void SlaDashboard::setRefreshedAt(const QDateTime &at)
{
    m_updated->setText(tr("Updated %1").arg(QLocale().toString(at.toLocalTime().time(), QLocale::ShortFormat)));
    m_snapshot->hide();
}

void SlaDashboard::setSnapshotShown(const QDateTime &takenAt, bool offline)
{
    m_snapshot->setText(offline ? tr("Offline: showing the snapshot taken %1. Refresh when back online.").arg(whenText(takenAt))
                                : tr("Showing the snapshot taken %1 until fresh figures arrive.").arg(whenText(takenAt)));
    m_snapshot->show();
    m_updated->setText(tr("Snapshot of %1").arg(whenText(takenAt)));
}

void SlaDashboard::setTargetHours(double hours)
{
    const QSignalBlocker blocker(m_target);
    m_target->setValue(int(std::lround(std::max(0.0, hours))));
    updateTargetNote();
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
