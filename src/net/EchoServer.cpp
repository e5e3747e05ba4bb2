#include "net/EchoServer.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <cstring>

namespace coroscope {

namespace {
// Stop reading from a client while this much echo is still queued for it: a client that sends
// without reading cannot grow our memory; TCP flow control pushes back on it instead.
constexpr qint64 kMaxQueuedOut = 256 * 1024;
} // namespace

class EchoServer::Worker : public QObject
{
public:
    Worker(const EchoServerOptions &options, EchoServerStats *stats) : m_options(options), m_stats(stats)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &Worker::accept);
        m_server.setMaxPendingConnections(1024);
        // Qt's default accept backlog is 50: a burst of 100 connects overflows it and the kernel drops
        // SYNs, which clients retry only after a second.
        m_server.setListenBacklogSize(4096);
    }

    bool listen(QString *error, quint16 *port)
    {
        if (!m_server.listen(m_options.address, m_options.port)) {
            *error = m_server.errorString();
            return false;
        }
        *port = m_server.serverPort();
        return true;
    }

    void shutdown()
    {
        m_server.close();
        m_shutdown.cancel();
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(nullptr); // owned by its coroutine, not by the server
            if (m_stats->open.load() >= m_options.maxConnections || m_shutdown.isCancelled()) {
                ++m_stats->refused;
                socket->abort();
                socket->deleteLater();
                continue;
            }
            ++m_stats->accepted;
            ++m_stats->open;
            serve(this, socket);
        }
    }

    static QCoro::Task<void> serve(Worker *self, QTcpSocket *socket);

    EchoServerOptions m_options;
    EchoServerStats *m_stats;
    QTcpServer m_server{this};
    LoopScheduler m_scheduler{this};
    CancellationToken m_shutdown;
};

QCoro::Task<void> EchoServer::Worker::serve(Worker *self, QTcpSocket *socket)
{
    const EchoServerOptions &opt = self->m_options;
    EchoServerStats &stats = *self->m_stats;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setReadBufferSize(std::max<qint64>(64 * 1024, opt.maxMessageBytes + 8));
    SocketEvents events(socket);
    // One buffer per connection, reused for every read: an incomplete message stays at its front.
    QByteArray in;
    qsizetype have = 0;
    qint64 lastActivity = nowNs();
    std::atomic<qint64> *closeReason = &stats.closedByClient;
    bool abortive = false;

    for (;;) {
        if (socket->bytesToWrite() < kMaxQueuedOut && socket->bytesAvailable() > 0) {
            const qint64 available = socket->bytesAvailable();
            if (in.size() < have + available)
                in.resize(have + available);
            const qint64 got = socket->read(in.data() + have, available);
            if (got <= 0)
                continue; // state is checked below on the next pass
            have += got;
            stats.bytesIn += got;
            lastActivity = nowNs();
            qsizetype complete = 0, messages = 0;
            const auto status = EchoFrameScanner::scan(opt.framing, in.constData(), have, opt.maxMessageBytes,
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
                socket->write(in.constData(), complete);
                socket->flush(); // now, not on the next loop pass through the write notifier
            }
            if (complete > 0 && complete < have)
                std::memmove(in.data(), in.constData() + complete, size_t(have - complete));
            have -= complete;
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
        const WakeReason r = co_await events.next(self->m_scheduler, &self->m_shutdown, deadline);
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
    ++*closeReason;
    if (abortive)
        socket->abort();
    else
        socket->close();
    --stats.open;
    socket->deleteLater();
}

EchoServer::EchoServer(EchoServerOptions options) : m_options(std::move(options)) {}

EchoServer::~EchoServer()
{
    stop();
}

bool EchoServer::start(QString *error)
{
    if (m_thread)
        return true;
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("echo-server"));
    m_thread->start();
    QObject anchor;
    anchor.moveToThread(m_thread.get());
    bool ok = false;
    QString why;
    quint16 port = 0;
    // Build the worker inside its thread, so its sockets, timers and scheduler all belong there.
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            m_worker = new Worker(m_options, &m_stats);
            ok = m_worker->listen(&why, &port);
            anchor.moveToThread(nullptr);
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(m_options.address.toString()).arg(m_options.port).arg(why);
        stop();
        return false;
    }
    m_port = port;
    return true;
}

void EchoServer::stop()
{
    if (!m_thread)
        return;
    if (m_worker) {
        Worker *w = m_worker;
        QMetaObject::invokeMethod(w, [w] { w->shutdown(); }, Qt::BlockingQueuedConnection);
        // Connections unwind on the server's own loop; give them a bounded moment.
        QElapsedTimer waited;
        waited.start();
        while (m_stats.open.load() > 0 && waited.elapsed() < 5000)
            QThread::msleep(1);
        QMetaObject::invokeMethod(w, [w] { delete w; }, Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

} // namespace coroscope
