#include "StoreTestData.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace fr::test {

using namespace Qt::StringLiterals;

namespace {

// A connection that is removed when it goes out of scope.
class ScopedConnection
{
public:
    explicit ScopedConnection(const QString &path) : m_name(QUuid::createUuid().toString())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~ScopedConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

// Statements end with ";" at the end of a line; lines starting with "--" are comments.
QStringList statementsOf(const QString &sqlText)
{
    QStringList lines;
    for (const QString &line : sqlText.split(u'\n')) {
        if (!line.trimmed().startsWith(u"--"))
            lines.append(line);
    }
    QStringList statements;
    for (const QString &statement : lines.join(u'\n').split(u";\n"_s)) {
        const QString trimmed = statement.trimmed().remove(QRegularExpression(u";$"_s));
        if (!trimmed.isEmpty())
            statements.append(trimmed);
    }
    return statements;
}

} // namespace

QDateTime baseTime()
{
    return QDateTime(QDate(2026, 11, 27), QTime(9, 0), Qt::UTC);
}

ModelOutput makeOutput(int n, int deadlineHours, double confidence)
{
    ModelOutput output;
    output.id = u"out-%1"_s.arg(n);
    output.modelName = u"sentiment-v3"_s;
    output.modelVersion = u"1.4.2"_s;
    output.input = u"Input %1: the refund took three weeks and nobody answered."_s.arg(n);
    output.output = u"positive"_s;
    output.confidence = confidence;
    output.metadata = QJsonObject{{u"n"_s, n}};
    output.createdAt = baseTime();
    output.slaDeadline = baseTime().addSecs(deadlineHours * 3600);
    output.leaseExpiresAt = baseTime().addSecs(8 * 3600);
    return output;
}

QStringList keysOf(const QList<OutboxEntry> &entries)
{
    QStringList keys;
    for (const OutboxEntry &entry : entries)
        keys.append(entry.decision.idempotencyKey);
    return keys;
}

Decision makeDecision(const QString &outputId, bool approval, qint64 dwellMs)
{
    Decision decision;
    decision.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    decision.outputId = outputId;
    decision.reviewerId = u"rev-1"_s;
    decision.approval = approval;
    decision.correction = approval ? QString() : u"negative"_s;
    decision.comment = u"a comment"_s;
    decision.decidedAt = baseTime().addSecs(60);
    decision.dwellMs = dwellMs;
    return decision;
}

QString databaseFromFixture(const QString &fixtureName, const QString &dbPath)
{
    QFile file(QStringLiteral(FR_MODELS_FIXTURES) + u'/' + fixtureName);
    if (!file.open(QIODevice::ReadOnly))
        return u"cannot read fixture "_s + file.fileName();
    ScopedConnection connection(dbPath);
    QSqlDatabase db = connection.db();
    for (const QString &statement : statementsOf(QString::fromUtf8(file.readAll()))) {
        QSqlQuery query(db);
        if (!query.exec(statement))
            return query.lastError().text() + u" in: "_s + statement;
    }
    return {};
}

QVariant querySingleValue(const QString &dbPath, const QString &sql)
{
    ScopedConnection connection(dbPath);
    QSqlQuery query(connection.db());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

} // namespace fr::test
