#pragma once

#include "core/CoroutineFwd.h"
#include "core/EventLatch.h"

#include <QAbstractSocket>
#include <QObject>
#include <QPointer>

namespace coroscope {

// How waiting for a connection ended. Failed: the socket gave up (its error() and errorString() say
// why); Cancelled and TimedOut leave the socket connecting, for the caller to abort.
enum class ConnectOutcome { Connected, Failed, Cancelled, TimedOut };

// One persistent set of connections to a socket's signals, and an awaitable "something happened
// on the socket OR cancel OR deadline". Connecting once per socket instead of once per wait keeps
// a round trip cheap; a latched flag means an event that fires while nobody waits is not lost.
// After waking, the caller looks at the socket (bytesAvailable, state, bytesToWrite) itself.
// The coroutine that owns the socket owns this object (a local in its frame).
class SocketEvents : public QObject
{
    Q_OBJECT
public:
    explicit SocketEvents(QAbstractSocket *socket);
    ~SocketEvents() override;

    // Resumes at the next readyRead, connected, disconnected, error (or bytesWritten, when watched) — at once if
    // one fired since the last wait.
    EventLatch::Wait next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs = 0)
    {
        return m_latch.next(scheduler, token, deadlineNs, /*sourceGone=*/m_socket.isNull());
    }

    QAbstractSocket *socket() const { return m_socket; }

    // After connectToHost(): waits until the socket is connected (low-delay set) or gives up, the
    // token fires or the deadline (0 = none) passes. The one connect loop of every client here.
    static QCoro::Task<ConnectOutcome> connected(SocketEvents *events, LoopScheduler &scheduler,
                                                 CancellationToken *token, qint64 deadlineNs);
    // bytesWritten wakes a waiter only while watched: most waits are for replies, and a wake-up per
    // write would cost a spurious pass per message.
    void setWatchWrites(bool watch);

private:
    void fire() { m_latch.fire(/*deferred=*/false); }
    void fireLater() { m_latch.fire(/*deferred=*/true); }

    QPointer<QAbstractSocket> m_socket;
    QMetaObject::Connection m_writes;
    EventLatch m_latch;
};

} // namespace coroscope
