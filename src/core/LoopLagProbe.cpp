#include "core/LoopLagProbe.h"

#include "core/Clock.h"

#include <algorithm>

namespace coroscope {

LoopLagProbe::LoopLagProbe(int intervalMs, QObject *parent)
    : QObject(parent), m_intervalNs(qint64(intervalMs) * kNsPerMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LoopLagProbe::tick);
}

void LoopLagProbe::start()
{
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void LoopLagProbe::stop()
{
    m_timer.stop();
}

void LoopLagProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 lag = std::max<qint64>(0, now - m_lastNs - m_intervalNs);
    m_lastNs = now;
    m_lag.record(lag);
    m_recentMaxNs = std::max(m_recentMaxNs, lag);
}

LoopLagSummary LoopLagProbe::takeSummary()
{
    LoopLagSummary s;
    s.p50Ms = double(m_lag.quantileNs(0.50)) / 1e6;
    s.p99Ms = double(m_lag.quantileNs(0.99)) / 1e6;
    s.maxMs = double(m_lag.maxNs()) / 1e6;
    s.recentMaxMs = double(m_recentMaxNs) / 1e6;
    m_recentMaxNs = 0;
    return s;
}

} // namespace coroscope
