// Exactly once through a bad network: the real app core (LocalStore on a SQLite file, ApiClient
// on a real QNetworkAccessManager, AuthService, SyncEngine, TriageController) talks to the real
// backend through tests/support/fault_proxy.py, which plays — in a seeded random order —
// captive-portal redirects, HTML 403/404 pages, 502/503 with Retry-After, resets before and
// after the backend applied a call, stalls past the transfer timeout, truncated bodies, 401s
// whose refresh fails. Thousands of decisions (with undos, some while their batch is on the
// wire) are made while it runs; then the network heals, and
//   - every kept decision is in the backend exactly once, with its approval, and it is the one
//     live decision on its output;
//   - every undone decision is absent or retracted;
//   - nothing is left refused (conflict/rejected) or waiting, and no password was asked for.
//
// FR_FAULT_DECISIONS (default 2000), FR_FAULT_RATE (0.25), FR_FAULT_SEED, and
// FR_FAULT_UNDO_IN_FLIGHT (1; 0 = never undo while a batch is on the wire). The control run of the
// harness is FR_FAULT_RATE=0 FR_FAULT_UNDO_IN_FLIGHT=0.
#include "ApiClient.h"
#include "AuthService.h"
#include "BackendProcess.h"
#include "FaultProxy.h"
#include "FeedbackLedger.h"
#include "LocalStore.h"
#include "QueueModel.h"
#include "SecretStore.h"
#include "SyncEngine.h"
#include "TestUtil.h"
#include "TriageController.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>

using namespace fr;
using namespace fr::test;

namespace {

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

double envDouble(const char *name, double fallback)
{
    bool ok = false;
    const double value = qEnvironmentVariable(name).toDouble(&ok);
    return ok ? value : fallback;
}

// The real network, counting the /feedback/batch calls on the wire: an undo while one is in
// flight is the case where the backend may apply a decision the person has already taken back.
class WatchingNetwork : public QNetworkAccessManager
{
public:
    int batchesInFlight = 0;
    int inFlight = 0;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *data) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, data);
        const bool batch = request.url().path().endsWith(QLatin1String("/feedback/batch"));
        ++inFlight;
        batchesInFlight += batch ? 1 : 0;
        connect(reply, &QNetworkReply::finished, this, [this, batch] {
            --inFlight;
            batchesInFlight -= batch ? 1 : 0;
        });
        return reply;
    }
};

// Runs the event loop for about `ms` (sync work interleaves with the decisions).
void pumpEvents(int ms)
{
    QElapsedTimer clock;
    clock.start();
    do
        QCoreApplication::processEvents(QEventLoop::AllEvents, std::max<int>(1, ms - int(clock.elapsed())));
    while (clock.elapsed() < ms);
}

// The app core as ReviewerApp wires it, minus the widgets.
struct App {
    QTemporaryDir dir;
    LocalStore store;
    WatchingNetwork network;
    ApiClient api{&network};
    SecretStore secrets{QStringLiteral("feedback-reviewer-fault-suite")};
    AuthService auth{&api, &secrets};
    SyncEngine engine{&api, &store};
    QueueModel queue;
    TriageController triage{&store, &queue, &queue};
    int passwordAsked = 0;

    App()
    {
        REQUIRE(store.open(dir.filePath(QStringLiteral("store.sqlite"))).ok);
        api.setTimeoutMs(2000);
        engine.setAuthService(&auth);
        engine.setDrainDelay(std::chrono::milliseconds(20));
        engine.setBackoffLimits(std::chrono::milliseconds(50), std::chrono::milliseconds(2000));
        engine.setMaxBatchSize(5);  // many small calls: many chances for a fault
        engine.setLeasePolicy(250, 3600, 120);
        QObject::connect(&engine, &SyncEngine::outputsCached, &queue, &QueueModel::upsert);
        QObject::connect(&engine, &SyncEngine::authenticationRequired, &auth, &AuthService::refresh);
        QObject::connect(&auth, &AuthService::accessTokenRenewed, &engine, &SyncEngine::syncNow);
        QObject::connect(&auth, &AuthService::passwordNeeded, &auth, [this] { ++passwordAsked; });
        QObject::connect(&triage, &TriageController::decisionRecorded, &engine, &SyncEngine::notifyDecisionQueued);
        QObject::connect(&triage, &TriageController::decisionUndone, &engine, &SyncEngine::notifyDecisionQueued);
    }
    ~App()
    {
        engine.stop();
        bool done = false;
        QObject::connect(&auth, &AuthService::signedOut, &auth, [&] { done = true; });
        auth.signOut();
        waitUntil([&] { return done; }, 10000);
    }
    // Through the faulty network, as a person would: try again until it works.
    bool signIn(const QUrl &server, const QString &user, int attempts)
    {
        for (int i = 0; i < attempts; ++i) {
            QSignalSpy signedIn(&auth, &AuthService::signedIn);
            QSignalSpy failed(&auth, &AuthService::signInFailed);
            auth.signIn(server, user, BackendProcess::passwordFor(user));
            if (!waitUntil([&] { return signedIn.count() + failed.count() > 0; }, 30000))
                continue;
            if (!signedIn.isEmpty() && signedIn.first().at(1).toBool())
                return true;
        }
        return false;
    }
};

struct Tally {
    QList<Decision> decisions;       // in the order made
    QSet<QString> undone;            // keys taken back (undo() said yes)
    QStringList undoStack;           // mirror of the controller's
    int undos = 0, undosInFlight = 0, undoRefused = 0;
    int emptyQueueRescues = 0;       // Ctrl+R pressed because the queue stayed empty
};

bool undoLast(App &app, Tally &tally, bool batchInFlight)
{
    if (tally.undoStack.isEmpty())
        return false;
    const QString key = tally.undoStack.takeLast();  // the controller pops it either way
    if (!app.triage.undo()) {
        ++tally.undoRefused;
        return false;
    }
    tally.undone.insert(key);
    ++tally.undos;
    tally.undosInFlight += batchInFlight ? 1 : 0;
    return true;
}

// Decides until `count` decisions were made: approve mostly, reject with a correction every
// few, ~4 % undos with no batch on the wire and ~4 % of the decisions made while
// one is on the wire followed by an undo at once (some two deep).
bool decide(App &app, Tally &tally, int count, bool undoInFlight, QRandomGenerator &random)
{
    QElapsedTimer idle, sinceRescue;
    idle.start();
    sinceRescue.start();
    while (tally.decisions.size() < count) {
        if (!app.triage.current())
            app.triage.showFirstPending();
        if (!app.triage.current()) {
            if (idle.elapsed() > 180000)
                return false;  // no output to decide for three minutes: leasing never got through
            if (sinceRescue.elapsed() > 20000) {
                // Twenty seconds in front of an empty queue: the person presses Ctrl+R (and the
                // test counts it: the app should have leased again on its own).
                app.engine.syncNow();
                ++tally.emptyQueueRescues;
                sinceRescue.restart();
            }
            pumpEvents(20);
            continue;
        }
        idle.restart();
        sinceRescue.restart();
        const int roll = int(random.bounded(100));
        // Two kinds of undo: "settled" (roll < 4: no batch on the wire; the decision is either
        // still queued or already stored) and "in flight" (roll 4..7 while a batch is on the wire:
        // the backend may store what the person already took back). roll 0 goes back two.
        bool inFlight = app.network.batchesInFlight > 0;
        const bool settledUndo = roll < 4;
        const bool inFlightUndo = undoInFlight && inFlight && roll >= 4 && roll < 8;
        const bool wantUndo = !tally.undoStack.isEmpty() && (settledUndo || inFlightUndo);
        if (wantUndo && settledUndo && inFlight) {
            // Let the batch land first; the undo follows with no event in between.
            waitUntil([&] { return app.network.batchesInFlight == 0; }, 60000);
            inFlight = app.network.batchesInFlight > 0;
        }
        if (wantUndo) {
            if (undoLast(app, tally, inFlight) && roll == 0)
                undoLast(app, tally, inFlight);  // back two
        } else {
            const bool ok = roll % 3 == 0 ? app.triage.reject(QStringLiteral("negative"), QStringLiteral("fault suite"))
                                          : app.triage.approve();
            if (!ok)
                return false;
        }
        pumpEvents(int(random.bounded(10)));
    }
    return true;
}

void printFigures(const char *engine, const Tally &tally, const QJsonObject &proxyStats, qint64 decideMs,
                  qint64 healMs, int backendRows)
{
    std::printf("fault suite (%s): %lld decisions, %d undone (%d while a batch was in flight), "
                "%d undo refused, %d Ctrl+R on an empty queue; %d backend rows; deciding %.1f s, "
                "drain after heal %.1f s\n",
                engine, qlonglong(tally.decisions.size()), tally.undos, tally.undosInFlight, tally.undoRefused,
                tally.emptyQueueRescues,
                backendRows, decideMs / 1000.0, healMs / 1000.0);
    std::printf("fault proxy: %s\n",
                QJsonDocument(proxyStats.value(QLatin1String("counts")).toObject()).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

void runFaultSuite(BackendProcess::Database database)
{
    const char *engineName = database == BackendProcess::Database::Sqlite ? "SQLite" : "PostgreSQL";
    QString why;
    if (database == BackendProcess::Database::Postgres && !BackendProcess::postgresConfigured(&why)) {
        if (BackendProcess::postgresRequired())
            FAIL(why.toStdString());
        WARN(why.toStdString());
        return;
    }
    const int count = envInt("FR_FAULT_DECISIONS", 2000);
    const double rate = envDouble("FR_FAULT_RATE", 0.25);
    const quint32 seed = quint32(envInt("FR_FAULT_SEED", 20261201));
    const bool undoInFlight = envInt("FR_FAULT_UNDO_IN_FLIGHT", 1) != 0;
    INFO("decisions " << count << ", fault rate " << rate << ", seed " << seed << ", undo in flight " << undoInFlight);

    BackendProcess backend(database);
    INFO(backend.error().toStdString());
    REQUIRE(backend.start());
    const int outputs = count + count / 4 + 300;  // undone outputs are decided again
    for (int done = 0; done < outputs; done += 500)
        REQUIRE(backend.ingest(BackendProcess::sampleOutputs(std::min(500, outputs - done))).size()
                == std::min(500, outputs - done));

    FaultProxy proxy;
    INFO(proxy.error().toStdString());
    REQUIRE(proxy.start(backend.port(), seed, rate));

    App app;
    REQUIRE(app.signIn(proxy.url(), BackendProcess::reviewer, 40));
    const Account account = app.auth.account();
    app.triage.setReviewerId(account.reviewerId);
    app.engine.setAccount(account);
    app.engine.start();

    Tally tally;
    QObject::connect(&app.triage, &TriageController::decisionRecorded, &app.triage, [&](const Decision &d) {
        tally.decisions.append(d);
        tally.undoStack.append(d.idempotencyKey);
    });
    QRandomGenerator random(seed);
    QElapsedTimer clock;
    clock.start();
    const bool decidedAll = decide(app, tally, count, undoInFlight, random);
    const qint64 decideMs = clock.restart();
    CHECK(decidedAll);

    // The network heals; Ctrl+R; the outbox empties (a generous cap on a loaded machine).
    REQUIRE(proxy.heal());
    app.engine.syncNow();
    const bool drained = waitUntil([&] {
        return app.store.waitingCount() == 0 && !app.engine.isBusy() && app.network.inFlight == 0;
    }, 300000);
    const qint64 healMs = clock.elapsed();
    const QJsonObject proxyStats = proxy.stats();

    FeedbackLedger ledger;
    INFO(ledger.error().toStdString());
    REQUIRE(ledger.load(backend.databaseUrl()));
    printFigures(engineName, tally, proxyStats, decideMs, healMs, int(ledger.rows().size()));

    // Tell each failure by its name and count, all at once.
    int missing = 0, doubled = 0, wrongApproval = 0, keptRetracted = 0, undoneLive = 0, outputNotOnce = 0;
    QSet<QString> ourKeys, keptOutputs, undoneOutputs;
    for (const Decision &d : std::as_const(tally.decisions)) {
        ourKeys.insert(d.idempotencyKey);
        const QList<FeedbackLedger::Row> rows = ledger.rowsWithKey(d.idempotencyKey);
        if (tally.undone.contains(d.idempotencyKey)) {
            undoneOutputs.insert(d.outputId);
            undoneLive += int(std::count_if(rows.begin(), rows.end(), [](const auto &r) { return !r.retracted; }));
            continue;
        }
        keptOutputs.insert(d.outputId);
        if (rows.isEmpty()) {
            ++missing;
            continue;
        }
        doubled += rows.size() > 1 ? 1 : 0;
        keptRetracted += rows.first().retracted ? 1 : 0;
        wrongApproval += rows.first().approval != d.approval ? 1 : 0;
    }
    for (const QString &output : std::as_const(keptOutputs))
        outputNotOnce += ledger.liveRowsForOutput(output) != 1 ? 1 : 0;
    int undoneOutputLive = 0;  // undone and never decided again: nothing live on it
    for (const QString &output : std::as_const(undoneOutputs))
        if (!keptOutputs.contains(output))
            undoneOutputLive += ledger.liveRowsForOutput(output) != 0 ? 1 : 0;
    int foreign = 0;
    for (const FeedbackLedger::Row &row : ledger.rows())
        foreign += ourKeys.contains(row.idempotencyKey) ? 0 : 1;
    const QList<OutboxEntry> conflictEntries = app.store.entries(OutboxState::Conflict);
    const qsizetype conflicts = conflictEntries.size();
    for (const OutboxEntry &entry : conflictEntries.mid(0, 5))  // what the backend said, for the log
        qInfo().noquote() << "conflict:" << entry.decision.outputId << entry.lastError;
    const qsizetype rejected = app.store.entries(OutboxState::Rejected).size();

    CHECK(tally.decisions.size() >= count);
    CHECK(tally.undos >= count / 25);
    CHECK(drained);
    CHECK(app.store.waitingCount() == 0);
    CHECK(conflicts == 0);
    CHECK(rejected == 0);
    CHECK(missing == 0);
    CHECK(doubled == 0);
    CHECK(keptRetracted == 0);
    CHECK(wrongApproval == 0);
    CHECK(outputNotOnce == 0);
    CHECK(undoneLive == 0);
    CHECK(undoneOutputLive == 0);
    CHECK(foreign == 0);
    CHECK(tally.undoRefused == 0);
    CHECK(app.passwordAsked == 0);
    CHECK(tally.emptyQueueRescues == 0);
    if (rate > 0) {  // the faults really were played
        const QJsonObject counts = proxyStats.value(QLatin1String("counts")).toObject();
        CHECK(counts.value(QLatin1String("reset_after")).toInt() > 0);
        CHECK(counts.value(QLatin1String("redirect_302")).toInt() > 0);
    }
}

} // namespace

TEST_CASE("a bad network between app and backend loses, doubles and refuses nothing (SQLite backend)")
{
    runFaultSuite(BackendProcess::Database::Sqlite);
}

TEST_CASE("a bad network between app and backend loses, doubles and refuses nothing (PostgreSQL backend)")
{
    runFaultSuite(BackendProcess::Database::Postgres);
}
