// A reviewer that never stops: leases, decides at a steady pace, undoes now and then, and syncs —
// until it is killed. The crash test kills it with SIGKILL at random moments and starts it again
// on the same local store. The log (--log) says what the test must find in the backend:
//   "D <key> <1|0>"  after enqueue() returned (durable): decided, approval 1 or 0
//   "u <key>"        an undo is about to be made (a kill may fall between u and U)
//   "U <key>"        after undo() returned true (durable): taken back
//   "F <key>"        undo() said no: the decision stands
// Undos come two ways: right after the decision (usually before it was sent: withdrawn, or
// while its batch is on the wire), and after the backend stored it (a retract).
//
//   crash_driver --server URL --token ACCESS --reviewer-id ID --store PATH --log PATH [--interval-ms N]
//                [--no-undo]
//   crash_driver ... --drain   (decide nothing; exit 0 once the outbox is empty, 1 after 60 s)
#include "ApiClient.h"
#include "LocalStore.h"
#include "QueueModel.h"
#include "SyncEngine.h"
#include "TriageController.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>

using namespace fr;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption server(QStringLiteral("server"), {}, QStringLiteral("url"));
    const QCommandLineOption token(QStringLiteral("token"), {}, QStringLiteral("token"));
    const QCommandLineOption reviewer(QStringLiteral("reviewer-id"), {}, QStringLiteral("id"));
    const QCommandLineOption storePath(QStringLiteral("store"), {}, QStringLiteral("path"));
    const QCommandLineOption logPath(QStringLiteral("log"), {}, QStringLiteral("path"));
    const QCommandLineOption interval(QStringLiteral("interval-ms"), {}, QStringLiteral("ms"), QStringLiteral("15"));
    const QCommandLineOption drain(QStringLiteral("drain"));
    const QCommandLineOption noUndo(QStringLiteral("no-undo"));
    parser.addOptions({server, token, reviewer, storePath, logPath, interval, drain, noUndo});
    parser.process(app);

    LocalStore store;
    const StoreOpenReport report = store.open(parser.value(storePath));
    if (!report.ok) {
        std::fprintf(stderr, "store: %s\n", qPrintable(report.error));
        return 2;
    }
    QFile log(parser.value(logPath));
    if (!log.open(QIODevice::Append | QIODevice::WriteOnly))
        return 2;

    QNetworkAccessManager network;
    ApiClient api(&network);
    api.setServer(QUrl(parser.value(server)));
    api.setAccessToken(parser.value(token));
    api.setTimeoutMs(5000);
    SyncEngine engine(&api, &store);
    engine.setLeasePolicy(50, 600, 10);
    engine.setBackoffLimits(std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
    engine.setDrainDelay(std::chrono::milliseconds(30));

    QueueModel queue;
    queue.reset(store.summaries());
    QObject::connect(&engine, &SyncEngine::outputsCached, &queue, &QueueModel::upsert);
    TriageController triage(&store, &queue, &queue);
    triage.setReviewerId(parser.value(reviewer));
    const auto writeLog = [&](char what, const QString &key, const QByteArray &extra = {}) {
        log.write(QByteArray(1, what) + ' ' + key.toLatin1() + extra + '\n');
        log.flush();  // in the kernel now: a SIGKILL cannot lose it
    };
    QStringList undoStack;  // mirror of the controller's (it pops even when undo() says no)
    QObject::connect(&triage, &TriageController::decisionRecorded, &log, [&](const Decision &decision) {
        writeLog('D', decision.idempotencyKey, decision.approval ? " 1" : " 0");
        undoStack.append(decision.idempotencyKey);
        engine.notifyDecisionQueued();
    });
    QObject::connect(&triage, &TriageController::decisionUndone, &engine, &SyncEngine::notifyDecisionQueued);
    const auto undoLast = [&] {
        if (undoStack.isEmpty())
            return;
        const QString key = undoStack.takeLast();
        writeLog('u', key);
        writeLog(triage.undo() ? 'U' : 'F', key);
    };

    // The pace's state lives as long as the loop (the timer's lambda refers to it).
    int n = 0;
    const bool undos = !parser.isSet(noUndo);
    bool undoNext = false;       // undo on the next tick: usually before it was sent
    QString undoWhenSent;        // undo once the backend stored it: a retract
    int waitedTicks = 0;
    QTimer pace;
    if (parser.isSet(drain)) {
        QObject::connect(&pace, &QTimer::timeout, &app, [&] {
            if (store.waitingCount() == 0 && !engine.isBusy())
                app.exit(0);
        });
        QTimer::singleShot(60000, &app, [&] { app.exit(1); });
    } else {
        QObject::connect(&pace, &QTimer::timeout, &app, [&] {
            if (undoNext) {
                undoNext = false;
                undoLast();
                return;
            }
            if (!undoWhenSent.isEmpty()) {
                const auto entry = store.entry(undoWhenSent);
                if ((!entry || entry->state == OutboxState::Queued) && ++waitedTicks < 200)
                    return;  // not sent yet: wait (a few seconds at most), deciding nothing meanwhile
                undoWhenSent.clear();
                undoLast();
                return;
            }
            if (!triage.current())
                triage.showFirstPending();
            if (!triage.current())
                return;
            (n++ % 3 == 2) ? triage.reject(QStringLiteral("corrected"), QStringLiteral("crash test"))
                           : triage.approve();
            if (undos && n % 7 == 0) {
                undoNext = true;
            } else if (undos && n % 11 == 0 && !undoStack.isEmpty()) {
                undoWhenSent = undoStack.last();
                waitedTicks = 0;
            }
        });
    }
    pace.start(parser.value(interval).toInt());
    engine.start();
    return app.exec();
}
