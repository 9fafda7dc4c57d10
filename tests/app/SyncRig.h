#pragma once

// A LocalStore in a temporary folder, a scripted network that behaves like the backend (with
// faults injected on cue), and an ApiClient + SyncEngine wired to them.

#include "ApiClient.h"
#include "FakeNetwork.h"
#include "LocalStore.h"
#include "SyncEngine.h"
#include "TestUtil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

#include <catch2/catch.hpp>

namespace fr::test {

inline QString newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

inline ModelOutput makeOutput(const QString &id)
{
    ModelOutput output;
    output.id = id;
    output.modelName = QStringLiteral("sentiment-v3");
    output.modelVersion = QStringLiteral("1.4.2");
    output.input = QStringLiteral("The refund took three weeks.");
    output.output = QStringLiteral("positive");
    output.confidence = 0.41;
    output.createdAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
    output.slaDeadline = output.createdAt.addSecs(48 * 3600);
    output.leaseExpiresAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    return output;
}

inline QJsonObject outputJson(const ModelOutput &output)
{
    return {{QStringLiteral("id"), output.id},
            {QStringLiteral("model_name"), output.modelName},
            {QStringLiteral("model_version"), output.modelVersion},
            {QStringLiteral("input"), output.input},
            {QStringLiteral("output"), output.output},
            {QStringLiteral("confidence"), output.confidence},
            {QStringLiteral("metadata"), QJsonObject{}},
            {QStringLiteral("created_at"), JsonCodec::formatTime(output.createdAt)},
            {QStringLiteral("needs_review"), true},
            {QStringLiteral("sla_deadline"), JsonCodec::formatTime(output.slaDeadline)},
            {QStringLiteral("status"), QStringLiteral("leased")},
            {QStringLiteral("lease_expires_at"), JsonCodec::formatTime(output.leaseExpiresAt)}};
}

// The backend as far as the sync engine can tell: stores each idempotency key once, answers
// duplicates, conflicts and invalid items, and lets a test script the next answers.
struct MiniServer {
    QHash<QString, QString> stored;       // idempotency key → feedback id
    QHash<QString, int> timesApplied;     // idempotency key → how often it was stored (must be 1)
    QSet<QString> conflictOutputs;        // batch answers "conflict" for these outputs
    QSet<QString> invalidOutputs;         // batch answers "invalid" for these outputs
    QHash<QString, QDateTime> heldByAnother;  // output → another reviewer's lease end ("conflict" with lease_expires_at)
    QSet<QString> refuseBatchWithOutputs; // the whole batch gets 422 when it contains one
    QStringList retracted;                // feedback ids
    QList<ModelOutput> leasable;
    int maxBatchItems = 500;              // more → 413
    QString validToken = QStringLiteral("access-1");
    int tokenCounter = 1;
    bool refreshRefused = false;
    QList<FakeNetwork::Response> script;  // the next answers to /feedback/batch, before the rules
    QList<int> batchSizes;

    FakeNetwork::Response answer(const FakeNetwork::Request &request)
    {
        if (request.path() == QLatin1String("/auth/token"))
            return token(request);
        if (request.header("Authorization") != "Bearer " + validToken.toUtf8())
            return FakeNetwork::problem(401, QStringLiteral("Not authenticated"));
        if (request.path() == QLatin1String("/me"))
            return FakeNetwork::json(200, R"({"reviewer_id":"11111111-1111-1111-1111-111111111111","username":"rev1","display_name":"Reviewer One","role":"reviewer"})");
        if (request.path() == QLatin1String("/feedback/batch"))
            return batch(request);
        if (request.path() == QLatin1String("/outputs/lease"))
            return lease();
        if (request.path().endsWith(QLatin1String("/retract"))) {
            const QString id = request.path().split(QLatin1Char('/')).at(2);
            retracted.append(id);
            return FakeNetwork::json(200, QJsonDocument(QJsonObject{{QStringLiteral("id"), id}}).toJson());
        }
        return FakeNetwork::problem(404, QStringLiteral("Not found"));
    }

    FakeNetwork::Response token(const FakeNetwork::Request &request)
    {
        const bool refresh = request.body.contains("grant_type=refresh_token");
        if ((refresh && refreshRefused) || (!refresh && !request.body.contains("password=right")))
            return FakeNetwork::problem(401, QStringLiteral("Invalid credentials"));
        validToken = QStringLiteral("access-%1").arg(++tokenCounter);
        const QJsonObject pair{{QStringLiteral("access_token"), validToken},
                               {QStringLiteral("token_type"), QStringLiteral("bearer")},
                               {QStringLiteral("expires_in"), 900},
                               {QStringLiteral("refresh_token"), QStringLiteral("refresh-%1").arg(tokenCounter)}};
        return FakeNetwork::json(200, QJsonDocument(pair).toJson());
    }

    FakeNetwork::Response lease()
    {
        QJsonArray items;
        for (const ModelOutput &output : std::exchange(leasable, {}))
            items.append(outputJson(output));
        const QJsonObject body{{QStringLiteral("items"), items},
                               {QStringLiteral("server_time"), JsonCodec::formatTime(QDateTime::currentDateTimeUtc())}};
        return FakeNetwork::json(200, QJsonDocument(body).toJson());
    }

    FakeNetwork::Response batch(const FakeNetwork::Request &request)
    {
        const QJsonArray items = QJsonDocument::fromJson(request.body).object().value(QLatin1String("items")).toArray();
        batchSizes.append(int(items.size()));
        if (!script.isEmpty())
            return script.takeFirst();
        if (items.size() > maxBatchItems)
            return FakeNetwork::problem(413, QStringLiteral("Payload too large"));
        for (const QJsonValue &item : items)
            if (refuseBatchWithOutputs.contains(item[QLatin1String("model_output_id")].toString()))
                return FakeNetwork::problem(422, QStringLiteral("Unprocessable"), QStringLiteral("bad item"));
        QJsonArray results;
        for (const QJsonValue &item : items)
            results.append(result(item.toObject()));
        return FakeNetwork::json(200, QJsonDocument(QJsonObject{{QStringLiteral("results"), results}}).toJson());
    }

    QJsonObject result(const QJsonObject &item)
    {
        const QString key = item.value(QLatin1String("idempotency_key")).toString();
        const QString output = item.value(QLatin1String("model_output_id")).toString();
        QJsonObject result{{QStringLiteral("idempotency_key"), key}};
        if (stored.contains(key)) {
            result.insert(QStringLiteral("status"), QStringLiteral("duplicate"));
        } else if (heldByAnother.contains(output)) {
            result.insert(QStringLiteral("status"), QStringLiteral("conflict"));
            result.insert(QStringLiteral("reason"), QStringLiteral("another reviewer holds this output on a lease"));
            result.insert(QStringLiteral("lease_expires_at"), JsonCodec::formatTime(heldByAnother.value(output)));
            return result;
        } else if (conflictOutputs.contains(output)) {
            result.insert(QStringLiteral("status"), QStringLiteral("conflict"));
            result.insert(QStringLiteral("reason"), QStringLiteral("already decided by rev2"));
            return result;
        } else if (invalidOutputs.contains(output)) {
            result.insert(QStringLiteral("status"), QStringLiteral("invalid"));
            result.insert(QStringLiteral("reason"), QStringLiteral("unknown output"));
            return result;
        } else {
            stored.insert(key, newId());
            timesApplied[key] += 1;
            result.insert(QStringLiteral("status"), QStringLiteral("accepted"));
        }
        result.insert(QStringLiteral("feedback"), QJsonObject{{QStringLiteral("id"), stored.value(key)},
                                                             {QStringLiteral("model_output_id"), output}});
        return result;
    }
};

struct SyncRig {
    QTemporaryDir dir;
    LocalStore store;
    FakeNetwork network;
    ApiClient api{&network};
    SyncEngine engine{&api, &store};
    MiniServer server;
    QString reviewerId = QStringLiteral("11111111-1111-1111-1111-111111111111");

    SyncRig()
    {
        REQUIRE(store.open(dir.filePath(QStringLiteral("store.sqlite"))).ok);
        api.setServer(QUrl(QStringLiteral("http://backend.test:8080")));
        api.setAccessToken(server.validToken);
        network.setHandler([this](const FakeNetwork::Request &request) { return server.answer(request); });
        engine.setBackoffLimits(std::chrono::milliseconds(20), std::chrono::milliseconds(400));
        engine.setReconnectLimits(std::chrono::milliseconds(20), std::chrono::milliseconds(400));
        engine.setDrainDelay(std::chrono::milliseconds(0));
        engine.setLeasePolicy(100, 3600, 0);  // no automatic leasing unless a test asks
    }

    // n cached outputs, each with a queued decision. → the decisions, in order
    QList<Decision> queueDecisions(int n)
    {
        QList<ModelOutput> outputs;
        for (int i = 0; i < n; ++i)
            outputs.append(makeOutput(newId()));
        REQUIRE(store.cacheOutputs(outputs));
        QList<Decision> decisions;
        for (const ModelOutput &output : outputs) {
            Decision decision;
            decision.idempotencyKey = newId();
            decision.outputId = output.id;
            decision.reviewerId = reviewerId;
            decision.approval = true;
            decision.decidedAt = QDateTime::currentDateTimeUtc();
            decision.dwellMs = 1200;
            REQUIRE(store.enqueue(decision));
            decisions.append(decision);
        }
        return decisions;
    }

    bool drained(int timeoutMs = 10000)
    {
        return waitUntil([this] { return store.waitingCount() == 0 && !engine.isBusy(); }, timeoutMs);
    }

    OutboxState stateOf(const Decision &decision) const
    {
        return store.entry(decision.idempotencyKey).value().state;
    }

    // Answers to /feedback/batch come `delayMs` late (the server stores at once): a batch stays
    // "in flight" long enough for a test to act meanwhile.
    void delayBatchAnswers(int delayMs)
    {
        network.setHandler([this, delayMs](const FakeNetwork::Request &request) {
            FakeNetwork::Response response = server.answer(request);
            if (request.path() == QLatin1String("/feedback/batch"))
                response.delayMs = delayMs;
            return response;
        });
    }

    // Something that is not our backend answers (a proxy, a captive portal): HTML, not problem+json.
    static FakeNetwork::Response html(int status)
    {
        FakeNetwork::Response response;
        response.status = status;
        response.body = "<html><body>Access denied by proxy</body></html>";
        response.withHeader("Content-Type", "text/html");
        return response;
    }

    QStringList keysSentIn(const FakeNetwork::Request &request) const
    {
        QStringList keys;
        const QJsonArray items = QJsonDocument::fromJson(request.body).object().value(QLatin1String("items")).toArray();
        for (const QJsonValue &item : items)
            keys.append(item[QLatin1String("idempotency_key")].toString());
        return keys;
    }
};

} // namespace fr::test
