#pragma once

#include <QMetaObject>
#include <QThread>

namespace fr::WorkerThread {

// A worker object on a thread of its own (StoreReader's, StoreWriter's): started at once, named
// for debuggers and logs.
inline QThread *start(QObject *worker, const QString &name)
{
    auto *thread = new QThread;
    thread->setObjectName(name);
    worker->moveToThread(thread);
    thread->start();
    return thread;
}

// At the owner's end: the worker closes its connection and is deleted on its own thread, after
// whatever it is doing, and the thread ends; returns once it has.
template<typename Worker>
void finish(QThread *thread, Worker *worker)
{
    QMetaObject::invokeMethod(worker, [worker] {
        worker->close();
        delete worker;
        QThread::currentThread()->quit();
    });
    thread->wait();
    delete thread;
}

} // namespace fr::WorkerThread
