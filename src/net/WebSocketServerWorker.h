#pragma once

#include "core/CoroutineFwd.h"
#include "net/TcpServerWorker.h"

#include <atomic>

namespace coroscope {

struct WebSocketServerOptions : ServerOptions {
    qint64 maxMessageBytes = 1024 * 1024;
    qint64 maxFrameBytes = 1024 * 1024;
    int handshakeTimeoutMs = 10'000;
};

// Counters readable from any thread while the server runs.
struct WebSocketServerStats : ConnectionCounters {
    std::atomic<qint64> upgraded{0};
    std::atomic<qint64> refusedUpgrades{0}; // not a valid upgrade request, or none in time
    std::atomic<qint64> messages{0};
    std::atomic<qint64> bytesIn{0};
    std::atomic<qint64> closedByClient{0};
    std::atomic<qint64> closedTooLong{0};
    std::atomic<qint64> closedProtocolError{0};
    std::atomic<qint64> closedIdle{0};
    std::atomic<qint64> closedSlowReader{0};
    std::atomic<qint64> closedShutdown{0};
};

// The WebSocket echo server's side on its own thread: one coroutine per connection on a
// WebSocketStream (RFC 6455 straight on the descriptor) that reads the upgrade, then sends every
// text or binary message back as it came, the echoes of one read in one write. Limits: frame and
// message size (closed with 1009), handshake time, idle time (1008), and back-pressure — while
// too much echo waits for a client that does not read, nothing more is read from it.
class WebSocketServerWorker : public TcpServerWorker
{
public:
    using Options = WebSocketServerOptions;
    using Stats = WebSocketServerStats;
    static constexpr const char *kThreadName = "websocket-server";

    WebSocketServerWorker(const Options &options, Stats *stats);

protected:
    void serve(QTcpSocket *socket) override;

private:
    static QCoro::Task<void> session(WebSocketServerWorker *self, QTcpSocket *socket);

    Options m_options;
    Stats *m_stats;
};

} // namespace coroscope
