#pragma once

#include "core/CoroutineFwd.h"
#include "net/HttpTargetRouter.h"
#include "net/TcpServerWorkerFor.h"

#include <atomic>
#include <map>
#include <memory>

namespace coroscope {

class AsyncSemaphore;
class SocketEvents;

struct HttpTargetOptions : ServerOptions {
    qsizetype maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;
    qint64 maxDelayMs = 600'000;
    qint64 maxResponseBytes = 64 * 1024 * 1024;
    // From the first byte of a request to the end of its headers (slowloris), and to the end of its
    // body: neither is moved by a byte arriving, unlike the idle timeout between requests.
    int headerTimeoutMs = 10'000;
    int requestTimeoutMs = 60'000;
    // A client that pipelines requests without reading the answers is not read from while this
    // much of its answers waits in the socket.
    qint64 maxQueuedResponseBytes = 256 * 1024;
};

struct HttpTargetStats : ConnectionCounters {
    std::atomic<qint64> requests{0};
    std::atomic<qint64> status2xx{0};
    std::atomic<qint64> status4xx{0};
    std::atomic<qint64> status5xx{0};
    std::atomic<qint64> statusOther{0};
    std::atomic<qint64> drops{0};
    std::atomic<qint64> bytesOut{0};
    std::atomic<qint64> closedIdle{0};
    std::atomic<qint64> closedTooLarge{0};
    std::atomic<qint64> closedBadRequest{0};
    std::atomic<qint64> closedSlowRequest{0};   // header or request deadline passed (408)
    std::atomic<qint64> closedStalledReader{0}; // answers not read within the idle timeout
    std::atomic<qint64> readPauses{0};          // times reading stopped behind unread answers
};

// The built-in HTTP/1.1 keep-alive target's side on its own thread: one coroutine per connection
// that parses requests (pipelined ones one at a time), routes them (HttpTargetRouter) and answers,
// within limits on header and body size, header and request deadlines, idle time, and what it
// queues for a client that does not read.
class HttpTargetWorker : public TcpServerWorkerFor<HttpTargetOptions, HttpTargetStats>
{
public:
    static constexpr const char *kThreadName = "http-target";
    static constexpr const char *kUrlScheme = "http";

    HttpTargetWorker(const Options &options, Stats *stats);

protected:
    void serve(QTcpSocket *socket) override;

private:
    void count(int status);
    // The /work endpoint's pool of `slots` (one per distinct size, a few at most); nullptr beyond.
    AsyncSemaphore *workPool(int slots);
    static QCoro::Task<bool> writeGenerated(HttpTargetWorker *self, QTcpSocket *socket, SocketEvents *events,
                                            qint64 bytes, qint64 spreadMs);
    static QCoro::Task<bool> drainWrites(HttpTargetWorker *self, QTcpSocket *socket, SocketEvents *events,
                                         qint64 below);
    static QCoro::Task<bool> answer(HttpTargetWorker *self, QTcpSocket *socket, SocketEvents *events,
                                    HttpTargetReply reply, bool keepAlive, bool headOnly);
    static QCoro::Task<void> run(HttpTargetWorker *self, QTcpSocket *socket);

    HttpTargetRouter m_router;
    std::map<int, std::unique_ptr<AsyncSemaphore>> m_workPools;
    static constexpr size_t kMaxWorkPools = 16;
};

} // namespace coroscope
