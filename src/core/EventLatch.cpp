#include "core/EventLatch.h"

namespace coroscope {

EventLatch::~EventLatch()
{
    Q_ASSERT_X(!m_waiter, "EventLatch", "destroyed while a coroutine waits on it");
}

void EventLatch::fire(bool deferred)
{
    if (Wait *w = m_waiter) {
        m_waiter = nullptr;
        w->wake(WakeReason::Signalled, deferred);
    } else {
        m_latched = true;
    }
}

bool EventLatch::Wait::await_ready()
{
    if (readyBeforeSuspend())
        return true;
    if (m_latch->m_latched || m_ready) {
        m_latch->m_latched = false;
        completeWithoutSuspending(WakeReason::Signalled);
        return true;
    }
    return false;
}

void EventLatch::Wait::await_suspend(std::coroutine_handle<> h)
{
    Q_ASSERT(!m_latch->m_waiter);
    m_latch->m_waiter = this;
    suspendOn(h);
}

void EventLatch::Wait::detachSource()
{
    if (m_latch->m_waiter == this)
        m_latch->m_waiter = nullptr;
}

} // namespace coroscope
