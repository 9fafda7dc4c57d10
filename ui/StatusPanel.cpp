#include "StatusPanel.h"

#include "SteadyLabel.h"

#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QLocale>
#include <QTime>
#include <QTimer>

namespace fr {

namespace {

QLabel *statusLabel(const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);  // server messages are untrusted text
    label->setAccessibleName(accessibleName);
    return label;
}

} // namespace

StatusPanel::StatusPanel(QWidget *parent)
    : QWidget(parent)
    , m_retryTick(new QTimer(this))
    , m_connectionLabel(statusLabel(tr("Connection"), this))
    // Counts that change at every decision: as wide as their widest text, so that the line's
    // parts do not move back and forth at each key.
    , m_waiting(new SteadyLabel(SteadyLabel::Width::GrowsOnly, tr("Decisions waiting to sync"), this))
    , m_synced(statusLabel(tr("Last sync"), this))
    , m_refused(statusLabel(tr("Refused decisions"), this))
    , m_lease(statusLabel(tr("Earliest lease expiry"), this))
    , m_notice(statusLabel(tr("Notice"), this))
    , m_problem(statusLabel(tr("Problem"), this))
    , m_pace(new SteadyLabel(SteadyLabel::Width::GrowsOnly, tr("Your pace today"), this))
    , m_noticeTimer(new QTimer(this))
{
    m_retryTick->setInterval(1000);
    connect(m_retryTick, &QTimer::timeout, this, &StatusPanel::updateConnectionText);
    m_noticeTimer->setSingleShot(true);
    m_noticeTimer->setInterval(20'000);
    connect(m_noticeTimer, &QTimer::timeout, this, [this] { setNotice({}); });
    m_problem->setStyleSheet(QStringLiteral("color: #d03030;"));  // readable on light and dark
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long server sentence wraps onto more lines of the bar: never cut mid-word.
    m_problem->setWordWrap(true);
    m_problem->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_problem->setMinimumWidth(40);
    // At most three lines: a wrapped label laid out for its 40 px minimum would otherwise make the
    // status bar hundreds of pixels tall (seen under Xvfb). Longer: cut at a word end, the whole
    // sentence in the tooltip and the message history (Ctrl+M).
    m_problem->setMaximumHeight(kProblemLines * m_problem->fontMetrics().lineSpacing() + 4);
    // A notice is one short line (never cut: its label is as wide as its text); both open the
    // whole history when clicked.
    for (QLabel *label : {m_notice, m_problem}) {
        label->installEventFilter(this);
        label->setCursor(Qt::PointingHandCursor);
    }
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    for (QLabel *label : {m_connectionLabel, m_waiting, m_synced, m_lease, m_refused, m_notice})
        layout->addWidget(label);
    layout->addWidget(m_problem, 1);
    m_pace->setAlignment(Qt::AlignRight | Qt::AlignVCenter);  // flush with the window's edge, however wide it grew
    layout->addWidget(m_pace);
    setConnection(Connection::Unknown);
    setWaiting(0);
    setSyncedAt({});
    setProblem({});
    setPace(0, 0);
    setRefused(0);
    setLeaseExpiry({});
    setNotice({});
}

namespace {

// "18:00" today, "Sat 18:00" within a week, else the date: when a lease runs out, at a glance.
QString whenText(const QDateTime &at)
{
    const QDateTime local = at.toLocalTime();
    const QDate today = QDate::currentDate();
    if (local.date() == today)
        return local.toString(QStringLiteral("HH:mm"));
    if (local.date() > today && local.date() < today.addDays(7))
        return local.toString(QStringLiteral("ddd HH:mm"));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

void StatusPanel::setLeaseExpiry(const QDateTime &earliest)
{
    if (!earliest.isValid()) {
        m_lease->clear();
        m_lease->hide();
        return;
    }
    const bool expired = earliest <= QDateTime::currentDateTimeUtc();
    m_lease->setText(expired ? tr("· a lease ran out at %1").arg(whenText(earliest))
                             : tr("· leases until %1").arg(whenText(earliest)));
    m_lease->setStyleSheet(expired ? QStringLiteral("color: #c7811a;") : QString());
    m_lease->setToolTip(tr("The earliest lease of your undecided outputs ends at %1.")
                            .arg(QLocale().toString(earliest.toLocalTime(), QLocale::LongFormat)));
    m_lease->show();
}

void StatusPanel::setNotice(const QString &message)
{
    // A notice that updates the one still shown ("leasing: 200 of 5,000…") replaces it in the
    // history: the history is for reading, not a progress log.
    if (!message.isEmpty())
        record(StatusMessage::Kind::Notice, message, m_notice->isVisibleTo(this) && m_noticeTimer->isActive());
    m_notice->setText(message.isEmpty() ? QString() : QStringLiteral("· ") + message);
    m_notice->setVisible(!message.isEmpty());
    if (message.isEmpty())
        m_noticeTimer->stop();
    else
        m_noticeTimer->start();
}

void StatusPanel::setNoticeLifetime(int ms) { m_noticeTimer->setInterval(ms); }

QString StatusPanel::leaseText() const { return m_lease->text(); }

QString StatusPanel::notice() const { return m_notice->text(); }

void StatusPanel::setRefused(int refused)
{
    m_refused->setText(refused > 0 ? tr("· %n refused (Ctrl+Shift+C)", nullptr, refused) : QString());
    m_refused->setVisible(refused > 0);
}

void StatusPanel::setConnection(Connection connection, const QString &detail)
{
    m_connection = connection;
    QString colour;
    switch (connection) {
    case Connection::Online: colour = QStringLiteral("#2e9d4a"); break;
    case Connection::Offline: colour = QStringLiteral("#c7811a"); break;
    case Connection::SignInNeeded: colour = QStringLiteral("#d03030"); break;
    case Connection::Unknown: colour = QStringLiteral("#808080"); break;
    }
    m_connectionLabel->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
    m_connectionLabel->setToolTip(detail);
    updateConnectionText();
}

void StatusPanel::setRetryAt(const QDateTime &at)
{
    m_retryAt = at;
    if (at.isValid())
        m_retryTick->start();
    else
        m_retryTick->stop();
    updateConnectionText();
}

void StatusPanel::updateConnectionText()
{
    QString text;
    switch (m_connection) {
    case Connection::Online: text = tr("● online"); break;
    case Connection::Offline: text = tr("● offline"); break;
    case Connection::SignInNeeded: text = tr("● sign-in needed"); break;
    case Connection::Unknown: text = tr("● connecting…"); break;
    }
    if (m_connection == Connection::Offline && m_retryAt.isValid()) {
        // Rounded up: "in 0 s" would read as "now" a second early.
        const qint64 seconds = (QDateTime::currentDateTimeUtc().msecsTo(m_retryAt) + 999) / 1000;
        text += seconds > 0 ? tr(" · retrying in %1 s").arg(seconds) : tr(" · retrying now");
    }
    m_connectionLabel->setText(text);
}

void StatusPanel::setWaiting(int waiting)
{
    m_waiting->setText(tr("· %n waiting to sync", nullptr, waiting));
}

void StatusPanel::setSyncedAt(const QDateTime &at)
{
    m_synced->setText(at.isValid()
        ? tr("· synced %1").arg(at.toLocalTime().toString(QStringLiteral("HH:mm")))
        : tr("· not synced yet"));
}

void StatusPanel::setBusy(bool busy)
{
    m_synced->setEnabled(!busy);  // greyed while a sync runs
}

void StatusPanel::setProblem(const QString &message)
{
    if (message == m_problemText)
        return;  // the same again (each retry says it): keep the time it first happened
    m_problemText = message;
    if (!message.isEmpty())
        record(StatusMessage::Kind::Problem, message, false);
    // With the time it happened: "unreachable" from an hour ago reads differently.
    const QString at = QTime::currentTime().toString(QStringLiteral("HH:mm"));
    m_problemShown = message.isEmpty() ? QString() : QStringLiteral("· %1 %2").arg(at, message);
    fitProblem();
    m_problem->setToolTip(message.isEmpty() ? QString()
                                            : tr("%1\n\nClick, or press Ctrl+M, for every message with its time.").arg(message));
}

void StatusPanel::dismissProblem() { setProblem({}); }

void StatusPanel::fitProblem()
{
    const int width = m_problem->contentsRect().width();
    m_problem->setText(width > 40 ? elideToLines(m_problemShown, m_problem->font(), width, kProblemLines)
                                  : m_problemShown);
}

QString StatusPanel::elideToLines(const QString &text, const QFont &font, int width, int maxLines)
{
    const QFontMetrics metrics(font);
    const QString ellipsis = QStringLiteral(" …");
    if (metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, text).height()
        <= maxLines * metrics.lineSpacing())
        return text;
    // The longest prefix ending at a word end that, with " …", still wraps into maxLines lines.
    QList<qsizetype> ends;
    for (qsizetype i = 1; i < text.size(); ++i)
        if (text.at(i).isSpace() && !text.at(i - 1).isSpace())
            ends.append(i);
    qsizetype lo = 0, hi = ends.size() - 1, best = -1;
    while (lo <= hi) {
        const qsizetype mid = (lo + hi) / 2;
        const QString candidate = text.left(ends.at(mid)) + ellipsis;
        if (metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, candidate).height()
            <= maxLines * metrics.lineSpacing()) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return best < 0 ? ellipsis.trimmed() : text.left(ends.at(best)) + ellipsis;
}

void StatusPanel::record(StatusMessage::Kind kind, const QString &text, bool replaceLastNotice)
{
    StatusMessage message{QDateTime::currentDateTime(), kind, text};
    if (replaceLastNotice && !m_history.isEmpty() && m_history.constLast().kind == StatusMessage::Kind::Notice)
        m_history.last() = message;
    else
        m_history.append(message);
    if (m_history.size() > kHistoryLimit)
        m_history.removeFirst();
    Q_EMIT historyChanged();
}

QString StatusPanel::historyText(const QList<StatusMessage> &messages)
{
    const QDate today = QDate::currentDate();
    QStringList lines;
    for (const StatusMessage &m : messages) {
        const QString when = m.at.toString(m.at.date() == today ? QStringLiteral("HH:mm:ss")
                                                                 : QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        const QString kind = m.kind == StatusMessage::Kind::Problem ? tr("problem") : tr("notice");
        lines.append(QStringLiteral("%1  %2  %3").arg(when, kind, m.text));
    }
    return lines.join(QLatin1Char('\n'));
}

bool StatusPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_problem && event->type() == QEvent::Resize)
        fitProblem();
    if ((watched == m_problem || watched == m_notice) && event->type() == QEvent::MouseButtonRelease
        && static_cast<QMouseEvent *>(event)->button() == Qt::LeftButton) {
        Q_EMIT messagesRequested();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QString StatusPanel::problem() const { return m_problemShown; }

void StatusPanel::setPace(double itemsPerHour, int decisionsToday)
{
    m_pace->setText(tr("your pace today %1/h (%n decided)", nullptr, decisionsToday)
                        .arg(qRound(itemsPerHour)));
}

QString StatusPanel::text() const
{
    QStringList parts;
    for (const QLabel *label : {m_connectionLabel, m_waiting, m_synced, m_lease, m_refused, m_notice, m_problem, m_pace}) {
        const QString shown = label == m_problem ? m_problemShown : label->text();  // whole, even when cut
        if (!shown.isEmpty())
            parts.append(shown);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace fr
