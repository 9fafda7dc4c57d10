#include "SyncEngine.h"

#include "ApiClient.h"
#include "LocalStore.h"

namespace fr {

struct SyncEngine::Private {
    ApiClient *api;
    LocalStore *store;
};

SyncEngine::SyncEngine(ApiClient *api, LocalStore *store, QObject *parent)
    : QObject(parent), d(new Private{api, store})
{
}

void SyncEngine::setAccount(const Account &) {}
void SyncEngine::setLeasePolicy(int, int, int) {}
void SyncEngine::start() {}
void SyncEngine::stop() {}
void SyncEngine::syncNow() {}
void SyncEngine::notifyDecisionQueued() {}
void SyncEngine::leaseOfflineBatch(int, int) {}
void SyncEngine::releasePending() {}
SyncEngine::Connectivity SyncEngine::connectivity() const { return Connectivity::Unknown; }
QDateTime SyncEngine::lastSyncedAt() const { return {}; }
bool SyncEngine::isBusy() const { return false; }

} // namespace fr
