// Without a keyring (D-Bus pointed at nothing) the keychain fails with a clear message, and
// signing in still works for this session: the app asks again at the next start. Nothing is
// written anywhere else instead.
#include "AuthService.h"
#include "SecretStore.h"
#include "SyncRig.h"

#include <QSignalSpy>

using namespace fr;
using namespace fr::test;

TEST_CASE("no keyring: a clear error, the session still works, nothing falls back to a file")
{
    // Before anything touches D-Bus in this process.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/feedback-reviewer-test-bus");

    SyncRig rig;
    SecretStore secrets(QStringLiteral("feedback-reviewer-unit-test"));
    std::optional<SecretStore::Result> written;
    secrets.write(QStringLiteral("k"), QStringLiteral("s"), [&](const auto &r) { written = r; });
    REQUIRE(waitUntil([&] { return written.has_value(); }, 30000));
    CHECK_FALSE(written->ok);
    CHECK(written->noKeychain);
    CHECK(written->message.contains(QStringLiteral("keychain is not available")));

    AuthService auth(&rig.api, &secrets);
    QSignalSpy signedIn(&auth, &AuthService::signedIn);
    QSignalSpy warning(&auth, &AuthService::keychainWarning);
    rig.api.setAccessToken({});
    auth.signIn(QUrl(QStringLiteral("http://backend.test:8080")), QStringLiteral("rev1"), QStringLiteral("right"));
    REQUIRE(waitUntil([&] { return signedIn.count() == 1 && warning.count() == 1; }, 30000));
    CHECK(warning.first().first().toString().contains(QStringLiteral("asked for your password at the next start")));
    CHECK(auth.isSignedIn());

    // The session goes on: a sync works, and a refresh uses the token kept in memory.
    const QList<Decision> decisions = rig.queueDecisions(2);
    rig.engine.setAuthService(&auth);
    rig.engine.start();
    REQUIRE(rig.drained());
    QSignalSpy renewed(&auth, &AuthService::accessTokenRenewed);
    auth.refresh();
    REQUIRE(waitUntil([&] { return renewed.count() == 1; }));

    // Next start: no keychain → the password is needed (and the warning repeats).
    AuthService nextStart(&rig.api, &secrets);
    QSignalSpy needed(&nextStart, &AuthService::passwordNeeded);
    QSignalSpy warnedAgain(&nextStart, &AuthService::keychainWarning);
    nextStart.resume(QUrl(QStringLiteral("http://backend.test:8080")), QStringLiteral("rev1"));
    REQUIRE(waitUntil([&] { return needed.count() == 1; }, 30000));
    CHECK(warnedAgain.count() == 1);
}
