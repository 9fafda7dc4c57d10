#pragma once

#include "SlaReports.h"
#include "SlaSummary.h"

#include <QDateTime>
#include <QHash>
#include <QUrl>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QProgressBar;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace fr {

class SlaBreakdownModel;
class SlaCharts;
class SlaItemsModel;
class SlaLeasesModel;
class SlaReviewerModel;
class SlaTablePanel;

// The supervisor's window: "are we inside 95 % in 48 h?" (the tiles) and "what do I do now?"
// (the forecast line, overdue and at-risk items, breakdowns, leases, charts). Ctrl+R refreshes;
// Esc never closes it; sign out and switch server are on keys; ? lists every key. The target
// defaults to the server's own setting; another value is a what-if and marked as one. It only
// shows what it is given and emits intentions; it fetches nothing.
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
    enum class Page { Charts, Attention, Breakdowns, Leases };

    explicit SlaDashboard(SlaReviewerModel *reviewers, QWidget *parent = nullptr);

    void setAccount(const QString &username, const QUrl &server);
    void setSummary(const SlaSummary &summary);
    void setTimeseries(const SlaTimeseries &series);
    void setDaily(const SlaTimeseries &daily);
    void setForecast(const SlaForecast &forecast);
    void setItems(SlaItemPage::Kind kind, const SlaItemPage &page);
    void setBreakdown(const SlaBreakdown &breakdown);
    void setHistogram(const SlaHistogram &histogram);
    void setLeases(const QList<SlaLeaseHolder> &leases);
    void setLeasesReleased(const QString &username, int released, const QString &error);
    void setProblem(const QString &sentence);  // empty clears
    void setBusy(bool busy);
    void setProgress(int done, int total);
    void setRefreshedAt(const QDateTime &at);
    // What is shown is the stored snapshot taken then (offline, or until the first answer).
    void setSnapshotShown(const QDateTime &takenAt, bool offline);
    void setTargetHours(double hours);  // 0: the server's own; without emitting targetHoursChanged

    double targetHours() const;  // 0: the server's own setting
    QLabel *figure(Figure figure) const { return m_figures.value(figure); }
    Goal goal(Figure figure) const;
    QLabel *problemLabel() const { return m_problem; }
    QLabel *updatedLabel() const { return m_updated; }
    QLabel *snapshotLabel() const { return m_snapshot; }
    QLabel *whatIfLabel() const { return m_whatIf; }
    QLabel *forecastLabel() const { return m_forecast; }
    QProgressBar *progressBar() const { return m_progress; }
    QSpinBox *targetEdit() const { return m_target; }
    QComboBox *bucketEdit() const { return m_bucket; }
    QTableView *reviewerTable() const;
    SlaCharts *charts() const { return m_charts; }
    QLineSeries *series(int which) const;  // 0 arrivals, 1 reviewed, 2 backlog
    QTabWidget *pages() const { return m_pages; }
    SlaTablePanel *itemsPanel(SlaItemPage::Kind kind) const;
    QComboBox *itemSortEdit(SlaItemPage::Kind kind) const;
    SlaTablePanel *breakdownPanel(SlaBreakdown::By by) const;
    SlaTablePanel *leasesPanel() const { return m_leasesPanel; }
    QPlainTextEdit *itemDetails() const { return m_details; }
    QAction *refreshAction() const { return m_refresh; }
    QList<QAction *> keyActions() const { return m_keyActions; }  // in cheat-sheet order
    // The release of the current reviewer's leases, after asking (tests answer the question).
    void askReleaseCurrent();

Q_SIGNALS:
    void refreshRequested();
    void targetHoursChanged(double hours);  // 0: back to the server's own setting
    void bucketChanged(fr::SlaTimeseries::Bucket bucket);
    void itemSortChanged(fr::SlaItemPage::Kind kind, fr::SlaItemPage::Sort sort);
    void releaseLeasesRequested(const QString &reviewerId);
    void signOutRequested(bool switchServer);
    void visibilityChanged(bool shown);  // poll only while someone looks

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *makeTile(Figure figure, const QString &caption, const QString &accessibleName);
    QWidget *makeBar();
    QWidget *makeAttentionPage();
    QWidget *makeBreakdownPage(SlaReviewerModel *reviewers);
    QWidget *makeLeasesPage();
    SlaTablePanel *makeItemsPanel(SlaItemPage::Kind kind);
    void makeActions();
    QAction *addKey(const QString &text, const QKeySequence &key, std::function<void()> run);
    void setFigure(Figure figure, const QString &text, const QString &note = {});
    void setGoalFigure(Figure figure, std::optional<double> percent);
    void updateTargetNote();
    void showItemDetails(const QModelIndex &index);
    void exportCsv(SlaTablePanel *panel, const QString &name);
    void showCheatSheet();

    QHash<Figure, QLabel *> m_figures;
    QHash<Figure, QLabel *> m_notes;
    QHash<Figure, QLabel *> m_captions;
    QLabel *m_account;
    QLabel *m_problem;
    QLabel *m_updated;
    QLabel *m_snapshot;
    QLabel *m_whatIf;
    QLabel *m_forecast;
    QProgressBar *m_progress;
    QSpinBox *m_target;
    QComboBox *m_bucket;
    QTabWidget *m_pages;
    SlaCharts *m_charts;
    SlaItemsModel *m_overdue;
    SlaItemsModel *m_atRisk;
    SlaTablePanel *m_overduePanel = nullptr;
    SlaTablePanel *m_atRiskPanel = nullptr;
    QComboBox *m_overdueSort = nullptr;
    QComboBox *m_atRiskSort = nullptr;
    QPlainTextEdit *m_details;
    SlaBreakdownModel *m_byModel;
    SlaBreakdownModel *m_byReason;
    SlaBreakdownModel *m_byReviewer;
    QHash<int, SlaTablePanel *> m_breakdownPanels;
    SlaTablePanel *m_reviewersPanel = nullptr;
    SlaLeasesModel *m_leases;
    SlaTablePanel *m_leasesPanel = nullptr;
    QAction *m_refresh = nullptr;
    QList<QAction *> m_keyActions;
    double m_goal = kSlaGoalPercent / 100.0;
    double m_serverTarget = 0.0;     // the backend's own setting, once known
    double m_effectiveTarget = 0.0;  // what the shown figures were computed with
};

} // namespace fr
