#pragma once

#include <QHostAddress>

#include <memory>

class QTcpSocket;

namespace coroscope {

class SocketEvents;

// The socket of a client connection that outlives one request (HTTP keep-alive, a Redis link) and
// its one SocketEvents. A dropped socket is aborted and deleteLater()ed, never deleted: a wait may
// still reference it until the loop comes round.
class ClientSocket
{
public:
    ClientSocket();
    ~ClientSocket();
    ClientSocket(const ClientSocket &) = delete;
    ClientSocket &operator=(const ClientSocket &) = delete;

    // Drops any previous socket and starts connecting; then await SocketEvents::connected(events(), ...).
    void connectTo(const QHostAddress &host, quint16 port);
    void reset();
    bool isOpen() const;

    QTcpSocket *socket() const { return m_socket; }
    SocketEvents *events() const { return m_events.get(); }

private:
    QTcpSocket *m_socket = nullptr;
    std::unique_ptr<SocketEvents> m_events;
};

} // namespace coroscope
