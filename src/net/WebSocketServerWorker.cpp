#include "net/WebSocketServerWorker.h"

#include "core/Clock.h"
#include "core/SignalWait.h"

#include <QCoroTask>
#include <QHash>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

namespace coroscope {

namespace {
// Close a client that lets this much echo pile up unread: its messages cannot grow our memory.
constexpr qint64 kMaxQueuedOut = 4 * 1024 * 1024;
} // namespace

WebSocketServerWorker::WebSocketServerWorker(const Options &options, Stats *stats)
    : TcpServerWorker(options, stats), m_options(options), m_stats(stats)
{
    m_upgrader.setHandshakeTimeout(options.handshakeTimeoutMs);
    m_upgrader.setMaxPendingConnections(1024);
    connect(&m_upgrader, &QWebSocketServer::newConnection, this, &WebSocketServerWorker::adopt);
}

WebSocketServerWorker::~WebSocketServerWorker()
{
    for (QTcpSocket *s : std::exchange(m_pending, {})) {
        connectionEnded();
        delete s;
    }
}

void WebSocketServerWorker::serve(QTcpSocket *socket)
{
    // Qt's upgrade neither takes ownership of the TCP socket nor keeps our connections to it
    // (it disconnects them). Until upgraded the socket is ours here: deleted when it
    // disconnects, counted closed then (or when Qt deletes it); after, its session's.
    const quint16 port = socket->peerPort();
    m_pending.insert(port, socket);
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket, port] {
        if (m_pending.value(port) == socket) {
            m_pending.remove(port);
            connectionEnded();
            socket->deleteLater();
        }
    });
    connect(socket, &QObject::destroyed, this, [this, socket, port] {
        if (m_pending.value(port) == socket) {
            m_pending.remove(port);
            connectionEnded();
        }
    });
    m_upgrader.handleConnection(socket);
}

void WebSocketServerWorker::adopt()
{
    while (QWebSocket *ws = m_upgrader.nextPendingConnection()) {
        ws->setParent(nullptr); // owned by its session coroutine
        ++m_stats->upgraded;
        session(this, ws, m_pending.take(ws->peerPort()));
    }
}

QCoro::Task<void> WebSocketServerWorker::session(WebSocketServerWorker *self, QWebSocket *ws, QPointer<QTcpSocket> tcp)
{
    const WebSocketServerOptions &opt = self->m_options;
    WebSocketServerStats &stats = *self->m_stats;
    ws->setMaxAllowedIncomingFrameSize(quint64(opt.maxFrameBytes));
    ws->setMaxAllowedIncomingMessageSize(quint64(opt.maxMessageBytes));
    qint64 lastActivity = nowNs();
    bool slowReader = false;
    {
        // The echo itself runs in these slots; `context` drops them when the session ends.
        QObject context;
        QObject::connect(ws, &QWebSocket::textMessageReceived, &context,
                         [ws, &stats, &lastActivity, &slowReader](const QString &message) {
                             ++stats.messages;
                             stats.bytesIn += message.size();
                             lastActivity = nowNs();
                             ws->sendTextMessage(message);
                             ws->flush(); // now, not a loop pass later through the write notifier
                             if (ws->bytesToWrite() > kMaxQueuedOut && !slowReader) {
                                 slowReader = true;
                                 ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                           QStringLiteral("reads too slowly"));
                             }
                         });
        QObject::connect(ws, &QWebSocket::binaryMessageReceived, &context,
                         [ws, &stats, &lastActivity, &slowReader](const QByteArray &message) {
                             ++stats.messages;
                             stats.bytesIn += message.size();
                             lastActivity = nowNs();
                             ws->sendBinaryMessage(message);
                             ws->flush();
                             if (ws->bytesToWrite() > kMaxQueuedOut && !slowReader) {
                                 slowReader = true;
                                 ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                           QStringLiteral("reads too slowly"));
                             }
                         });
        std::atomic<qint64> *closeReason = &stats.closedByClient;
        for (;;) {
            if (ws->state() == QAbstractSocket::UnconnectedState)
                break;
            const qint64 deadline = opt.idleTimeoutMs > 0 ? lastActivity + opt.idleTimeoutMs * kNsPerMs : 0;
            const WakeReason r =
                co_await SignalWait(self->scheduler(), ws, &QWebSocket::disconnected, self->shutdownToken(), deadline);
            if (r == WakeReason::TimedOut) {
                if (nowNs() - lastActivity < opt.idleTimeoutMs * kNsPerMs)
                    continue; // a message came in meanwhile
                closeReason = &stats.closedIdle;
            } else if (r == WakeReason::Cancelled) {
                closeReason = &stats.closedShutdown;
            }
            break;
        }
        if (ws->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
            closeReason = &stats.closedTooLong;
        else if (slowReader)
            closeReason = &stats.closedSlowReader;
        ++*closeReason;
        if (ws->state() != QAbstractSocket::UnconnectedState) {
            // Idle or shutting down: say goodbye, give the client a moment to answer, then cut.
            ws->close(closeReason == &stats.closedIdle ? QWebSocketProtocol::CloseCodePolicyViolated
                                                       : QWebSocketProtocol::CloseCodeGoingAway);
            CancellationToken none;
            co_await SignalWait(self->scheduler(), ws, &QWebSocket::disconnected, &none, nowNs() + 500 * kNsPerMs);
        }
    }
    ws->abort();
    // In this order: deferred deletes run first come, first served, and the QWebSocket still
    // refers to its TCP socket until it is gone.
    ws->deleteLater();
    if (tcp)
        tcp->deleteLater();
    self->connectionEnded();
}

} // namespace coroscope
