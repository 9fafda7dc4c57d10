#pragma once

#include <QByteArray>
#include <QHash>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace fr::test {

// A real HTTP/1.1 server on 127.0.0.1 in the test process that misbehaves on purpose: huge
// answers streamed without ever holding them, answers trickling a byte a second, bodies cut off
// before their Content-Length. It cannot be a FakeNetwork: what is tested is how the real
// QNetworkAccessManager transfer is bounded. Every answer closes its connection.
class HostileServer : public QObject
{
    Q_OBJECT
public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QByteArray body;
    };
    // How to answer one request: write to the socket with the helpers below.
    using Route = std::function<void(HostileServer &server, QTcpSocket *socket, const Request &request)>;

    explicit HostileServer(QObject *parent = nullptr);
    QUrl url() const;
    void setRoute(Route route) { m_route = std::move(route); }

    // A complete small answer.
    void answer(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body);
    // Headers (with Content-Length when declaredLength >= 0), then `head`, then filler bytes up
    // to `total`, written as the socket drains; stops when the client goes away.
    void stream(QTcpSocket *socket, const QByteArray &head, qint64 total, qint64 declaredLength);
    // Headers with Content-Length: declaredLength, then one byte of `body` a second.
    void trickle(QTcpSocket *socket, qint64 declaredLength);
    // Headers with Content-Length: declaredLength, then `body` (shorter), then close.
    void truncate(QTcpSocket *socket, qint64 declaredLength, const QByteArray &body);

    qint64 bodyBytesSent() const { return m_bodyBytesSent; }  // filler bytes the OS accepted
    int clientsGone() const { return m_clientsGone; }         // connections the client closed

private:
    void onConnection();
    void onData(QTcpSocket *socket);

    QTcpServer m_server;
    Route m_route;
    QHash<QTcpSocket *, QByteArray> m_pending;
    qint64 m_bodyBytesSent = 0;
    int m_clientsGone = 0;
};

} // namespace fr::test
