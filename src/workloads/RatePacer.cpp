#include "workloads/RatePacer.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"

#include <QCoroTask>

#include <algorithm>

namespace coroscope {

void RatePacer::start(qint64 nowNs)
{
    m_epochNs = nowNs;
    m_epochIndex = m_next;
    m_started = true;
}

qint64 RatePacer::nextDueNs() const
{
    if (m_rate <= 0 || !m_started)
        return kNever;
    return m_epochNs + qint64(double(m_next - m_epochIndex) * 1e9 / m_rate);
}

void RatePacer::setRate(double ratePerSecond, qint64 nowNs)
{
    if (ratePerSecond == m_rate)
        return;
    if (!m_started) {
        m_rate = ratePerSecond;
        return;
    }
    // The next request is due no later than it was, and no later than one new interval from now.
    const qint64 wasDue = nextDueNs();
    m_rate = ratePerSecond;
    m_epochIndex = m_next;
    if (m_rate > 0)
        m_epochNs = std::min(wasDue, nowNs + qint64(1e9 / m_rate));
}

QCoro::Task<qint64> RatePacer::waitUntilDue(RatePacer *pacer, LoopScheduler &scheduler, CancellationToken *token)
{
    for (;;) {
        const qint64 due = pacer->nextDueNs();
        const qint64 now = nowNs();
        if (due <= now)
            co_return due;
        if (co_await DeadlineWait(scheduler, token, std::min(due, now + kRepaceNs)) == WakeReason::Cancelled)
            co_return 0;
    }
}

} // namespace coroscope
