#pragma once

#include "core/CancellationToken.h"
#include "core/LoopScheduler.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

#include <atomic>

class QTcpSocket;

namespace coroscope {

// What every built-in server's options have: where it listens and how many clients it keeps.
struct ServerOptions {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;           // 0 = ephemeral
    int idleTimeoutMs = 60'000; // 0 = none
    int maxConnections = 10'000;
};

// Connection counters every built-in server keeps, readable from any thread.
struct ConnectionCounters {
    std::atomic<qint64> open{0};
    std::atomic<qint64> accepted{0};
    std::atomic<qint64> refused{0};      // over the connection limit
    std::atomic<qint64> acceptErrors{0}; // accept() failed, e.g. out of file descriptors
};

// The part of a built-in server that lives on its thread: the listener, the thread's scheduler,
// a shutdown token every connection waits on, and an accept loop that hands each socket to serve()
// at once (QTcpServer keeps only 30 pending by default) or refuses it over the limit.
//
// A worker derives from this and implements serve(). It owns the socket from then on, and calls
// connectionEnded() exactly once when the connection is over, typically when the coroutine that
// serves it (`void serve(QTcpSocket *s) override { run(this, s); }`) returns. shutdown() cancels
// shutdownToken() and calls onShutdown(): coroutines waiting on the token unwind, other components
// close what they hold there. ServerThread::stop() waits (bounded) for every connection to have
// ended before it deletes the worker.
class TcpServerWorker : public QObject
{
public:
    TcpServerWorker(const ServerOptions &options, ConnectionCounters *counters);

    bool listen(const QHostAddress &address, quint16 port, QString *error, quint16 *boundPort);
    // Closes the listener and cancels every connection's waits; they unwind on this thread's loop.
    void shutdown();
    qint64 openConnections() const { return m_counters->open.load(); }

protected:
    // Takes over one accepted connection (see above).
    virtual void serve(QTcpSocket *socket) = 0;
    // Called by shutdown() after the token is cancelled.
    virtual void onShutdown() {}
    void connectionEnded() { --m_counters->open; }

    LoopScheduler &scheduler() { return m_scheduler; }
    CancellationToken *shutdownToken() { return &m_shutdown; }

private:
    void accept();
    void acceptFailed();

    LoopScheduler m_scheduler{this};
    CancellationToken m_shutdown;
    ConnectionCounters *m_counters;
    QTcpServer m_server{this};
    QTimer m_resumeAccepting{this};
    int m_maxConnections;
};

} // namespace coroscope
