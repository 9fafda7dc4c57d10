#include "TcpProxy.h"

#include <QHostAddress>
#include <QTcpSocket>

TcpProxy::TcpProxy(quint16 backendPort, QObject *parent)
    : QTcpServer(parent)
    , m_backendPort(backendPort)
{
    connect(this, &QTcpServer::newConnection, this, &TcpProxy::onNewConnection);
}

bool TcpProxy::listenOnLoopback() { return listen(QHostAddress::LocalHost, 0); }

void TcpProxy::onNewConnection()
{
    while (QTcpSocket *client = nextPendingConnection()) {
        auto *backend = new QTcpSocket(client);
        backend->connectToHost(QHostAddress::LocalHost, m_backendPort);
        connect(client, &QTcpSocket::readyRead, client, [this, client, backend] {
            const QByteArray data = client->readAll();
            // QNetworkAccessManager writes a request's head in one piece: its first line is enough.
            if (m_failFeedback && data.startsWith("POST /feedback")) {
                ++m_failed;
                const QByteArray body = R"({"type":"about:blank","title":"Internal Server Error","status":500,"detail":"database is on fire"})";
                client->write("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/problem+json\r\n"
                              "Connection: close\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                client->disconnectFromHost();
                return;
            }
            backend->write(data);
        });
        connect(backend, &QTcpSocket::readyRead, client, [client, backend] { client->write(backend->readAll()); });
        connect(backend, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
    }
}
