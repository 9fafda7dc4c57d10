// What a durable decision costs, and how the cache scales. Prints figures; asserts nothing.
//
//  1. LocalStore::enqueue (outbox row + output state, one transaction) versus a bare SQLite
//     INSERT of a comparable row with the same durability (WAL, synchronous=FULL), interleaved in
//     the same run on real files. Target: enqueue <= 1.5x the bare insert.
//  2. The same bare insert with synchronous=NORMAL: what FULL costs.
//  3. cacheOutputs of 10,000 outputs of 1 KB; summaries() over 100,000 cached outputs.

#include "LocalStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <cstdio>
#include <numeric>

using namespace fr;
using namespace Qt::StringLiterals;

namespace {

constexpr int Decisions = 2000;

struct Figures {
    double mean = 0, p50 = 0, p99 = 0;
};

Figures figuresOf(QList<double> micros)
{
    std::sort(micros.begin(), micros.end());
    Figures f;
    f.mean = std::accumulate(micros.cbegin(), micros.cend(), 0.0) / double(micros.size());
    f.p50 = micros.at(micros.size() / 2);
    f.p99 = micros.at(std::min<qsizetype>(micros.size() - 1, qsizetype(double(micros.size()) * 0.99)));
    return f;
}

void print(const char *label, const Figures &f)
{
    std::printf("  %-40s mean %8.1f us   p50 %8.1f us   p99 %8.1f us\n", label, f.mean, f.p50, f.p99);
}

ModelOutput output(int n, int inputBytes)
{
    ModelOutput o;
    o.id = u"out-%1"_s.arg(n);
    o.modelName = u"sentiment-v3"_s;
    o.modelVersion = u"1.4.2"_s;
    o.input = u"Output %1: "_s.arg(n) + QString(inputBytes, u'x');
    o.output = u"positive"_s;
    o.confidence = double(n % 100) / 100.0;
    o.createdAt = QDateTime::currentDateTimeUtc();
    o.slaDeadline = o.createdAt.addSecs(3600 * (n % 48));
    o.leaseExpiresAt = o.createdAt.addSecs(3600);
    return o;
}

Decision decision(int n)
{
    Decision d;
    d.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    d.outputId = u"out-%1"_s.arg(n);
    d.reviewerId = u"rev-1"_s;
    d.approval = n % 2 == 0;
    d.comment = u"a short comment"_s;
    d.decidedAt = QDateTime::currentDateTimeUtc();
    d.dwellMs = 2500;
    return d;
}

// A plain table with the outbox's columns, written with one prepared INSERT per row.
class BareOutbox
{
public:
    BareOutbox(const QString &path, const QString &synchronous) : m_name(u"bare-"_s + path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.open();
        QSqlQuery q(db);
        q.exec(u"PRAGMA journal_mode = WAL"_s);
        q.exec(u"PRAGMA synchronous = "_s + synchronous);
        q.exec(uR"(CREATE TABLE outbox (sequence INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE,
            output_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, approval INTEGER NOT NULL, correction TEXT NOT NULL,
            comment TEXT NOT NULL, decided_at INTEGER NOT NULL, dwell_ms INTEGER, state TEXT NOT NULL,
            attempts INTEGER NOT NULL, updated_at INTEGER))"_s);
        m_insert = QSqlQuery(db);
        m_insert.prepare(u"INSERT INTO outbox (idempotency_key, output_id, reviewer_id, approval, correction, comment, "
                         "decided_at, dwell_ms, state, attempts, updated_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, 'queued', 0, ?)"_s);
    }
    ~BareOutbox()
    {
        m_insert = QSqlQuery();
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool insert(const Decision &d)
    {
        const QVariantList values{d.idempotencyKey, d.outputId, d.reviewerId, d.approval, d.comment,
                                  d.decidedAt.toMSecsSinceEpoch(), d.dwellMs, QDateTime::currentMSecsSinceEpoch()};
        for (int i = 0; i < values.size(); ++i)
            m_insert.bindValue(i, values.at(i));
        return m_insert.exec();
    }

private:
    QString m_name;
    QSqlQuery m_insert;
};

double elapsedMicros(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1000.0;
}

void benchmarkDurableWrites(const QDir &dir)
{
    LocalStore store;
    if (!store.open(dir.filePath(u"store.sqlite"_s)).ok)
        qFatal("cannot open the store: %s", qPrintable(store.lastError()));
    QList<ModelOutput> outputs;
    for (int n = 0; n < Decisions; ++n)
        outputs.append(output(n, 1024));
    store.cacheOutputs(outputs);
    BareOutbox bare(dir.filePath(u"bare-full.sqlite"_s), u"FULL"_s);

    QList<double> enqueueMicros, bareMicros;
    QElapsedTimer timer;
    for (int n = 0; n < Decisions; ++n) {  // interleaved, so that disk weather hits both alike
        const Decision d = decision(n);
        timer.start();
        if (!store.enqueue(d))
            qFatal("enqueue failed: %s", qPrintable(store.lastError()));
        enqueueMicros.append(elapsedMicros(timer));
        timer.start();
        if (!bare.insert(d))
            qFatal("bare insert failed");
        bareMicros.append(elapsedMicros(timer));
    }
    const Figures enqueue = figuresOf(enqueueMicros);
    const Figures plain = figuresOf(bareMicros);
    std::printf("Durable decision, N=%d each, WAL + synchronous=FULL, real files in %s\n", Decisions,
                qPrintable(dir.path()));
    print("LocalStore::enqueue", enqueue);
    print("bare INSERT (same durability)", plain);
    std::printf("  ratio enqueue / bare: mean %.2fx, p50 %.2fx (target <= 1.5x)\n\n", enqueue.mean / plain.mean,
                enqueue.p50 / plain.p50);

    BareOutbox normal(dir.filePath(u"bare-normal.sqlite"_s), u"NORMAL"_s);
    QList<double> normalMicros;
    for (int n = 0; n < Decisions; ++n) {
        const Decision d = decision(n);
        timer.start();
        normal.insert(d);
        normalMicros.append(elapsedMicros(timer));
    }
    const Figures relaxed = figuresOf(normalMicros);
    std::printf("What synchronous=FULL costs (bare INSERT, WAL)\n");
    print("synchronous=NORMAL", relaxed);
    std::printf("  FULL / NORMAL: mean %.2fx (NORMAL may lose the last commits on power loss)\n\n",
                plain.mean / relaxed.mean);
}

void benchmarkCache(const QDir &dir)
{
    LocalStore store;
    if (!store.open(dir.filePath(u"cache.sqlite"_s)).ok)
        qFatal("cannot open the store: %s", qPrintable(store.lastError()));
    QList<ModelOutput> batch;
    for (int n = 0; n < 10000; ++n)
        batch.append(output(n, 1024));
    QElapsedTimer timer;
    timer.start();
    store.cacheOutputs(batch);
    std::printf("Output cache\n  cacheOutputs of 10,000 outputs of 1 KB: %.3f s\n", double(timer.nsecsElapsed()) / 1e9);

    for (int chunk = 1; chunk < 10; ++chunk) {
        for (ModelOutput &o : batch)
            o.id = u"out-%1-%2"_s.arg(chunk).arg(o.id);
        store.cacheOutputs(batch);
    }
    timer.start();
    const QList<OutputSummary> summaries = store.summaries();
    std::printf("  summaries() over %lld cached outputs: %.3f s\n", qlonglong(summaries.size()),
                double(timer.nsecsElapsed()) / 1e9);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // A real disk: the current folder unless one is given (a tmpfs would make fsync free).
    const QString base = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    QTemporaryDir dir(base + u"/bench_outbox-XXXXXX"_s);
    if (!dir.isValid())
        qFatal("cannot create a folder in %s", qPrintable(base));
    benchmarkDurableWrites(QDir(dir.path()));
    benchmarkCache(QDir(dir.path()));
    return 0;
}
