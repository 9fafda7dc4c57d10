#include "StoreCheck.h"

#include "LogCategories.h"
#include "StoreRecovery.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

namespace fr {
namespace {

using namespace Qt::StringLiterals;

std::atomic<int> checkCounter{0};

struct CheckResult {
    bool damaged = false;
    QString detail;
};

// A read-only connection of the calling thread: the check never writes, and the GUI may write
// meanwhile (WAL: the check reads the snapshot it began with).
CheckResult quickCheck(const QString &path)
{
    const QString name = u"fr-check-%1"_s.arg(checkCounter.fetch_add(1));
    CheckResult result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open()) {
            result = {StoreRecovery::isDamage(db.lastError()), db.lastError().text()};
        } else {
            QSqlQuery query(db);
            if (!query.exec(u"PRAGMA quick_check"_s))
                result = {StoreRecovery::isDamage(query.lastError()), query.lastError().text()};
            else if (query.next() && query.value(0).toString() != u"ok")
                result = {true, u"quick_check: %1"_s.arg(query.value(0).toString())};
        }
        db.close();
    }
    // Closed and removed before the answer goes out: no connection of this thread may hold the
    // file while the GUI moves it aside.
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

StoreCheck::StoreCheck(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<StoreOpenReport>();
}

StoreCheck::~StoreCheck()
{
    for (QThread *thread : std::as_const(m_threads)) {
        thread->wait();
        delete thread;
    }
}

void StoreCheck::cancel()
{
    ++m_generation;
}

template<typename Work>
void StoreCheck::runOnThread(Work work)
{
    QThread *thread = QThread::create(std::move(work));
    thread->setObjectName(u"fr-store-check"_s);
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] { threadDone(thread); });
    thread->start(QThread::LowPriority);  // behind the GUI and the reader
}

void StoreCheck::threadDone(QThread *thread)
{
    m_threads.removeOne(thread);
    thread->deleteLater();
}

void StoreCheck::check(const QString &path)
{
    const quint64 generation = m_generation;
    runOnThread([this, path, generation] {
        const CheckResult result = quickCheck(path);
        // Queued to this object (GUI thread); the destructor waits for this thread, so `this`
        // outlives the call, and a posted answer dies with the object.
        QMetaObject::invokeMethod(this, [this, path, generation, result] {
            if (generation != m_generation)
                return;
            if (result.damaged) {
                qCWarning(lcStore).noquote() << "the integrity check found damage in" << path << ":" << result.detail;
                Q_EMIT damaged(path, result.detail);
            } else {
                if (!result.detail.isEmpty())  // not damage (e.g. locked): nothing to recover
                    qCWarning(lcStore).noquote() << "the integrity check could not run:" << result.detail;
                Q_EMIT healthy(path);
            }
        }, Qt::QueuedConnection);
    });
}

void StoreCheck::recover(const QString &path)
{
    const quint64 generation = m_generation;
    runOnThread([this, path, generation] {
        StoreOpenReport report;
        {
            LocalStore store;  // a connection of this thread; closed before the answer goes out
            report = store.open(path, LocalStore::Integrity::Full);
        }
        QMetaObject::invokeMethod(this, [this, path, generation, report] {
            if (generation == m_generation)
                Q_EMIT recovered(path, report);
        }, Qt::QueuedConnection);
    });
}

} // namespace fr
