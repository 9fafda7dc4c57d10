// The one authenticated transport (ApiClient's send path): how every kind of failed call is
// classified (issue 8: only our backend refuses a decision), the one renewal shared by all calls
// that said 401, and that nothing is renewed or replayed after a sign-out.
#include "ApiClient.h"
#include "AuthService.h"
#include "FakeNetwork.h"
#include "SecretStore.h"
#include "SyncRig.h"
#include "TestUtil.h"

#include <QSignalSpy>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;
using V = ApiError::Verdict;
using K = ApiError::Kind;

namespace {

FakeNetwork::Response html(int status, const QByteArray &page = "<html><body>Please log in</body></html>")
{
    FakeNetwork::Response response;
    response.status = status;
    response.body = page;
    response.withHeader("Content-Type", "text/html; charset=utf-8");
    return response;
}

// Our backend's own problem+json, with a type slug as the backend writes it.
FakeNetwork::Response backendProblem(int status, const QString &slug, const QString &detail = {})
{
    FakeNetwork::Response response;
    response.status = status;
    response.body = QStringLiteral(R"({"type":"https://feedback-reviewer/problems/%1","title":"T","status":%2,"detail":"%3"})")
                        .arg(slug).arg(status).arg(detail).toUtf8();
    response.withHeader("Content-Type", "application/problem+json");
    return response;
}

const QByteArray kFeedbackId = R"({"id":"f-1"})";

struct Rig {
    FakeNetwork network;
    ApiClient api{&network};
    int renewals = 0;
    QList<ApiClient::RenewalDone> pendingRenewals;  // answered by the test
    Rig()
    {
        api.setServer(QUrl(QStringLiteral("https://review.example.org")));
        api.setAccessToken(QStringLiteral("old-token"));
    }
    void answer(FakeNetwork::Response response)
    {
        network.setHandler([response](const FakeNetwork::Request &) { return response; });
    }
    // A renewer the test answers by hand (so that calls can pile up while it is "in flight").
    void renewByHand()
    {
        api.setTokenRenewer([this](const ApiClient::RenewalDone &done) {
            ++renewals;
            pendingRenewals.append(done);
        });
    }
    void finishRenewal(ApiClient::Renewal outcome, const QString &newToken = {})
    {
        REQUIRE(pendingRenewals.size() == 1);
        if (!newToken.isEmpty())
            api.setAccessToken(newToken);
        pendingRenewals.takeFirst()(outcome, QStringLiteral("the server is unreachable"));
    }
    std::optional<ApiResult<QString>> retract()
    {
        std::optional<ApiResult<QString>> result;
        api.retract(QStringLiteral("f-1"), [&result](const ApiResult<QString> &r) { result = r; });
        REQUIRE(waitUntil([&] { return result.has_value(); }));
        return result;
    }
    ApiError errorOf(FakeNetwork::Response response)
    {
        answer(std::move(response));
        return retract()->error;
    }
};

// The backend answers 401 to the old token and accepts the new one.
FakeNetwork::Handler acceptsOnly(const QByteArray &token, int *calls = nullptr)
{
    return [token, calls](const FakeNetwork::Request &request) {
        if (calls)
            ++*calls;
        if (request.header("Authorization") != "Bearer " + token)
            return backendProblem(401, QStringLiteral("token-expired"), QStringLiteral("access token expired"));
        return FakeNetwork::json(200, kFeedbackId);
    };
}

} // namespace

TEST_CASE("whole-call failures that are not our backend's answer block, nothing is refused")
{
    Rig rig;
    SECTION("a captive portal's 302 to its login page") {
        FakeNetwork::Response portal = html(302);
        portal.withHeader("Location", "http://portal.hotel.example/login?next=review");
        const ApiError error = rig.errorOf(portal);
        CHECK(error.kind == K::CaptivePortal);
        CHECK(error.verdict() == V::Blocked);
        CHECK_FALSE(error.fromBackend);
        CHECK_FALSE(error.offline());
        CHECK(error.message.contains(QStringLiteral("The network wants you to sign in to it (captive portal?)")));
        CHECK(error.message.contains(QStringLiteral("portal.hotel.example")));
    }
    SECTION("a portal answering 200 with its HTML page") {
        const ApiError error = rig.errorOf(html(200));
        CHECK(error.kind == K::CaptivePortal);
        CHECK(error.verdict() == V::Blocked);
    }
    SECTION("511 Network Authentication Required") {
        CHECK(rig.errorOf(html(511)).kind == K::CaptivePortal);
    }
    SECTION("a corporate filter's 403 page") {
        const ApiError error = rig.errorOf(html(403));
        CHECK(error.kind == K::Intercepted);
        CHECK(error.verdict() == V::Blocked);
        CHECK(error.message.contains(
            QStringLiteral("Something between you and the server refuses the connection: 403, an HTML page")));
    }
    SECTION("a 404 page of some other web server, even on a retract") {
        const ApiError error = rig.errorOf(html(404));
        CHECK(error.kind == K::Intercepted);
        CHECK(error.verdict() == V::Blocked);
    }
    SECTION("a proxy's 401 page: no renewal, blocked") {
        rig.renewByHand();
        const ApiError error = rig.errorOf(html(401));
        CHECK(error.verdict() == V::Blocked);
        CHECK(rig.renewals == 0);
    }
    SECTION("409 and 422 that are not problem+json") {
        CHECK(rig.errorOf(html(409)).verdict() == V::Blocked);
        CHECK(rig.errorOf(FakeNetwork::json(422, R"({"detail":[{"loc":["body"],"msg":"x"}]})")).verdict() == V::Blocked);
    }
    SECTION("problem+json whose status is not the HTTP status is not ours") {
        FakeNetwork::Response odd = backendProblem(422, QStringLiteral("validation"));
        odd.status = 409;
        const ApiError error = rig.errorOf(odd);
        CHECK_FALSE(error.fromBackend);
        CHECK(error.verdict() == V::Blocked);
    }
    SECTION("502 and 503 from a gateway, with Retry-After") {
        FakeNetwork::Response gateway = html(502);
        gateway.withHeader("Retry-After", "30");
        const ApiError error = rig.errorOf(gateway);
        CHECK(error.kind == K::ServerError);
        CHECK(error.verdict() == V::Blocked);
        CHECK(error.retryAfterSeconds == 30);
        CHECK(error.message.contains(QStringLiteral("502, an HTML page")));
        FakeNetwork::Response busy = backendProblem(503, QStringLiteral("busy"));
        busy.withHeader("Retry-After", "5");
        const ApiError ours = rig.errorOf(busy);
        CHECK(ours.verdict() == V::Blocked);
        CHECK(ours.retryAfterSeconds == 5);
    }
    SECTION("429") {
        CHECK(rig.errorOf(backendProblem(429, QStringLiteral("rate-limited"))).verdict() == V::Blocked);
    }
    SECTION("a reset, a refused connection, a timeout: offline") {
        for (const auto failure : {QNetworkReply::RemoteHostClosedError, QNetworkReply::ConnectionRefusedError,
                                   QNetworkReply::OperationCanceledError, QNetworkReply::SslHandshakeFailedError}) {
            const ApiError error = rig.errorOf(FakeNetwork::failure(failure));
            CHECK(error.verdict() == V::Blocked);
            CHECK(error.offline());
        }
    }
    SECTION("a 2xx body that does not parse") {
        const ApiError error = rig.errorOf(FakeNetwork::json(200, R"({"id": )"));
        CHECK(error.kind == K::Malformed);
        CHECK(error.verdict() == V::Blocked);
    }
    SECTION("an answer over the call's limit, even without Content-Length") {
        FakeNetwork::Response huge = FakeNetwork::json(200, QByteArray(ApiClient::kSmallAnswerLimit + 1, ' '));
        const ApiError error = rig.errorOf(huge);
        CHECK(error.kind == K::AnswerTooLarge);
        CHECK(error.verdict() == V::Blocked);
        CHECK(error.message.contains(QStringLiteral("larger than")));
    }
}

TEST_CASE("only our backend's problem+json 409/422 (and its 404 of a feedback id) refuses, 413 halves")
{
    Rig rig;
    const ApiError conflict = rig.errorOf(backendProblem(409, QStringLiteral("conflict"), QStringLiteral("decided")));
    CHECK(conflict.fromBackend);
    CHECK(conflict.verdict() == V::Refused);
    CHECK(conflict.message.contains(QStringLiteral("decided")));
    CHECK(rig.errorOf(backendProblem(422, QStringLiteral("validation"))).verdict() == V::Refused);
    CHECK(rig.errorOf(backendProblem(404, QStringLiteral("not-found"))).verdict() == V::Refused);
    // The backend's 404 of an unknown route (a wrong base path) is not about the feedback.
    CHECK(rig.errorOf(FakeNetwork::problem(404, QStringLiteral("Not Found"))).verdict() == V::Blocked);
    CHECK(rig.errorOf(backendProblem(413, QStringLiteral("too-large"))).verdict() == V::TooLarge);
    CHECK(rig.errorOf(html(413)).verdict() == V::TooLarge);
}

TEST_CASE("a 409 from another reviewer's decision says who decided, what, and when")
{
    Rig rig;
    FakeNetwork::Response response = backendProblem(409, QStringLiteral("already-decided"),
                                                    QStringLiteral("another reviewer already decided this output"));
    const QDateTime at(QDate(2026, 12, 1), QTime(11, 4), Qt::UTC);
    response.body = QStringLiteral(R"({"type":"https://feedback-reviewer/problems/already-decided","title":"Conflict",)"
                                   R"("status":409,"detail":"another reviewer already decided this output",)"
                                   R"("decided_by":{"username":"rev2","display_name":"Rev Two"},)"
                                   R"("decision":{"approval":false,"decided_at":"2026-12-01T11:04:00Z"}})")
                        .toUtf8();
    const ApiError conflict = rig.errorOf(response);
    CHECK(conflict.kind == ApiError::Kind::Conflict);
    CHECK(conflict.verdict() == V::Refused);
    CHECK(conflict.message.startsWith(QStringLiteral("Rev Two (rev2) already rejected this output, at %1")
                                          .arg(at.toLocalTime().toString(QStringLiteral("HH:mm")))));
    DecidedFirst approvedBySameName{QStringLiteral("rev3"), QStringLiteral("rev3"), true, {}};
    CHECK(ApiError::decidedFirstSentence(approvedBySameName) == QStringLiteral("rev3 already approved this output."));
}

TEST_CASE("a 401 renews the token once and replays the call with the new one")
{
    Rig rig;
    rig.renewByHand();
    rig.network.setHandler(acceptsOnly("new-token"));
    std::optional<ApiResult<QString>> result;
    rig.api.retract(QStringLiteral("f-1"), [&](const ApiResult<QString> &r) { result = r; });
    REQUIRE(waitUntil([&] { return rig.renewals == 1; }));
    rig.finishRenewal(ApiClient::Renewal::Renewed, QStringLiteral("new-token"));
    REQUIRE(waitUntil([&] { return result.has_value(); }));
    REQUIRE(result->ok());
    const auto sent = rig.network.requests();
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].header("Authorization") == "Bearer old-token");
    CHECK(sent[1].header("Authorization") == "Bearer new-token");
    CHECK(sent[0].body == sent[1].body);
}

TEST_CASE("calls that say 401 at the same time share one renewal")
{
    Rig rig;
    rig.renewByHand();
    rig.network.setHandler(acceptsOnly("new-token"));
    QList<ApiResult<QString>> results;
    for (int i = 0; i < 3; ++i)
        rig.api.retract(QStringLiteral("f-%1").arg(i), [&](const ApiResult<QString> &r) { results.append(r); });
    REQUIRE(waitUntil([&] { return rig.network.requests().size() == 3 && rig.renewals == 1; }));
    waitUntil([] { return false; }, 200);  // give the other 401s time to land on the same renewal
    CHECK(rig.renewals == 1);
    rig.finishRenewal(ApiClient::Renewal::Renewed, QStringLiteral("new-token"));
    REQUIRE(waitUntil([&] { return results.size() == 3; }));
    for (const auto &result : results)
        CHECK(result.ok());
    CHECK(rig.renewals == 1);
}

TEST_CASE("a renewal that cannot reach the server: the waiting calls are blocked, offline, not refused")
{
    Rig rig;
    rig.renewByHand();
    rig.network.setHandler(acceptsOnly("new-token"));
    QList<ApiResult<QString>> results;
    rig.api.retract(QStringLiteral("a"), [&](const ApiResult<QString> &r) { results.append(r); });
    rig.api.retract(QStringLiteral("b"), [&](const ApiResult<QString> &r) { results.append(r); });
    REQUIRE(waitUntil([&] { return rig.network.requests().size() == 2 && rig.renewals == 1; }));
    rig.finishRenewal(ApiClient::Renewal::Unreachable);
    REQUIRE(waitUntil([&] { return results.size() == 2; }));
    for (const auto &result : results) {
        CHECK(result.error.verdict() == V::Blocked);
        CHECK(result.error.offline());
        CHECK(result.error.message.contains(QStringLiteral("could not be renewed")));
    }
    CHECK(rig.network.requests().size() == 2);  // nothing replayed
}

TEST_CASE("a refused renewal: SignInNeeded, a replay that still says 401 never loops")
{
    Rig rig;
    rig.renewByHand();
    SECTION("refused") {
        rig.network.setHandler(acceptsOnly("new-token"));
        std::optional<ApiResult<QString>> result;
        rig.api.retract(QStringLiteral("f-1"), [&](const ApiResult<QString> &r) { result = r; });
        REQUIRE(waitUntil([&] { return rig.renewals == 1; }));
        rig.finishRenewal(ApiClient::Renewal::SignInNeeded);
        REQUIRE(waitUntil([&] { return result.has_value(); }));
        CHECK(result->error.verdict() == V::SignInNeeded);
    }
    SECTION("renewed, yet 401 again") {
        rig.network.setHandler(acceptsOnly("nobody-has-this"));
        std::optional<ApiResult<QString>> result;
        rig.api.retract(QStringLiteral("f-1"), [&](const ApiResult<QString> &r) { result = r; });
        REQUIRE(waitUntil([&] { return rig.renewals == 1; }));
        rig.finishRenewal(ApiClient::Renewal::Renewed, QStringLiteral("new-token"));
        REQUIRE(waitUntil([&] { return result.has_value(); }));
        CHECK(result->error.verdict() == V::SignInNeeded);
        CHECK(rig.renewals == 1);
        CHECK(rig.network.requests().size() == 2);
    }
}

TEST_CASE("after a sign-out a renewal still in flight replays nothing")
{
    Rig rig;
    rig.renewByHand();
    rig.network.setHandler(acceptsOnly("new-token"));
    std::optional<ApiResult<QString>> result;
    rig.api.retract(QStringLiteral("f-1"), [&](const ApiResult<QString> &r) { result = r; });
    REQUIRE(waitUntil([&] { return rig.renewals == 1; }));
    rig.api.endSession();
    REQUIRE(result.has_value());  // answered at once
    CHECK(result->error.verdict() == V::SignInNeeded);
    rig.finishRenewal(ApiClient::Renewal::Renewed, QStringLiteral("new-token"));
    waitUntil([] { return false; }, 200);
    CHECK(rig.network.requests().size() == 1);
}

// --- with the real AuthService as the renewer -----------------------------------------------------

namespace {

struct AuthRig {
    FakeNetwork network;
    ApiClient api{&network};
    SecretStore secrets{QStringLiteral("feedback-reviewer-unit-test")};
    AuthService auth{&api, &secrets};
    const QUrl server{QStringLiteral("http://backend.test:8080")};
    // /auth/token: the password grant gives access "a1"; a refresh gives what `onRefresh` says.
    std::function<FakeNetwork::Response()> onRefresh;
    int refreshes = 0;

    AuthRig()
    {
        network.setHandler([this](const FakeNetwork::Request &request) {
            if (request.path() == QLatin1String("/auth/token")) {
                if (request.body.contains("grant_type=refresh_token")) {
                    ++refreshes;
                    return onRefresh();
                }
                return FakeNetwork::json(200, R"({"access_token":"a1","token_type":"bearer","expires_in":900,"refresh_token":"r1"})");
            }
            if (request.path() == QLatin1String("/me"))
                return FakeNetwork::json(200, R"({"reviewer_id":"u1","username":"rev1","display_name":"R","role":"reviewer"})");
            if (request.header("Authorization") != "Bearer a2")
                return backendProblem(401, QStringLiteral("token-expired"));
            return FakeNetwork::json(200, kFeedbackId);
        });
        QSignalSpy signedIn(&auth, &AuthService::signedIn);
        auth.signIn(server, QStringLiteral("rev1-") + QString::number(qintptr(this)), QStringLiteral("pw"));
        REQUIRE(waitUntil([&] { return signedIn.count() == 1; }));
    }
    ~AuthRig()
    {
        bool done = false;
        auth.signOut();
        QObject::connect(&auth, &AuthService::signedOut, &auth, [&] { done = true; });
        waitUntil([&] { return done; });
    }
    QList<ApiResult<QString>> retractTwo()
    {
        QList<ApiResult<QString>> results;
        api.retract(QStringLiteral("a"), [&](const ApiResult<QString> &r) { results.append(r); });
        api.retract(QStringLiteral("b"), [&](const ApiResult<QString> &r) { results.append(r); });
        REQUIRE(waitUntil([&] { return results.size() == 2; }));
        return results;
    }
};

} // namespace

TEST_CASE("AuthService renews for the transport: two 401s, one refresh, both replayed")
{
    AuthRig rig;
    rig.onRefresh = [] { return FakeNetwork::json(200, R"({"access_token":"a2","token_type":"bearer","expires_in":900,"refresh_token":"r2"})"); };
    for (const auto &result : rig.retractTwo())
        CHECK(result.ok());
    CHECK(rig.refreshes == 1);
}

TEST_CASE("a refresh that fails for a network reason: offline, no password asked, token kept")
{
    AuthRig rig;
    QSignalSpy passwordNeeded(&rig.auth, &AuthService::passwordNeeded);
    int attempt = 0;
    rig.onRefresh = [&attempt] {
        return ++attempt == 1 ? html(302) : FakeNetwork::failure(QNetworkReply::HostNotFoundError);
    };
    for (int round = 0; round < 2; ++round) {
        for (const auto &result : rig.retractTwo()) {
            CHECK(result.error.verdict() == V::Blocked);
            CHECK(result.error.offline());
        }
    }
    CHECK(rig.refreshes == 2);  // one per round, each shared by both calls
    CHECK(passwordNeeded.isEmpty());
    // Still renewable: the next refresh that works cures it.
    rig.onRefresh = [] { return FakeNetwork::json(200, R"({"access_token":"a2","token_type":"bearer","expires_in":900,"refresh_token":"r2"})"); };
    for (const auto &result : rig.retractTwo())
        CHECK(result.ok());
}

TEST_CASE("the backend refusing the refresh token asks for the password once")
{
    AuthRig rig;
    QSignalSpy passwordNeeded(&rig.auth, &AuthService::passwordNeeded);
    rig.onRefresh = [] { return backendProblem(401, QStringLiteral("invalid-grant"), QStringLiteral("revoked")); };
    for (const auto &result : rig.retractTwo())
        CHECK(result.error.verdict() == V::SignInNeeded);
    CHECK(rig.refreshes == 1);
    CHECK(passwordNeeded.count() == 1);
}

TEST_CASE("a refresh in flight at sign-out neither sets a token nor replays")
{
    AuthRig rig;
    rig.onRefresh = [] {
        FakeNetwork::Response late = FakeNetwork::json(200, R"({"access_token":"a2","token_type":"bearer","expires_in":900,"refresh_token":"r2"})");
        late.delayMs = 300;
        return late;
    };
    QSignalSpy passwordNeeded(&rig.auth, &AuthService::passwordNeeded);
    std::optional<ApiResult<QString>> result;
    rig.api.retract(QStringLiteral("a"), [&](const ApiResult<QString> &r) { result = r; });
    REQUIRE(waitUntil([&] { return rig.refreshes == 1; }));
    QSignalSpy signedOut(&rig.auth, &AuthService::signedOut);
    rig.auth.signOut();
    REQUIRE(waitUntil([&] { return result.has_value(); }));
    CHECK(result->error.verdict() == V::SignInNeeded);
    const qsizetype requestsAtSignOut = rig.network.requests().size();
    REQUIRE(waitUntil([&] { return signedOut.count() == 1; }));
    waitUntil([] { return false; }, 600);  // the refresh answer lands meanwhile
    CHECK(rig.api.accessToken().isEmpty());
    CHECK(rig.network.requests().size() == requestsAtSignOut);
    CHECK(passwordNeeded.isEmpty());
}

TEST_CASE("a lease answer with more outputs than asked for is not an answer to this lease")
{
    Rig rig;
    QJsonArray items;
    for (int i = 0; i < 3; ++i)
        items.append(outputJson(makeOutput(newId())));
    const QJsonObject body{{QStringLiteral("items"), items},
                           {QStringLiteral("server_time"), JsonCodec::formatTime(QDateTime::currentDateTimeUtc())}};
    rig.answer(FakeNetwork::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    std::optional<ApiResult<LeaseBatch>> result;
    rig.api.lease(2, 600, ApiClient::LeaseScope::HeldFirst, [&](const ApiResult<LeaseBatch> &r) { result = r; });
    REQUIRE(waitUntil([&] { return result.has_value(); }));
    CHECK(result->error.kind == K::Malformed);
    CHECK(result->error.verdict() == V::Blocked);
    CHECK(result->error.message.contains(QStringLiteral("3 outputs for a lease of 2")));
    std::optional<ApiResult<LeaseBatch>> fits;
    rig.api.lease(3, 600, ApiClient::LeaseScope::HeldFirst, [&](const ApiResult<LeaseBatch> &r) { fits = r; });
    REQUIRE(waitUntil([&] { return fits.has_value(); }));
    CHECK(fits->ok());
}

TEST_CASE("sync does not stall after a refresh fails for a network reason: the backoff retries it")
{
    SyncRig rig;
    SecretStore secrets(QStringLiteral("feedback-reviewer-unit-test"));
    AuthService auth(&rig.api, &secrets);
    rig.engine.setAuthService(&auth);
    QSignalSpy signedIn(&auth, &AuthService::signedIn);
    auth.signIn(QUrl(QStringLiteral("http://backend.test:8080")), QStringLiteral("rev1-") + newId(),
                QStringLiteral("right"));
    REQUIRE(waitUntil([&] { return signedIn.count() == 1; }));

    const QList<Decision> decisions = rig.queueDecisions(3);
    rig.server.validToken = QStringLiteral("expired-now");
    int refreshes = 0;
    rig.network.setHandler([&](const FakeNetwork::Request &request) {
        if (request.body.contains("grant_type=refresh_token") && ++refreshes == 1)
            return FakeNetwork::failure(QNetworkReply::HostNotFoundError);  // the first refresh: offline
        return rig.server.answer(request);
    });
    QSignalSpy passwordNeeded(&auth, &AuthService::passwordNeeded);
    QSignalSpy authRequired(&rig.engine, &SyncEngine::authenticationRequired);
    rig.engine.start();  // no syncNow (Ctrl+R) anywhere below
    REQUIRE(rig.drained());
    CHECK(refreshes == 2);
    for (const Decision &decision : decisions) {
        CHECK(rig.stateOf(decision) == OutboxState::Sent);
        CHECK(rig.server.timesApplied.value(decision.idempotencyKey) == 1);
    }
    CHECK(passwordNeeded.isEmpty());
    CHECK(authRequired.isEmpty());
}
