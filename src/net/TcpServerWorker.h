#pragma once

#include "core/CancellationToken.h"
#include "core/LoopScheduler.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <atomic>

class QTcpSocket;

namespace coroscope {

// Connection counters every built-in server keeps, readable from any thread.
struct ConnectionCounters {
    std::atomic<qint64> open{0};
    std::atomic<qint64> accepted{0};
    std::atomic<qint64> refused{0}; // over the connection limit
};

// The part of a built-in server that lives on its thread: the listener, the thread's scheduler,
// a shutdown token every connection waits on, and an accept loop that hands each socket to its own
// coroutine at once (QTcpServer keeps only 30 pending by default) or refuses it over the limit.
class TcpServerWorker : public QObject
{
public:
    TcpServerWorker(int maxConnections, ConnectionCounters *counters);

    bool listen(const QHostAddress &address, quint16 port, QString *error, quint16 *boundPort);
    // Closes the listener and cancels every connection's waits; they unwind on this thread's loop.
    void shutdown();
    qint64 openConnections() const { return m_counters->open.load(); }

protected:
    // Serves one accepted connection; must decrement counters->open and deleteLater() the socket.
    virtual void serve(QTcpSocket *socket) = 0;

    LoopScheduler m_scheduler{this};
    CancellationToken m_shutdown;
    ConnectionCounters *m_counters;

private:
    void accept();

    QTcpServer m_server{this};
    int m_maxConnections;
};

} // namespace coroscope
