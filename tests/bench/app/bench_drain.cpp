// Drain 10,000 queued decisions through /feedback/batch: the sync engine's throughput.
#include "BenchRig.h"

#include <QUuid>

using namespace fr;
using namespace fr::test;

TEST_CASE("bench: drain 10,000 queued decisions")
{
    BenchRig rig;
    rig.setUp(0, 200);
    // One reviewer can hold only 500 leases; the outputs are cached from the ingest answer
    // instead, as if leased during a long offline session.
    QList<ModelOutput> outputs;
    for (int done = 0; done < 10000; done += 1000)
        for (const QJsonValue &item : rig.backend.ingest(BackendProcess::sampleOutputs(1000, 200)))
            outputs.append(JsonCodec::parseOutput(item.toObject()).value.value());
    REQUIRE(rig.store.cacheOutputs(outputs));

    // Queue the decisions in one go (the enqueue cost is the store's, measured in bench/models).
    rig.store.beginBatch();
    for (const QString &id : rig.store.pendingIds()) {
        Decision decision;
        decision.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        decision.outputId = id;
        decision.reviewerId = rig.reviewerId;
        decision.approval = true;
        decision.decidedAt = QDateTime::currentDateTimeUtc();
        decision.dwellMs = 2000;
        REQUIRE(rig.store.enqueue(decision));
    }
    REQUIRE(rig.store.commitBatch());
    REQUIRE(rig.store.waitingCount() == 10000);

    rig.engine.setLeasePolicy(1, 60, 0);
    QElapsedTimer clock;
    clock.start();
    rig.engine.syncNow();
    REQUIRE(waitUntil([&] { return rig.store.waitingCount() == 0 && !rig.engine.isBusy(); }, 600000));
    const double seconds = clock.elapsed() / 1000.0;
    CHECK(rig.store.entries(OutboxState::Sent).size() == 10000);
    std::printf("drain 10000 decisions (%s backend, batches of 500): %.2f s, %.0f decisions/s\n",
                rig.databaseName(), seconds, 10000 / seconds);
}
