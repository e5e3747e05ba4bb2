#include "net/EchoServerWorker.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "net/ReadBuffer.h"
#include "net/TcpStream.h"

#include <QCoroTask>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <exception>

namespace coroscope {

namespace {
// Stop reading from a client while this much echo is still queued for it: a client that sends
// without reading cannot grow our memory; TCP flow control pushes back on it instead.
constexpr qint64 kMaxQueuedOut = 256 * 1024;
// Read at most this much per read(): a full read is followed by another at once, a short one by a wait.
constexpr qint64 kReadChunk = 16 * 1024;
} // namespace

void EchoServerWorker::serve(QTcpSocket *socket)
{
    run(this, socket);
}

QCoro::Task<void> EchoServerWorker::run(EchoServerWorker *self, QTcpSocket *socket)
{
    const Options &opt = self->m_options;
    Stats &stats = *self->m_stats;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    ReadBuffer in;
    QString why;
    // Accepted by Qt, served straight through the descriptor: one read and one write per echo.
    std::unique_ptr<TcpStream> stream = TcpStream::takeOver(socket, in, &why);
    socket->deleteLater();
    if (!stream) {
        ++stats.closedError;
        self->connectionEnded();
        co_return;
    }
    qint64 lastActivity = nowNs();
    std::atomic<qint64> *closeReason = &stats.closedByClient;

    try {
        qint64 got = in.size(); // what the QTcpSocket had already read, if anything
        for (;;) {
            if (got > 0) {
                stats.bytesIn += got;
                lastActivity = nowNs();
                qsizetype complete = 0, messages = 0;
                const auto status = EchoFrameScanner::scan(opt.framing, in.data(), in.size(), opt.maxMessageBytes,
                                                           &complete, &messages);
                if (status == EchoFrameScanner::Status::TooLong) {
                    closeReason = &stats.closedTooLong;
                    break;
                }
                if (complete > 0) {
                    // Counted before the echo leaves, so a client that has its echo also sees it counted.
                    stats.bytesOut += complete;
                    stats.messages += messages;
                    stream->write(in.data(), complete); // a failure shows in isOpen() below
                }
                in.consume(complete);
            }
            if (!stream->isOpen()) {
                if (stream->error() != QAbstractSocket::RemoteHostClosedError)
                    closeReason = &stats.closedError;
                break;
            }
            // Stalled behind a slow reader: wait for its queue to drain rather than read more.
            const bool reading = stream->bytesToWrite() < kMaxQueuedOut;
            if (reading && got == kReadChunk) {
                got = std::max<qint64>(0, stream->read(in, kReadChunk)); // a full read: more may be there now
                continue;
            }
            stream->setWatchReads(reading);
            const qint64 deadline = opt.idleTimeoutMs > 0 ? lastActivity + opt.idleTimeoutMs * kNsPerMs : 0;
            const WakeReason r = co_await stream->next(self->scheduler(), self->shutdownToken(), deadline);
            if (r == WakeReason::Cancelled) {
                closeReason = &stats.closedShutdown;
                break;
            }
            if (r == WakeReason::TimedOut) {
                closeReason = &stats.closedIdle;
                break;
            }
            got = stream->bytesToWrite() < kMaxQueuedOut ? std::max<qint64>(0, stream->read(in, kReadChunk)) : 0;
        }
    } catch (const std::exception &e) {
        // Nothing may end a connection's coroutine without closing it and counting it (bad_alloc).
        qWarning("echo server: a connection ended on an exception: %s", e.what());
        closeReason = &stats.closedError;
    }
    ++*closeReason;
    stream->close();
    self->connectionEnded();
}

} // namespace coroscope
