#include "net/TcpServerWorker.h"

#include <QTcpSocket>

namespace coroscope {

namespace {
// After accept() fails for lack of descriptors, try again this much later: soon enough that a
// client finishing frees room for the next, rare enough that a full table costs nothing.
constexpr int kAcceptRetryMs = 50;
} // namespace

TcpServerWorker::TcpServerWorker(const ServerOptions &options, ConnectionCounters *counters)
    : m_counters(counters), m_maxConnections(options.maxConnections)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpServerWorker::accept);
    connect(&m_server, &QTcpServer::acceptError, this, &TcpServerWorker::acceptFailed);
    m_server.setMaxPendingConnections(1024);
    // Qt's default accept backlog is 50: a burst of 100 connects overflows it and the kernel drops
    // SYNs, which clients retry only after a second.
    m_server.setListenBacklogSize(4096);
    m_resumeAccepting.setSingleShot(true);
    m_resumeAccepting.setInterval(kAcceptRetryMs);
    connect(&m_resumeAccepting, &QTimer::timeout, this, [this] {
        if (!m_shutdown.isCancelled() && m_server.isListening())
            m_server.resumeAccepting();
    });
}

bool TcpServerWorker::listen(const QHostAddress &address, quint16 port, QString *error, quint16 *boundPort)
{
    if (!m_server.listen(address, port)) {
        *error = m_server.errorString();
        return false;
    }
    *boundPort = m_server.serverPort();
    return true;
}

void TcpServerWorker::shutdown()
{
    m_resumeAccepting.stop();
    m_server.close();
    m_shutdown.cancel();
    onShutdown();
}

void TcpServerWorker::acceptFailed()
{
    // QTcpServer pauses accepting for good after an error such as EMFILE; the descriptors come back
    // as connections close, so listening resumes shortly instead of never.
    ++m_counters->acceptErrors;
    m_resumeAccepting.start();
}

void TcpServerWorker::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(nullptr); // owned by whoever serves it, not by the listener
        if (m_counters->open.load() >= m_maxConnections || m_shutdown.isCancelled()) {
            ++m_counters->refused;
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_counters->accepted;
        ++m_counters->open;
        serve(socket);
    }
}

} // namespace coroscope
