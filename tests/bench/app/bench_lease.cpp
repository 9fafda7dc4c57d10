// Lease and cache 10,000 outputs of 1 KB: how long a big offline batch takes to fetch.
#include "BenchRig.h"

using namespace fr;
using namespace fr::test;

TEST_CASE("bench: lease and cache 10,000 outputs of 1 KB")
{
    BenchRig rig;
    rig.setUp(10000, 1024);
    QElapsedTimer clock;
    clock.start();
    rig.engine.leaseOfflineBatch(10000, 86400);
    REQUIRE(waitUntil([&] { return rig.store.pendingCount() == 10000 && !rig.engine.isBusy(); }, 600000));
    const double seconds = clock.elapsed() / 1000.0;
    std::printf("lease+cache 10000 outputs x 1 KB (%s backend): %.2f s, %.0f outputs/s\n",
                rig.databaseName(), seconds, 10000 / seconds);
}
