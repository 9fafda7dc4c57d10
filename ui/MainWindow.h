#pragma once

#include "ModelOutput.h"
#include "UiSettings.h"

#include <QMainWindow>

#include <optional>

class QDialog;
class QSplitter;
class QUrl;

namespace fr {

class ActionRegistry;
class CheatSheetDialog;
class ConflictsModel;
class ConflictsView;
class FeedbackForm;
class MessageHistoryDialog;
class QueueFilterModel;
class QueueModel;
class QueueView;
class ReviewPane;
class StatusPanel;
enum class TriageAction;

// Assembles the parts (queue, review pane, feedback form, status line) and turns the registry's
// keyboard actions into intentions. It decides nothing itself: the composition root connects the
// intentions to the triage controller and the sync engine.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(QueueModel *queue, QueueFilterModel *order, ConflictsModel *conflicts, QWidget *parent = nullptr);
    ~MainWindow() override;

    ActionRegistry *actionRegistry() const { return m_registry; }
    QueueView *queueView() const { return m_queueView; }
    ReviewPane *reviewPane() const { return m_reviewPane; }
    FeedbackForm *feedbackForm() const { return m_form; }
    StatusPanel *statusPanel() const { return m_status; }
    UiSettings uiSettings() const { return m_settings; }

    void setAccount(const QString &username, const QUrl &server);
    static QString titleFor(const QString &username, const QUrl &server);
    void saveWindowState() const;  // geometry and splitter sizes, also on close

public Q_SLOTS:
    void showOutput(const std::optional<fr::ModelOutput> &output);  // the triage controller's current
    void onDecisionRecorded();        // the comment went with it: clear it
    void setUndoAvailable(bool available);
    void showCheatSheet();
    void showSettings();
    void showConflicts();
    void showMessages();  // the message history: every problem and notice with its time
    void returnToTriage();
    // The sign-out question (also for a server switch), with the facts it needs to warn.
    void askSignOut(bool switchServer, int pendingOutputs, int waitingDecisions);
    void showOfflineLeaseDialog();

Q_SIGNALS:
    void approveRequested(const QString &comment);
    void rejectRequested(const QString &correction, const QString &comment, const QString &reasonCode);
    void skipRequested();
    void undoRequested();
    void nextRequested();
    void previousRequested();
    void outputActivated(const QString &outputId);
    void syncRequested();
    void settingsChanged(const fr::UiSettings &settings);
    void signOutAsked(bool switchServer);  // the action: the root answers with askSignOut()
    void signOutRequested(bool handBack, bool switchServer);
    void offlineLeaseRequested(int count, int leaseSeconds);
    // The refused view's intentions, passed on (see ConflictsView).
    void resendRefusedRequested(const QString &idempotencyKey);
    void resendEditedRefusedRequested(const QString &idempotencyKey, bool approval, const QString &correction,
                                      const QString &comment);
    void discardRefusedRequested(const QString &idempotencyKey);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void restoreWindowState();
    void buildLayout();
    void connectParts();
    void connectActions();
    void onAction(TriageAction which);
    void updateButtonKeys();
    void updatePresetTexts();
    void backFromDialog();
    void loadPreferences();
    void savePreferences() const;

    ActionRegistry *m_registry;
    UiSettings m_settings;
    QueueView *m_queueView;
    ReviewPane *m_reviewPane;
    FeedbackForm *m_form;
    StatusPanel *m_status;
    ConflictsModel *m_conflictsModel;
    CheatSheetDialog *m_cheatSheet = nullptr;
    QDialog *m_conflictsDialog = nullptr;
    MessageHistoryDialog *m_messages = nullptr;
    QSplitter *m_splitter = nullptr;
};

} // namespace fr
