#pragma once

#include "net/ServerThread.h"
#include "net/TcpServerWorker.h"

#include <QHostAddress>
#include <QString>

#include <atomic>

namespace coroscope {

struct WebSocketServerOptions {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0 = ephemeral
    qint64 maxMessageBytes = 1024 * 1024;
    qint64 maxFrameBytes = 1024 * 1024;
    int idleTimeoutMs = 60'000; // 0 = none
    int handshakeTimeoutMs = 10'000;
    int maxConnections = 10'000;
};

// Counters readable from any thread while the server runs.
struct WebSocketServerStats : ConnectionCounters {
    std::atomic<qint64> upgraded{0};
    std::atomic<qint64> messages{0};
    std::atomic<qint64> bytesIn{0};
    std::atomic<qint64> closedByClient{0};
    std::atomic<qint64> closedTooLong{0};
    std::atomic<qint64> closedIdle{0};
    std::atomic<qint64> closedSlowReader{0};
    std::atomic<qint64> closedShutdown{0};
};

// The built-in WebSocket echo server (RFC 6455 through Qt WebSockets): the shared accept shell on a
// thread of its own hands each TCP connection to a QWebSocketServer for the upgrade; every text or
// binary message is sent back as it came. Limits: frame and message size (Qt closes with 1009),
// connections, idle time, handshake time, and what may queue for a client that does not read.
class WebSocketServer
{
public:
    explicit WebSocketServer(WebSocketServerOptions options = {});
    ~WebSocketServer();

    bool start(QString *error);
    void stop();

    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_options.address; }
    QString url() const;
    const WebSocketServerOptions &options() const { return m_options; }
    const WebSocketServerStats &stats() const { return m_stats; }

private:
    class Worker;

    WebSocketServerOptions m_options;
    WebSocketServerStats m_stats;
    ServerThread m_thread;
    quint16 m_port = 0;
};

} // namespace coroscope
