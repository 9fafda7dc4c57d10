#pragma once

#include "Decision.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace fr {

// What the sync sends next, chosen from the decisions due (LocalStore::due, in decision order).
// One policy, wherever the due list was read (the GUI thread or StoreWriter's):
//  - a retract that leads goes alone;
//  - otherwise the leading run of decisions; a retract after them waits its turn (order matters
//    when a decision is undone and made again), and so does a new decision on an output whose
//    earlier decision waits to be retracted (the undo mark), until that retract has gone.
struct OutboxBatch {
    std::optional<OutboxEntry> retract;
    QList<OutboxEntry> decisions;
    QByteArray body;  // the decisions as POST /feedback/batch's JSON, once buildBody() built it

    static OutboxBatch from(const QList<OutboxEntry> &due);
    // Builds `body` (JsonCodec::batchBody): 500 decisions are ~8 ms of JSON, so StoreWriter
    // builds it on its thread, beside the read.
    void buildBody();
    bool isEmpty() const { return !retract && decisions.isEmpty(); }
    QStringList keys() const;  // of the decisions, in their order
};

} // namespace fr
