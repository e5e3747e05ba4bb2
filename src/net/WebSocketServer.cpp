#include "net/WebSocketServer.h"

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

class WebSocketServer::Worker : public TcpServerWorker
{
public:
    Worker(const WebSocketServerOptions &options, WebSocketServerStats *stats)
        : TcpServerWorker(options.maxConnections, stats), m_options(options), m_stats(stats)
    {
        m_upgrader.setHandshakeTimeout(options.handshakeTimeoutMs);
        m_upgrader.setMaxPendingConnections(1024);
        connect(&m_upgrader, &QWebSocketServer::newConnection, this, &Worker::adopt);
    }

protected:
    void serve(QTcpSocket *socket) override
    {
        // Qt's upgrade neither takes ownership of the TCP socket nor keeps our connections to it
        // (it disconnects them). Until upgraded the socket is ours here: deleted when it
        // disconnects, counted closed then (or when Qt deletes it); after, its session's.
        const quint16 port = socket->peerPort();
        m_pending.insert(port, socket);
        connect(socket, &QAbstractSocket::disconnected, this, [this, socket, port] {
            if (m_pending.value(port) == socket) {
                m_pending.remove(port);
                --m_stats->open;
                socket->deleteLater();
            }
        });
        connect(socket, &QObject::destroyed, this, [this, socket, port] {
            if (m_pending.value(port) == socket) {
                m_pending.remove(port);
                --m_stats->open;
            }
        });
        m_upgrader.handleConnection(socket);
    }

public:
    ~Worker() override
    {
        for (QTcpSocket *s : std::exchange(m_pending, {})) {
            --m_stats->open;
            delete s;
        }
    }

private:
    void adopt()
    {
        while (QWebSocket *ws = m_upgrader.nextPendingConnection()) {
            ws->setParent(nullptr); // owned by its session coroutine
            ++m_stats->upgraded;
            session(this, ws, m_pending.take(ws->peerPort()));
        }
    }
    static QCoro::Task<void> session(Worker *self, QWebSocket *ws, QPointer<QTcpSocket> tcp);
    QHash<quint16, QTcpSocket *> m_pending; // accepted, not upgraded yet; by peer port

    WebSocketServerOptions m_options;
    WebSocketServerStats *m_stats;
    QWebSocketServer m_upgrader{QStringLiteral("coroscope"), QWebSocketServer::NonSecureMode, this};
};

QCoro::Task<void> WebSocketServer::Worker::session(Worker *self, QWebSocket *ws, QPointer<QTcpSocket> tcp)
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
                co_await SignalWait(self->m_scheduler, ws, &QWebSocket::disconnected, &self->m_shutdown, deadline);
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
            co_await SignalWait(self->m_scheduler, ws, &QWebSocket::disconnected, &none, nowNs() + 500 * kNsPerMs);
        }
    }
    ws->abort();
    // In this order: deferred deletes run first come, first served, and the QWebSocket still
    // refers to its TCP socket until it is gone.
    ws->deleteLater();
    if (tcp)
        tcp->deleteLater();
    --stats.open;
}

WebSocketServer::WebSocketServer(WebSocketServerOptions options) : m_options(std::move(options)) {}

WebSocketServer::~WebSocketServer()
{
    stop();
}

QString WebSocketServer::url() const
{
    return QStringLiteral("ws://%1:%2/").arg(m_options.address.toString()).arg(m_port);
}

bool WebSocketServer::start(QString *error)
{
    if (m_thread.isRunning())
        return true;
    const WebSocketServerOptions options = m_options;
    WebSocketServerStats *stats = &m_stats;
    return m_thread.start(
        QStringLiteral("websocket-server"), [options, stats] { return new Worker(options, stats); }, m_options.address,
        m_options.port, error, &m_port);
}

void WebSocketServer::stop()
{
    m_thread.stop();
}

} // namespace coroscope
