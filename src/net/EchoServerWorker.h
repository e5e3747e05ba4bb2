#pragma once

#include "core/CoroutineFwd.h"
#include "net/EchoFraming.h"
#include "net/TcpServerWorkerFor.h"

#include <atomic>

namespace coroscope {

struct EchoServerOptions : ServerOptions {
    EchoFraming framing = EchoFraming::Line;
    qsizetype maxMessageBytes = 64 * 1024;
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

// The echo server's side on its own thread: one coroutine per connection that sends back every
// complete message, with limits on message size, idle time and what it queues for a slow reader.
class EchoServerWorker : public TcpServerWorkerFor<EchoServerOptions, EchoServerStats>
{
public:
    static constexpr const char *kThreadName = "echo-server";

    using TcpServerWorkerFor::TcpServerWorkerFor;

protected:
    void serve(QTcpSocket *socket) override;

private:
    static QCoro::Task<void> run(EchoServerWorker *self, QTcpSocket *socket);
};

} // namespace coroscope
