#pragma once

#include "core/WaitNode.h"

namespace coroscope {

// "Wake the coroutine waiting now, or remember the event for the next one to wait": the awaitable
// behind every event source with one waiting coroutine (a socket, a WebSocket, a database
// connection). The source calls fire() from its signals; the owner's coroutine awaits next(),
// which also ends on its cancellation token or deadline. A latched event is not lost, and one
// latch stands for any number of events: after waking, the waiter looks at the source itself.
// The latch lives as long as its source's owner and is never destroyed while a coroutine waits.
class EventLatch
{
    Q_DISABLE_COPY_MOVE(EventLatch) // a waiter points at it

public:
    EventLatch() = default;
    ~EventLatch();

    class Wait : public WaitNode
    {
    public:
        Wait(EventLatch *latch, LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs, bool ready)
            : WaitNode(scheduler, token, deadlineNs), m_latch(latch), m_ready(ready)
        {}
        Wait(Wait &&other) noexcept : WaitNode(std::move(other)), m_latch(other.m_latch), m_ready(other.m_ready) {}

        bool await_ready();
        void await_suspend(std::coroutine_handle<> h);
        WakeReason await_resume() const noexcept { return reason(); }

    protected:
        void detachSource() override;

    private:
        EventLatch *m_latch;
        bool m_ready; // the source is gone or broken: there is nothing to wait for
    };

    // Resumes at the next fire() (at once if one came since the last wait, or when `sourceGone`),
    // cancellation or deadline (0 = none).
    Wait next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs, bool sourceGone = false)
    {
        return Wait(this, scheduler, token, deadlineNs, sourceGone);
    }

    // Wakes the waiter, inside this call or (deferred) on the scheduler's next pass; with no waiter,
    // latches the event.
    void fire(bool deferred = false);
    // Forgets a latched event (the source was reset; what happened before no longer matters).
    void clear() { m_latched = false; }
    bool hasWaiter() const { return m_waiter != nullptr; }

private:
    Wait *m_waiter = nullptr;
    bool m_latched = false;
};

} // namespace coroscope
