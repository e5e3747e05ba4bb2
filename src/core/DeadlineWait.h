#pragma once

#include "core/WaitNode.h"

namespace coroscope {

// `co_await DeadlineWait(scheduler, &token, deadlineNs)`: sleeps until the deadline (TimedOut) or
// until the token is cancelled (Cancelled). With no token, a plain sleep on the shared deadline queue.
class DeadlineWait : public WaitNode
{
public:
    DeadlineWait(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs)
        : WaitNode(scheduler, token, deadlineNs)
    {
        Q_ASSERT(deadlineNs > 0 || token);
    }
    DeadlineWait(DeadlineWait &&) noexcept = default;

    bool await_ready() { return readyBeforeSuspend(); }
    void await_suspend(std::coroutine_handle<> h) { suspendOn(h); }
    WakeReason await_resume() const noexcept { return reason(); }
};

} // namespace coroscope
