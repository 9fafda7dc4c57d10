// Triage speed as the person feels it, through the real composition (ReviewerApp, offline):
// key press → decision committed in the outbox → next item painted. Against a baseline measured
// in the same run: a bare SQLite commit with the same durability (WAL, synchronous=FULL) plus
// painting the same text in a bare QPlainTextEdit. Also: start → first item ready, peak RSS.
// Targets: p99 < 8 ms and ≤ 1.5× baseline; first item < 0.5 s; RSS < 150 MB.
// Stalls (issue 11): a 1 ms heartbeat on the GUI thread; every late run is a stall of the event
// loop (how long a key would have waited). Longest and p99 per phase: start (until the whole
// queue is in), the decisions (keys spaced by a short idle, as a person's are), a sign-out, then
// against the real backend (tests/support BackendProcess, SQLite): a sign-in whose drain sends
// 2,000 queued decisions, an offline lease of 2,000 outputs, a sign-out that hands them back.
// Target: longest ≤ 16 ms except the one durable commit per decision.
#include "BackendProcess.h"
#include "JsonCodec.h"
#include "LoginDialog.h"
#include "StoreReader.h"
#include "LocalStore.h"
#include "MainWindow.h"
#include "SyncEngine.h"
#include "QueueModel.h"
#include "ReviewerApp.h"
#include "TriageController.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QMap>
#include <QPaintEvent>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace fr;

namespace {

using fr::test::BackendProcess;

const QString user = BackendProcess::reviewer;
constexpr int knownOutputs = 2000;   // on the backend too: the drain's decisions are about these
constexpr int preQueued = 1000;      // decided before the run; the keys decide the other 1,000
constexpr int offlineLease = 2000;

QString sampleInput(int i)
{
    return QStringLiteral("#%1 The refund took three weeks and nobody answered my emails. I had to call "
                          "the bank to get my money back, and the support chat kept closing. ").arg(i).repeated(3);
}

ModelOutput sampleOutput(int i, const QDateTime &now)
{
    ModelOutput output;
    output.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    output.modelName = QStringLiteral("sentiment-v3");
    output.modelVersion = QStringLiteral("1.4.2");
    output.input = sampleInput(i);
    output.output = (i % 2) ? QStringLiteral("positive") : QStringLiteral("negative — the customer is unhappy");
    output.confidence = 0.3 + (i % 50) / 100.0;
    output.createdAt = now.addSecs(-(i % 100) * 600);
    output.slaDeadline = output.createdAt.addSecs(48 * 3600);
    output.leaseExpiresAt = now.addSecs(24 * 3600);
    return output;
}

// `count` cached outputs: first the `known` ones (ingested in the backend, earliest deadlines, so
// the keys decide them), then local-only ones; `preQueued` decisions on known ones wait to go.
bool populate(const QString &path, int count, const QList<ModelOutput> &known, const QString &reviewerId)
{
    LocalStore store;
    if (!store.open(path).ok)
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<ModelOutput> first = known;
    for (qsizetype i = 0; i < first.size(); ++i) {
        first[i].slaDeadline = now.addSecs(-7200 + int(i));
        first[i].leaseExpiresAt = now.addSecs(24 * 3600);
    }
    if (!store.cacheOutputs(first))
        return false;
    for (int start = int(known.size()); start < count; start += 5000) {
        QList<ModelOutput> batch;
        for (int i = start; i < std::min(count, start + 5000); ++i)
            batch.append(sampleOutput(i, now));
        if (!store.cacheOutputs(batch))
            return false;
    }
    store.beginBatch();
    for (int i = 0; i < preQueued && int(known.size()) > 1000 + i; ++i) {
        Decision decision;
        decision.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        decision.outputId = known.at(1000 + i).id;
        decision.reviewerId = reviewerId;
        decision.approval = i % 3 != 0;
        decision.decidedAt = now;  // after the backend's created_at (it refuses a decision before it)
        decision.dwellMs = 2000;
        if (!store.enqueue(decision))
            return false;
    }
    return store.commitBatch();
}

// Waits in an event loop of its own (QTest::qWaitFor sleeps 10 ms between its looks, which the
// heartbeat would count as stalls of the app): the predicate is looked at every millisecond.
template<typename Predicate>
bool waitInLoop(Predicate done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QElapsedTimer clock;
    clock.start();
    bool ok = done();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        ok = done();
        if (ok || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    if (!ok) {
        poll.start();
        loop.exec();
    }
    return ok;
}

// Types the password into the real sign-in dialog, as a person would.
bool signInThroughDialog(ReviewerApp &reviewer)
{
    LoginDialog *login = reviewer.loginDialog();
    if (!QTest::qWaitFor([login] { return login->isVisible(); }, 30000))
        return false;
    login->userEdit()->setText(user);
    login->passwordEdit()->setText(BackendProcess::passwordFor(user));
    QTest::keyClick(login->passwordEdit(), Qt::Key_Return);
    return true;
}

struct Percentiles {
    double p50 = 0, p99 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> samples)
{
    std::sort(samples.begin(), samples.end());
    auto at = [&](double q) { return samples[std::min(samples.size() - 1, size_t(q * double(samples.size())))]; };
    return {at(0.50), at(0.99), samples.back()};
}

double msSince(const QElapsedTimer &timer) { return double(timer.nsecsElapsed()) / 1e6; }

// The same durability and the same painting, without our layers in between.
std::vector<double> baseline(const QString &folder, int decisions)
{
    std::vector<double> samples;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("baseline"));
        db.setDatabaseName(folder + QStringLiteral("/baseline.sqlite"));
        db.open();
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
        q.exec(QStringLiteral("CREATE TABLE outbox (k TEXT UNIQUE, output_id TEXT, approval INTEGER, correction TEXT, "
                              "comment TEXT, decided_at INTEGER, state TEXT)"));
        QPlainTextEdit input, output;
        input.resize(900, 300);
        output.resize(900, 200);
        input.show();
        output.show();
        for (int i = 0; i < decisions; ++i) {
            QElapsedTimer timer;
            timer.start();
            db.transaction();
            QSqlQuery insert(db);
            insert.prepare(QStringLiteral("INSERT INTO outbox VALUES (?, ?, ?, '', '', ?, 'queued')"));
            insert.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            insert.addBindValue(QString::number(i));
            insert.addBindValue(i % 2);
            insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
            insert.exec();
            db.commit();
            input.setPlainText(sampleInput(i));
            output.setPlainText(QStringLiteral("positive"));
            QCoreApplication::processEvents();
            samples.push_back(msSince(timer));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("baseline"));
    return samples;
}

long peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// Late runs of a 1 ms timer, filed under the phase that was running when they happened.
class StallMeter
{
public:
    explicit StallMeter(QObject *parent)
    {
        m_timer = new QTimer(parent);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(1);
        QObject::connect(m_timer, &QTimer::timeout, parent, [this] { beat(); });
    }
    void startPhase(const char *name)
    {
        if (qEnvironmentVariableIsSet("BENCH_RSS"))
            std::fprintf(stderr, "before %s: peak RSS %ld MiB\n", name, peakRssMiB());
        m_phases.push_back({name, {}});
        m_clock.start();
        m_last = 0;
        m_timer->start();
    }
    void stop()
    {
        beat();  // the time since the last run counts too
        m_timer->stop();
        if (!m_phases.empty())
            logStall(m_clock.nsecsElapsed(), "phase ");  // the whole phase, for perf's samples
    }
    void print() const
    {
        for (const auto &[name, stalls] : m_phases) {
            if (stalls.empty()) {
                std::printf("  stalls %-16s none\n", name);
                continue;
            }
            const Percentiles p = percentiles(stalls);
            std::printf("  stalls %-16s longest %7.2f ms  p99 %6.2f ms  (%zu beats)   (target longest ≤ 16 ms)\n",
                        name, p.max, p.p99, stalls.size());
        }
    }

private:
    void beat()
    {
        const qint64 now = m_clock.nsecsElapsed();
        // Expected one interval after the previous run; anything later is the loop's stall.
        const double stall = std::max(0.0, double(now - m_last) / 1e6 - 1.0);
        if (!m_phases.empty())
            m_phases.back().second.push_back(stall);
        static const double logOver = qEnvironmentVariableIsSet("BENCH_STALL_LOG_MS")
                                          ? qEnvironmentVariable("BENCH_STALL_LOG_MS").toDouble() : 16.0;
        if (stall > logOver)
            logStall(now - m_last, "");
        m_last = now;
    }
    // BENCH_STALL_LOG=file: every stall over a frame (or BENCH_STALL_LOG_MS) as "phase start_ns end_ns" (CLOCK_MONOTONIC),
    // to line up with `perf record -k CLOCK_MONOTONIC` samples of the GUI thread (where it went).
    void logStall(qint64 lengthNs, const char *kind)
    {
        static FILE *log = qEnvironmentVariableIsSet("BENCH_STALL_LOG")
                               ? std::fopen(qgetenv("BENCH_STALL_LOG").constData(), "w")
                               : nullptr;
        if (!log)
            return;
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC, &ts);
        const long long end = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
        std::fprintf(log, "%s%s %lld %lld\n", kind, m_phases.back().first, end - lengthNs, end);
        std::fflush(log);
    }
    QTimer *m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<std::pair<const char *, std::vector<double>>> m_phases;
};


// BENCH_PAINT_LOG=1: which widgets paint and lay out during the decisions, per key, in the measured
// part (key to painted) and in the idle after it (where a key's paint time goes, without a
// profiler). BENCH_PAINT_TRACE=1 also prints each paint of keys 100 to 102 with its rectangles.
class PaintLog : public QObject
{
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint || event->type() == QEvent::LayoutRequest) {
            auto *widget = qobject_cast<QWidget *>(watched);
            QString name = QString::fromLatin1(watched->metaObject()->className());
            if (widget && widget->parentWidget())
                name += QStringLiteral(" in ") + QString::fromLatin1(widget->parentWidget()->metaObject()->className())
                    + QLatin1Char('/') + widget->parentWidget()->accessibleName();
            if (widget && !widget->accessibleName().isEmpty())
                name += QStringLiteral(" '") + widget->accessibleName() + QLatin1Char('\'');
            Entry &entry = m_entries[(m_inKey ? QStringLiteral("key  ") : QStringLiteral("idle "))
                                     + (event->type() == QEvent::Paint ? QStringLiteral("paint ") : QStringLiteral("layout "))
                                     + name];
            ++entry.count;
            if (m_trace && m_inKey) {
                QString rects;
                if (event->type() == QEvent::Paint)
                    for (const QRect &r : static_cast<QPaintEvent *>(event)->region())
                        rects += QStringLiteral(" %1x%2+%3+%4").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y());
                std::printf("    trace %s%s\n", qPrintable(name), qPrintable(rects));
            }
            if (event->type() == QEvent::Paint) {
                const QRect r = static_cast<QPaintEvent *>(event)->region().boundingRect();
                entry.pixels += qint64(r.width()) * r.height();
            }
        }
        return false;
    }
    void setInKey(bool inKey) { m_inKey = inKey; }
    void setTrace(bool trace) { m_trace = trace; }  // measured (key to painted) or the idle after it
    void print(int keys) const
    {
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it)
            std::printf("  per key %5.2f × %7.0f px  %s\n", double(it->count) / keys,
                        it->count ? double(it->pixels) / it->count : 0.0, qPrintable(it.key()));
    }

private:
    struct Entry {
        int count = 0;
        qint64 pixels = 0;
    };
    QMap<QString, Entry> m_entries;
    bool m_inKey = false;
    bool m_trace = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QStandardPaths::setTestModeEnabled(true);  // never the person's own data
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("FeedbackReviewerBench"));
    QApplication::setApplicationName(QStringLiteral("bench-triage"));
    const QStringList args = app.arguments();
    const int outputs = args.size() > 1 ? args.at(1).toInt() : 100000;
    const int decisions = args.size() > 2 ? args.at(2).toInt() : 1000;
    QTemporaryDir tmp(args.size() > 3 ? args.at(3) + QStringLiteral("/bench-XXXXXX") : QString());

    // The real backend (SQLite): outputs for the drain's decisions and for the offline lease.
    BackendProcess backend;
    if (!backend.start()) {
        std::fprintf(stderr, "the backend did not start: %s\n", qPrintable(backend.error()));
        return 1;
    }
    QList<ModelOutput> known;
    for (int done = 0; done < knownOutputs + offlineLease + 500; done += 500) {
        const QJsonArray items = backend.ingest(BackendProcess::sampleOutputs(500, 300));
        for (const QJsonValue &item : items) {
            if (known.size() < knownOutputs)
                known.append(JsonCodec::parseOutput(item.toObject()).value.value());
        }
    }
    const QString token = backend.signIn(user);
    const QString reviewerId = backend.request("GET", QStringLiteral("/me"), {}, {}, token).json()
                                   .value(QLatin1String("reviewer_id")).toString();
    const QUrl server = backend.url();
    if (known.size() < knownOutputs || reviewerId.isEmpty()) {
        std::fprintf(stderr, "the backend did not take the sample outputs\n");
        return 1;
    }

    // A remembered session, so that ReviewerApp starts offline on the cached outputs.
    QSettings().clear();
    QSettings settings;
    settings.setValue(QStringLiteral("session/server"), server);
    settings.setValue(QStringLiteral("session/username"), user);
    settings.setValue(QStringLiteral("session/reviewerId"), reviewerId);
    settings.setValue(QStringLiteral("session/role"), QStringLiteral("reviewer"));
    const QString storePath = LocalStore::defaultPath(server, user);
    QDir().mkpath(QFileInfo(storePath).absolutePath());
    QFile::remove(storePath);
    std::printf("populating %d cached outputs in %s …\n", outputs, qPrintable(storePath));
    if (!populate(storePath, outputs, known, reviewerId)) {
        std::fprintf(stderr, "could not populate the store\n");
        return 1;
    }

    StallMeter stalls(&app);
    QElapsedTimer startTimer;
    startTimer.start();
    ReviewerOptions options;
    options.server = server;
    options.offline = true;
    ReviewerApp reviewer(options);
    stalls.startPhase("start");
    reviewer.start();
    reviewer.window()->repaint();
    const double firstItemMs = msSince(startTimer);
    if (!reviewer.isReady() || !reviewer.triage()->current()) {
        std::fprintf(stderr, "no first item\n");
        return 1;
    }
    // The queue fills page by page from StoreReader; the window answers keys meanwhile. Waited
    // for in an event loop, as the app would be (a processEvents() spin took a core from the
    // reader and made the queue look half as slow again).
    (void)waitInLoop([&reviewer] { return !reviewer.storeReader()->isLoadingQueue(); }, 600000);
    const double wholeQueueMs = msSince(startTimer);
    stalls.stop();
    reviewer.window()->activateWindow();
    if (!QTest::qWaitForWindowActive(reviewer.window()))
        std::fprintf(stderr, "warning: the window did not become active\n");
    reviewer.window()->returnToTriage();

    std::vector<double> samples;
    int committed = 0;
    QObject::connect(reviewer.triage(), &TriageController::decisionRecorded, &app, [&committed] { ++committed; });
    PaintLog paintLog;
    if (qEnvironmentVariableIsSet("BENCH_PAINT_LOG"))
        app.installEventFilter(&paintLog);
    stalls.startPhase("decisions");
    for (int i = 0; i < decisions; ++i) {
        QWidget *focus = QApplication::focusWidget() ? QApplication::focusWidget() : reviewer.window();
        QElapsedTimer timer;
        timer.start();
        paintLog.setInKey(true);
        paintLog.setTrace(qEnvironmentVariableIsSet("BENCH_PAINT_TRACE") && i >= 100 && i < 103);
        QTest::keyClick(focus, i % 2 ? Qt::Key_X : Qt::Key_A);  // commit happens inside, synchronously
        QCoreApplication::processEvents();  // the event loop paints what changed: the next item
        samples.push_back(msSince(timer));
        paintLog.setInKey(false);
        // A short idle between keys: what runs after a decision (refreshes, reads coming back)
        // runs here, under the heartbeat.
        QElapsedTimer idle;
        idle.start();
        while (idle.elapsed() < 3)
            QCoreApplication::processEvents();
    }
    // What a decision left to do later (the lease-expiry refresh half a second after) too.
    waitInLoop([] { return false; }, 700);
    stalls.stop();
    app.removeEventFilter(&paintLog);
    if (qEnvironmentVariableIsSet("BENCH_PAINT_LOG"))
        paintLog.print(decisions);

    stalls.startPhase("sign-out");
    QElapsedTimer signOutTimer;
    signOutTimer.start();
    reviewer.signOut(false, false);
    const bool signedOut = waitInLoop([&reviewer] { return !reviewer.isReady(); }, 30000);
    const double signOutMs = msSince(signOutTimer);
    stalls.stop();

    // Online now, against the real backend: the sign-in's drain sends the 2,000 queued decisions.
    // What waits is followed through the engine's news: a count of the outbox on the GUI thread
    // at every look (each millisecond) was the bench's own stall, not the app's.
    int waiting = -1;
    QObject::connect(reviewer.syncEngine(), &SyncEngine::waitingCountChanged, &app,
                     [&waiting](int count) { waiting = count; });
    stalls.startPhase("drain 2,000");
    QElapsedTimer drainTimer;
    drainTimer.start();
    const bool dialogShown = signInThroughDialog(reviewer);
    const bool drained = dialogShown && waitInLoop([&reviewer, &waiting] {
        return reviewer.isReady() && waiting == 0 && !reviewer.syncEngine()->isBusy();
    }, 600000);
    const double drainMs = msSince(drainTimer);
    stalls.stop();
    const int sent = reviewer.store()->isOpen() ? int(reviewer.store()->entries(OutboxState::Sent).size()) : 0;

    stalls.startPhase("offline lease");
    int leased = -1;
    QObject::connect(reviewer.syncEngine(), &SyncEngine::offlineLeaseFinished, &app,
                     [&leased](int count, int, const QDateTime &) { leased = count; });
    QElapsedTimer leaseTimer;
    leaseTimer.start();
    reviewer.leaseForOffline(offlineLease, 8 * 3600);
    (void)waitInLoop([&leased] { return leased >= 0; }, 600000);
    const double leaseMs = msSince(leaseTimer);
    waitInLoop([] { return false; }, 700);  // what the lease left to do (counts, the lease expiry)
    stalls.stop();

    stalls.startPhase("sign-out+back");
    QElapsedTimer handBackTimer;
    handBackTimer.start();
    reviewer.signOut(true, false);
    const bool handedBack = waitInLoop([&reviewer] { return !reviewer.isReady(); }, 600000);
    const double handBackMs = msSince(handBackTimer);
    stalls.stop();
    const Percentiles ours = percentiles(samples);
    const Percentiles base = percentiles(baseline(tmp.path(), decisions));

    std::printf("\nbench_triage: %d cached outputs, %d decisions (%d committed), offscreen\n", outputs, decisions, committed);
    std::printf("  key → committed → next painted  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms   (target p99 < 8 ms)\n",
                ours.p50, ours.p99, ours.max);
    std::printf("  baseline (SQLite commit + paint) p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", base.p50, base.p99, base.max);
    std::printf("  ratio p99 ours/baseline          %.2f×   (target ≤ 1.5×)\n", ours.p99 / base.p99);
    std::printf("  start → first item ready         %6.1f ms   (target ≤ 300 ms)\n", firstItemMs);
    std::printf("  start → whole queue usable       %6.1f ms   (target ≤ 1 s)\n", wholeQueueMs);
    std::printf("  sign-out (offline, no hand-back) %6.1f ms%s\n", signOutMs, signedOut ? "" : "  (did not finish)");
    std::printf("  sign-in + drain %d decisions      %6.1f ms  (%d sent)%s\n", knownOutputs, drainMs, sent,
                drained ? "" : "  (did not finish)");
    std::printf("  offline lease of %d             %6.1f ms  (%d leased)\n", offlineLease, leaseMs, leased);
    std::printf("  sign-out handing back            %6.1f ms%s\n", handBackMs, handedBack ? "" : "  (did not finish)");
    stalls.print();
    std::printf("  peak RSS                         %ld MiB   (target < 150 MiB)\n", peakRssMiB());

    // Measured after the peak RSS above, so that these extra copies do not count in it.
    // Where a start goes, step by step (the same steps ReviewerApp takes, measured alone).
    {
        QElapsedTimer step;
        step.start();
        LocalStore store;
        store.open(storePath);
        const double openMs = msSince(step);
        step.restart();
        const QList<OutputSummary> summaries = store.summaries();
        const double summariesMs = msSince(step);
        step.restart();
        QueueModel queue;
        queue.reset(summaries);
        const double resetMs = msSince(step);
        step.restart();
        QueueFilterModel order;
        order.setSourceModel(&queue);
        order.sort(0);
        const double sortMs = msSince(step);
        std::printf("  start steps: store open %.1f ms, summaries %.1f ms, queue reset %.1f ms, sort %.1f ms\n",
                    openMs, summariesMs, resetMs, sortMs);
    }

    return committed == decisions ? 0 : 2;
}
