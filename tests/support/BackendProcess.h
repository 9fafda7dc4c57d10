#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <optional>

namespace fr::test {

// The real backend (backend/feedback-backend) for integration tests and benchmarks: started on
// a free loopback port with a fresh database (a SQLite file in a temporary folder, or a new
// PostgreSQL database made from FEEDBACK_TEST_PG_URL), migrated, with users, and stopped (or
// killed with SIGKILL and restarted on the same port and database) on cue.
//
// It also speaks a little HTTP synchronously, so tests can act as another party: sign in,
// ingest outputs, read back what the backend stored (GET /feedback/export as a supervisor).
//
//     BackendProcess backend;                  // SQLite
//     REQUIRE(backend.start());                // users rev1, rev2, super, ingest (see below)
//     backend.ingest(BackendProcess::sampleOutputs(10));
//     auto rows = backend.exportFeedback();
class BackendProcess
{
public:
    enum class Database { Sqlite, Postgres };

    // The users start() creates; each one's password is passwordFor(name).
    static inline const QString reviewer = QStringLiteral("rev1");
    static inline const QString otherReviewer = QStringLiteral("rev2");
    static inline const QString supervisor = QStringLiteral("super");
    static inline const QString ingestUser = QStringLiteral("ingest");
    static QString passwordFor(const QString &user) { return QStringLiteral("pw-") + user + QStringLiteral("-secret"); }

    explicit BackendProcess(Database database = Database::Sqlite);
    ~BackendProcess();
    BackendProcess(const BackendProcess &) = delete;
    BackendProcess &operator=(const BackendProcess &) = delete;

    // PostgreSQL tests run when FEEDBACK_TEST_PG_URL is set. Otherwise they are skipped (with
    // a reason in *why) — unless FEEDBACK_REQUIRE_PG=1, which makes the skip a failure
    // (check with postgresRequired()).
    static bool postgresConfigured(QString *why = nullptr);
    static bool postgresRequired();

    // Creates the database, runs `migrate`, adds the standard users, serves, waits for /healthz.
    bool start();
    bool addUser(const QString &name, const QString &role, const QString &password);
    void stop();               // SIGTERM, then SIGKILL after a grace period
    void kill();               // SIGKILL, at once (fault tests)
    bool restart();            // serve again: same port, same database
    bool isRunning() const;
    bool waitHealthy(int timeoutMs = 30000);

    QUrl url() const;          // http://127.0.0.1:<port>
    quint16 port() const { return m_port; }
    QString databaseUrl() const { return m_databaseUrl; }
    QString error() const { return m_error; }   // why start() or restart() failed, with the log tail
    QString logTail(int lines = 40) const;

    // --- a tiny synchronous HTTP client ------------------------------------------------
    struct Response {
        int status = 0;                    // 0: no HTTP answer
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QString networkError;
        QByteArray header(const QByteArray &name) const;
        QJsonObject json() const;
    };
    Response request(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                     const QByteArray &contentType = "application/json", const QString &token = {},
                     int timeoutMs = 30000) const;
    QString signIn(const QString &user);               // access token; empty on failure
    QString signIn(const QString &user, const QString &password);
    // POST /outputs as the ingest user. → the created outputs ("items").
    QJsonArray ingest(const QJsonArray &outputs);
    // Every feedback row (GET /feedback/export, following the cursor) as the supervisor.
    QList<QJsonObject> exportFeedback();

    // n outputs that need review (confidence < 0.8), with `inputBytes` of input text each.
    static QJsonArray sampleOutputs(int n, int inputBytes = 200);

private:
    bool createDatabase();
    void dropDatabase();
    bool runCommand(const QStringList &arguments, const QByteArray &stdinData, int timeoutMs);
    void configure(QProcess &process) const;
    bool serve();

    Database m_database;
    QTemporaryDir m_dir;
    QString m_databaseUrl;
    QString m_pgDatabaseName;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_server;
    QString m_error;
    QHash<QString, QString> m_tokens;  // cached access tokens per user
};

} // namespace fr::test
