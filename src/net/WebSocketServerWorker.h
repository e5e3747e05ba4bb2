#pragma once

#include "net/TcpServerWorker.h"

#include <QHash>
#include <QPointer>
#include <QWebSocketServer>

#include <atomic>

class QWebSocket;

namespace QCoro {
template<typename T> class Task;
}

namespace coroscope {

struct WebSocketServerOptions : ServerOptions {
    qint64 maxMessageBytes = 1024 * 1024;
    qint64 maxFrameBytes = 1024 * 1024;
    int handshakeTimeoutMs = 10'000;
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

// The WebSocket echo server's side on its own thread (RFC 6455 through Qt WebSockets): each TCP
// connection goes to a QWebSocketServer for the upgrade, then to a session coroutine that sends
// every text or binary message back as it came. Qt closes with 1009 past the size limits.
class WebSocketServerWorker : public TcpServerWorker
{
public:
    using Options = WebSocketServerOptions;
    using Stats = WebSocketServerStats;
    static constexpr const char *kThreadName = "websocket-server";

    WebSocketServerWorker(const Options &options, Stats *stats);
    ~WebSocketServerWorker() override;

protected:
    void serve(QTcpSocket *socket) override;

private:
    void adopt();
    static QCoro::Task<void> session(WebSocketServerWorker *self, QWebSocket *ws, QPointer<QTcpSocket> tcp);

    Options m_options;
    Stats *m_stats;
    QWebSocketServer m_upgrader{QStringLiteral("coroscope"), QWebSocketServer::NonSecureMode, this};
    QHash<quint16, QTcpSocket *> m_pending; // accepted, not upgraded yet; by peer port
};

} // namespace coroscope
