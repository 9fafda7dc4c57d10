#include "LogFile.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QStandardPaths>

#include <atomic>
#include <cstdio>

namespace fr {

namespace {

std::atomic<LogFile *> g_installed{nullptr};

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "critical";
    case QtFatalMsg: return "fatal";
    }
    return "?";
}

} // namespace

LogFile::LogFile(const QString &path, qint64 maxBytes, int keptFiles)
    : m_path(path), m_maxBytes(maxBytes), m_keptFiles(keptFiles)
{
}

LogFile::~LogFile()
{
    uninstall();
}

QString LogFile::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
           + QStringLiteral("/logs/feedback-reviewer.log");
}

QString LogFile::rotatedPath(int n) const
{
    if (n == 0)
        return m_path;
    const QFileInfo info(m_path);
    return info.dir().filePath(QStringLiteral("%1.%2.%3").arg(info.completeBaseName()).arg(n).arg(info.suffix()));
}

void LogFile::setVerbose(bool on)
{
    QLoggingCategory::setFilterRules(on ? QStringLiteral("fr.*.debug=true") : QString());
}

QString LogFile::redact(const QString &text)
{
    // Bearer <anything up to a space or quote>; a JWT (three base64url parts, the header always
    // starts "eyJ" = '{"'); and "password=...", "refresh_token": "..." and the like.
    static const QRegularExpression bearer(QStringLiteral(R"(Bearer\s+[^\s"',;]+)"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression jwt(QStringLiteral(R"(eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)"));
    static const QRegularExpression assignment(
        QStringLiteral(R"re(((?:password|passwd|secret|access_token|refresh_token|token)"?\s*[:=]\s*"?)[^\s"&,;]+)re"),
        QRegularExpression::CaseInsensitiveOption);
    QString clean = text;
    clean.replace(bearer, QStringLiteral("Bearer [redacted]"));
    clean.replace(jwt, QStringLiteral("[redacted]"));
    clean.replace(assignment, QStringLiteral("\\1[redacted]"));
    return clean;
}

void LogFile::install()
{
    LogFile *expected = nullptr;
    if (!g_installed.compare_exchange_strong(expected, this))
        return;  // another LogFile is the handler; one file at a time
    m_previous = qInstallMessageHandler(&LogFile::handle);
    m_installed = true;
}

void LogFile::uninstall()
{
    if (!m_installed)
        return;
    qInstallMessageHandler(m_previous);
    g_installed.store(nullptr);
    m_installed = false;
    QMutexLocker lock(&m_mutex);  // a message being written on another thread finishes first
    m_file.close();
}

QString LogFile::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_error;
}

void LogFile::write(QtMsgType type, const QString &category, const QString &message)
{
    const QString line = QStringLiteral("%1 %2 %3: %4\n")
                             .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs),
                                  QLatin1String(levelName(type)), category, redact(message));
    const QByteArray bytes = line.toUtf8();
    QMutexLocker lock(&m_mutex);
    if (!openLocked())
        return;
    if (m_file.size() > 0 && m_file.size() + bytes.size() > m_maxBytes)
        rotateLocked();
    if (!m_file.isOpen())
        return;
    m_file.write(bytes);
    m_file.flush();  // a crash right after must not lose the line that says why
}

bool LogFile::openLocked()
{
    if (m_file.isOpen())
        return true;
    if (!m_error.isEmpty())
        return false;  // tried once; stderr still gets everything
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        m_error = m_file.errorString();
        return false;
    }
    return true;
}

void LogFile::rotateLocked()
{
    m_file.close();
    QFile::remove(rotatedPath(m_keptFiles));
    for (int n = m_keptFiles - 1; n >= 0; --n) {
        if (QFile::exists(rotatedPath(n)))
            QFile::rename(rotatedPath(n), rotatedPath(n + 1));
    }
    if (m_keptFiles <= 0)
        QFile::remove(m_path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        m_error = m_file.errorString();
}

void LogFile::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // A message raised while a line is being written (a warning from QFile, say) goes to stderr
    // only: writing it to the file would re-enter the lock.
    static thread_local bool writing = false;
    LogFile *self = g_installed.load();
    const QString clean = redact(message);
    if (self && !writing) {
        writing = true;
        self->write(type, QString::fromLatin1(context.category ? context.category : "default"), clean);
        writing = false;
    }
    if (self && self->m_previous)
        self->m_previous(type, context, clean);
    else
        std::fprintf(stderr, "%s\n", clean.toLocal8Bit().constData());
}

} // namespace fr
