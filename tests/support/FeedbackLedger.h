#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace fr::test {

// What the backend stored, per decision: every feedback row read straight from the backend's
// database (tests/support/feedback_rows.py; the export leaves the idempotency key out), so a test
// can say "this decision is there exactly once" per idempotency key, and "this output has one
// live decision".
class FeedbackLedger
{
public:
    struct Row {
        QString feedbackId;
        QString idempotencyKey;
        QString outputId;
        bool approval = false;
        bool retracted = false;
    };

    // Reads every row; false (with error()) when the database could not be read.
    bool load(const QString &databaseUrl);
    QString error() const { return m_error; }

    const QList<Row> &rows() const { return m_rows; }
    QList<Row> rowsWithKey(const QString &idempotencyKey) const { return m_byKey.values(idempotencyKey); }
    int liveRowsForOutput(const QString &outputId) const { return m_liveByOutput.value(outputId); }

private:
    QList<Row> m_rows;
    QMultiHash<QString, Row> m_byKey;
    QHash<QString, int> m_liveByOutput;
    QString m_error;
};

} // namespace fr::test
