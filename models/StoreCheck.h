#pragma once

#include "LocalStore.h"

#include <QList>
#include <QObject>
#include <QString>

class QThread;

namespace fr {

// The slow parts of opening a store, off the GUI thread, each on a thread of its own (so that
// neither waits behind the queue pages StoreReader reads):
//  - check(): PRAGMA quick_check of a store the GUI already opened with Integrity::Deferred
//    (it reads every page: up to a second at 100,000 outputs). Damage -> damaged().
//  - recover(): LocalStore::open with the full check on a connection of that thread: a damaged
//    file is moved aside and kept, a fresh one made, the unsent decisions salvaged (StoreRecovery).
//    The GUI's own connections must be closed first. -> recovered(report); then the GUI opens
//    the (now healthy) file with Integrity::Deferred.
// An answer asked for before the last cancel() is dropped. Lives on the GUI thread.
class StoreCheck : public QObject
{
    Q_OBJECT
public:
    explicit StoreCheck(QObject *parent = nullptr);
    ~StoreCheck() override;  // waits for a check in progress (at most its quick_check)

    void check(const QString &path);
    void recover(const QString &path);
    void cancel();
    bool isBusy() const { return !m_threads.isEmpty(); }

Q_SIGNALS:
    void healthy(const QString &path);
    void damaged(const QString &path, const QString &detail);
    void recovered(const QString &path, const fr::StoreOpenReport &report);

private:
    template<typename Work>
    void runOnThread(Work work);
    void threadDone(QThread *thread);

    QList<QThread *> m_threads;
    quint64 m_generation = 0;
};

} // namespace fr

Q_DECLARE_METATYPE(fr::StoreOpenReport)
