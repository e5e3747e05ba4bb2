#pragma once

#include <QtGlobal>

#include <coroutine>

namespace coroscope {

class CancellationToken;
class LoopScheduler;

// Why a suspended wait ended.
enum class WakeReason : quint8 {
    None,       // still waiting
    Signalled,  // the awaited thing happened
    Cancelled,  // the cancellation token fired
    TimedOut,   // the deadline passed
    SourceGone, // the awaited object was destroyed
};

// The part of an awaiter that may be woken from several sources: the awaited thing, a cancellation
// token and a deadline. It lives in the suspended coroutine's frame, so it does not move while
// registered anywhere; whichever source fires first unregisters it from the others and resumes it,
// which is why a wait built on it can never stay suspended forever.
class WaitNode
{
public:
    WaitNode(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs)
        : m_scheduler(&scheduler), m_token(token), m_deadlineNs(deadlineNs)
    {}
    // Awaiters are moved by GCC before they suspend; never while registered.
    WaitNode(WaitNode &&other) noexcept
        : m_scheduler(other.m_scheduler), m_token(other.m_token), m_deadlineNs(other.m_deadlineNs)
    {
        Q_ASSERT(!other.m_handle);
    }
    WaitNode(const WaitNode &) = delete;
    WaitNode &operator=(const WaitNode &) = delete;
    WaitNode &operator=(WaitNode &&) = delete;
    virtual ~WaitNode();

    WakeReason reason() const { return m_reason; }
    qint64 deadlineNs() const { return m_deadlineNs; }
    LoopScheduler &scheduler() const { return *m_scheduler; }

    // Wakes the node once; later calls are ignored. Deferred wakes go through the scheduler's ready
    // queue, for callers that must not run the coroutine inside their own stack frame.
    void wake(WakeReason reason, bool deferred);

protected:
    // Checks cancellation and deadline before suspending; true when the wait is already over.
    bool readyBeforeSuspend();
    // Ends the wait before it ever suspended (the awaited thing was already there); returns true,
    // what await_ready() answers then.
    bool completeWithoutSuspending(WakeReason reason)
    {
        m_reason = reason;
        return true;
    }
    // Registers with token and deadline queue. The subclass registers with its own source first.
    void suspendOn(std::coroutine_handle<> handle);
    // Called once when another source wins, to unregister from the awaited thing.
    virtual void detachSource() {}

private:
    friend class CancellationToken;
    friend class LoopScheduler;

    LoopScheduler *m_scheduler;
    CancellationToken *m_token;
    qint64 m_deadlineNs; // 0 = no deadline
    std::coroutine_handle<> m_handle;
    WaitNode *m_prevInToken = nullptr;
    WaitNode *m_nextInToken = nullptr;
    int m_heapIndex = -1;
    WakeReason m_reason = WakeReason::None;
};

} // namespace coroscope
