#include "ReviewPane.h"

#include "PlainTextView.h"
#include "SteadyLabel.h"

#include <QJsonDocument>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

namespace fr {

namespace {

int wholeHours(qint64 seconds) { return int(seconds / 3600); }

QLabel *plainLabel(const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);  // model names are untrusted too
    label->setAccessibleName(accessibleName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

QLabel *makeSectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

ReviewPane::ReviewPane(QWidget *parent)
    : QWidget(parent)
    , m_header(new SteadyLabel(SteadyLabel::Width::FillsRow, tr("Model and confidence"), this))
    , m_clocks(new SteadyLabel(SteadyLabel::Width::FillsRow, tr("SLA and lease"), this))
    , m_decision(plainLabel(tr("Decision"), this))
    , m_input(new PlainTextView(tr("Input"), this))
    , m_output(new PlainTextView(tr("Model output"), this))
    , m_metadata(new PlainTextView(tr("Metadata"), this))
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
{
    // The next output's header is another text of another length: it must neither widen the pane
    // nor be measured again at each key (SteadyLabel).
    for (SteadyLabel *label : {m_header, m_clocks})
        label->setSelectableByMouse(true);
    QFont headerFont = m_header->font();
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.15);
    headerFont.setBold(true);
    m_header->setFont(headerFont);
    // Metadata is a glance (locale, source…), not a read: two lines, scrollable.
    m_metadata->setFixedHeight(m_metadata->fontMetrics().lineSpacing() * 2 + 2 * m_metadata->frameWidth() + 8);
    m_metadata->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_decision->setWordWrap(true);
    m_decision->setFrameShape(QFrame::StyledPanel);
    m_decision->setMargin(4);
    m_decision->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_clocks);
    layout->addWidget(m_decision);
    layout->addWidget(makeSectionTitle(tr("Input"), this));
    layout->addWidget(m_input, 1);
    layout->addWidget(makeSectionTitle(tr("Model output"), this));
    layout->addWidget(m_output, 1);
    layout->addWidget(makeSectionTitle(tr("Metadata"), this));
    layout->addWidget(m_metadata, 0);
    setOutput(std::nullopt);
}

void ReviewPane::setClock(std::function<QDateTime()> now) { m_now = std::move(now); }

QString ReviewPane::headerText(const ModelOutput &output, const QDateTime &now)
{
    const QString model = output.modelVersion.isEmpty()
        ? output.modelName : output.modelName + QLatin1Char(' ') + output.modelVersion;
    return tr("%1 · confidence %2 · waiting %n h", nullptr, wholeHours(output.createdAt.secsTo(now)))
        .arg(model, QString::number(output.confidence, 'f', 2));
}

QString ReviewPane::clocksText(const ModelOutput &output, const QDateTime &now)
{
    QStringList parts;
    if (output.slaDeadline.isValid()) {
        const qint64 left = now.secsTo(output.slaDeadline);
        parts.append(left >= 0 ? tr("SLA due in %n h", nullptr, wholeHours(left))
                               : tr("SLA overdue by %n h", nullptr, wholeHours(-left)));
    }
    if (output.leaseExpiresAt.isValid()) {
        const QString until = output.leaseExpiresAt.toLocalTime().toString(QStringLiteral("HH:mm"));
        parts.append(output.leaseExpiresAt > now ? tr("lease until %1").arg(until)
                                                 : tr("lease expired at %1").arg(until));
    }
    return parts.join(QStringLiteral(" · "));
}

QString ReviewPane::standingText(const OutboxEntry &entry)
{
    if (entry.undoRequested)
        return tr("undone, being retracted");
    switch (entry.state) {
    case OutboxState::Queued:
        if (entry.nextAttemptAt.isValid() && !entry.lastError.isEmpty())  // waits for a retry, and says why
            return tr("waiting to be sent again: %1").arg(entry.lastError);
        return entry.transmitted ? tr("on its way to the server") : tr("queued, not sent yet");
    case OutboxState::Sent: return tr("sent");
    case OutboxState::Conflict: return tr("refused: %1").arg(entry.lastError);
    case OutboxState::Rejected: return tr("refused: %1").arg(entry.lastError);
    case OutboxState::RetractQueued: return tr("undone, retract queued");
    case OutboxState::Retracted: return tr("retracted");
    case OutboxState::Discarded: return tr("discarded");
    }
    return {};
}

// Plain text (the comment and correction are the person's own, but never markup).
QString ReviewPane::decisionText(const OutboxEntry &entry, const QString &reasonLabel, const QString &reviewerName)
{
    const Decision &decision = entry.decision;
    // The name a person knows; the id only when the name is not known (yet).
    const QString who = !reviewerName.isEmpty() ? reviewerName : decision.reviewerId;
    QStringList lines;
    lines.append(tr("Decided: %1 · by %2 · %3 · %4")
                     .arg(decision.approval ? tr("approved") : tr("rejected"),
                          who.isEmpty() ? tr("you") : tr("you (%1)").arg(who),
                          decision.decidedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                          standingText(entry)));
    if (!decision.reasonCode.isEmpty())
        lines.append(tr("Reason: %1").arg(reasonLabel.isEmpty() ? decision.reasonCode : reasonLabel));
    if (!decision.correction.isEmpty())
        lines.append(tr("Correction: %1").arg(decision.correction.left(300)));
    if (!decision.comment.isEmpty())
        lines.append(tr("Comment: %1").arg(decision.comment.left(300)));
    lines.append(tr("A, X, E or 1–9 change it; ⌫ undoes it."));
    return lines.join(QLatin1Char('\n'));
}

void ReviewPane::setReasonLabels(const QHash<QString, QString> &labelByCode) { m_reasonLabels = labelByCode; }

void ReviewPane::setReviewerName(const QString &username) { m_reviewerName = username; }

void ReviewPane::setDecision(const std::optional<OutboxEntry> &decision)
{
    const bool shown = decision && decision->state != OutboxState::Discarded;
    m_decision->setVisible(shown);
    m_decision->setText(shown ? decisionText(*decision, m_reasonLabels.value(decision->decision.reasonCode), m_reviewerName) : QString());
}

void ReviewPane::setQueueLoading(bool loading)
{
    m_queueLoading = loading;
    if (!m_hasOutput)
        showNoOutput();
}

void ReviewPane::showNoOutput()
{
    m_header->setText(m_queueLoading ? tr("Loading the queue…") : tr("Nothing to review"));
    m_header->setToolTip({});
    m_clocks->setText(m_queueLoading ? QString() : tr("Press Ctrl+R to sync and lease more outputs."));
}

void ReviewPane::setOutput(const std::optional<ModelOutput> &output)
{
    m_hasOutput = output.has_value();
    if (!output) {
        setDecision(std::nullopt);
        showNoOutput();
        m_input->setText({});
        m_output->setText({});
        m_metadata->setText({});
        return;
    }
    const QDateTime now = m_now();
    m_header->setText(headerText(*output, now));
    m_header->setToolTip(m_header->text());  // all of it, where a long model name ends in "…"
    m_clocks->setText(clocksText(*output, now));
    m_input->setText(output->input);
    m_output->setText(output->output);
    m_metadata->setText(output->metadata.isEmpty()
        ? QString() : QString::fromUtf8(QJsonDocument(output->metadata).toJson(QJsonDocument::Compact)));
}

} // namespace fr
