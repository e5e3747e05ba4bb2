#include "workloads/TcpLineIntake.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "core/TaskTracker.h"
#include "net/SocketEvents.h"
#include "workloads/QueueBackend.h"
#include "workloads/QueueContext.h"

#include <QCoroTask>
#include <QTcpServer>
#include <QTcpSocket>

#include <cstring>

namespace coroscope {

namespace {
// A line longer than this is cut: a client cannot grow the collector's buffer without bound.
constexpr qsizetype kMaxLineBytes = 64 * 1024 + 1;
} // namespace

TcpLineIntake::TcpLineIntake(QueueContext *ctx, QObject *parent) : QObject(parent), m_ctx(ctx) {}

TcpLineIntake::~TcpLineIntake() = default;

bool TcpLineIntake::listen(QString *error)
{
    if (m_server)
        return true;
    m_server = new QTcpServer(this);
    m_server->setListenBacklogSize(4096);
    connect(m_server, &QTcpServer::newConnection, this, &TcpLineIntake::accept);
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        *error = tr("the log intake cannot listen: %1").arg(m_server->errorString());
        return false;
    }
    return true;
}

void TcpLineIntake::start()
{
    for (qint64 p = 0; p < m_ctx->spec->intakeConnections; ++p)
        client(this, int(p));
}

quint16 TcpLineIntake::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

qint64 TcpLineIntake::descriptorsNeeded() const
{
    return 2 * m_ctx->spec->intakeConnections + 1; // both ends of each connection, and the listener
}

void TcpLineIntake::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(nullptr); // owned by its session coroutine
        session(this, socket);
    }
}

QCoro::Task<void> TcpLineIntake::client(TcpLineIntake *self, int index)
{
    bool reached = false;
    try {
        co_await clientLoop(self, index, &reached);
    } catch (const std::exception &e) {
        self->m_ctx->reportException("intake client", QString::fromUtf8(e.what()));
    }
    if (!reached)
        self->m_ctx->producerEnded(); // no session will end for this client
}

QCoro::Task<void> TcpLineIntake::clientLoop(TcpLineIntake *self, int index, bool *reached)
{
    // A log shipper: connects, writes its lines (waiting while the socket's queue is long), closes.
    QueueContext *ctx = self->m_ctx;
    auto *socket = new QTcpSocket;
    SocketEvents events(socket);
    socket->connectToHost(QHostAddress::LocalHost, self->port());
    // Once connected, the collector's session counts this producer's end.
    bool ok = co_await SocketEvents::connected(&events, *ctx->scheduler, ctx->cancel, 0) == ConnectOutcome::Connected;
    *reached = ok;
    QByteArray line(ctx->spec->intakeLineBytes, '.');
    line[line.size() - 1] = '\n';
    for (qint64 i = 0; ok && i < ctx->spec->intakeLinesPerConnection && !ctx->stop->isCancelled(); ++i) {
        const QByteArray stamp = "client " + QByteArray::number(index) + " line " + QByteArray::number(i) + ' ';
        std::memcpy(line.data(), stamp.constData(), size_t(std::min(stamp.size(), line.size() - 1)));
        socket->write(line);
        while (ok && socket->bytesToWrite() > 64 * 1024) {
            events.setWatchWrites(true);
            socket->flush();
            if (co_await events.next(*ctx->scheduler, ctx->stop) == WakeReason::Cancelled ||
                socket->state() != QAbstractSocket::ConnectedState)
                ok = false;
        }
    }
    events.setWatchWrites(false);
    if (ok) {
        socket->flush();
        socket->disconnectFromHost();
    } else {
        socket->abort();
    }
    socket->deleteLater();
}

QCoro::Task<void> TcpLineIntake::session(TcpLineIntake *self, QTcpSocket *socket)
{
    try {
        co_await sessionLoop(self, socket);
    } catch (const std::exception &e) {
        self->m_ctx->reportException("intake session", QString::fromUtf8(e.what()));
    }
    socket->abort();
    socket->deleteLater();
    self->m_ctx->producerEnded();
}

QCoro::Task<void> TcpLineIntake::sessionLoop(TcpLineIntake *self, QTcpSocket *socket)
{
    // The collector's side of one connection: every line becomes a queue item. While a put waits for
    // room nothing more is read, so the kernel's buffers fill and the client's writes slow down.
    QueueContext *ctx = self->m_ctx;
    TaskTracker &tracker = *ctx->tracker;
    std::unique_ptr<QueueChannel> channel = ctx->backend->openChannel(-1);
    SocketEvents events(socket);
    QByteArray in;
    for (;;) {
        if (socket->bytesAvailable() > 0)
            in += socket->read(std::max<qint64>(0, kMaxLineBytes - in.size()));
        qsizetype start = 0;
        bool stopped = false;
        int sinceYield = 0;
        for (qsizetype nl = in.indexOf('\n'); nl >= 0 || (start == 0 && in.size() >= kMaxLineBytes);
             nl = in.indexOf('\n', start)) {
            const qsizetype end = nl >= 0 ? nl : in.size(); // an over-long line is cut where the cap is
            QueueItem item;
            item.task = tracker.create(ctx->workload, nullptr);
            tracker.setPhase(item.task, ctx->phaseQueueWait);
            item.enqueuedNs = nowNs();
            item.payload = in.mid(start, end - start);
            start = nl >= 0 ? nl + 1 : in.size();
            const TaskRef ref = item.task;
            if (!channel->tryPut(item)) {
                QList<QueueItem> one{std::move(item)};
                if ((co_await channel->put(std::move(one), ctx->stop)).put == 0) {
                    tracker.finish(ref, TaskState::Cancelled);
                    stopped = true;
                    break;
                }
            }
            ++ctx->stats.produced;
            ctx->stats.in.add(nowNs());
            if (++sinceYield >= 64) {
                co_await ctx->scheduler->yield();
                sinceYield = 0;
            }
            if (start >= in.size())
                break;
        }
        in.remove(0, start);
        if (stopped || (socket->bytesAvailable() == 0 && socket->state() != QAbstractSocket::ConnectedState))
            break;
        if (socket->bytesAvailable() > 0)
            continue;
        if (co_await events.next(*ctx->scheduler, ctx->stop) == WakeReason::Cancelled)
            break;
    }
}

} // namespace coroscope
