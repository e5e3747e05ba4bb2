#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QVariant>

namespace coroscope {

SocketEvents::SocketEvents(QAbstractSocket *socket) : m_socket(socket)
{
    connect(socket, &QIODevice::readyRead, this, &SocketEvents::fire);
    connect(socket, &QAbstractSocket::connected, this, &SocketEvents::fire);
    // Qt emits errorOccurred (and disconnected, destroyed) while it tears the socket down: its
    // descriptor is already gone but state() still says connected. A coroutine resumed inside that
    // emission and writing to the socket made Qt print "QSocketNotifier: Invalid socket specified";
    // resumed on the next loop pass instead, it finds the socket unconnected.
    connect(socket, &QAbstractSocket::disconnected, this, &SocketEvents::fireLater);
    connect(socket, &QAbstractSocket::errorOccurred, this, &SocketEvents::fireLater);
    connect(socket, &QObject::destroyed, this, &SocketEvents::fireLater);
}

SocketEvents::~SocketEvents() = default;

void SocketEvents::setWatchWrites(bool watch)
{
    if (watch == bool(m_writes))
        return;
    if (watch)
        m_writes = connect(m_socket.data(), &QIODevice::bytesWritten, this, &SocketEvents::fire);
    else
        disconnect(m_writes);
}

QCoro::Task<ConnectOutcome> SocketEvents::connected(SocketEvents *events, LoopScheduler &scheduler,
                                                    CancellationToken *token, qint64 deadlineNs)
{
    QAbstractSocket *socket = events->socket();
    while (socket && socket->state() != QAbstractSocket::ConnectedState) {
        if (socket->state() == QAbstractSocket::UnconnectedState)
            co_return ConnectOutcome::Failed;
        const WakeReason r = co_await events->next(scheduler, token, deadlineNs);
        if (r == WakeReason::Cancelled)
            co_return ConnectOutcome::Cancelled;
        if (r == WakeReason::TimedOut)
            co_return ConnectOutcome::TimedOut;
        socket = events->socket();
    }
    if (!socket)
        co_return ConnectOutcome::Failed;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    co_return ConnectOutcome::Connected;
}

} // namespace coroscope
