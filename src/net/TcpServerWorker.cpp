#include "net/TcpServerWorker.h"

#include <QTcpSocket>

namespace coroscope {

TcpServerWorker::TcpServerWorker(int maxConnections, ConnectionCounters *counters)
    : m_counters(counters), m_maxConnections(maxConnections)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpServerWorker::accept);
    m_server.setMaxPendingConnections(1024);
    // Qt's default accept backlog is 50: a burst of 100 connects overflows it and the kernel drops
    // SYNs, which clients retry only after a second.
    m_server.setListenBacklogSize(4096);
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
    m_server.close();
    m_shutdown.cancel();
}

void TcpServerWorker::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(nullptr); // owned by its coroutine, not by the listener
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
