#include "core/WaitNode.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"

namespace coroscope {

WaitNode::~WaitNode()
{
    // A frame destroyed while suspended would leave dangling links; cannot happen with QCoro 0.8,
    // which never destroys a suspended frame, but keep the structures sound regardless.
    if (m_handle && m_reason == WakeReason::None) {
        if (m_token)
            m_token->remove(this);
        if (m_heapIndex >= 0)
            m_scheduler->removeDeadline(this);
    }
}

bool WaitNode::readyBeforeSuspend()
{
    if (m_token && m_token->isCancelled()) {
        m_reason = WakeReason::Cancelled;
        return true;
    }
    if (m_deadlineNs > 0 && m_deadlineNs <= nowNs()) {
        m_reason = WakeReason::TimedOut;
        return true;
    }
    return false;
}

void WaitNode::suspendOn(std::coroutine_handle<> handle)
{
    m_handle = handle;
    if (m_token)
        m_token->add(this);
    if (m_deadlineNs > 0)
        m_scheduler->addDeadline(this);
}

void WaitNode::wake(WakeReason reason, bool deferred)
{
    if (m_reason != WakeReason::None)
        return;
    m_reason = reason;
    if (m_token && reason != WakeReason::Cancelled)
        m_token->remove(this);
    if (m_heapIndex >= 0)
        m_scheduler->removeDeadline(this);
    if (reason != WakeReason::Signalled && reason != WakeReason::SourceGone)
        detachSource();
    auto handle = m_handle;
    if (deferred)
        m_scheduler->callSoon(handle);
    else
        handle.resume();
}

} // namespace coroscope
