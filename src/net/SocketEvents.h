#pragma once

#include "core/CoroutineFwd.h"
#include "core/WaitNode.h"

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

    class Wait : public WaitNode
    {
    public:
        Wait(SocketEvents *events, LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs)
            : WaitNode(scheduler, token, deadlineNs), m_events(events)
        {}
        Wait(Wait &&other) noexcept : WaitNode(std::move(other)), m_events(other.m_events) {}

        bool await_ready();
        void await_suspend(std::coroutine_handle<> h);
        WakeReason await_resume() const noexcept { return reason(); }

    protected:
        void detachSource() override;

    private:
        friend class SocketEvents;
        SocketEvents *m_events;
    };

    // Resumes at the next readyRead, connected, disconnected, error (or bytesWritten, when watched) — at once if
    // one fired since the last wait.
    Wait next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs = 0)
    {
        return Wait(this, scheduler, token, deadlineNs);
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
    void fire() { wakeWaiter(/*deferred=*/false); }
    void fireLater() { wakeWaiter(/*deferred=*/true); }
    // Wakes the coroutine waiting now, or latches the event for the next one to wait.
    void wakeWaiter(bool deferred);

    QPointer<QAbstractSocket> m_socket;
    QMetaObject::Connection m_writes;
    Wait *m_waiter = nullptr;
    bool m_latched = false;
};

} // namespace coroscope
