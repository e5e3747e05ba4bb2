#include "net/WebSocketServerWorker.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "net/WebSocketStream.h"

#include <QCoroTask>
#include <QTcpSocket>

#include <exception>

namespace coroscope {

namespace {
// Stop reading from a client while this much echo is still queued for it: a client that sends
// without reading cannot grow our memory; TCP flow control pushes back on it instead.
constexpr qint64 kMaxQueuedOut = 256 * 1024;
// After the server's own close frame, how long the client has to answer before the cut.
constexpr qint64 kCloseGraceNs = 500 * kNsPerMs;
} // namespace

WebSocketServerWorker::WebSocketServerWorker(const Options &options, Stats *stats)
    : TcpServerWorker(options, stats), m_options(options), m_stats(stats)
{}

void WebSocketServerWorker::serve(QTcpSocket *socket)
{
    session(this, socket);
}

QCoro::Task<void> WebSocketServerWorker::session(WebSocketServerWorker *self, QTcpSocket *socket)
{
    const Options &opt = self->m_options;
    Stats &stats = *self->m_stats;
    WebSocketStream::Limits limits;
    limits.maxFrameBytes = opt.maxFrameBytes;
    limits.maxMessageBytes = opt.maxMessageBytes;
    // Every message of one read waits to be echoed: as many as the smallest frames fill a read.
    limits.maxQueuedMessages = limits.readChunkBytes;
    WebSocketStream ws(WebSocketStream::Role::Server, limits);
    std::atomic<qint64> *closeReason = &stats.closedByClient;
    try {
        const qint64 handshakeDeadline = opt.handshakeTimeoutMs > 0 ? nowNs() + opt.handshakeTimeoutMs * kNsPerMs : 0;
        const ConnectOutcome opened =
            co_await WebSocketStream::accept(&ws, socket, self->scheduler(), self->shutdownToken(), handshakeDeadline);
        if (opened == ConnectOutcome::Connected) {
            ++stats.upgraded;
        } else {
            ++stats.refusedUpgrades;
            closeReason = opened == ConnectOutcome::Cancelled ? &stats.closedShutdown : nullptr;
        }
        qint64 lastActivity = nowNs();
        while (ws.isOpen()) {
            WebSocketMessageView m;
            qint64 echoed = 0;
            while (ws.takeMessage(&m)) {
                ++stats.messages;
                stats.bytesIn += m.data.size();
                ws.send(m.data, m.text);
                ++echoed;
            }
            if (echoed > 0) {
                lastActivity = nowNs();
                ws.flush(); // the echoes of one read in one write
            }
            const bool reading = ws.bytesToWrite() < kMaxQueuedOut;
            ws.setWatchReads(reading);
            const qint64 deadline = opt.idleTimeoutMs > 0 ? lastActivity + opt.idleTimeoutMs * kNsPerMs : 0;
            const WakeReason r = co_await ws.next(self->scheduler(), self->shutdownToken(), deadline);
            if (r == WakeReason::Cancelled) {
                closeReason = &stats.closedShutdown;
                ws.close(WebSocketClose::GoingAway);
                break;
            }
            if (r == WakeReason::TimedOut && nowNs() >= deadline) {
                // Idle: nothing came in time — or it could not, because the client does not read.
                closeReason = reading ? &stats.closedIdle : &stats.closedSlowReader;
                ws.close(WebSocketClose::PolicyViolated, reading ? "idle" : "reads too slowly");
                break;
            }
        }
        if (ws.endKind() == ErrorKind::ProtocolError && opened == ConnectOutcome::Connected)
            closeReason = ws.closeCode() == WebSocketClose::TooBig ? &stats.closedTooLong : &stats.closedProtocolError;
        // Our close frame (or the answer to the client's) leaves, the client has a moment to answer
        // ours, then the connection is cut. The server closes TCP first, as section 7.1.1 asks.
        CancellationToken none;
        const qint64 graceDeadline = nowNs() + kCloseGraceNs;
        ws.setWatchReads(true);
        while (!ws.isTcpClosed() && (ws.bytesToWrite() > 0 || ws.state() == WebSocketStream::State::Closing)) {
            if (co_await ws.next(self->scheduler(), &none, graceDeadline) != WakeReason::Signalled)
                break;
        }
    } catch (const std::exception &e) {
        // Nothing may end a connection's coroutine without closing it and counting it (bad_alloc).
        qWarning("websocket server: a connection ended on an exception: %s", e.what());
        closeReason = &stats.closedProtocolError;
    }
    if (closeReason)
        ++*closeReason;
    ws.abort();
    self->connectionEnded();
}

} // namespace coroscope
