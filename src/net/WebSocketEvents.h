#pragma once

#include "core/EventLatch.h"

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

    EventLatch::Wait next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs = 0)
    {
        return m_latch.next(scheduler, token, deadlineNs, /*sourceGone=*/m_socket.isNull());
    }

    std::deque<WebSocketMessage> &messages() { return m_messages; }
    bool overrun() const { return m_overrun; }
    // Pongs received since the last call, each with the time it arrived.
    qint64 takePongs(qint64 *lastArrivalNs);
    bool hadError() const { return m_error != QAbstractSocket::UnknownSocketError; }
    QAbstractSocket::SocketError error() const { return m_error; }
    QString errorString() const { return m_errorString; }

private:
    void fire() { m_latch.fire(); }

    QPointer<QWebSocket> m_socket;
    std::deque<WebSocketMessage> m_messages;
    qsizetype m_maxQueued;
    bool m_overrun = false;
    qint64 m_pongs = 0;
    qint64 m_lastPongNs = 0;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    QString m_errorString;
    EventLatch m_latch;
};

} // namespace coroscope
