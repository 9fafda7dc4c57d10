// A hostile or broken server must not hurt the app (issue 8): a huge answer is cut off while it
// streams (never held whole), an answer trickling a byte a second is cut at the call's deadline,
// a huge refresh token never reaches the keychain, a truncated body is "blocked", not an answer.
// A real QNetworkAccessManager talks to a real socket on 127.0.0.1 (HostileServer).
#include "ApiClient.h"
#include "AuthService.h"
#include "HostileServer.h"
#include "SecretStore.h"
#include "TestUtil.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpSocket>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kHuge = 200 * kMiB;
constexpr int kCapMs = 60000;  // generous: the machine is shared; nothing here is a timing assertion

struct Rig {
    HostileServer server;
    QNetworkAccessManager network;
    ApiClient api{&network};
    Rig()
    {
        api.setServer(server.url());
        api.setAccessToken(QStringLiteral("a1"));
    }
    ApiResult<LeaseBatch> lease(int limit)
    {
        std::optional<ApiResult<LeaseBatch>> result;
        api.lease(limit, 600, ApiClient::LeaseScope::HeldFirst, [&](const ApiResult<LeaseBatch> &r) { result = r; });
        REQUIRE(waitUntil([&] { return result.has_value(); }, kCapMs));
        return *result;
    }
};

} // namespace

TEST_CASE("a 200 MiB answer to a lease of 50 is cut off while it streams")
{
    Rig rig;
    const bool declared = GENERATE(true, false);
    INFO((declared ? "with Content-Length" : "without Content-Length, until the connection closes"));
    rig.server.setRoute([declared](HostileServer &server, QTcpSocket *socket, const HostileServer::Request &) {
        server.stream(socket, R"({"server_time":"2026-12-01T09:00:00Z","items":[)", kHuge, declared ? kHuge : -1);
    });
    const ApiResult<LeaseBatch> result = rig.lease(50);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error.kind == ApiError::Kind::AnswerTooLarge);
    CHECK(result.error.verdict() == ApiError::Verdict::Blocked);
    CHECK(result.error.message.contains(QStringLiteral("larger than")));
    // The client went away long before the server could send it all.
    REQUIRE(waitUntil([&] { return rig.server.clientsGone() == 1; }, kCapMs));
    CHECK(rig.server.bodyBytesSent() < ApiClient::leaseAnswerLimit(50) + 32 * kMiB);
    INFO("bytes the server got out: " << rig.server.bodyBytesSent());
    CHECK(rig.server.bodyBytesSent() < kHuge / 2);
}

TEST_CASE("an answer trickling one byte a second is cut off at the call's deadline")
{
    Rig rig;
    rig.api.setDeadlineMs(2000);
    rig.server.setRoute([](HostileServer &server, QTcpSocket *socket, const HostileServer::Request &) {
        server.trickle(socket, 100000);
    });
    const ApiResult<LeaseBatch> result = rig.lease(50);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error.kind == ApiError::Kind::DeadlineExceeded);
    CHECK(result.error.verdict() == ApiError::Verdict::Blocked);
    CHECK(result.error.message.contains(QStringLiteral("took longer than 2 s")));
}

TEST_CASE("a body cut off before its Content-Length is blocked, not an answer")
{
    Rig rig;
    rig.server.setRoute([](HostileServer &server, QTcpSocket *socket, const HostileServer::Request &) {
        server.truncate(socket, 5000, R"({"server_time":"2026-12-01T09:00:00Z","items":[)");
    });
    const ApiResult<LeaseBatch> result = rig.lease(50);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error.kind == ApiError::Kind::Truncated);
    CHECK(result.error.verdict() == ApiError::Verdict::Blocked);
    CHECK(result.error.message.contains(QStringLiteral("cut off")));
}

TEST_CASE("a 200 MiB refresh token is refused, never reaches the keychain, and the app goes on offline")
{
    Rig rig;
    rig.api.setAccessToken({});
    SecretStore secrets(QStringLiteral("feedback-reviewer-unit-test"));
    AuthService auth(&rig.api, &secrets);
    const QString username = QStringLiteral("hostile-") + QString::number(QCoreApplication::applicationPid());
    rig.server.setRoute([](HostileServer &server, QTcpSocket *socket, const HostileServer::Request &request) {
        if (request.path == "/auth/token" && request.body.contains("grant_type=refresh_token")) {
            server.stream(socket, R"({"access_token":"a2","token_type":"bearer","expires_in":900,"refresh_token":")",
                          kHuge, -1);
        } else if (request.path == "/auth/token") {
            server.answer(socket, 200, "application/json",
                          R"({"access_token":"a1","token_type":"bearer","expires_in":900,"refresh_token":"r1"})");
        } else if (request.path == "/me") {
            server.answer(socket, 200, "application/json",
                          R"({"reviewer_id":"u1","username":"rev1","display_name":"R","role":"reviewer"})");
        } else {
            server.answer(socket, 401, "application/problem+json",
                          R"({"type":"https://feedback-reviewer/problems/token-expired","title":"Unauthorized","status":401,"detail":"expired"})");
        }
    });
    QSignalSpy signedIn(&auth, &AuthService::signedIn);
    auth.signIn(rig.server.url(), username, QStringLiteral("pw"));
    REQUIRE(waitUntil([&] { return signedIn.count() == 1; }, kCapMs));
    QSignalSpy passwordNeeded(&auth, &AuthService::passwordNeeded);

    const ApiResult<LeaseBatch> result = rig.lease(50);  // 401 → refresh → 200 MiB token
    REQUIRE_FALSE(result.ok());
    CHECK(result.error.verdict() == ApiError::Verdict::Blocked);
    CHECK(result.error.offline());
    CHECK(result.error.message.contains(QStringLiteral("larger than")));
    CHECK(passwordNeeded.isEmpty());
    CHECK(rig.api.accessToken() == QStringLiteral("a1"));
    REQUIRE(waitUntil([&] { return rig.server.clientsGone() >= 3; }, kCapMs));
    INFO("bytes the server got out: " << rig.server.bodyBytesSent());
    CHECK(rig.server.bodyBytesSent() < ApiClient::kTokenAnswerLimit + 32 * kMiB);

    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        std::optional<SecretStore::Result> stored;
        secrets.read(SecretStore::keyFor(rig.server.url().toString(QUrl::StripTrailingSlash), username),
                     [&](const SecretStore::Result &r) { stored = r; });
        REQUIRE(waitUntil([&] { return stored.has_value(); }, kCapMs));
        if (stored->ok)
            CHECK(stored->secret == QStringLiteral("r1"));
    }
    bool out = false;
    QObject::connect(&auth, &AuthService::signedOut, &auth, [&] { out = true; });
    auth.signOut();
    waitUntil([&] { return out; }, kCapMs);
}

TEST_CASE("the keychain is never handed a huge secret")
{
    SecretStore secrets(QStringLiteral("feedback-reviewer-unit-test"));
    std::optional<SecretStore::Result> result;
    secrets.write(QStringLiteral("huge|secret"), QString(SecretStore::kMaxSecretChars + 1, QLatin1Char('x')),
                  [&](const SecretStore::Result &r) { result = r; });
    REQUIRE(waitUntil([&] { return result.has_value(); }));
    CHECK_FALSE(result->ok);
    CHECK(result->message.contains(QStringLiteral("not given a secret")));
}
