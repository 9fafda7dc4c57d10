#pragma once

#include "Decision.h"
#include "ModelOutput.h"
#include "SteadyLabel.h"

#include <QHash>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;

namespace fr {

class PlainTextView;

// The output under review: who made it and how sure it was, how long it has waited, the SLA and
// lease clocks, then the input, the model output and its metadata — all as plain text.
class ReviewPane : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewPane(QWidget *parent = nullptr);

    void setOutput(const std::optional<ModelOutput> &output);
    // While the queue is still arriving page by page, no output yet does not mean nothing to
    // review (seen: "Nothing to review" at a sign-in whose first page was all decided).
    void setQueueLoading(bool loading);
    void setClock(std::function<QDateTime()> now);  // tests pin "now"
    // What was decided on the shown output (hidden while nothing is): verdict, reason,
    // correction, comment, by whom and when, and where it stands.
    void setDecision(const std::optional<OutboxEntry> &decision);
    void setReasonLabels(const QHash<QString, QString> &labelByCode);  // "off_topic" → "Off topic"
    // Who is signed in ("rev1"): every decision in this store is theirs (a store per account).
    void setReviewerName(const QString &username);

    // Texts for a person; public so that tests check them without reaching into layouts.
    static QString headerText(const ModelOutput &output, const QDateTime &now);
    static QString clocksText(const ModelOutput &output, const QDateTime &now);
    static QString decisionText(const OutboxEntry &entry, const QString &reasonLabel, const QString &reviewerName = {});
    static QString standingText(const OutboxEntry &entry);

    PlainTextView *inputView() const { return m_input; }
    PlainTextView *outputView() const { return m_output; }
    PlainTextView *metadataView() const { return m_metadata; }
    QLabel *headerLabel() const { return m_header; }
    QLabel *clocksLabel() const { return m_clocks; }
    QLabel *decisionLabel() const { return m_decision; }

private:
    void showNoOutput();

    SteadyLabel *m_header;
    SteadyLabel *m_clocks;
    QLabel *m_decision;
    QHash<QString, QString> m_reasonLabels;
    QString m_reviewerName;
    PlainTextView *m_input;
    PlainTextView *m_output;
    PlainTextView *m_metadata;
    std::function<QDateTime()> m_now;
    bool m_hasOutput = false;
    bool m_queueLoading = false;
};

QLabel *makeSectionTitle(const QString &text, QWidget *parent);

} // namespace fr
