#include "net/HttpTargetWorker.h"

#include "core/AsyncSemaphore.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "net/HttpRequestParser.h"
#include "net/ReadBuffer.h"
#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QScopeGuard>
#include <QTcpSocket>

#include <cstring>
#include <exception>
#include <optional>

namespace coroscope {

namespace {

constexpr qint64 kWriteChunk = 64 * 1024;
constexpr qint64 kReadBufferBytes = 64 * 1024;

// Qt closes a socket the moment it reads the end of the stream, so a client that half-closes after
// its request (HTTP/1.1 allows it) would lose the answer to a slow endpoint. While such an answer is
// prepared, Qt must not read: a read buffer already full keeps its read notifier off. When Qt holds
// no byte, one placeholder is pushed back in front and taken out again on resume.
class ReadPause
{
public:
    explicit ReadPause(QTcpSocket *socket) : m_socket(socket)
    {
        if (!m_socket->isOpen())
            return;
        if (m_socket->bytesAvailable() == 0) {
            m_socket->ungetChar('\0');
            m_placeholder = true;
        }
        m_socket->setReadBufferSize(m_socket->bytesAvailable());
    }
    ~ReadPause()
    {
        if (!m_socket->isOpen())
            return;
        if (m_placeholder) {
            char c;
            m_socket->getChar(&c);
        }
        m_socket->setReadBufferSize(kReadBufferBytes);
    }
    ReadPause(const ReadPause &) = delete;
    ReadPause &operator=(const ReadPause &) = delete;

private:
    QTcpSocket *m_socket;
    bool m_placeholder = false;
};

} // namespace

HttpTargetWorker::HttpTargetWorker(const Options &options, Stats *stats)
    : TcpServerWorkerFor(options, stats), m_router(options.maxDelayMs, options.maxResponseBytes)
{}

void HttpTargetWorker::serve(QTcpSocket *socket)
{
    run(this, socket);
}

void HttpTargetWorker::count(int status)
{
    if (status >= 200 && status < 300)
        ++m_stats->status2xx;
    else if (status >= 400 && status < 500)
        ++m_stats->status4xx;
    else if (status >= 500)
        ++m_stats->status5xx;
    else
        ++m_stats->statusOther;
}

QCoro::Task<bool> HttpTargetWorker::drainWrites(HttpTargetWorker *self, QTcpSocket *socket, SocketEvents *events,
                                                qint64 below)
{
    // Waits until the client has taken enough of what is queued for it. The idle timeout runs from
    // the last progress: a client that stops reading is dropped, a slow one is served.
    const int idle = self->m_options.idleTimeoutMs;
    qint64 queued = socket->bytesToWrite();
    qint64 progressAt = nowNs();
    events->setWatchWrites(true);
    bool ok = true;
    while (socket->bytesToWrite() >= below) {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            ok = false;
            break;
        }
        if (socket->bytesToWrite() < queued) {
            queued = socket->bytesToWrite();
            progressAt = nowNs();
        }
        const WakeReason r = co_await events->next(self->scheduler(), self->shutdownToken(),
                                                   idle > 0 ? progressAt + idle * kNsPerMs : 0);
        if (r == WakeReason::TimedOut)
            ++self->m_stats->closedStalledReader;
        if (r == WakeReason::Cancelled || r == WakeReason::TimedOut) {
            ok = false;
            break;
        }
    }
    events->setWatchWrites(false);
    co_return ok;
}

QCoro::Task<bool> HttpTargetWorker::writeGenerated(HttpTargetWorker *self, QTcpSocket *socket, SocketEvents *events,
                                                   qint64 bytes, qint64 spreadMs)
{
    // Written in chunks behind the socket's queue, so a client that does not read cannot make us
    // buffer the whole body; a trickled body is spread over ten steps.
    const qint64 steps = spreadMs > 0 ? 10 : 1;
    const QByteArray chunk(std::min<qint64>(kWriteChunk, std::max<qint64>(bytes, 1)), 'x');
    const qint64 start = nowNs();
    for (qint64 step = 0; step < steps; ++step) {
        if (spreadMs > 0 && step > 0) {
            const qint64 at = start + spreadMs * kNsPerMs * step / steps;
            if (co_await DeadlineWait(self->scheduler(), self->shutdownToken(), at) == WakeReason::Cancelled)
                co_return false;
        }
        qint64 left = bytes * (step + 1) / steps - bytes * step / steps;
        while (left > 0) {
            if (socket->state() != QAbstractSocket::ConnectedState)
                co_return false;
            if (socket->bytesToWrite() >= self->m_options.maxQueuedResponseBytes) {
                if (!co_await drainWrites(self, socket, events, self->m_options.maxQueuedResponseBytes))
                    co_return false;
                continue;
            }
            const qint64 n = std::min<qint64>(left, chunk.size());
            socket->write(chunk.constData(), n);
            self->m_stats->bytesOut += n;
            left -= n;
        }
        socket->flush();
    }
    co_return true;
}

AsyncSemaphore *HttpTargetWorker::workPool(int slots)
{
    auto it = m_workPools.find(slots);
    if (it != m_workPools.end())
        return it->second.get();
    if (m_workPools.size() >= kMaxWorkPools)
        return nullptr;
    return m_workPools.emplace(slots, std::make_unique<AsyncSemaphore>(slots)).first->second.get();
}

QCoro::Task<bool> HttpTargetWorker::answer(HttpTargetWorker *self, QTcpSocket *socket, SocketEvents *events,
                                           HttpTargetReply reply, bool keepAlive, bool headOnly)
{
    // Only an answer that waits needs reading paused; the others are written in this same pass.
    std::optional<ReadPause> paused;
    if (reply.delayMs > 0 || (reply.generatedBytes > 0 && !headOnly))
        paused.emplace(socket);
    AsyncSemaphore *pool = reply.slots > 0 ? self->workPool(reply.slots) : nullptr;
    if (reply.slots > 0 && !pool) {
        reply = HttpTargetReply{};
        reply.status = 503;
        reply.body = "{\"error\": \"too many distinct /work pool sizes\"}";
    }
    // The slot is held over the wait only: a request beyond the pool's size queues for one.
    bool holding = false;
    const auto releaseSlot = qScopeGuard([&] {
        if (holding)
            pool->release();
    });
    if (pool) {
        holding = pool->tryAcquire();
        if (!holding)
            holding = co_await pool->acquire(self->scheduler(), self->shutdownToken());
        if (!holding)
            co_return false;
    }
    if (reply.delayMs > 0) {
        const qint64 until = nowNs() + reply.delayMs * kNsPerMs;
        if (co_await DeadlineWait(self->scheduler(), self->shutdownToken(), until) == WakeReason::Cancelled)
            co_return false;
    }
    if (holding) {
        holding = false;
        pool->release();
    }
    if (socket->state() != QAbstractSocket::ConnectedState)
        co_return false;
    const qint64 length = reply.generatedBytes >= 0 ? reply.generatedBytes : reply.body.size();
    QByteArray out = HttpTargetRouter::head(reply.status, reply.contentType, length, keepAlive);
    if (!headOnly && reply.generatedBytes < 0)
        out += reply.body;
    self->count(reply.status);
    self->m_stats->bytesOut += out.size();
    socket->write(out);
    socket->flush();
    if (!headOnly && reply.generatedBytes > 0 &&
        !co_await writeGenerated(self, socket, events, reply.generatedBytes, reply.trickleMs))
        co_return false;
    co_return true;
}

QCoro::Task<void> HttpTargetWorker::run(HttpTargetWorker *self, QTcpSocket *socket)
{
    const Options &opt = self->m_options;
    Stats &stats = *self->m_stats;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setReadBufferSize(kReadBufferBytes);
    SocketEvents events(socket);
    HttpRequestParser parser(opt.maxHeaderBytes, opt.maxBodyBytes);
    ReadBuffer in;
    qint64 idleSince = nowNs(); // the idle timeout runs between requests only
    qint64 requestStarted = 0;  // first byte of the request being read; 0 = none
    bool open = true;
    bool abortive = false;

    auto refuse = [&](int status, const QByteArray &message, std::atomic<qint64> &reason) {
        socket->write(HttpTargetRouter::errorReply(status, message));
        socket->flush();
        ++reason;
        self->count(status);
        open = false;
    };

    try {
        while (open) {
            // Answer every complete request already buffered (pipelining), one at a time, and none
            // while the answers before it are still unread.
            while (!in.isEmpty() && open) {
                if (socket->bytesToWrite() >= opt.maxQueuedResponseBytes) {
                    ++stats.readPauses;
                    if (!co_await drainWrites(self, socket, &events, opt.maxQueuedResponseBytes)) {
                        open = false;
                        abortive = true;
                        break;
                    }
                }
                if (!requestStarted)
                    requestStarted = nowNs();
                qsizetype used = 0;
                const auto result = parser.feed(in.data(), in.size(), &used);
                in.consume(used);
                if (result == HttpRequestParser::Result::NeedMore)
                    break;
                if (result == HttpRequestParser::Result::HeadersTooLarge) {
                    refuse(431, "request headers too large", stats.closedTooLarge);
                    break;
                }
                if (result == HttpRequestParser::Result::BodyTooLarge) {
                    refuse(413, "request body too large", stats.closedTooLarge);
                    break;
                }
                if (result == HttpRequestParser::Result::Error) {
                    refuse(400, "bad request", stats.closedBadRequest);
                    break;
                }
                ++stats.requests;
                requestStarted = 0;
                const bool keepAlive = parser.keepAlive();
                const bool headOnly = std::strcmp(parser.method(), "HEAD") == 0;
                HttpTargetReply reply = parser.isEcho() ? HttpTargetRouter::echo(parser.method(), parser.url(),
                                                                                 parser.headers(), parser.body())
                                                        : self->m_router.route(parser.url());
                parser.reset();
                if (reply.drop) {
                    ++stats.drops;
                    open = false;
                    abortive = true;
                    break;
                }
                if (!co_await answer(self, socket, &events, std::move(reply), keepAlive, headOnly)) {
                    open = false;
                    abortive = true;
                    break;
                }
                idleSince = nowNs();
                if (!keepAlive)
                    open = false;
            }
            if (!open)
                break;
            if (socket->bytesAvailable() > 0) {
                in.fillFrom(socket);
                continue;
            }
            if (socket->state() != QAbstractSocket::ConnectedState)
                break;
            qint64 deadline = 0;
            if (requestStarted) {
                const int ms = parser.headersComplete() ? opt.requestTimeoutMs : opt.headerTimeoutMs;
                deadline = ms > 0 ? requestStarted + ms * kNsPerMs : 0;
            } else if (opt.idleTimeoutMs > 0) {
                deadline = idleSince + opt.idleTimeoutMs * kNsPerMs;
            }
            const WakeReason r = co_await events.next(self->scheduler(), self->shutdownToken(), deadline);
            if (r == WakeReason::Cancelled) {
                abortive = true;
                break;
            }
            if (r == WakeReason::TimedOut) {
                if (requestStarted) {
                    refuse(408, "request not received in time", stats.closedSlowRequest);
                } else {
                    ++stats.closedIdle;
                    abortive = true;
                }
                break;
            }
        }
    } catch (const std::exception &e) {
        // Nothing may end a connection's coroutine without closing it and counting it (bad_alloc).
        qWarning("http target: a connection ended on an exception: %s", e.what());
        abortive = true;
    }
    if (abortive)
        socket->abort();
    else
        socket->disconnectFromHost();
    self->connectionEnded();
    socket->deleteLater();
}

} // namespace coroscope
