#include "FakeNetwork.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace fr::test {

FakeNetwork::FakeNetwork(QObject *parent) : QNetworkAccessManager(parent)
{
    m_handler = [](const Request &) { return failure(QNetworkReply::ConnectionRefusedError); };
}

QList<FakeNetwork::Request> FakeNetwork::requestsTo(const QString &path) const
{
    QList<Request> matching;
    for (const Request &request : m_requests)
        if (request.path() == path)
            matching.append(request);
    return matching;
}

FakeNetwork::Response FakeNetwork::json(int status, const QByteArray &body)
{
    Response response;
    response.status = status;
    response.body = body;
    response.withHeader("Content-Type", "application/json");
    return response;
}

FakeNetwork::Response FakeNetwork::problem(int status, const QString &title, const QString &detail)
{
    const QJsonObject object{{QStringLiteral("type"), QStringLiteral("about:blank")},
                             {QStringLiteral("title"), title},
                             {QStringLiteral("status"), status},
                             {QStringLiteral("detail"), detail}};
    Response response = json(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
    response.headers.clear();
    response.withHeader("Content-Type", "application/problem+json");
    return response;
}

FakeNetwork::Response FakeNetwork::failure(QNetworkReply::NetworkError error)
{
    Response response;
    response.status = 0;
    response.error = error;
    return response;
}

QNetworkReply *FakeNetwork::createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData)
{
    Request recorded;
    recorded.url = request.url();
    recorded.request = request;
    recorded.body = outgoingData ? outgoingData->readAll() : QByteArray();
    switch (op) {
    case GetOperation: recorded.method = "GET"; break;
    case PostOperation: recorded.method = "POST"; break;
    case PutOperation: recorded.method = "PUT"; break;
    case DeleteOperation: recorded.method = "DELETE"; break;
    case HeadOperation: recorded.method = "HEAD"; break;
    default: recorded.method = request.attribute(QNetworkRequest::CustomVerbAttribute).toByteArray(); break;
    }
    m_requests.append(recorded);
    return new FakeReply(recorded, m_handler(recorded), this);
}

FakeReply::FakeReply(const FakeNetwork::Request &request, const FakeNetwork::Response &response, QObject *parent)
    : QNetworkReply(parent), m_body(response.body)
{
    setRequest(request.request);
    setUrl(request.url);
    setOperation(QNetworkAccessManager::PostOperation);
    open(QIODevice::ReadOnly);
    if (response.error == QNetworkReply::NoError) {
        setAttribute(QNetworkRequest::HttpStatusCodeAttribute, response.status);
        for (const auto &header : response.headers)
            setRawHeader(header.first, header.second);
        if (response.status >= 400)
            setError(ProtocolInvalidOperationError, QStringLiteral("HTTP %1").arg(response.status));
    } else {
        m_body.clear();
        setError(response.error, QStringLiteral("scripted failure %1").arg(int(response.error)));
    }
    // Like QNetworkRequest::setTransferTimeout on a real transfer: too slow an answer is aborted.
    const int timeout = request.request.transferTimeout();
    if (timeout > 0 && response.delayMs > timeout)
        QTimer::singleShot(timeout, this, &FakeReply::abort);
    else
        QTimer::singleShot(response.delayMs, this, &FakeReply::deliver);
}

void FakeReply::deliver()
{
    if (m_done)
        return;
    m_done = true;
    if (error() != NoError)
        Q_EMIT errorOccurred(error());
    Q_EMIT readyRead();
    Q_EMIT finished();
}

void FakeReply::abort()
{
    if (m_done)
        return;
    setError(OperationCanceledError, QStringLiteral("Operation canceled"));
    m_body.clear();
    deliver();
}

qint64 FakeReply::bytesAvailable() const
{
    return m_body.size() - m_offset + QIODevice::bytesAvailable();
}

qint64 FakeReply::readData(char *data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_body.size() - m_offset);
    if (n <= 0)
        return m_done ? -1 : 0;
    memcpy(data, m_body.constData() + m_offset, size_t(n));
    m_offset += n;
    return n;
}

} // namespace fr::test
