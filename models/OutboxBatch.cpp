#include "OutboxBatch.h"

#include "JsonCodec.h"

#include <QSet>

namespace fr {

OutboxBatch OutboxBatch::from(const QList<OutboxEntry> &due)
{
    OutboxBatch batch;
    if (due.isEmpty())
        return batch;
    if (due.first().state == OutboxState::RetractQueued) {
        batch.retract = due.first();
        return batch;
    }
    QSet<QString> undoneOutputs;
    for (const OutboxEntry &entry : due) {
        if (entry.state != OutboxState::Queued || undoneOutputs.contains(entry.decision.outputId))
            break;
        if (entry.undoRequested)
            undoneOutputs.insert(entry.decision.outputId);
        batch.decisions.append(entry);
    }
    return batch;
}

void OutboxBatch::buildBody()
{
    QList<Decision> all;
    all.reserve(decisions.size());
    for (const OutboxEntry &entry : std::as_const(decisions))
        all.append(entry.decision);
    body = JsonCodec::batchBody(all);
}

QStringList OutboxBatch::keys() const
{
    QStringList result;
    result.reserve(decisions.size());
    for (const OutboxEntry &entry : decisions)
        result.append(entry.decision.idempotencyKey);
    return result;
}

} // namespace fr
