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

WebSocketEvents::~WebSocketEvents()
{
    Q_ASSERT_X(!m_waiter, "WebSocketEvents", "destroyed while a coroutine waits on it");
}

qint64 WebSocketEvents::takePongs(qint64 *lastArrivalNs)
{
    const qint64 n = m_pongs;
    m_pongs = 0;
    *lastArrivalNs = m_lastPongNs;
    return n;
}

void WebSocketEvents::fire()
{
    if (Wait *w = m_waiter) {
        m_waiter = nullptr;
        w->wake(WakeReason::Signalled, /*deferred=*/false);
    } else {
        m_latched = true;
    }
}

bool WebSocketEvents::Wait::await_ready()
{
    if (readyBeforeSuspend())
        return true;
    if (m_events->m_latched || !m_events->m_socket) {
        m_events->m_latched = false;
        completeWithoutSuspending(WakeReason::Signalled);
        return true;
    }
    return false;
}

void WebSocketEvents::Wait::await_suspend(std::coroutine_handle<> h)
{
    Q_ASSERT(!m_events->m_waiter);
    m_events->m_waiter = this;
    suspendOn(h);
}

void WebSocketEvents::Wait::detachSource()
{
    if (m_events->m_waiter == this)
        m_events->m_waiter = nullptr;
}

} // namespace coroscope
