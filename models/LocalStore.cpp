#include "LocalStore.h"

namespace fr {
struct LocalStore::Private {};
double PaceStats::itemsPerHour() const { return totalDwellMs > 0 ? 3600000.0 * decisions / double(totalDwellMs) : 0.0; }
LocalStore::LocalStore() : d(new Private) {}
LocalStore::~LocalStore() { delete d; }
QString LocalStore::defaultPath(const QUrl &, const QString &) { return {}; }
StoreOpenReport LocalStore::open(const QString &) { return {}; }
void LocalStore::close() {}
bool LocalStore::isOpen() const { return false; }
QString LocalStore::path() const { return {}; }
QString LocalStore::lastError() const { return {}; }
bool LocalStore::cacheOutputs(const QList<ModelOutput> &) { return false; }
QList<OutputSummary> LocalStore::summaries() const { return {}; }
std::optional<ModelOutput> LocalStore::output(const QString &) const { return {}; }
int LocalStore::pendingCount() const { return 0; }
QStringList LocalStore::pendingIds() const { return {}; }
bool LocalStore::removeOutputs(const QStringList &) { return false; }
bool LocalStore::enqueue(const Decision &) { return false; }
bool LocalStore::withdraw(const QString &) { return false; }
bool LocalStore::queueRetract(const QString &) { return false; }
QList<OutboxEntry> LocalStore::due(const QDateTime &, int) const { return {}; }
std::optional<OutboxEntry> LocalStore::entry(const QString &) const { return {}; }
QList<OutboxEntry> LocalStore::entries(OutboxState) const { return {}; }
QDateTime LocalStore::nextAttemptAt() const { return {}; }
int LocalStore::waitingCount() const { return 0; }
bool LocalStore::markSent(const QString &, const QString &) { return false; }
bool LocalStore::markConflict(const QString &, const QString &) { return false; }
bool LocalStore::markRejected(const QString &, const QString &) { return false; }
bool LocalStore::markRetracted(const QString &) { return false; }
bool LocalStore::markRetry(const QString &, const QDateTime &, const QString &) { return false; }
bool LocalStore::beginBatch() { return false; }
bool LocalStore::commitBatch() { return false; }
PaceStats LocalStore::paceSince(const QDateTime &) const { return {}; }
} // namespace fr
