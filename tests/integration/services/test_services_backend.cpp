// fr_services against the real backend: sign in, lease, decide, drain, undo after sync — and the
// backend holds exactly one feedback row per decision. On SQLite always, on PostgreSQL when
// FEEDBACK_TEST_PG_URL is set (FEEDBACK_REQUIRE_PG=1 turns a skip into a failure).
#include "ApiClient.h"
#include "AuthService.h"
#include "BackendProcess.h"
#include "LocalStore.h"
#include "QueueModel.h"
#include "SecretStore.h"
#include "SyncEngine.h"
#include "TestUtil.h"
#include "TriageController.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;

namespace {

// The real network, with an ear on /auth/token: the test must know the token strings to prove
// that none of them ends up in a file.
class TokenSniffingNetwork : public QNetworkAccessManager
{
public:
    QStringList tokens;

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *data) override
    {
        QNetworkReply *reply = QNetworkAccessManager::createRequest(op, request, data);
        if (request.url().path() == QLatin1String("/auth/token")) {
            // ApiClient reads the answer as it comes (to bound it): peek at each piece first.
            auto body = std::make_shared<QByteArray>();
            connect(reply, &QNetworkReply::readyRead, this, [reply, body] { *body += reply->peek(reply->bytesAvailable()); });
            connect(reply, &QNetworkReply::finished, this, [this, body] {
                const QJsonObject pair = QJsonDocument::fromJson(*body).object();
                for (const char *field : {"access_token", "refresh_token"})
                    if (const QString token = pair.value(QLatin1String(field)).toString(); !token.isEmpty())
                        tokens.append(token);
            });
        }
        return reply;
    }
};

bool skipUnlessAvailable(BackendProcess::Database database)
{
    QString why;
    if (database == BackendProcess::Database::Sqlite || BackendProcess::postgresConfigured(&why))
        return false;
    if (BackendProcess::postgresRequired())
        FAIL(why.toStdString());
    WARN(why.toStdString());
    return true;
}

// Every file below `folder` that contains any of `needles`.
QStringList filesContaining(const QString &folder, const QStringList &needles)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = file.readAll();
        for (const QString &needle : needles)
            if (content.contains(needle.toUtf8()))
                found.append(file.fileName());
    }
    return found;
}

struct Session {
    QTemporaryDir dir;
    LocalStore store;
    TokenSniffingNetwork network;
    ApiClient api{&network};
    SecretStore secrets{QStringLiteral("feedback-reviewer-integration-test")};
    AuthService auth{&api, &secrets};
    SyncEngine engine{&api, &store};
    QueueModel queue;
    TriageController triage{&store, &queue, &queue};

    Session()
    {
        REQUIRE(store.open(dir.filePath(QStringLiteral("store.sqlite"))).ok);
        engine.setAuthService(&auth);
        engine.setDrainDelay(std::chrono::milliseconds(10));
        QObject::connect(&engine, &SyncEngine::outputsCached, &queue, &QueueModel::upsert);
        QObject::connect(&triage, &TriageController::decisionRecorded, &engine, &SyncEngine::notifyDecisionQueued);
        QObject::connect(&triage, &TriageController::decisionUndone, &engine, &SyncEngine::notifyDecisionQueued);
    }
    ~Session()
    {
        bool done = false;
        auth.signOut();
        QObject::connect(&auth, &AuthService::signedOut, &auth, [&] { done = true; });
        waitUntil([&] { return done; }, 5000);
    }
    Account signIn(BackendProcess &backend, const QString &user)
    {
        QSignalSpy signedIn(&auth, &AuthService::signedIn);
        QSignalSpy failed(&auth, &AuthService::signInFailed);
        auth.signIn(backend.url(), user, BackendProcess::passwordFor(user));
        REQUIRE(waitUntil([&] { return signedIn.count() + failed.count() > 0; }, 30000));
        INFO((failed.isEmpty() ? QString() : failed.first().first().toString()).toStdString());
        REQUIRE(signedIn.count() == 1);
        return auth.account();
    }
    bool drained() { return waitUntil([&] { return store.waitingCount() == 0 && !engine.isBusy(); }, 60000); }
};

void reviewAndSync(BackendProcess::Database database)
{
    if (skipUnlessAvailable(database))
        return;
    BackendProcess backend(database);
    INFO(backend.error().toStdString());
    REQUIRE(backend.start());
    REQUIRE(backend.ingest(BackendProcess::sampleOutputs(30)).size() == 30);

    Session session;
    const Account account = session.signIn(backend, BackendProcess::reviewer);
    CHECK(account.role == QStringLiteral("reviewer"));
    session.triage.setReviewerId(account.reviewerId);
    session.engine.setAccount(account);
    session.engine.setLeasePolicy(20, 600, 0);
    session.engine.start();
    REQUIRE(waitUntil([&] { return session.queue.rowCount() == 20; }, 30000));

    session.triage.showFirstPending();
    QList<Decision> decisions;
    QObject::connect(&session.triage, &TriageController::decisionRecorded, &session.triage,
                     [&](const Decision &decision) { decisions.append(decision); });
    for (int i = 0; i < 12; ++i) {
        const bool ok = i % 3 ? session.triage.approve() : session.triage.reject(QStringLiteral("negative"), QStringLiteral("wrong"));
        REQUIRE(ok);
    }
    REQUIRE(session.triage.undo());  // the last one, probably still unsent: withdrawn or retracted
    REQUIRE(session.drained());

    // Undo after sync: a retract.
    REQUIRE(session.triage.undo());
    REQUIRE(session.drained());
    const Decision retracted = decisions[10];
    CHECK(session.store.entry(retracted.idempotencyKey)->state == OutboxState::Retracted);

    QHash<QString, QJsonObject> rowByFeedback;
    QHash<QString, int> rowsPerOutput;
    const QList<QJsonObject> rows = backend.exportFeedback();
    for (const QJsonObject &row : rows) {
        rowByFeedback.insert(row.value(QLatin1String("feedback_id")).toString(), row);
        rowsPerOutput[row.value(QLatin1String("model_output_id")).toString()] += 1;
    }
    for (int i = 0; i < 11; ++i) {
        const auto entry = session.store.entry(decisions[i].idempotencyKey);
        REQUIRE(entry);
        REQUIRE(rowByFeedback.contains(entry->feedbackId));
        CHECK(rowsPerOutput.value(decisions[i].outputId) == 1);
        const QJsonObject row = rowByFeedback.value(entry->feedbackId);
        CHECK(row.value(QLatin1String("approval")).toBool() == decisions[i].approval);
        CHECK(row.value(QLatin1String("retracted_at")).isNull() == (i != 10));
    }
    // The withdrawn decision (or its retract) leaves no live row.
    const auto last = session.store.entry(decisions[11].idempotencyKey);
    if (!last)
        CHECK(rowsPerOutput.value(decisions[11].outputId) == 0);
    CHECK(rows.size() == (last ? 12 : 11));

    // No token in any file the app writes: data, config, settings, the store.
    REQUIRE(session.network.tokens.size() >= 2);
    QStringList folders{session.dir.path()};
    for (auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppConfigLocation,
                          QStandardPaths::GenericConfigLocation, QStandardPaths::AppLocalDataLocation,
                          QStandardPaths::CacheLocation})
        folders.append(QStandardPaths::writableLocation(location));
    for (const QString &folder : folders)
        CHECK(filesContaining(folder, session.network.tokens).isEmpty());
}

} // namespace

TEST_CASE("sign in, lease, decide, drain, undo: exactly one feedback row each (SQLite)")
{
    reviewAndSync(BackendProcess::Database::Sqlite);
}

TEST_CASE("sign in, lease, decide, drain, undo: exactly one feedback row each (PostgreSQL)")
{
    reviewAndSync(BackendProcess::Database::Postgres);
}

TEST_CASE("a wrong password is named as such by the real backend")
{
    BackendProcess backend;
    INFO(backend.error().toStdString());
    REQUIRE(backend.start());
    Session session;
    QSignalSpy failed(&session.auth, &AuthService::signInFailed);
    session.auth.signIn(backend.url(), BackendProcess::reviewer, QStringLiteral("not-the-password"));
    REQUIRE(waitUntil([&] { return failed.count() == 1; }, 30000));
    CHECK(failed.first().first().toString() == QStringLiteral("Wrong user name or password."));
}

TEST_CASE("nothing listening: the outbox is kept and the message names the server")
{
    quint16 port = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    Session session;
    QUrl url(QStringLiteral("http://127.0.0.1"));
    url.setPort(port);
    session.api.setServer(url);
    session.api.setAccessToken(QStringLiteral("unused"));
    ModelOutput output;
    output.id = QStringLiteral("9f1c1b2e-0000-4000-8000-000000000001");
    output.input = output.output = QStringLiteral("x");
    output.createdAt = output.slaDeadline = output.leaseExpiresAt = QDateTime::currentDateTimeUtc();
    REQUIRE(session.store.cacheOutputs({output}));
    Decision decision;
    decision.idempotencyKey = QStringLiteral("9f1c1b2e-0000-4000-8000-0000000000aa");
    decision.outputId = output.id;
    decision.reviewerId = QStringLiteral("9f1c1b2e-0000-4000-8000-0000000000bb");
    decision.decidedAt = QDateTime::currentDateTimeUtc();
    REQUIRE(session.store.enqueue(decision));

    QStringList problems;
    QObject::connect(&session.engine, &SyncEngine::problem, &session.engine, [&](const QString &m) { problems.append(m); });
    session.engine.start();
    REQUIRE(waitUntil([&] { return !problems.isEmpty() && !session.engine.isBusy(); }, 30000));
    CHECK(problems.first().contains(QStringLiteral("unreachable at http://127.0.0.1:%1").arg(port)));
    CHECK(session.engine.connectivity() == SyncEngine::Connectivity::Offline);
    const auto entry = session.store.entry(decision.idempotencyKey);
    REQUIRE(entry);
    CHECK(entry->state == OutboxState::Queued);
    CHECK(entry->attempts >= 1);
    CHECK(session.store.waitingCount() == 1);
}

TEST_CASE("an offline session leases more than one call's worth, page by page")
{
    BackendProcess backend(BackendProcess::Database::Sqlite);
    REQUIRE(backend.start());
    REQUIRE(backend.ingest(BackendProcess::sampleOutputs(1200, 100)).size() == 1200);
    Session session;
    session.signIn(backend, BackendProcess::reviewer);

    session.engine.leaseOfflineBatch(1100, 86400);
    REQUIRE(waitUntil([&] { return session.store.pendingCount() >= 1100 && !session.engine.isBusy(); }, 60000));
    CHECK(session.store.pendingCount() == 1100);  // three pages: 500 + 500 + 100, no more
    CHECK(session.queue.rowCount() == 1100);
    const QDateTime aboutADay = QDateTime::currentDateTimeUtc().addSecs(86400 - 600);
    for (const OutputSummary &summary : session.store.summaries())
        CHECK(summary.leaseExpiresAt > aboutADay);
}
