#include "core/AsyncSemaphore.h"

namespace coroscope {

bool AsyncSemaphore::tryAcquire()
{
    // Waiters first: a newcomer must not overtake the queue.
    if (m_available > 0 && !m_head) {
        --m_available;
        return true;
    }
    return false;
}

void AsyncSemaphore::release()
{
    if (Acquire *node = m_head) {
        unlink(node);
        node->wake(WakeReason::Signalled, /*deferred=*/true);
        return;
    }
    ++m_available;
}

void AsyncSemaphore::unlink(Acquire *node)
{
    if (node->m_prev)
        node->m_prev->m_next = node->m_next;
    else
        m_head = node->m_next;
    if (node->m_next)
        node->m_next->m_prev = node->m_prev;
    else
        m_tail = node->m_prev;
    node->m_prev = node->m_next = nullptr;
    --m_waiting;
}

bool AsyncSemaphore::Acquire::await_ready()
{
    if (readyBeforeSuspend())
        return true;
    if (m_sem->tryAcquire()) {
        completeWithoutSuspending(WakeReason::Signalled);
        return true;
    }
    return false;
}

void AsyncSemaphore::Acquire::await_suspend(std::coroutine_handle<> h)
{
    m_prev = m_sem->m_tail;
    m_next = nullptr;
    if (m_sem->m_tail)
        m_sem->m_tail->m_next = this;
    else
        m_sem->m_head = this;
    m_sem->m_tail = this;
    ++m_sem->m_waiting;
    suspendOn(h);
}

void AsyncSemaphore::Acquire::detachSource()
{
    m_sem->unlink(this);
}

} // namespace coroscope
