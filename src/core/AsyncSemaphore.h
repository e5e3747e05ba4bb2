#pragma once

#include "core/WaitNode.h"

namespace coroscope {

// asyncio.Semaphore with cancellation and deadlines: waiters are served FIFO; a cancelled or timed
// out waiter leaves the queue without taking a permit. Releases hand the permit over directly and
// resume the waiter on the next loop pass, so a chain of quick tasks never recurses.
class AsyncSemaphore
{
public:
    explicit AsyncSemaphore(qint64 permits) : m_available(permits) {}
    AsyncSemaphore(const AsyncSemaphore &) = delete;
    AsyncSemaphore &operator=(const AsyncSemaphore &) = delete;
    ~AsyncSemaphore() { Q_ASSERT(!m_head); }

    class Acquire : public WaitNode
    {
    public:
        Acquire(AsyncSemaphore &sem, LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs)
            : WaitNode(scheduler, token, deadlineNs), m_sem(&sem)
        {
        }
        Acquire(Acquire &&other) noexcept : WaitNode(std::move(other)), m_sem(other.m_sem) {}

        bool await_ready();
        void await_suspend(std::coroutine_handle<> h);
        // true when the permit was taken (Signalled); the caller must release() it.
        bool await_resume() const noexcept { return reason() == WakeReason::Signalled; }

    protected:
        void detachSource() override;

    private:
        friend class AsyncSemaphore;
        AsyncSemaphore *m_sem;
        Acquire *m_prev = nullptr;
        Acquire *m_next = nullptr;
    };

    Acquire acquire(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs = 0)
    {
        return Acquire(*this, scheduler, token, deadlineNs);
    }
    bool tryAcquire();
    void release();

    qint64 available() const { return m_available; }
    qint64 waiting() const { return m_waiting; }

private:
    void unlink(Acquire *node);

    qint64 m_available;
    qint64 m_waiting = 0;
    Acquire *m_head = nullptr;
    Acquire *m_tail = nullptr;
};

} // namespace coroscope
