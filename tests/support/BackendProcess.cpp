#include "BackendProcess.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

namespace fr::test {

namespace {

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();  // closed again when probe goes; the backend binds it next
}

QString randomSuffix()
{
    return QString::number(QRandomGenerator::global()->generate64(), 36);
}

// The backend is an executable script with a /usr/bin/python3 shebang; should the executable
// bit get lost (a checkout on a strange file system), run it with that interpreter directly.
QPair<QString, QStringList> backendCommand(const QStringList &arguments)
{
    const QString script = QStringLiteral(FR_BACKEND_EXECUTABLE);
    if (QFileInfo(script).isExecutable())
        return {script, arguments};
    return {QStringLiteral("/usr/bin/python3"), QStringList{script} + arguments};
}

bool runPsql(const QString &adminUrl, const QString &sql, QString *error)
{
    QProcess psql;
    psql.start(QStringLiteral("psql"), {adminUrl, QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                                        QStringLiteral("-q"), QStringLiteral("-c"), sql});
    if (!psql.waitForFinished(30000) || psql.exitStatus() != QProcess::NormalExit || psql.exitCode() != 0) {
        *error = QStringLiteral("psql failed: ") + QString::fromUtf8(psql.readAllStandardError());
        return false;
    }
    return true;
}

} // namespace

QByteArray BackendProcess::Response::header(const QByteArray &name) const
{
    for (const auto &pair : headers)
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    return {};
}

QJsonObject BackendProcess::Response::json() const
{
    return QJsonDocument::fromJson(body).object();
}

BackendProcess::BackendProcess(Database database) : m_database(database) {}

BackendProcess::~BackendProcess()
{
    stop();
    dropDatabase();
}

bool BackendProcess::postgresConfigured(QString *why)
{
    if (!qEnvironmentVariableIsEmpty("FEEDBACK_TEST_PG_URL"))
        return true;
    if (why)
        *why = QStringLiteral("FEEDBACK_TEST_PG_URL is not set: PostgreSQL test skipped");
    return false;
}

bool BackendProcess::postgresRequired()
{
    return qEnvironmentVariable("FEEDBACK_REQUIRE_PG") == QLatin1String("1");
}

QUrl BackendProcess::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

void BackendProcess::configure(QProcess &process) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DATABASE_URL"), m_databaseUrl);
    env.insert(QStringLiteral("FEEDBACK_SECRET_KEY"), QStringLiteral("integration-test-secret-key-0123456789abcdef"));
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    // On PostgreSQL the export hands out only changes older than a settle window (5 s), which
    // guards cursors against concurrent writers. Tests read the export after their writers are
    // done, so they need no window (unless the environment sets one).
    if (!env.contains(QStringLiteral("FEEDBACK_EXPORT_SETTLE_SECONDS")))
        env.insert(QStringLiteral("FEEDBACK_EXPORT_SETTLE_SECONDS"), QStringLiteral("0"));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(m_dir.path());
    process.setStandardOutputFile(m_dir.filePath(QStringLiteral("backend.log")), QIODevice::Append);
    process.setProcessChannelMode(QProcess::MergedChannels);
}

bool BackendProcess::runCommand(const QStringList &arguments, const QByteArray &stdinData, int timeoutMs)
{
    QProcess process;
    configure(process);
    const auto [program, args] = backendCommand(arguments);
    process.start(program, args);
    if (!process.waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, process.errorString());
        return false;
    }
    process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        process.kill();
        process.waitForFinished(2000);
        m_error = QStringLiteral("feedback-backend %1 failed (exit %2):\n%3")
                      .arg(arguments.join(QLatin1Char(' '))).arg(process.exitCode()).arg(logTail());
        return false;
    }
    return true;
}

bool BackendProcess::createDatabase()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    if (m_database == Database::Sqlite) {
        m_databaseUrl = QStringLiteral("sqlite:///") + m_dir.filePath(QStringLiteral("backend.sqlite"));
        return true;
    }
    const QString admin = qEnvironmentVariable("FEEDBACK_TEST_PG_URL");
    if (admin.isEmpty()) {
        m_error = QStringLiteral("FEEDBACK_TEST_PG_URL is not set");
        return false;
    }
    m_pgDatabaseName = QStringLiteral("fr_it_") + randomSuffix();
    if (!runPsql(admin, QStringLiteral("CREATE DATABASE %1").arg(m_pgDatabaseName), &m_error)) {
        m_pgDatabaseName.clear();
        return false;
    }
    QUrl url(admin);
    url.setPath(QLatin1Char('/') + m_pgDatabaseName);
    url.setQuery(QString());
    m_databaseUrl = url.toString();
    return true;
}

void BackendProcess::dropDatabase()
{
    if (m_pgDatabaseName.isEmpty())
        return;
    QString ignored;
    runPsql(qEnvironmentVariable("FEEDBACK_TEST_PG_URL"),
            QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_pgDatabaseName), &ignored);
    m_pgDatabaseName.clear();
}

bool BackendProcess::start()
{
    if (!createDatabase())
        return false;
    if (!runCommand({QStringLiteral("migrate")}, {}, 120000))
        return false;
    const QList<QPair<QString, QString>> users{{reviewer, QStringLiteral("reviewer")},
                                               {otherReviewer, QStringLiteral("reviewer")},
                                               {supervisor, QStringLiteral("supervisor")},
                                               {ingestUser, QStringLiteral("ingest")}};
    for (const auto &[name, role] : users)
        if (!addUser(name, role, passwordFor(name)))
            return false;
    m_port = freeLoopbackPort();
    return serve();
}

bool BackendProcess::addUser(const QString &name, const QString &role, const QString &password)
{
    // The password goes on stdin without a newline: whether the backend reads a line or
    // everything, it gets exactly the password.
    return runCommand({QStringLiteral("users"), QStringLiteral("add"), name, QStringLiteral("--role"), role},
                      password.toUtf8(), 60000);
}

bool BackendProcess::serve()
{
    m_server = std::make_unique<QProcess>();
    configure(*m_server);
    const auto [program, args] = backendCommand({QStringLiteral("serve"), QStringLiteral("--host"),
                                                 QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                                                 QString::number(m_port)});
    m_server->start(program, args);
    if (!m_server->waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(program, m_server->errorString());
        return false;
    }
    m_tokens.clear();
    return waitHealthy();
}

bool BackendProcess::waitHealthy(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!isRunning()) {
            m_error = QStringLiteral("the backend exited while starting:\n") + logTail();
            return false;
        }
        if (request("GET", QStringLiteral("/healthz"), {}, {}, {}, 2000).status == 200)
            return true;
        QThread::msleep(100);
    }
    m_error = QStringLiteral("the backend did not become healthy within %1 ms:\n%2").arg(timeoutMs).arg(logTail());
    return false;
}

bool BackendProcess::isRunning() const
{
    return m_server && m_server->state() != QProcess::NotRunning;
}

void BackendProcess::stop()
{
    if (!isRunning())
        return;
    m_server->terminate();
    if (!m_server->waitForFinished(10000)) {
        m_server->kill();
        m_server->waitForFinished(5000);
    }
}

void BackendProcess::kill()
{
    if (!isRunning())
        return;
    m_server->kill();
    m_server->waitForFinished(5000);
}

bool BackendProcess::restart()
{
    stop();
    return serve();
}

QString BackendProcess::logTail(int lines) const
{
    QFile log(m_dir.filePath(QStringLiteral("backend.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> all = log.readAll().split('\n');
    return QString::fromUtf8(all.mid(std::max<qsizetype>(0, all.size() - lines)).join('\n'));
}

BackendProcess::Response BackendProcess::request(const QByteArray &method, const QString &pathAndQuery,
                                                 const QByteArray &body, const QByteArray &contentType,
                                                 const QString &token, int timeoutMs) const
{
    QNetworkAccessManager network;
    QNetworkRequest req(url().resolved(QUrl(pathAndQuery)));
    req.setTransferTimeout(timeoutMs);
    if (!contentType.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QNetworkReply *reply = network.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Response response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError)
        response.networkError = reply->errorString();
    delete reply;
    return response;
}

QString BackendProcess::signIn(const QString &user)
{
    if (!m_tokens.contains(user))
        m_tokens.insert(user, signIn(user, passwordFor(user)));
    return m_tokens.value(user);
}

QString BackendProcess::signIn(const QString &user, const QString &password)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("password"));
    form.addQueryItem(QStringLiteral("username"), user);
    form.addQueryItem(QStringLiteral("password"), password);
    const Response response = request("POST", QStringLiteral("/auth/token"),
                                      form.toString(QUrl::FullyEncoded).toUtf8(),
                                      "application/x-www-form-urlencoded");
    return response.json().value(QLatin1String("access_token")).toString();
}

QJsonArray BackendProcess::ingest(const QJsonArray &outputs)
{
    const Response response = request("POST", QStringLiteral("/outputs"),
                                      QJsonDocument(outputs).toJson(QJsonDocument::Compact),
                                      "application/json", signIn(ingestUser), 120000);
    return response.json().value(QLatin1String("items")).toArray();
}

QList<QJsonObject> BackendProcess::exportFeedback()
{
    QList<QJsonObject> rows;
    QString cursor;
    for (;;) {
        QString path = QStringLiteral("/feedback/export?limit=1000");
        if (!cursor.isEmpty())
            path += QStringLiteral("&since=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const Response response = request("GET", path, {}, {}, signIn(supervisor), 120000);
        if (response.status != 200)
            return rows;
        int lines = 0;
        for (const QByteArray &line : response.body.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            rows.append(QJsonDocument::fromJson(line).object());
            ++lines;
        }
        const QString next = QString::fromUtf8(response.header("X-Next-Cursor"));
        if (lines == 0 || next.isEmpty() || next == cursor)
            return rows;
        cursor = next;
    }
}

QJsonArray BackendProcess::sampleOutputs(int n, int inputBytes)
{
    QJsonArray outputs;
    const QString filler = QStringLiteral("The refund took three weeks and nobody answered. ");
    for (int i = 0; i < n; ++i) {
        QString input = QStringLiteral("#%1 ").arg(i);
        while (input.size() < inputBytes)
            input += filler;
        input.truncate(inputBytes);
        outputs.append(QJsonObject{
            {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("model_name"), QStringLiteral("sentiment-v3")},
            {QStringLiteral("model_version"), QStringLiteral("1.4.2")},
            {QStringLiteral("input"), input},
            {QStringLiteral("output"), (i % 2) ? QStringLiteral("positive") : QStringLiteral("negative")},
            {QStringLiteral("confidence"), 0.3 + 0.4 * (i % 10) / 10.0},
        });
    }
    return outputs;
}

} // namespace fr::test
