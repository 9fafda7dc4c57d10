// Issue 11 through the real composition (ReviewerApp, offline, a real SQLite store): the queue
// fills page by page from StoreReader while the person already decides.
#include "LocalStore.h"
#include "MainWindow.h"
#include "QueueModel.h"
#include "ReviewPane.h"
#include "StatusPanel.h"
#include "StoreCheck.h"
#include "ReviewerApp.h"
#include "ReviewerAppTestKit.h"
#include "StoreReader.h"
#include "TriageController.h"

#include <QFileInfo>
#include <QLabel>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSet>
#include <QUuid>

#include <catch2/catch.hpp>

using namespace fr;
using namespace fr::test;
using namespace Qt::StringLiterals;

namespace {

const QUrl server(u"http://loading.invalid:8080"_s);
const QString user = u"loader"_s;

ModelOutput outputNumber(int i, const QDateTime &now)
{
    ModelOutput output;
    output.id = u"out-%1"_s.arg(i, 5, 10, QLatin1Char('0'));
    output.modelName = u"sentiment-v3"_s;
    output.input = u"Input %1"_s.arg(i);
    output.output = u"positive"_s;
    output.confidence = (i % 7) / 10.0;
    output.createdAt = now;
    // Several rows per deadline and some without one: the order's every rule is exercised.
    output.slaDeadline = i % 13 == 0 ? QDateTime() : now.addSecs(3600 + (i % 400) * 60);
    output.leaseExpiresAt = now.addSecs(8 * 3600);
    return output;
}

// A remembered session and a store with `count` cached outputs: the app starts offline on them.
void prepareStore(int count)
{
    forgetEverything(u"queue-loading"_s);
    QSettings settings;
    settings.setValue(u"session/server"_s, server);
    settings.setValue(u"session/username"_s, user);
    settings.setValue(u"session/reviewerId"_s, u"rev-loading"_s);
    const QString path = LocalStore::defaultPath(server, user);
    QDir().mkpath(QFileInfo(path).absolutePath());
    LocalStore store;
    REQUIRE(store.open(path).ok);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<ModelOutput> outputs;
    for (int i = 0; i < count; ++i)
        outputs.append(outputNumber(i, now));
    REQUIRE(store.cacheOutputs(outputs));
}

// An earlier session's unsent approvals, on `count` outputs from row `first` of the store's order;
// their keys, oldest first.
QStringList enqueueUnsent(int first, int count)
{
    LocalStore store;
    REQUIRE(store.open(LocalStore::defaultPath(server, user)).ok);
    const QList<OutputSummary> all = store.summaries();
    QStringList keys;
    for (int i = 0; i < count; ++i) {
        Decision decision;
        decision.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
        decision.outputId = all.at(first + i).id;
        decision.reviewerId = u"rev-loading"_s;
        decision.approval = true;
        decision.decidedAt = QDateTime::currentDateTimeUtc();
        REQUIRE(store.enqueue(decision));
        keys.append(decision.idempotencyKey);
    }
    return keys;
}

ReviewerOptions offlineOptions()
{
    ReviewerOptions options;
    options.server = server;
    options.offline = true;
    return options;
}

} // namespace

TEST_CASE("the queue stays in order while pages arrive, and decisions made meanwhile land on their item")
{
    CleanUpAtExit cleanUp;
    constexpr int count = 7000;  // the first page of 500, then pages from the worker
    prepareStore(count);
    const QStringList storeOrder = [] {
        LocalStore store;
        store.open(LocalStore::defaultPath(server, user));
        QStringList ids;
        for (const OutputSummary &summary : store.summaries())
            ids.append(summary.id);
        return ids;
    }();

    ReviewerApp app(offlineOptions());
    QStringList orderProblems;
    int pagesSeen = 0;
    // After the app's own handler (connected first): what the person sees once a page is in.
    QObject::connect(app.storeReader(), &StoreReader::queuePage, &app, [&] {
        ++pagesSeen;
        QStringList shown;
        for (int row = 0; row < app.queue()->rowCount(); ++row)
            shown.append(app.queue()->summaryRef(row).id);
        if (shown != storeOrder.mid(0, shown.size()))
            orderProblems.append(u"after page %1"_s.arg(pagesSeen));
    });
    app.start();
    REQUIRE(app.isReady());
    REQUIRE(app.storeReader()->isLoadingQueue());  // the rest is still to come
    REQUIRE(app.queue()->rowCount() < count);

    // Decide as soon as the first item shows, and between pages: each lands on the item shown.
    QStringList decided;
    while (decided.size() < 5) {
        const QString shown = app.triage()->currentId();
        REQUIRE_FALSE(shown.isEmpty());
        REQUIRE(app.triage()->approve());
        decided.append(shown);
        QCoreApplication::processEvents();  // a page may arrive in between
    }
    REQUIRE(waitFor([&app] { return !app.storeReader()->isLoadingQueue(); }, 60000));

    CHECK(pagesSeen >= 2);
    CHECK(orderProblems.isEmpty());
    CHECK(app.queue()->rowCount() == count);
    CHECK(QSet<QString>(storeOrder.begin(), storeOrder.end()).size() == count);
    // The store's first five items, in order, were decided, and nothing else.
    CHECK(decided == storeOrder.mid(0, 5));
    for (const QString &id : std::as_const(decided)) {
        INFO(id.toStdString());
        CHECK(app.queue()->summaryRef(app.queue()->rowOf(id)).state == ReviewState::Queued);
    }
    CHECK(app.queue()->count(ReviewState::Queued) == 5);
    CHECK(app.queue()->count(ReviewState::Pending) == count - 5);
    CHECK(app.store()->waitingCount() == 5);
    CHECK(app.triage()->currentId() == storeOrder.at(5));
}

namespace {

// The number the status line shows ("· 5 waiting to sync"); -1 when none is shown.
int waitingShown(ReviewerApp &app)
{
    static const QRegularExpression number(u"(\\d+) waiting to sync"_s);
    for (const QLabel *label : app.window()->statusPanel()->findChildren<QLabel *>()) {
        const QRegularExpressionMatch match = number.match(label->text());
        if (match.hasMatch())
            return match.captured(1).toInt();
    }
    return -1;
}

void writeGarbage(const QString &path, qint64 offset, int size)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadWrite));
    REQUIRE(file.seek(offset));
    QByteArray bytes(size, '\0');
    for (int i = 0; i < size; ++i)
        bytes[i] = char((i * 7919 + 13) % 251);
    REQUIRE(file.write(bytes) == size);
}

int pragmaInt(const QString &path, const QString &sql)
{
    int value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"peek"_s);
        db.setDatabaseName(path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        if (query.exec(sql) && query.next())
            value = query.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(u"peek"_s);
    return value;
}

} // namespace

TEST_CASE("the counts shown equal a recount after decisions made while the queue loads")
{
    CleanUpAtExit cleanUp;
    prepareStore(5000);
    ReviewerApp app(offlineOptions());
    app.start();
    REQUIRE(app.isReady());
    for (int i = 0; i < 7; ++i) {
        REQUIRE(app.triage()->approve());
        QCoreApplication::processEvents();
    }
    REQUIRE(app.triage()->undo());
    REQUIRE(waitFor([&app] { return !app.storeReader()->isLoadingQueue(); }, 60000));
    LocalStore recount;
    REQUIRE(recount.open(app.store()->path()).ok);
    REQUIRE(recount.waitingCount() == 6);
    REQUIRE(waitFor([&] { return waitingShown(app) == recount.waitingCount(); }, 30000));
    CHECK(app.queue()->count(ReviewState::Pending) == recount.pendingCount());
    CHECK(app.queue()->count(ReviewState::Queued) == 6);
}

TEST_CASE("damage only the full check sees is found after the start off the GUI thread, moved aside, and its unsent decisions recovered")
{
    CleanUpAtExit cleanUp;
    prepareStore(2000);
    const QString path = LocalStore::defaultPath(server, user);
    const QStringList unsent = enqueueUnsent(100, 3);
    // The root page of the queue's index: the file opens, only quick_check reads it all.
    const int pageSize = pragmaInt(path, u"PRAGMA page_size"_s);
    const int indexRoot = pragmaInt(path, u"SELECT rootpage FROM sqlite_master WHERE name = 'outputs_queue_key'"_s);
    REQUIRE(indexRoot > 1);
    writeGarbage(path, qint64(indexRoot - 1) * pageSize, pageSize);

    ReviewerApp app(offlineOptions());
    app.start();
    REQUIRE(app.isReady());  // at once: the check runs on its own thread, once the queue is in
    const auto movedAside = [&path] {
        return QDir(QFileInfo(path).absolutePath()).entryList({QFileInfo(path).fileName() + u".damaged-*"_s});
    };
    // Waited for by what it leaves behind: the check starts only after the queue has loaded (or
    // failed to), so "not busy" alone held at once, before the check had even begun.
    REQUIRE(waitFor([&] {
        return !movedAside().isEmpty() && app.store()->isOpen() && !app.storeCheck()->isBusy()
               && app.store()->waitingCount() == 3;
    }, 60000));
    QStringList keys;
    for (const OutboxEntry &entry : app.store()->due(QDateTime::currentDateTimeUtc(), 10))
        keys.append(entry.decision.idempotencyKey);
    CHECK(keys == unsent);
    REQUIRE(waitFor([&app] { return waitingShown(app) == 3; }, 30000));
    // The fresh store works: the recovered decisions are undoable and new ones are kept. The undo
    // history is read on the store's worker after the counts (seen in CI: undo() said no before it).
    REQUIRE(waitFor([&app] { return app.triage()->canUndo(); }, 30000));
    CHECK(app.triage()->undo());
    CHECK(app.store()->waitingCount() == 2);
}

// The earlier session's undo history is read on the worker: a Backspace right after the start
// (before any turn of the event loop) is kept and done once it is in, newest first.
TEST_CASE("an undo right after the start takes back the last session's newest unsent decision")
{
    CleanUpAtExit cleanUp;
    prepareStore(300);
    const QStringList keys = enqueueUnsent(10, 2);
    ReviewerApp app(offlineOptions());
    app.start();
    REQUIRE(app.isReady());
    CHECK_FALSE(app.triage()->undo());  // the history is not in yet: asked, not lost
    REQUIRE(waitFor([&app] { return app.store()->waitingCount() == 1; }));
    CHECK_FALSE(app.store()->entry(keys.at(1)));
    CHECK(app.store()->entry(keys.at(0)));
    CHECK(app.triage()->canUndo());
}

TEST_CASE("while the queue arrives, a first page with nothing left to decide says the queue is loading, not that nothing is left")
{
    CleanUpAtExit cleanUp;
    prepareStore(3000);
    enqueueUnsent(0, 600);  // the first page and the worker's first pages: all decided, unsent

    ReviewerApp app(offlineOptions());
    app.start();
    REQUIRE(app.isReady());
    REQUIRE(app.storeReader()->isLoadingQueue());
    QLabel *header = app.window()->reviewPane()->headerLabel();
    CHECK_FALSE(app.triage()->current().has_value());
    CHECK(header->text() == u"Loading the queue…"_s);
    CHECK(app.window()->reviewPane()->clocksLabel()->text().isEmpty());

    // The first output left to decide shows once its page is in.
    REQUIRE(waitFor([&app] { return app.triage()->current().has_value(); }, 60000));
    CHECK(header->text() != u"Loading the queue…"_s);
    CHECK(header->text() != u"Nothing to review"_s);
    REQUIRE(waitFor([&app] { return !app.storeReader()->isLoadingQueue(); }, 60000));
}

TEST_CASE("with every cached output decided, the pane stops saying the queue is loading once it is all in")
{
    CleanUpAtExit cleanUp;
    prepareStore(400);
    enqueueUnsent(0, 400);

    ReviewerApp app(offlineOptions());
    app.start();
    REQUIRE(app.isReady());
    QLabel *header = app.window()->reviewPane()->headerLabel();
    CHECK(header->text() == u"Loading the queue…"_s);
    REQUIRE(waitFor([&app] { return !app.storeReader()->isLoadingQueue(); }, 60000));
    REQUIRE(waitFor([header] { return header->text() != u"Loading the queue…"_s; }, 30000));
}
