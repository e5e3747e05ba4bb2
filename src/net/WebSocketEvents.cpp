#include "net/WebSocketEvents.h"

#include "core/Clock.h"

#include <QWebSocket>

namespace coroscope {

WebSocketEvents::WebSocketEvents(QWebSocket *socket, qsizetype maxQueuedMessages)
    : m_socket(socket), m_maxQueued(maxQueuedMessages)
{
    connect(socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        if (qsizetype(m_messages.size()) >= m_maxQueued)
            m_overrun = true;
        else
            m_messages.push_back(WebSocketMessage{message.toUtf8(), true});
        fire();
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &message) {
        if (qsizetype(m_messages.size()) >= m_maxQueued)
            m_overrun = true;
        else
            m_messages.push_back(WebSocketMessage{message, false});
        fire();
    });
    connect(socket, &QWebSocket::pong, this, [this](quint64, const QByteArray &) {
        ++m_pongs;
        m_lastPongNs = nowNs();
        fire();
    });
    connect(socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError error) {
                if (m_error == QAbstractSocket::UnknownSocketError) {
                    m_error = error;
                    m_errorString = m_socket ? m_socket->errorString() : QString();
                }
                fire();
            });
    connect(socket, &QWebSocket::connected, this, &WebSocketEvents::fire);
    connect(socket, &QWebSocket::disconnected, this, &WebSocketEvents::fire);
    connect(socket, &QObject::destroyed, this, &WebSocketEvents::fire);
}

WebSocketEvents::~WebSocketEvents() = default;

qint64 WebSocketEvents::takePongs(qint64 *lastArrivalNs)
{
    const qint64 n = m_pongs;
    m_pongs = 0;
    *lastArrivalNs = m_lastPongNs;
    return n;
}

} // namespace coroscope
