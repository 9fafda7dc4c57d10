#pragma once

// Shared by the app benchmarks: a backend (PostgreSQL when FEEDBACK_TEST_PG_URL is set,
// otherwise SQLite), `n` outputs ingested, and a signed-in ApiClient + SyncEngine on a fresh
// local store. Catch2's main provides the QApplication; each benchmark is one TEST_CASE.
#include "ApiClient.h"
#include "BackendProcess.h"
#include "LocalStore.h"
#include "SyncEngine.h"
#include "TestUtil.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <cstdio>

namespace fr::test {

struct BenchRig {
    BackendProcess backend{BackendProcess::postgresConfigured() ? BackendProcess::Database::Postgres
                                                                : BackendProcess::Database::Sqlite};
    QTemporaryDir dir;
    LocalStore store;
    QNetworkAccessManager network;
    ApiClient api{&network};
    SyncEngine engine{&api, &store};
    QString reviewerId;

    const char *databaseName() const
    {
        return BackendProcess::postgresConfigured() ? "PostgreSQL" : "SQLite";
    }

    void setUp(int outputs, int inputBytes)
    {
        INFO(backend.error().toStdString());
        REQUIRE(backend.start());
        for (int done = 0; done < outputs; done += 1000)  // (none when outputs is 0)
            REQUIRE(backend.ingest(BackendProcess::sampleOutputs(std::min(1000, outputs - done), inputBytes)).size() > 0);
        REQUIRE(store.open(dir.filePath(QStringLiteral("store.sqlite"))).ok);
        const QString token = backend.signIn(BackendProcess::reviewer);
        reviewerId = backend.request("GET", QStringLiteral("/me"), {}, {}, token).json()
                         .value(QLatin1String("reviewer_id")).toString();
        api.setServer(backend.url());
        api.setAccessToken(token);
        api.setTimeoutMs(120000);
        engine.setDrainDelay(std::chrono::milliseconds(0));
    }
};

} // namespace fr::test
