#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QUrl>

#include <optional>

namespace fr::test {

// tests/support/fault_proxy.py as a real process on loopback: forwards to the backend on
// `upstreamPort`, or — with probability `rate`, in an order fixed by `seed` — answers with a
// captive-portal redirect, an HTML 403/404, a 502/503, resets, stalls, truncates, or a 401
// (see the script for the list). heal() turns the faults off; stats() are the counts per kind.
//
//     FaultProxy proxy;
//     REQUIRE(proxy.start(backend.port(), 20261201, 0.25));
//     api.setServer(proxy.url());  ...  proxy.heal();
class FaultProxy
{
public:
    FaultProxy() = default;
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    bool start(quint16 upstreamPort, quint32 seed, double rate);
    void stop();
    bool heal();                  // rate 0 from now on; stalled connections are reset
    bool setRate(double rate);
    QJsonObject stats();          // {"rate": r, "counts": {"forwarded": n, "reset_after": n, ...}}
    QUrl url() const;
    quint16 port() const { return m_port; }
    QString error() const { return m_error; }

private:
    std::optional<QString> command(const QByteArray &line, const QByteArray &answerPrefix);

    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
    QByteArray m_pending;  // stdout read but not yet consumed
};

} // namespace fr::test
