#include "HostileServer.h"

#include <QTcpSocket>
#include <QTimer>

namespace fr::test {

namespace {

QByteArray statusLine(int status)
{
    return "HTTP/1.1 " + QByteArray::number(status) + (status < 300 ? " OK" : " Error") + "\r\n";
}

QByteArray headers(int status, const QByteArray &contentType, qint64 declaredLength)
{
    QByteArray head = statusLine(status) + "Content-Type: " + contentType + "\r\nConnection: close\r\n";
    if (declaredLength >= 0)
        head += "Content-Length: " + QByteArray::number(declaredLength) + "\r\n";
    return head + "\r\n";
}

} // namespace

HostileServer::HostileServer(QObject *parent) : QObject(parent)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &HostileServer::onConnection);
}

QUrl HostileServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void HostileServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            ++m_clientsGone;
            m_pending.remove(socket);
            socket->deleteLater();
        });
    }
}

// One request per connection: the head up to the blank line, then Content-Length bytes of body.
void HostileServer::onData(QTcpSocket *socket)
{
    if (!m_pending.contains(socket) && socket->property("answered").toBool()) {
        socket->readAll();
        return;
    }
    QByteArray &buffer = m_pending[socket];
    buffer += socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    const QByteArray head = buffer.left(end);
    qint64 length = 0;
    for (const QByteArray &line : head.split('\n'))
        if (line.toLower().startsWith("content-length:"))
            length = line.mid(15).trimmed().toLongLong();
    if (buffer.size() - end - 4 < length)
        return;
    const QList<QByteArray> words = head.left(head.indexOf('\r')).split(' ');
    Request request{words.value(0), words.value(1), buffer.mid(end + 4, length)};
    m_pending.remove(socket);
    socket->setProperty("answered", true);
    if (m_route)
        m_route(*this, socket, request);
}

void HostileServer::answer(QTcpSocket *socket, int status, const QByteArray &contentType, const QByteArray &body)
{
    socket->write(headers(status, contentType, body.size()) + body);
    socket->disconnectFromHost();
}

void HostileServer::stream(QTcpSocket *socket, const QByteArray &head, qint64 total, qint64 declaredLength)
{
    socket->write(headers(200, "application/json", declaredLength) + head);
    const QByteArray chunk(256 * 1024, ' ');
    auto *left = new qint64(total - head.size());
    connect(socket, &QObject::destroyed, socket, [left] { delete left; });
    const auto more = [socket, chunk, left] {
        // Keep a little queued in Qt; what the kernel accepted counts as sent.
        while (*left > 0 && socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 1024 * 1024) {
            const qint64 n = std::min<qint64>(*left, chunk.size());
            socket->write(chunk.constData(), n);
            *left -= n;
        }
        if (*left == 0 && socket->bytesToWrite() == 0)
            socket->disconnectFromHost();
    };
    connect(socket, &QTcpSocket::bytesWritten, this, [this, more](qint64 written) {
        m_bodyBytesSent += written;
        more();
    });
    more();
}

void HostileServer::trickle(QTcpSocket *socket, qint64 declaredLength)
{
    socket->write(headers(200, "application/json", declaredLength));
    auto *timer = new QTimer(socket);
    connect(timer, &QTimer::timeout, socket, [socket] {
        if (socket->state() == QAbstractSocket::ConnectedState)
            socket->write(" ");
    });
    timer->start(1000);
}

void HostileServer::truncate(QTcpSocket *socket, qint64 declaredLength, const QByteArray &body)
{
    socket->write(headers(200, "application/json", declaredLength) + body);
    socket->disconnectFromHost();
}

} // namespace fr::test
