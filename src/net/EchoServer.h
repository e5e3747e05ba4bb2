#pragma once

#include "net/EchoFraming.h"
#include "net/ServerThread.h"
#include "net/TcpServerWorker.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace coroscope {

struct EchoServerOptions {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0 = ephemeral
    EchoFraming framing = EchoFraming::Line;
    qsizetype maxMessageBytes = 64 * 1024;
    int idleTimeoutMs = 60'000; // 0 = none
    int maxConnections = 10'000;
};

// Counters readable from any thread while the server runs.
struct EchoServerStats : ConnectionCounters {
    std::atomic<qint64> bytesIn{0};
    std::atomic<qint64> bytesOut{0};
    std::atomic<qint64> messages{0};
    std::atomic<qint64> closedByClient{0};
    std::atomic<qint64> closedTooLong{0};
    std::atomic<qint64> closedIdle{0};
    std::atomic<qint64> closedError{0};
    std::atomic<qint64> closedShutdown{0};
};

// The built-in echo server: a QTcpServer on its own thread with its own event loop (so a client in
// the same process measures the server, not its own loop), one coroutine per connection, limits on
// message size, idle time and connections.
class EchoServer
{
public:
    explicit EchoServer(EchoServerOptions options = {});
    ~EchoServer();

    // Binds and starts serving; false with `error` set (e.g. the port is in use).
    bool start(QString *error);
    // Closes the listener, closes every connection, stops the thread. Idempotent.
    void stop();

    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_options.address; }
    const EchoServerOptions &options() const { return m_options; }
    const EchoServerStats &stats() const { return m_stats; }

private:
    class Worker;

    EchoServerOptions m_options;
    EchoServerStats m_stats;
    ServerThread m_thread;
    quint16 m_port = 0;
};

} // namespace coroscope
