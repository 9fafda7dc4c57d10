#include "SecretStore.h"
#include "TestUtil.h"

#include <QUuid>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;

namespace {

SecretStore::Result run(const std::function<void(SecretStore::Callback)> &operation)
{
    std::optional<SecretStore::Result> result;
    operation([&](const SecretStore::Result &r) { result = r; });
    REQUIRE(waitUntil([&] { return result.has_value(); }, 30000));
    return *result;
}

} // namespace

// Needs a Secret Service: run inside
//   dbus-run-session -- bash -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; ctest ...'
TEST_CASE("a secret survives a round trip through the system keychain")
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        FR_SKIP("no D-Bus session: keychain round trip skipped (run ctest inside dbus-run-session)");
    }
    SecretStore store(QStringLiteral("feedback-reviewer-test"));
    const QString key = SecretStore::keyFor(QStringLiteral("http://127.0.0.1:1"), QUuid::createUuid().toString());
    const QString secret = QStringLiteral("refresh-") + QUuid::createUuid().toString();

    const auto written = run([&](auto done) { store.write(key, secret, done); });
    INFO(written.message.toStdString());
    REQUIRE(written.ok);
    const auto read = run([&](auto done) { store.read(key, done); });
    REQUIRE(read.ok);
    CHECK(read.secret == secret);
    REQUIRE(run([&](auto done) { store.remove(key, done); }).ok);
    const auto gone = run([&](auto done) { store.read(key, done); });
    CHECK_FALSE(gone.ok);
    CHECK(gone.notFound);
}

TEST_CASE("entries are keyed by server and user")
{
    CHECK(SecretStore::keyFor(QStringLiteral("https://review.example.org"), QStringLiteral("rev1"))
          == QStringLiteral("https://review.example.org|rev1"));
    CHECK(SecretStore().serviceName() == QStringLiteral("feedback-reviewer"));
}
