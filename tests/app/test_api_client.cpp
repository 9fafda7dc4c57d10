#include "ApiClient.h"
#include "FakeNetwork.h"
#include "TestUtil.h"

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;

namespace {

struct Rig {
    FakeNetwork network;
    ApiClient api{&network};
    Rig()
    {
        api.setServer(QUrl(QStringLiteral("https://review.example.org")));
        api.setAccessToken(QStringLiteral("secret-access"));
    }
    void answer(FakeNetwork::Response response)
    {
        network.setHandler([response](const FakeNetwork::Request &) { return response; });
    }
    template <typename T>
    ApiResult<T> wait(std::optional<ApiResult<T>> &slot)
    {
        REQUIRE(waitUntil([&] { return slot.has_value(); }));
        return *slot;
    }
    ApiError meError()
    {
        std::optional<ApiResult<Account>> result;
        api.me([&](const ApiResult<Account> &r) { result = r; });
        return wait(result).error;
    }
};

} // namespace

TEST_CASE("requests carry the bearer token, a transfer timeout and the server's base path")
{
    Rig rig;
    rig.api.setServer(QUrl(QStringLiteral("https://review.example.org/api/")));
    rig.answer(FakeNetwork::json(200, R"({"reviewer_id":"u1","username":"rev1","display_name":"R","role":"reviewer"})"));
    std::optional<ApiResult<Account>> result;
    rig.api.me([&](const ApiResult<Account> &r) { result = r; });
    REQUIRE(rig.wait(result).ok());
    CHECK(result->value->username == QStringLiteral("rev1"));
    const auto &request = rig.network.requests().first();
    CHECK(request.url.toString() == QStringLiteral("https://review.example.org/api/me"));
    CHECK(request.header("Authorization") == "Bearer secret-access");
    CHECK(request.request.transferTimeout() == 30000);
}

TEST_CASE("the token call sends a form and no bearer token")
{
    Rig rig;
    rig.answer(FakeNetwork::json(200, R"({"access_token":"a","token_type":"bearer","expires_in":900,"refresh_token":"r"})"));
    std::optional<ApiResult<TokenPair>> result;
    rig.api.signInWithPassword(QStringLiteral("rev1"), QStringLiteral("p&ss word"), [&](const auto &r) { result = r; });
    REQUIRE(rig.wait(result).ok());
    CHECK(result->value->refreshToken == QStringLiteral("r"));
    const auto &request = rig.network.requests().first();
    CHECK(request.header("Authorization").isEmpty());
    CHECK(request.body == "grant_type=password&username=rev1&password=p%26ss%20word");
}

TEST_CASE("errors become sentences a person understands")
{
    Rig rig;
    SECTION("wrong password") {
        rig.answer(FakeNetwork::problem(401, QStringLiteral("Invalid credentials")));
        std::optional<ApiResult<TokenPair>> result;
        rig.api.signInWithPassword(QStringLiteral("rev1"), QStringLiteral("nope"), [&](const auto &r) { result = r; });
        const ApiError error = rig.wait(result).error;
        CHECK(error.kind == ApiError::Kind::BadCredentials);
        CHECK(error.message == QStringLiteral("Wrong user name or password."));
    }
    SECTION("session expired") {
        rig.answer(FakeNetwork::problem(401, QStringLiteral("Token expired")));
        const ApiError error = rig.meError();
        CHECK(error.kind == ApiError::Kind::SessionExpired);
        CHECK(error.message.contains(QStringLiteral("session expired")));
    }
    SECTION("unreachable") {
        rig.answer(FakeNetwork::failure(QNetworkReply::ConnectionRefusedError));
        const ApiError error = rig.meError();
        CHECK(error.kind == ApiError::Kind::Unreachable);
        CHECK(error.isTransient());
        CHECK(error.message.contains(QStringLiteral("unreachable at https://review.example.org")));
    }
    SECTION("server error") {
        rig.answer(FakeNetwork::problem(500, QStringLiteral("Internal Server Error")));
        const ApiError error = rig.meError();
        CHECK(error.isTransient());
        CHECK(error.message.contains(QStringLiteral("server had a problem (500)")));
    }
    SECTION("timeout") {
        rig.api.setTimeoutMs(50);
        FakeNetwork::Response slow = FakeNetwork::json(200, "{}");
        slow.delayMs = 1000;
        rig.answer(slow);
        const ApiError error = rig.meError();
        CHECK(error.kind == ApiError::Kind::Timeout);
        CHECK(error.message.contains(QStringLiteral("timed out after 0.05 s")));
    }
    SECTION("too large") {
        rig.answer(FakeNetwork::problem(413, QStringLiteral("Payload Too Large")));
        CHECK(rig.meError().message.contains(QStringLiteral("too large")));
    }
    SECTION("validation, with the server's detail") {
        rig.answer(FakeNetwork::problem(422, QStringLiteral("Unprocessable"), QStringLiteral("decided_at is in the future")));
        const ApiError error = rig.meError();
        CHECK(error.kind == ApiError::Kind::Invalid);
        CHECK_FALSE(error.isTransient());
        CHECK(error.message.contains(QStringLiteral("decided_at is in the future")));
    }
    SECTION("TLS failures are reported, never ignored") {
        rig.answer(FakeNetwork::failure(QNetworkReply::SslHandshakeFailedError));
        const ApiError error = rig.meError();
        CHECK(error.kind == ApiError::Kind::Tls);
        CHECK(error.message.contains(QStringLiteral("could not be verified")));
    }
    SECTION("malformed JSON in a success") {
        rig.answer(FakeNetwork::json(200, "{\"reviewer_id\": "));
        CHECK(rig.meError().kind == ApiError::Kind::Malformed);
    }
    SECTION("Retry-After is kept") {
        FakeNetwork::Response busy = FakeNetwork::problem(503, QStringLiteral("Busy"));
        busy.withHeader("Retry-After", "7");
        rig.answer(busy);
        CHECK(rig.meError().retryAfterSeconds == 7);
    }
}

TEST_CASE("Retry-After: seconds or an HTTP date")
{
    CHECK(parseRetryAfter("120") == 120);
    CHECK(parseRetryAfter("") == -1);
    CHECK(parseRetryAfter("soon") == -1);
    const QByteArray inAMinute = QDateTime::currentDateTimeUtc().addSecs(60).toString(Qt::RFC2822Date).toLatin1();
    CHECK(parseRetryAfter(inAMinute) >= 58);
}
