// Lease and cache 10,000 outputs of 1 KB. The backend lets one reviewer hold at most one lease
// call's worth (500: its own live leases come back first), so 20 reviewers lease 500 each into
// one local store — the same requests, bytes and inserts as one big offline batch would be.
#include "BenchRig.h"

using namespace fr;
using namespace fr::test;

TEST_CASE("bench: lease and cache 10,000 outputs of 1 KB")
{
    BenchRig rig;
    rig.setUp(10000, 1024);
    QStringList tokens;
    for (int i = 0; i < 20; ++i) {
        const QString user = QStringLiteral("bench%1").arg(i);
        REQUIRE(rig.backend.addUser(user, QStringLiteral("reviewer"), BackendProcess::passwordFor(user)));
        tokens.append(rig.backend.signIn(user));
    }
    QElapsedTimer clock;
    clock.start();
    for (const QString &token : tokens) {
        rig.api.setAccessToken(token);
        const int before = rig.store.pendingCount();
        rig.engine.leaseOfflineBatch(500, 86400);
        REQUIRE(waitUntil([&] { return rig.store.pendingCount() == before + 500 && !rig.engine.isBusy(); }, 120000));
    }
    const double seconds = clock.elapsed() / 1000.0;
    CHECK(rig.store.pendingCount() == 10000);
    std::printf("lease+cache 10000 outputs x 1 KB (%s backend, 20 x 500): %.2f s, %.0f outputs/s\n",
                rig.databaseName(), seconds, 10000 / seconds);
}
