#include "net/EchoServerWorker.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "net/ReadBuffer.h"
#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <exception>

namespace coroscope {

namespace {
// Stop reading from a client while this much echo is still queued for it: a client that sends
// without reading cannot grow our memory; TCP flow control pushes back on it instead.
constexpr qint64 kMaxQueuedOut = 256 * 1024;
} // namespace

EchoServerWorker::EchoServerWorker(const Options &options, Stats *stats)
    : TcpServerWorker(options, stats), m_options(options), m_stats(stats)
{}

void EchoServerWorker::serve(QTcpSocket *socket)
{
    run(this, socket);
}

QCoro::Task<void> EchoServerWorker::run(EchoServerWorker *self, QTcpSocket *socket)
{
    const Options &opt = self->m_options;
    Stats &stats = *self->m_stats;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setReadBufferSize(std::max<qint64>(64 * 1024, opt.maxMessageBytes + 8));
    SocketEvents events(socket);
    ReadBuffer in;
    qint64 lastActivity = nowNs();
    std::atomic<qint64> *closeReason = &stats.closedByClient;
    bool abortive = false;

    try {
        for (;;) {
            if (socket->bytesToWrite() < kMaxQueuedOut && socket->bytesAvailable() > 0) {
                const qint64 got = in.fillFrom(socket);
                if (got <= 0)
                    continue; // state is checked below on the next pass
                stats.bytesIn += got;
                lastActivity = nowNs();
                qsizetype complete = 0, messages = 0;
                const auto status = EchoFrameScanner::scan(opt.framing, in.data(), in.size(), opt.maxMessageBytes,
                                                           &complete, &messages);
                if (status == EchoFrameScanner::Status::TooLong) {
                    closeReason = &stats.closedTooLong;
                    abortive = true;
                    break;
                }
                if (complete > 0) {
                    // Counted before the echo leaves, so a client that has its echo also sees it counted.
                    stats.bytesOut += complete;
                    stats.messages += messages;
                    socket->write(in.data(), complete);
                    socket->flush(); // now, not on the next loop pass through the write notifier
                }
                in.consume(complete);
                continue;
            }
            if (socket->state() != QAbstractSocket::ConnectedState) {
                if (socket->error() != QAbstractSocket::RemoteHostClosedError &&
                    socket->error() != QAbstractSocket::UnknownSocketError)
                    closeReason = &stats.closedError;
                break;
            }
            // Stalled behind a slow reader: wait for its queue to drain rather than read more.
            events.setWatchWrites(socket->bytesToWrite() >= kMaxQueuedOut);
            const qint64 deadline = opt.idleTimeoutMs > 0 ? lastActivity + opt.idleTimeoutMs * kNsPerMs : 0;
            const WakeReason r = co_await events.next(self->scheduler(), self->shutdownToken(), deadline);
            if (r == WakeReason::Cancelled) {
                closeReason = &stats.closedShutdown;
                abortive = true;
                break;
            }
            if (r == WakeReason::TimedOut) {
                closeReason = &stats.closedIdle;
                abortive = true;
                break;
            }
        }
    } catch (const std::exception &e) {
        // Nothing may end a connection's coroutine without closing it and counting it (bad_alloc).
        qWarning("echo server: a connection ended on an exception: %s", e.what());
        closeReason = &stats.closedError;
        abortive = true;
    }
    ++*closeReason;
    if (abortive)
        socket->abort();
    else
        socket->close();
    self->connectionEnded();
    socket->deleteLater();
}

} // namespace coroscope
