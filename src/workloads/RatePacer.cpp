#include "workloads/RatePacer.h"

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

} // namespace coroscope
