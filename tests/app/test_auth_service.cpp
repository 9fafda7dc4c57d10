#include "AuthService.h"
#include "SecretStore.h"
#include "SyncRig.h"

#include <QSettings>
#include <QSignalSpy>

#include <optional>

using namespace fr;
using namespace fr::test;

namespace {

const QUrl kServer(QStringLiteral("http://backend.test:8080"));

bool haveKeyring() { return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"); }

struct AuthRig : SyncRig {
    SecretStore secrets{QStringLiteral("feedback-reviewer-unit-test")};
    AuthService auth{&api, &secrets};
    QString username = QStringLiteral("rev-") + newId();  // a fresh keychain entry per test

    AuthRig() { api.setAccessToken({}); }
    ~AuthRig()
    {
        bool done = false;
        secrets.remove(SecretStore::keyFor(kServer.toString(), username), [&](const auto &) { done = true; });
        waitUntil([&] { return done; });
    }
    // One read of the keychain entry, answered before it returns.
    bool keychainHoldsToken()
    {
        std::optional<SecretStore::Result> read;
        secrets.read(SecretStore::keyFor(kServer.toString(), username), [&](const SecretStore::Result &r) { read = r; });
        waitUntil([&] { return read.has_value(); });
        return read && read->ok && !read->secret.isEmpty();
    }
    void signIn(const QString &password = QStringLiteral("right"))
    {
        QSignalSpy signedIn(&auth, &AuthService::signedIn);
        QSignalSpy warned(&auth, &AuthService::keychainWarning);
        auth.signIn(kServer, username, password);
        REQUIRE(waitUntil([&] { return signedIn.count() == 1; }));
        if (haveKeyring())  // the write to the keychain lands a moment later: until it reads back
            REQUIRE(waitUntil([&] { return !warned.isEmpty() || keychainHoldsToken(); }));
    }
};

} // namespace

TEST_CASE("a wrong password says so")
{
    AuthRig rig;
    QSignalSpy failed(&rig.auth, &AuthService::signInFailed);
    rig.auth.signIn(kServer, rig.username, QStringLiteral("wrong"));
    REQUIRE(waitUntil([&] { return failed.count() == 1; }));
    CHECK(failed.first().first().toString() == QStringLiteral("Wrong user name or password."));
    CHECK_FALSE(rig.auth.isSignedIn());
}

TEST_CASE("signing in fetches the account and remembers it (not the tokens) in the settings")
{
    AuthRig rig;
    rig.signIn();
    CHECK(rig.auth.isSignedIn());
    CHECK(rig.auth.account().username == QStringLiteral("rev1"));
    CHECK(rig.api.accessToken() == rig.server.validToken);
    // (Other test processes running in parallel share this settings file, so only that
    // something sensible is there.)
    CHECK(AuthService::lastServer().isValid());
    CHECK_FALSE(AuthService::lastUsername().isEmpty());
    QSettings settings;
    for (const QString &key : settings.allKeys()) {
        CHECK_FALSE(settings.value(key).toString().contains(QStringLiteral("refresh-")));
        CHECK_FALSE(settings.value(key).toString().contains(QStringLiteral("access-")));
    }
}

TEST_CASE("concurrent refreshes share one request (the refresh token rotates)")
{
    AuthRig rig;
    rig.signIn();
    rig.network.clearRequests();
    QSignalSpy renewed(&rig.auth, &AuthService::accessTokenRenewed);
    rig.auth.refresh();
    rig.auth.refresh();
    REQUIRE(waitUntil([&] { return renewed.count() == 2; }));
    CHECK(rig.network.requestsTo(QStringLiteral("/auth/token")).size() == 1);
    CHECK(rig.network.requestsTo(QStringLiteral("/auth/token")).first().body.contains("refresh_token=refresh-2"));
}

TEST_CASE("a refused refresh asks for the password once")
{
    AuthRig rig;
    rig.signIn();
    rig.server.refreshRefused = true;
    QSignalSpy needed(&rig.auth, &AuthService::passwordNeeded);
    rig.auth.refresh();
    REQUIRE(waitUntil([&] { return needed.count() == 1; }));
    rig.auth.refresh();  // no token any more: answered at once, without a request
    CHECK(needed.count() == 2);
    CHECK(rig.network.requestsTo(QStringLiteral("/auth/token")).size() == 2);  // sign-in + one refresh
}

TEST_CASE("resume: keychain token → online, server unreachable → the cached account, offline")
{
    if (!haveKeyring()) {
        FR_SKIP("no D-Bus session: resume tests need a keychain (run inside dbus-run-session)");
    }
    AuthRig rig;
    rig.signIn();
    AuthService fresh(&rig.api, &rig.secrets);
    QSignalSpy signedIn(&fresh, &AuthService::signedIn);
    fresh.resume(kServer, rig.username);
    REQUIRE(waitUntil([&] { return signedIn.count() == 1; }));
    CHECK(signedIn.last().at(1).toBool() == true);

    rig.network.setHandler([](const FakeNetwork::Request &) { return FakeNetwork::failure(QNetworkReply::ConnectionRefusedError); });
    AuthService offline(&rig.api, &rig.secrets);
    QSignalSpy offlineSignedIn(&offline, &AuthService::signedIn);
    offline.resume(kServer, rig.username);
    REQUIRE(waitUntil([&] { return offlineSignedIn.count() == 1; }));
    CHECK(offlineSignedIn.last().at(1).toBool() == false);
    CHECK(offlineSignedIn.last().at(0).value<Account>().username == QStringLiteral("rev1"));
}

TEST_CASE("resume without a saved token asks for the password")
{
    AuthRig rig;
    QSignalSpy needed(&rig.auth, &AuthService::passwordNeeded);
    rig.auth.resume(kServer, QStringLiteral("nobody-") + newId());
    REQUIRE(waitUntil([&] { return needed.count() == 1; }, 30000));
    CHECK(rig.network.requests().isEmpty());
}
