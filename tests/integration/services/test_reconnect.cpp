// Issue 8: an app started while the backend is down reconnects by itself. The real backend
// process, the real network stack and a real store; the reconnect probe at its product default
// (capped at a minute).
#include "ApiClient.h"
#include "BackendProcess.h"
#include "LocalStore.h"
#include "SyncEngine.h"
#include "TestUtil.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QUuid>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;

TEST_CASE("a start with the backend down, then the backend up: synced within a minute, with no key")
{
    BackendProcess backend;
    INFO(backend.error().toStdString());
    REQUIRE(backend.start());
    REQUIRE(backend.ingest(BackendProcess::sampleOutputs(3)).size() == 3);
    // Decisions made in an earlier session, still in the outbox: the reviewer held the leases.
    const QString token = backend.signIn(BackendProcess::reviewer);
    REQUIRE_FALSE(token.isEmpty());
    const QString reviewerId = backend.request("GET", QStringLiteral("/me"), {}, "application/json", token)
                                   .json().value(QLatin1String("reviewer_id")).toString();
    const BackendProcess::Response leased = backend.request(
        "POST", QStringLiteral("/outputs/lease"), R"({"limit": 3, "lease_seconds": 3600})", "application/json", token);
    REQUIRE(leased.status == 200);
    const QJsonArray items = leased.json().value(QLatin1String("items")).toArray();
    REQUIRE(items.size() == 3);

    QTemporaryDir dir;
    LocalStore store;
    REQUIRE(store.open(dir.filePath(QStringLiteral("store.sqlite"))).ok);
    for (const QJsonValue &item : items) {
        Decision decision;
        decision.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        decision.outputId = item[QLatin1String("id")].toString();
        decision.reviewerId = reviewerId;
        decision.approval = true;
        decision.decidedAt = QDateTime::currentDateTimeUtc();
        REQUIRE(store.enqueue(decision));
    }

    backend.stop();  // the port is closed: nothing answers
    QNetworkAccessManager network;
    ApiClient api(&network);
    api.setServer(backend.url());
    api.setAccessToken(token);
    SyncEngine engine(&api, &store);  // the product's reconnect limits: no test tuning
    engine.setLeasePolicy(20, 600, 0);
    engine.start();
    REQUIRE(waitUntil([&] { return engine.connectivity() == SyncEngine::Connectivity::Offline
                                   && engine.nextRetryAt().isValid(); }, 30000));
    CHECK(store.waitingCount() == 3);

    REQUIRE(backend.restart());  // same port, same database; nobody presses a key
    const bool drained = waitUntil([&] { return store.waitingCount() == 0 && !engine.isBusy(); }, 90000);
    INFO(backend.logTail().toStdString());
    REQUIRE(drained);
    CHECK(engine.connectivity() == SyncEngine::Connectivity::Online);
    CHECK(engine.nextRetryAt().isNull());
    CHECK(backend.exportFeedback().size() == 3);
}
