#include "MainWindow.h"

#include "ActionRegistry.h"
#include "CheatSheetDialog.h"
#include "ConflictsModel.h"
#include "ConflictsView.h"
#include "FeedbackForm.h"
#include "LogCategories.h"
#include "MessageHistoryDialog.h"
#include "OfflineLeaseDialog.h"
#include "PlainTextView.h"
#include "QueueModel.h"
#include "QueueView.h"
#include "ReviewPane.h"
#include "ScreenFit.h"
#include "SettingsDialog.h"
#include "SignOutDialog.h"
#include "StatusPanel.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QUrl>
#include <QVBoxLayout>

namespace fr {

MainWindow::MainWindow(QueueModel *queue, QueueFilterModel *order, ConflictsModel *conflicts, QWidget *parent)
    : QMainWindow(parent)
    , m_registry(new ActionRegistry(this))
    , m_queueView(new QueueView(queue, order, this))
    , m_reviewPane(new ReviewPane(this))
    , m_form(new FeedbackForm(this))
    , m_status(new StatusPanel(this))
    , m_conflictsModel(conflicts)
{
    setWindowTitle(tr("Feedback Reviewer"));
    setAccessibleName(tr("Feedback Reviewer"));
    loadPreferences();
    buildLayout();
    connectParts();
    // Enter in the filter makes its first match the current output, decided or not.
    connect(m_queueView, &QueueView::filterDone, this, [this, order] {
        if (order->rowCount() > 0)
            Q_EMIT outputActivated(order->index(0, 0).data(QueueModel::IdRole).toString());
    });
    connectActions();
    updateButtonKeys();
    updatePresetTexts();
    restoreWindowState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(8, 0, 0, 0);
    rightLayout->addWidget(m_reviewPane, 1);
    rightLayout->addWidget(m_form, 1);

    // On a small screen (1366×768, or a scale factor of 2) the right side scrolls instead of
    // pushing the buttons and the status line off the screen.
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(right);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);
    right->setMinimumHeight(560);  // below this the text views would be slivers: scroll instead
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter = splitter;
    splitter->addWidget(m_queueView);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({340, 940});
    splitter->setChildrenCollapsible(false);
    setCentralWidget(splitter);
    centralWidget()->setContentsMargins(8, 8, 8, 4);
    statusBar()->addWidget(m_status, 1);
    statusBar()->setSizeGripEnabled(false);
}

void MainWindow::connectParts()
{
    connect(m_queueView, &QueueView::outputActivated, this, &MainWindow::outputActivated);
    connect(m_queueView, &QueueView::filterDone, this, &MainWindow::returnToTriage);
    connect(m_form, &FeedbackForm::approveRequested, this, &MainWindow::approveRequested);
    connect(m_form, &FeedbackForm::rejectRequested, this, &MainWindow::rejectRequested);
    connect(m_form, &FeedbackForm::skipRequested, this, &MainWindow::skipRequested);
    connect(m_form, &FeedbackForm::undoRequested, this, &MainWindow::undoRequested);
    connect(m_form, &FeedbackForm::cheatSheetRequested, this, &MainWindow::showCheatSheet);
    connect(m_form, &FeedbackForm::triageFocusRequested, this, &MainWindow::returnToTriage);
    connect(m_registry, &ActionRegistry::shortcutsChanged, this, &MainWindow::updateButtonKeys);
    connect(m_status, &StatusPanel::messagesRequested, this, &MainWindow::showMessages);
    connect(m_status, &StatusPanel::historyChanged, this, [this] {
        if (m_messages && m_messages->isVisible())
            m_messages->setMessages(m_status->history(), m_status->hasProblem());
    });
}

void MainWindow::connectActions()
{
    for (int i = 0; i <= int(TriageAction::Quit); ++i) {
        const auto which = TriageAction(i);
        QAction *action = m_registry->action(which);
        addAction(action);  // window-wide shortcuts, no menu needed
        connect(action, &QAction::triggered, this, [this, which] { onAction(which); });
    }
}

void MainWindow::onAction(TriageAction which)
{
    if (const int preset = ActionRegistry::presetNumber(which)) {
        m_form->requestRejectWithReason(m_settings.reason(preset));
        return;
    }
    switch (which) {
    case TriageAction::Approve: m_form->requestApprove(); break;
    case TriageAction::Reject: m_form->requestReject(); break;
    case TriageAction::EditCorrection: m_form->beginCorrection(); break;
    case TriageAction::Comment: m_form->beginComment(); break;
    case TriageAction::SubmitEditor: m_form->submitEditor(); break;
    case TriageAction::Skip: Q_EMIT skipRequested(); break;
    case TriageAction::Undo: Q_EMIT undoRequested(); break;
    case TriageAction::Next: Q_EMIT nextRequested(); break;
    case TriageAction::Previous: Q_EMIT previousRequested(); break;
    case TriageAction::Filter: m_queueView->focusFilter(); break;
    case TriageAction::CycleSort: m_queueView->cycleSort(); break;
    case TriageAction::ReadInput: m_reviewPane->inputView()->setFocus(Qt::ShortcutFocusReason); break;
    case TriageAction::ReadOutput: m_reviewPane->outputView()->setFocus(Qt::ShortcutFocusReason); break;
    case TriageAction::SyncNow: Q_EMIT syncRequested(); break;
    case TriageAction::CheatSheet: showCheatSheet(); break;
    case TriageAction::BackToTriage:
        if (m_form->isEditingCorrection())
            m_form->cancelCorrection();
        returnToTriage();
        break;
    case TriageAction::ShowConflicts: showConflicts(); break;
    case TriageAction::ShowMessages: showMessages(); break;
    case TriageAction::Settings: showSettings(); break;
    case TriageAction::LeaseOffline: showOfflineLeaseDialog(); break;
    case TriageAction::SwitchServer: Q_EMIT signOutAsked(true); break;
    case TriageAction::SignOut: Q_EMIT signOutAsked(false); break;
    case TriageAction::Quit: close(); break;
    default: break;
    }
}

void MainWindow::returnToTriage() { m_queueView->focusList(); }

void MainWindow::showOutput(const std::optional<ModelOutput> &output)
{
    m_reviewPane->setOutput(output);
    m_form->setOutput(output);
    m_queueView->setCurrentOutput(output ? output->id : QString());
}

void MainWindow::onDecisionRecorded() { m_form->clearComment(); }

void MainWindow::setUndoAvailable(bool available) { m_form->setUndoAvailable(available); }

void MainWindow::setAccount(const QString &username, const QUrl &server)
{
    setWindowTitle(titleFor(username, server));
    m_reviewPane->setReviewerName(username);
}

// "Feedback Reviewer — rev1 @ host:port": the port says which of two local backends this is.
QString MainWindow::titleFor(const QString &username, const QUrl &server)
{
    const QString host = server.host().contains(QLatin1Char(':')) ? QLatin1Char('[') + server.host() + QLatin1Char(']')
                                                                 : server.host();
    const int port = server.port(server.scheme() == QLatin1String("https") ? 443 : 80);
    return tr("Feedback Reviewer — %1 @ %2:%3").arg(username, host).arg(port);
}

void MainWindow::showCheatSheet()
{
    if (!m_cheatSheet) {
        m_cheatSheet = new CheatSheetDialog(m_registry, this);
        connect(m_cheatSheet, &QDialog::finished, this, &MainWindow::backFromDialog);
    }
    m_cheatSheet->refresh();
    qCDebug(lcUi) << "cheat sheet shown";
    m_cheatSheet->show();
    m_cheatSheet->raise();
    m_cheatSheet->activateWindow();
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_registry, m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_registry->applyShortcutMap(dialog->shortcutMap());
        m_settings = dialog->settings();
        updatePresetTexts();
        savePreferences();
        qCInfo(lcUi) << "settings changed";
        Q_EMIT settingsChanged(m_settings);
    });
    connect(dialog, &QDialog::finished, this, &MainWindow::backFromDialog);
    qCDebug(lcUi) << "settings dialog shown";
    dialog->open();  // window-modal, no nested event loop
}

void MainWindow::askSignOut(bool switchServer, int pendingOutputs, int waitingDecisions)
{
    auto *dialog = new SignOutDialog(switchServer ? SignOutDialog::Purpose::SwitchServer : SignOutDialog::Purpose::SignOut,
                                     pendingOutputs, waitingDecisions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, switchServer] {
        // What happened to leases and unsent decisions at a sign-out is what a person asks later.
        qCInfo(lcUi) << "sign-out confirmed:" << (dialog->handBack() ? "handing the leases back" : "keeping the leases")
                     << (switchServer ? "(switching server)" : "");
        Q_EMIT signOutRequested(dialog->handBack(), switchServer);
    });
    connect(dialog, &QDialog::rejected, this, [] { qCInfo(lcUi) << "sign-out cancelled"; });
    connect(dialog, &QDialog::rejected, this, &MainWindow::backFromDialog);
    qCInfo(lcUi) << "sign-out question shown:" << pendingOutputs << "outputs leased," << waitingDecisions
                 << "decisions not yet synced" << (switchServer ? "(switching server)" : "");
    dialog->open();
    dialog->activateWindow();  // keys go to the question at once
}

void MainWindow::showOfflineLeaseDialog()
{
    auto *dialog = new OfflineLeaseDialog(m_settings.offlineLeaseCount, m_settings.offlineLeaseHours,
                                          UiSettings::kMaxOfflineLeaseCount, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_settings.offlineLeaseCount = dialog->count();
        m_settings.offlineLeaseHours = dialog->hours();
        savePreferences();
        qCInfo(lcUi) << "offline lease asked for:" << dialog->count() << "outputs for" << dialog->hours() << "h";
        Q_EMIT offlineLeaseRequested(dialog->count(), dialog->hours() * 3600);
    });
    connect(dialog, &QDialog::finished, this, &MainWindow::backFromDialog);
    dialog->open();
    dialog->activateWindow();
}

void MainWindow::showConflicts()
{
    if (!m_conflictsDialog) {
        m_conflictsDialog = new QDialog(this);
        m_conflictsDialog->setWindowTitle(tr("Refused decisions"));
        auto *layout = new QVBoxLayout(m_conflictsDialog);
        auto *view = new ConflictsView(m_conflictsModel, m_conflictsDialog);
        connect(view, &ConflictsView::resendRequested, this, &MainWindow::resendRefusedRequested);
        connect(view, &ConflictsView::resendEditedRequested, this, &MainWindow::resendEditedRefusedRequested);
        connect(view, &ConflictsView::discardRequested, this, &MainWindow::discardRefusedRequested);
        layout->addWidget(view);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, m_conflictsDialog);
        connect(buttons, &QDialogButtonBox::rejected, m_conflictsDialog, &QDialog::reject);
        connect(m_conflictsDialog, &QDialog::finished, this, &MainWindow::backFromDialog);
        layout->addWidget(buttons);
        m_conflictsDialog->resize(820, 420);
    }
    qCInfo(lcUi) << "refused decisions shown:" << m_conflictsModel->rowCount() << "rows";
    m_conflictsDialog->show();
    m_conflictsDialog->raise();
    m_conflictsDialog->activateWindow();
}

void MainWindow::showMessages()
{
    if (!m_messages) {
        m_messages = new MessageHistoryDialog(this);
        connect(m_messages, &MessageHistoryDialog::dismissProblemRequested, this, [this] {
            m_status->dismissProblem();
            m_messages->setMessages(m_status->history(), m_status->hasProblem());
        });
        connect(m_messages, &QDialog::finished, this, &MainWindow::backFromDialog);
    }
    m_messages->setMessages(m_status->history(), m_status->hasProblem());
    qCDebug(lcUi) << "message history shown:" << m_status->history().size() << "messages";
    m_messages->show();
    m_messages->raise();
    m_messages->activateWindow();
    m_messages->textView()->setFocus();
}

void MainWindow::updateButtonKeys()
{
    auto keyText = [this](TriageAction which) {
        const QList<QKeySequence> keys = m_registry->shortcuts(ActionRegistry::idOf(which));
        if (keys.isEmpty())
            return QString();
        if (keys.first() == QKeySequence(Qt::Key_Backspace))
            return QStringLiteral("⌫");  // as on the key cap
        return keys.first().toString(QKeySequence::NativeText);
    };
    m_form->setButtonKey(FeedbackForm::Button::Approve, keyText(TriageAction::Approve));
    m_form->setButtonKey(FeedbackForm::Button::Reject, keyText(TriageAction::Reject));
    m_form->setButtonKey(FeedbackForm::Button::Skip, keyText(TriageAction::Skip));
    m_form->setButtonKey(FeedbackForm::Button::Undo, keyText(TriageAction::Undo));
    m_form->setButtonKey(FeedbackForm::Button::Keys, keyText(TriageAction::CheatSheet));
}

// The cheat sheet and the settings say what 1–9 really do: "Reject: Wrong label".
void MainWindow::updatePresetTexts()
{
    QHash<QString, QString> labels;
    for (const ReasonPreset &preset : std::as_const(m_settings.reasons))
        labels.insert(preset.code, preset.label);
    m_reviewPane->setReasonLabels(labels);
    for (int n = 1; n <= 9; ++n) {
        const QString reason = m_settings.presetReason(n);
        const auto which = TriageAction(int(TriageAction::RejectPreset1) + n - 1);
        m_registry->action(which)->setText(reason.isEmpty() ? tr("Reject with preset reason %1").arg(n)
                                                            : tr("Reject: %1").arg(reason));
    }
}

// Closing a dialog must leave the person in triage, keys working, without reaching for the mouse.
void MainWindow::backFromDialog()
{
    activateWindow();
    returnToTriage();
}

// The window fits the screen it opens on and comes back as the person left it.
void MainWindow::restoreWindowState()
{
    QSettings settings;
    const bool restored = restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    if (!restored)
        fitToScreen(this, {1280, 800});
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    QMainWindow::closeEvent(event);
}

void MainWindow::loadPreferences()
{
    QSettings settings;
    m_registry->load(settings);
    m_settings = UiSettings::load(settings);
}

void MainWindow::savePreferences() const
{
    QSettings settings;
    m_registry->save(settings);
    m_settings.save(settings);
}

} // namespace fr
