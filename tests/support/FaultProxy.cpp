#include "FaultProxy.h"

#include <QDeadlineTimer>
#include <QJsonDocument>

namespace fr::test {

FaultProxy::~FaultProxy() { stop(); }

bool FaultProxy::start(quint16 upstreamPort, quint32 seed, double rate)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);  // its report goes to our stderr
    m_process.start(QStringLiteral("/usr/bin/python3"),
                    {QStringLiteral(FR_SOURCE_DIR "/tests/support/fault_proxy.py"),
                     QStringLiteral("--upstream-port"), QString::number(upstreamPort),
                     QStringLiteral("--seed"), QString::number(seed),
                     QStringLiteral("--rate"), QString::number(rate)});
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start the fault proxy: ") + m_process.errorString();
        return false;
    }
    m_port = quint16(command({}, "PORT ").value_or(QString()).toUInt());
    if (m_port == 0)
        m_error = QStringLiteral("the fault proxy printed no port");
    return m_port != 0;
}

void FaultProxy::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel();  // EOF on stdin: it prints its counts and exits
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

// Writes `line` (if any), then reads stdout lines until one starts with `answerPrefix`; → the rest.
std::optional<QString> FaultProxy::command(const QByteArray &line, const QByteArray &answerPrefix)
{
    if (!line.isEmpty()) {
        m_process.write(line + '\n');
        m_process.waitForBytesWritten(5000);
    }
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        const qsizetype newline = m_pending.indexOf('\n');
        if (newline >= 0) {
            const QByteArray answer = m_pending.left(newline).trimmed();
            m_pending.remove(0, newline + 1);
            if (answer.startsWith(answerPrefix))
                return QString::fromUtf8(answer.mid(answerPrefix.size()));
            continue;
        }
        if (m_process.state() == QProcess::NotRunning)
            break;
        m_process.waitForReadyRead(200);
        m_pending += m_process.readAllStandardOutput();
    }
    m_error = QStringLiteral("the fault proxy did not answer ") + QString::fromLatin1(line);
    return std::nullopt;
}

bool FaultProxy::heal() { return command("heal", "HEALED").has_value(); }

bool FaultProxy::setRate(double rate)
{
    return command("rate " + QByteArray::number(rate), "RATE ").has_value();
}

QJsonObject FaultProxy::stats()
{
    return QJsonDocument::fromJson(command("stats", "STATS ").value_or(QString()).toUtf8()).object();
}

QUrl FaultProxy::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

} // namespace fr::test
