#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <functional>

namespace fr::test {

// A scripted network for unit tests of the API client and the sync engine: every request goes
// to `handler`, which returns the answer (status, headers, body) or a transport failure. This is
// the one fake in the tests — a real server cannot be told to fail on request N on cue.
class FakeNetwork : public QNetworkAccessManager
{
    Q_OBJECT
public:
    struct Request {
        QByteArray method;
        QUrl url;
        QNetworkRequest request;
        QByteArray body;
        QString path() const { return url.path(); }
        QByteArray header(const QByteArray &name) const { return request.rawHeader(name); }
    };
    struct Response {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        // A transport failure instead of an answer (status ignored): e.g. ConnectionRefusedError,
        // RemoteHostClosedError (reset), OperationCanceledError (what a transfer timeout gives).
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        int delayMs = 0;
        Response &withHeader(const QByteArray &name, const QByteArray &value)
        {
            headers.append(qMakePair(name, value));
            return *this;
        }
    };
    using Handler = std::function<Response(const Request &)>;

    explicit FakeNetwork(QObject *parent = nullptr);
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Request> &requests() const { return m_requests; }
    QList<Request> requestsTo(const QString &path) const;
    void clearRequests() { m_requests.clear(); }

    static Response json(int status, const QByteArray &body);
    static Response problem(int status, const QString &title, const QString &detail = {});
    static Response failure(QNetworkReply::NetworkError error);

protected:
    QNetworkReply *createRequest(Operation op, const QNetworkRequest &request, QIODevice *outgoingData) override;

private:
    Handler m_handler;
    QList<Request> m_requests;
};

// The scripted reply: finishes on the next event-loop turn (or after delayMs), like a real one.
class FakeReply : public QNetworkReply
{
    Q_OBJECT
public:
    FakeReply(const FakeNetwork::Request &request, const FakeNetwork::Response &response, QObject *parent);
    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void deliver();
    QByteArray m_body;
    qint64 m_offset = 0;
    bool m_done = false;
};

} // namespace fr::test
