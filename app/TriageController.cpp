#include "TriageController.h"

#include "LocalStore.h"
#include "QueueModel.h"

namespace fr {

struct TriageController::Private {
    LocalStore *store;
    QueueModel *queue;
    QAbstractItemModel *order;
};

TriageController::TriageController(LocalStore *store, QueueModel *queue, QAbstractItemModel *order,
                                   QObject *parent)
    : QObject(parent), d(new Private{store, queue, order})
{
}

void TriageController::setReviewerId(const QString &) {}
std::optional<ModelOutput> TriageController::current() const { return std::nullopt; }
QString TriageController::currentId() const { return {}; }
void TriageController::show(const QString &) {}
void TriageController::showFirstPending() {}
bool TriageController::approve(const QString &) { return false; }
bool TriageController::reject(const QString &, const QString &) { return false; }
void TriageController::skip() {}
void TriageController::next() {}
void TriageController::previous() {}
bool TriageController::undo() { return false; }

} // namespace fr
