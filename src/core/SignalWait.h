#pragma once

#include "core/WaitNode.h"

#include <QMetaObject>
#include <QObject>
#include <QPointer>

namespace coroscope {

// `co_await SignalWait(scheduler, sender, &Sender::signal, &token, deadlineNs)`: "this signal OR cancel
// OR deadline". Also ends (SourceGone) when the sender is destroyed, the case in which QCoro 0.8's
// qCoro(obj, &signal) never resumes. Read the sender's state after resuming; arguments are not kept.
template<typename Sender, typename Signal> class SignalWait : public WaitNode
{
public:
    SignalWait(LoopScheduler &scheduler, Sender *sender, Signal signal, CancellationToken *token, qint64 deadlineNs = 0)
        : WaitNode(scheduler, token, deadlineNs), m_sender(sender), m_signal(signal)
    {}
    SignalWait(SignalWait &&other) noexcept
        : WaitNode(std::move(other)), m_sender(other.m_sender), m_signal(other.m_signal)
    {}

    bool await_ready()
    {
        if (readyBeforeSuspend())
            return true;
        if (!m_sender) {
            return completeWithoutSuspending(WakeReason::SourceGone);
        }
        return false;
    }
    void await_suspend(std::coroutine_handle<> h)
    {
        Sender *sender = m_sender.data();
        // The sender is also the context: if it dies, Qt drops these connections for us.
        m_fired = QObject::connect(sender, m_signal, sender, [this](auto &&...) {
            detachSource();
            wake(WakeReason::Signalled, false);
        });
        m_gone = QObject::connect(sender, &QObject::destroyed, sender, [this]() {
            detachSource();
            wake(WakeReason::SourceGone, false);
        });
        suspendOn(h);
    }
    WakeReason await_resume() const noexcept { return reason(); }

protected:
    void detachSource() override
    {
        QObject::disconnect(m_fired);
        QObject::disconnect(m_gone);
    }

private:
    QPointer<Sender> m_sender;
    Signal m_signal;
    QMetaObject::Connection m_fired;
    QMetaObject::Connection m_gone;
};

} // namespace coroscope
