#pragma once

#include <QFile>
#include <QMutex>
#include <QString>
#include <QtGlobal>

namespace fr {

// The program's log on disk, so that a person who lost work can send a file that says why:
// timestamped lines in <AppLocalDataLocation>/logs/feedback-reviewer.log, rotated at a size
// limit (feedback-reviewer.1.log is the newest old file). install() makes it Qt's message
// handler; every message still goes to the previous handler (stderr) too. Safe from any thread.
// Whatever looks like a secret (a bearer token, a JWT, password=...) is cut out before a line
// is written anywhere: the categories promise never to log one, this is the net below that.
class LogFile
{
public:
    static constexpr qint64 kDefaultMaxBytes = 1024 * 1024;
    static constexpr int kDefaultKeptFiles = 3;

    explicit LogFile(const QString &path = defaultPath(), qint64 maxBytes = kDefaultMaxBytes,
                     int keptFiles = kDefaultKeptFiles);
    ~LogFile();  // uninstalls itself first
    LogFile(const LogFile &) = delete;
    LogFile &operator=(const LogFile &) = delete;

    static QString defaultPath();
    // "<dir>/feedback-reviewer.<n>.log" for n ≥ 1, the path itself for n = 0.
    QString rotatedPath(int n) const;
    QString path() const { return m_path; }

    // --verbose: debug messages of every fr.* category (QT_LOGGING_RULES still has the last word).
    static void setVerbose(bool on);
    // Replaces bearer tokens, JWTs and password/token assignments with "[redacted]".
    static QString redact(const QString &text);

    void install();    // the Qt message handler from now on (one LogFile at a time)
    void uninstall();  // restores the handler that was there before
    void write(QtMsgType type, const QString &category, const QString &message);
    QString lastError() const;  // why the file could not be opened, for stderr at start

private:
    bool openLocked();
    void rotateLocked();
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);

    const QString m_path;
    const qint64 m_maxBytes;
    const int m_keptFiles;
    mutable QMutex m_mutex;
    QFile m_file;
    QString m_error;
    QtMessageHandler m_previous = nullptr;
    bool m_installed = false;
};

} // namespace fr
