// A reviewer that never stops: leases, decides at a steady pace and syncs — until it is killed.
// The crash test kills it with SIGKILL at random moments and starts it again on the same local
// store. Every idempotency key is appended to --log after enqueue() returned (durable), so the
// test knows which decisions must reach the backend exactly once.
//
//   crash_driver --server URL --token ACCESS --reviewer-id ID --store PATH --log PATH [--interval-ms N]
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
    parser.addOptions({server, token, reviewer, storePath, logPath, interval, drain});
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
    QObject::connect(&triage, &TriageController::decisionRecorded, &log, [&](const Decision &decision) {
        log.write(decision.idempotencyKey.toLatin1() + '\n');
        log.flush();  // in the kernel now: a SIGKILL cannot lose it
        engine.notifyDecisionQueued();
    });

    QTimer pace;
    if (parser.isSet(drain)) {
        QObject::connect(&pace, &QTimer::timeout, &app, [&] {
            if (store.waitingCount() == 0 && !engine.isBusy())
                app.exit(0);
        });
        QTimer::singleShot(60000, &app, [&] { app.exit(1); });
    } else {
        int n = 0;
        QObject::connect(&pace, &QTimer::timeout, &app, [&] {
            if (!triage.current())
                triage.showFirstPending();
            if (triage.current())
                (n++ % 3 == 2) ? triage.reject(QStringLiteral("corrected"), QStringLiteral("crash test"))
                               : triage.approve();
        });
    }
    pace.start(parser.value(interval).toInt());
    engine.start();
    return app.exec();
}
