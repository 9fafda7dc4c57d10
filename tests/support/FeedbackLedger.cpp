#include "FeedbackLedger.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace fr::test {

bool FeedbackLedger::load(const QString &databaseUrl)
{
    m_rows.clear();
    m_byKey.clear();
    m_liveByOutput.clear();
    QProcess reader;
    reader.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral(FR_SOURCE_DIR "/tests/support/feedback_rows.py"), databaseUrl});
    if (!reader.waitForFinished(120000) || reader.exitStatus() != QProcess::NormalExit || reader.exitCode() != 0) {
        m_error = QStringLiteral("feedback_rows.py failed: ") + QString::fromUtf8(reader.readAllStandardError());
        return false;
    }
    for (const QByteArray &line : reader.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        Row row;
        row.feedbackId = o.value(QLatin1String("id")).toString();
        row.idempotencyKey = o.value(QLatin1String("idempotency_key")).toString();
        row.outputId = o.value(QLatin1String("model_output_id")).toString();
        row.approval = o.value(QLatin1String("approval")).toBool();
        row.retracted = o.value(QLatin1String("retracted")).toBool();
        m_rows.append(row);
        if (!row.idempotencyKey.isEmpty())
            m_byKey.insert(row.idempotencyKey, row);
        if (!row.retracted)
            m_liveByOutput[row.outputId] += 1;
    }
    return true;
}

} // namespace fr::test
