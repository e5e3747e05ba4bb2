// HttpFanoutWorkload's live keys: what stages and the window's live control change while it runs.
#include "workloads/HttpFanoutWorkload.h"

#include "core/Clock.h"

#include <QCoroTask>

#include <cmath>

namespace coroscope {

QList<LiveKey> HttpFanoutWorkload::liveKeys() const
{
    return {*stageKey()};
}

std::optional<LiveKey> HttpFanoutWorkload::stageKey() const
{
    return m_spec.ratePerSecond > 0 ? LiveKey::Rate : LiveKey::Concurrency;
}

std::optional<double> HttpFanoutWorkload::liveValue(LiveKey key) const
{
    if (key == LiveKey::Rate && m_spec.ratePerSecond > 0)
        return m_pacer.rate();
    if (key == LiveKey::Concurrency && m_spec.ratePerSecond <= 0)
        return double(m_workerTarget >= 0 ? m_workerTarget : m_spec.workers());
    return std::nullopt;
}

bool HttpFanoutWorkload::applyLiveChange(LiveKey key, double value, QString *error)
{
    if (!liveKeys().contains(key)) {
        *error = m_spec.ratePerSecond > 0
                     ? tr("the open model (a rate) changes its rate, not its %1").arg(liveKeyName(key))
                     : tr("the closed model (no rate) changes its concurrency, not its %1").arg(liveKeyName(key));
        return false;
    }
    if (key == LiveKey::Rate) {
        if (!(value >= 0 && value <= 10'000'000)) {
            *error = tr("expected a rate from 0 to 10000000 per second, found %1").arg(value);
            return false;
        }
        m_pacer.setRate(value, nowNs());
        return true;
    }
    if (!(value >= 0 && value <= HttpFanoutSpec::kMaxWorkers)) {
        *error = tr("expected a concurrency from 0 to %1, found %2").arg(HttpFanoutSpec::kMaxWorkers).arg(value);
        return false;
    }
    m_workerTarget = std::llround(value);
    if (m_launched) // before start() the target only sets how many workers start
        spawnWorkers();
    return true;
}

bool HttpFanoutWorkload::workerShouldRetire() const
{
    return m_workerTarget >= 0 && m_workersLive > m_workerTarget;
}

void HttpFanoutWorkload::spawnWorkers()
{
    if (isStopping() || isFinished() || m_idle.isCancelled())
        return;
    // A request count needs no more workers than requests.
    const qint64 want = m_spec.requests > 0 ? std::min(m_workerTarget, m_spec.requests) : m_workerTarget;
    // Counted once: an eager worker may end before the next one starts (no request left).
    const qint64 missing = want - m_workersLive;
    for (qint64 i = 0; i < missing; ++i) {
        ++m_workersLive;
        worker(this);
    }
    m_workerCount = want;
}

} // namespace coroscope
