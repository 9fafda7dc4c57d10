#pragma once

#include <QDateTime>
#include <QList>
#include <QWidget>

class QLabel;
class QTimer;

namespace fr {

// One line of the message history: a problem or a notice, with when it was shown.
struct StatusMessage {
    enum class Kind { Problem, Notice };
    QDateTime at;  // local time it appeared
    Kind kind = Kind::Notice;
    QString text;
};

// The status bar line: ● online/offline · N waiting to sync · synced HH:MM · problem · pace.
// Fed by the composition root; knows nothing about where the facts come from.
class StatusPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Connection { Unknown, Online, Offline, SignInNeeded };

    explicit StatusPanel(QWidget *parent = nullptr);

    void setConnection(Connection connection, const QString &detail = {});
    // Offline: when the next try goes out ("● offline · retrying in 12 s", counted down each
    // second); null hides it.
    void setRetryAt(const QDateTime &at);
    void setWaiting(int waiting);
    void setSyncedAt(const QDateTime &at);
    void setBusy(bool busy);
    void setProblem(const QString &message);  // "" clears it
    void setPace(double itemsPerHour, int decisionsToday);
    void setRefused(int refused);  // decisions the backend refused (conflicts view)
    // The earliest lease expiry of the pending outputs ("leases until 18:00"); null hides it.
    void setLeaseExpiry(const QDateTime &earliest);
    // News that is not a problem ("1,200 outputs leased …"); "" clears it. It goes by itself
    // after a while (the lease expiry stays, in its own place).
    void setNotice(const QString &message);
    void setNoticeLifetime(int ms);  // how long a notice stays (20 s; tests make it short)
    QString leaseText() const;
    QString notice() const;

    QString text() const;  // everything shown, for tests and screen readers
    Connection connection() const { return m_connection; }
    QString problem() const;
    bool hasProblem() const { return !m_problemText.isEmpty(); }
    // The problem stays until the next one (or a sync that works) supersedes it, or the person
    // dismisses it (message history); the history keeps it either way.
    void dismissProblem();

    // Every problem and notice shown since the start, oldest first (at most kHistoryLimit).
    QList<StatusMessage> history() const { return m_history; }
    static QString historyText(const QList<StatusMessage> &messages);  // plain text, one a line
    static constexpr int kHistoryLimit = 1000;
    static constexpr int kProblemLines = 3;
    // `text` wrapped at word ends to `width` pixels; more than `maxLines` lines: cut after the last
    // whole word that fits, with "…" (never mid-word, never a clipped line).
    static QString elideToLines(const QString &text, const QFont &font, int width, int maxLines);

Q_SIGNALS:
    void historyChanged();
    void messagesRequested();  // the problem or notice was clicked: show the whole history

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateConnectionText();
    void record(StatusMessage::Kind kind, const QString &text, bool replaceLastNotice);
    void fitProblem();  // the problem, cut at a word end to kProblemLines lines of its width

    Connection m_connection = Connection::Unknown;
    QDateTime m_retryAt;
    QTimer *m_retryTick;
    QLabel *m_connectionLabel;
    QLabel *m_waiting;
    QLabel *m_synced;
    QLabel *m_refused;
    QLabel *m_lease;
    QLabel *m_notice;
    QLabel *m_problem;
    QLabel *m_pace;
    QTimer *m_noticeTimer;
    QString m_problemText;
    QString m_problemShown;  // "· HH:mm sentence", whole (the label may show it cut at a word end)
    QList<StatusMessage> m_history;
};

} // namespace fr
