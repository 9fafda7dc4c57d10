// The smaller parts: the inline diff, the review header texts, the status line, the login dialog
// and the conflicts view.
#include <catch2/catch.hpp>

#include "ConflictsModel.h"
#include "ConflictsView.h"
#include "FeedbackForm.h"
#include "LoginDialog.h"
#include "PlainTextView.h"
#include "ReasonPresetsPage.h"
#include "RefusedDecisionDialog.h"
#include "SlaCharts.h"
#include "SlaDashboard.h"
#include "SlaReviewerModel.h"
#include "ReviewPane.h"
#include "StatusPanel.h"
#include "TestUtil.h"
#include "TextDiff.h"

#include <QChart>
#include <QCheckBox>
#include <QScreen>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QRadioButton>
#include <QRegularExpression>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QValueAxis>

#include <cmath>

using namespace fr;
using Kind = DiffChunk::Kind;

TEST_CASE("the word diff marks what the correction removed and added")
{
    CHECK(TextDiff::diff(QStringLiteral("same"), QStringLiteral("same")) == QList<DiffChunk>{{Kind::Same, QStringLiteral("same")}});
    const QList<DiffChunk> chunks = TextDiff::diff(QStringLiteral("the label is positive today"),
                                                   QStringLiteral("the label is negative today"));
    CHECK(chunks == QList<DiffChunk>{{Kind::Same, QStringLiteral("the label is ")},
                                      {Kind::Removed, QStringLiteral("positive")},
                                      {Kind::Added, QStringLiteral("negative")},
                                      {Kind::Same, QStringLiteral(" today")}});
    const QList<DiffChunk> inserted = TextDiff::diff(QStringLiteral("a c"), QStringLiteral("a b c"));
    QString rebuilt;
    for (const DiffChunk &chunk : inserted)
        if (chunk.kind != Kind::Removed)
            rebuilt += chunk.text;
    CHECK(rebuilt == QStringLiteral("a b c"));
}

TEST_CASE("the diff stays bounded on large, entirely different texts")
{
    QString a, b;
    for (int i = 0; i < 20000; ++i) {
        a += QStringLiteral("alpha%1 ").arg(i);
        b += QStringLiteral("beta%1 ").arg(i);
    }
    const QList<DiffChunk> chunks = TextDiff::diff(a, b);
    REQUIRE(chunks.size() <= 3);  // removed, added, and the shared trailing space
    CHECK(chunks.at(0).kind == Kind::Removed);
    CHECK(chunks.at(1).kind == Kind::Added);
}

TEST_CASE("the feedback form shows an inline diff once the correction is edited")
{
    FeedbackForm form;
    ModelOutput output;
    output.id = QStringLiteral("1");
    output.output = QStringLiteral("positive");
    form.setOutput(output);
    form.show();
    CHECK(form.correction().isEmpty());
    form.correctionEditor()->setPlainText(QStringLiteral("negative"));
    CHECK(form.correction() == QStringLiteral("negative"));
    // The diff is debounced: wait for it to appear rather than for a guessed time.
    CHECK(fr::test::waitUntil([&] { return form.diffView()->toPlainText() == QStringLiteral("positivenegative"); }));
}

TEST_CASE("the review header says model, confidence, waiting, SLA and lease")
{
    ModelOutput output;
    output.modelName = QStringLiteral("sentiment-v3");
    output.modelVersion = QStringLiteral("1.4.2");
    output.confidence = 0.41;
    const QDateTime now = QDateTime(QDate(2026, 1, 2), QTime(12, 0), Qt::UTC);
    output.createdAt = now.addSecs(-31 * 3600);
    output.slaDeadline = output.createdAt.addSecs(48 * 3600);
    output.leaseExpiresAt = now.addSecs(3600);
    CHECK(ReviewPane::headerText(output, now) == QStringLiteral("sentiment-v3 1.4.2 · confidence 0.41 · waiting 31 h"));
    CHECK(ReviewPane::clocksText(output, now).startsWith(QStringLiteral("SLA due in 17 h · lease until ")));
    output.slaDeadline = now.addSecs(-5 * 3600);
    CHECK(ReviewPane::clocksText(output, now).startsWith(QStringLiteral("SLA overdue by 5 h")));
}

TEST_CASE("the status line says online/offline, waiting, synced, problems and pace")
{
    StatusPanel panel;
    panel.setConnection(StatusPanel::Connection::Offline);
    panel.setWaiting(3);
    panel.setSyncedAt(QDateTime::currentDateTimeUtc());
    panel.setProblem(QStringLiteral("<b>Server error</b> 500"));
    panel.setPace(142.4, 17);
    panel.setRefused(2);
    const QString text = panel.text();
    CHECK(text.contains(QStringLiteral("2 refused")));
    CHECK(text.contains(QStringLiteral("offline")));
    CHECK(text.contains(QStringLiteral("3 waiting to sync")));
    CHECK(text.contains(QStringLiteral("synced ")));
    CHECK(text.contains(QStringLiteral("<b>Server error</b> 500")));
    CHECK(text.contains(QStringLiteral("142/h")));
    panel.setProblem({});
    CHECK(panel.problem().isEmpty());
}

TEST_CASE("the login dialog asks for what is missing and shows the server's message")
{
    LoginDialog dialog;
    dialog.show();
    REQUIRE(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy signIn(&dialog, &LoginDialog::signInRequested);
    dialog.setServer(QUrl(QStringLiteral("http://127.0.0.1:8765")));
    QTest::keyClicks(dialog.userEdit(), QStringLiteral("rev1"));
    QTest::keyClick(dialog.userEdit(), Qt::Key_Return);
    CHECK(signIn.isEmpty());
    CHECK_FALSE(dialog.errorText().isEmpty());

    QTest::keyClicks(dialog.passwordEdit(), QStringLiteral("secret"));
    QTest::keyClick(dialog.passwordEdit(), Qt::Key_Return);
    REQUIRE(signIn.size() == 1);
    CHECK(signIn.at(0).at(1).toString() == QStringLiteral("rev1"));
    CHECK(signIn.at(0).at(2).toString() == QStringLiteral("secret"));

    dialog.showError(QStringLiteral("Wrong user name or password."));
    CHECK(dialog.errorText() == QStringLiteral("Wrong user name or password."));
    CHECK(dialog.errorLabel()->textFormat() == Qt::PlainText);
    CHECK(dialog.passwordEdit()->text().isEmpty());
    CHECK(dialog.passwordEdit()->isEnabled());
}

TEST_CASE("the conflicts view lists refused decisions with what to do")
{
    ConflictsModel model;
    OutboxEntry conflict;
    conflict.decision.idempotencyKey = QStringLiteral("k1");
    conflict.decision.outputId = QStringLiteral("o1");
    conflict.decision.decidedAt = QDateTime::currentDateTimeUtc();
    conflict.state = OutboxState::Conflict;
    conflict.lastError = QStringLiteral("already decided by rev2");
    OutboxEntry rejected = conflict;
    rejected.decision.idempotencyKey = QStringLiteral("k2");
    rejected.state = OutboxState::Rejected;
    rejected.lastError = QStringLiteral("decided_at is in the future");
    model.reset({conflict, rejected});

    ConflictsView view(&model);
    view.show();
    CHECK(view.table()->model()->rowCount() == 2);
    view.table()->setCurrentIndex(model.index(0, 0));
    CHECK(view.adviceLabel()->text().contains(QStringLiteral("Another reviewer")));
    CHECK(view.adviceLabel()->text().contains(QStringLiteral("already decided by rev2")));  // who and what
    view.table()->setCurrentIndex(model.index(1, 0));
    CHECK(view.adviceLabel()->text().contains(QStringLiteral("decided_at is in the future")));
}

TEST_CASE("a rewritten sentence reads as one removal and one addition, not word confetti")
{
    const QString before = QStringLiteral("Hi,\nThanks for reaching out. I checked your account and can see the issue.\nBye");
    const QString after = QStringLiteral("Hi,\nSorry about the crash, I passed the bug to our developers.\nBye");
    const QList<DiffChunk> chunks = TextDiff::diff(before, after);
    REQUIRE(chunks.size() == 4);
    CHECK(chunks.at(0) == DiffChunk{Kind::Same, QStringLiteral("Hi,\n")});
    CHECK(chunks.at(1).kind == Kind::Removed);
    CHECK(chunks.at(2).kind == Kind::Added);
    CHECK(chunks.at(3) == DiffChunk{Kind::Same, QStringLiteral(".\nBye")});
    QString rebuiltBefore, rebuiltAfter;
    for (const DiffChunk &chunk : chunks) {
        if (chunk.kind != Kind::Added)
            rebuiltBefore += chunk.text;
        if (chunk.kind != Kind::Removed)
            rebuiltAfter += chunk.text;
    }
    CHECK(rebuiltBefore == before);
    CHECK(rebuiltAfter == after);
}

TEST_CASE("the status line says when an offline app tries again")
{
    StatusPanel panel;
    panel.setConnection(StatusPanel::Connection::Offline);
    panel.setRetryAt(QDateTime::currentDateTimeUtc().addSecs(12));
    // Counted down each second; "12" unless the machine stalled for a second in between.
    CHECK(panel.text().contains(QRegularExpression(QStringLiteral("● offline · retrying in 1[12] s"))));
    panel.setRetryAt(QDateTime::currentDateTimeUtc().addSecs(-1));
    CHECK(panel.text().contains(QStringLiteral("● offline · retrying now")));
    panel.setConnection(StatusPanel::Connection::Online);
    CHECK_FALSE(panel.text().contains(QStringLiteral("retrying")));
    panel.setConnection(StatusPanel::Connection::Offline);
    panel.setRetryAt({});
    CHECK_FALSE(panel.text().contains(QStringLiteral("retrying")));
}

namespace {

// The question deletes itself once answered (on the next turn of the event loop).
bool waitUntilGone(const ConflictsView &view)
{
    for (int i = 0; i < 500 && view.discardQuestion(); ++i)
        QTest::qWait(10);
    return !view.discardQuestion();
}

QList<OutboxEntry> refusedEntries()
{
    OutboxEntry rejected;
    rejected.decision.idempotencyKey = QStringLiteral("k1");
    rejected.decision.outputId = QStringLiteral("o1");
    rejected.decision.approval = false;
    rejected.decision.correction = QStringLiteral("negative");
    rejected.decision.comment = QStringLiteral("typo");
    rejected.decision.decidedAt = QDateTime::currentDateTimeUtc();
    rejected.state = OutboxState::Rejected;
    rejected.lastError = QStringLiteral("decided_at is in the future");
    OutboxEntry retract = rejected;
    retract.decision.idempotencyKey = QStringLiteral("k2");
    retract.feedbackId = QStringLiteral("fb-2");
    return {rejected, retract};
}

} // namespace

TEST_CASE("the refused view sends again, edits and sends, and discards only after asking")
{
    ConflictsModel model;
    model.reset(refusedEntries());
    ConflictsView view(&model);
    view.show();
    QSignalSpy resend(&view, &ConflictsView::resendRequested);
    QSignalSpy edited(&view, &ConflictsView::resendEditedRequested);
    QSignalSpy discard(&view, &ConflictsView::discardRequested);
    REQUIRE(view.table()->currentIndex().row() == 0);  // a row is current at once: keys work

    view.resendButton()->click();
    REQUIRE(resend.size() == 1);
    CHECK(resend.first().first().toString() == QStringLiteral("k1"));

    REQUIRE(view.editButton()->isEnabled());
    view.editButton()->click();
    RefusedDecisionDialog *editor = view.editor();
    REQUIRE(editor);
    CHECK(editor->rejectButton()->isChecked());
    CHECK(editor->correctionEdit()->toPlainText() == QStringLiteral("negative"));
    editor->correctionEdit()->setPlainText(QStringLiteral("neutral"));
    editor->commentEdit()->setText(QStringLiteral("second look"));
    editor->accept();
    REQUIRE(edited.size() == 1);
    CHECK(edited.first().at(0).toString() == QStringLiteral("k1"));
    CHECK(edited.first().at(1).toBool() == false);
    CHECK(edited.first().at(2).toString() == QStringLiteral("neutral"));
    CHECK(edited.first().at(3).toString() == QStringLiteral("second look"));

    view.discardButton()->click();
    QMessageBox *question = view.discardQuestion();
    REQUIRE(question);
    CHECK(question->defaultButton() == question->button(QMessageBox::Cancel));
    question->button(QMessageBox::Cancel)->click();
    CHECK(discard.isEmpty());  // asked first: Cancel discards nothing
    REQUIRE(waitUntilGone(view));
    view.discardButton()->click();
    REQUIRE(view.discardQuestion());
    view.discardQuestion()->button(QMessageBox::Discard)->click();
    REQUIRE(discard.size() == 1);
    CHECK(discard.first().first().toString() == QStringLiteral("k1"));

    // A refused retract can be sent again or dropped, not edited.
    view.table()->setCurrentIndex(model.index(1, 0));
    CHECK_FALSE(view.editButton()->isEnabled());
    CHECK(view.resendButton()->isEnabled());
}

TEST_CASE("ReviewPane: the decision block says what, why, by whom, where it stands — as plain text")
{
    ReviewPane pane;
    OutboxEntry entry;
    entry.decision.approval = false;
    entry.decision.reviewerId = QStringLiteral("rev-1");
    entry.decision.reasonCode = QStringLiteral("off_topic");
    entry.decision.comment = QStringLiteral("<b>not bold</b>");
    entry.decision.decidedAt = QDateTime::currentDateTimeUtc();
    entry.state = OutboxState::Sent;
    pane.setReasonLabels({{QStringLiteral("off_topic"), QStringLiteral("Off topic")}});
    pane.setDecision(entry);
    QLabel *label = pane.decisionLabel();
    CHECK(label->textFormat() == Qt::PlainText);
    CHECK(label->text().contains(QStringLiteral("rejected")));
    CHECK(label->text().contains(QStringLiteral("Reason: Off topic")));
    CHECK(label->text().contains(QStringLiteral("<b>not bold</b>")));
    CHECK(label->text().contains(QStringLiteral("sent")));
    CHECK(label->text().contains(QStringLiteral("by you (rev-1)")));  // the id while no name is known
    OutboxEntry waiting = entry;  // held by another reviewer's lease: waits, and says why
    waiting.state = OutboxState::Queued;
    waiting.transmitted = true;
    waiting.nextAttemptAt = QDateTime::currentDateTimeUtc().addSecs(600);
    waiting.lastError = QStringLiteral("Another reviewer holds this output on a lease until 15:00; it is sent again then.");
    CHECK(ReviewPane::standingText(waiting) == QStringLiteral("waiting to be sent again: ") + waiting.lastError);
    pane.setReviewerName(QStringLiteral("rev1"));  // signed in: the name the person knows
    pane.setDecision(entry);
    CHECK(label->text().contains(QStringLiteral("by you (rev1)")));
    CHECK_FALSE(label->text().contains(QStringLiteral("rev-1")));
    pane.setDecision(std::nullopt);
    CHECK(label->isHidden());
}

TEST_CASE("ReasonPresetsPage: labels, codes and 'needs a comment' are edited, and a bad code keeps the old one")
{
    ReasonPresetsPage page(UiSettings::defaultReasons());
    page.labelEdit(2)->setText(QStringLiteral("Label is wrong"));
    page.codeEdit(2)->setText(QStringLiteral("label_wrong"));
    page.needsCommentBox(2)->setChecked(true);
    page.codeEdit(3)->setText(QStringLiteral(""));
    const QList<ReasonPreset> reasons = page.reasons();
    REQUIRE(reasons.size() == 9);
    CHECK(reasons.at(1) == ReasonPreset{QStringLiteral("label_wrong"), QStringLiteral("Label is wrong"), true});
    CHECK(reasons.at(2).code == QStringLiteral("incomplete"));
    CHECK(reasons.at(8).needsComment);
    CHECK_FALSE(ReasonPreset::isValidCode(QStringLiteral("Off Topic")));
    CHECK(ReasonPreset::isValidCode(QStringLiteral("off-topic_2")));
}

TEST_CASE("the time-to-review histogram ticks at whole hours a person counts in, never 10.5 or 31.5")
{
    SlaCharts charts;
    const auto hoursAxis = [&charts] {
        const QList<QAbstractAxis *> axes = charts.view(SlaCharts::Chart::Histogram)->chart()->axes(Qt::Horizontal);
        REQUIRE(axes.size() == 1);
        return qobject_cast<QValueAxis *>(axes.constFirst());
    };
    const auto bucket = [](double loH, double hiH, int count) {
        return SlaHistogramBucket{loH * 3600.0, hiH * 3600.0, count};
    };
    struct Case { double target; double lastHi; double max; int ticks; };
    // (the axis reaches at least 1.5 × the target, and at least the last non-empty bucket)
    for (const Case c : {Case{24, 42, 42, 8}, Case{48, 60, 72, 7}, Case{48, 170, 192, 5}, Case{8, 6, 12, 7}}) {
        CAPTURE(c.target, c.lastHi);
        SlaHistogram h;
        h.targetHours = c.target;
        h.buckets = {bucket(0, 1, 3), bucket(1, 4, 7), bucket(c.lastHi * 0.8, c.lastHi, 2)};
        charts.setHistogram(h);
        QValueAxis *axis = hoursAxis();
        REQUIRE(axis);
        CHECK(axis->min() == 0.0);
        CHECK(axis->max() == c.max);
        CHECK(axis->tickCount() == c.ticks);
        const double step = axis->max() / (axis->tickCount() - 1);
        CHECK(step == std::round(step));
    }
}

TEST_CASE("the SLA dashboard opens no larger than the screen and says '1 output breaches', not '1 outputs breach'")
{
    SlaReviewerModel reviewers;
    SlaDashboard dashboard(&reviewers);
    const QSize room = QGuiApplication::primaryScreen()->availableGeometry().size();
    CHECK(dashboard.width() <= room.width());
    CHECK(dashboard.height() <= room.height());

    SlaForecast forecast;
    forecast.pacePerHour = 13.4;
    forecast.breaching = 1;
    forecast.reviewerHoursNeeded = 0.2;
    dashboard.setForecast(forecast);
    CHECK(dashboard.forecastLabel()->text()
          == QStringLiteral("At the current pace (13.4/h), 1 output breaches in the next 24 h; 0.2 more reviewer-hours would prevent it."));
    forecast.breaching = 1200;
    forecast.reviewerHoursNeeded.reset();
    dashboard.setForecast(forecast);
    CHECK(dashboard.forecastLabel()->text() == QStringLiteral("At the current pace (13.4/h), 1,200 outputs breach in the next 24 h."));
}
