#pragma once

#include <QTcpServer>

// A loopback TCP proxy in front of the real backend that can be told to answer the feedback
// calls with HTTP 500 — the one failure the real backend will not produce on demand.
class TcpProxy : public QTcpServer
{
    Q_OBJECT
public:
    TcpProxy(quint16 backendPort, QObject *parent = nullptr);
    bool listenOnLoopback();
    void setFailFeedback(bool fail) { m_failFeedback = fail; }
    int failedRequests() const { return m_failed; }

private:
    void onNewConnection();
    quint16 m_backendPort;
    bool m_failFeedback = false;
    int m_failed = 0;
};
