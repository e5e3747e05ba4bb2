#pragma once

#include "core/WaitNode.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <deque>

class QWebSocket;

namespace coroscope {

// A message as it arrived: text or binary (text kept as UTF-8 for a byte-for-byte comparison).
struct WebSocketMessage {
    QByteArray data;
    bool text = false;
};

// One persistent set of connections to a client QWebSocket's signals and an awaitable "something
// happened OR cancel OR deadline", the WebSocket twin of SocketEvents: messages and pongs are kept
// (a bounded number — past it the connection is marked overrun and the owner closes it), connect,
// disconnect and error latch. The coroutine that owns the socket owns this object.
class WebSocketEvents : public QObject
{
    Q_OBJECT
public:
    WebSocketEvents(QWebSocket *socket, qsizetype maxQueuedMessages);
    ~WebSocketEvents() override;

    class Wait : public WaitNode
    {
    public:
        Wait(WebSocketEvents *events, LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs)
            : WaitNode(scheduler, token, deadlineNs), m_events(events)
        {}
        Wait(Wait &&other) noexcept : WaitNode(std::move(other)), m_events(other.m_events) {}
        bool await_ready();
        void await_suspend(std::coroutine_handle<> h);
        WakeReason await_resume() const noexcept { return reason(); }

    protected:
        void detachSource() override;

    private:
        WebSocketEvents *m_events;
    };
    Wait next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs = 0)
    {
        return Wait(this, scheduler, token, deadlineNs);
    }

    std::deque<WebSocketMessage> &messages() { return m_messages; }
    bool overrun() const { return m_overrun; }
    // Pongs received since the last call, each with the time it arrived.
    qint64 takePongs(qint64 *lastArrivalNs);
    bool hadError() const { return m_error != QAbstractSocket::UnknownSocketError; }
    QAbstractSocket::SocketError error() const { return m_error; }
    QString errorString() const { return m_errorString; }

private:
    void fire();

    QPointer<QWebSocket> m_socket;
    std::deque<WebSocketMessage> m_messages;
    qsizetype m_maxQueued;
    bool m_overrun = false;
    qint64 m_pongs = 0;
    qint64 m_lastPongNs = 0;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    QString m_errorString;
    Wait *m_waiter = nullptr;
    bool m_latched = false;
};

} // namespace coroscope
