#include "net/ClientSocket.h"

#include "net/SocketEvents.h"

#include <QTcpSocket>

namespace coroscope {

ClientSocket::ClientSocket() = default;

ClientSocket::~ClientSocket()
{
    reset();
}

void ClientSocket::connectTo(const QHostAddress &host, quint16 port)
{
    reset();
    m_socket = new QTcpSocket;
    m_events = std::make_unique<SocketEvents>(m_socket);
    m_socket->connectToHost(host, port);
}

void ClientSocket::reset()
{
    m_events.reset();
    if (m_socket) {
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

bool ClientSocket::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

} // namespace coroscope
