// QueueWorkload's live key: the production rate of its coroutine producers, which stages and the
// window's live control change while it runs.
#include "workloads/QueueWorkload.h"

#include "core/Clock.h"

namespace coroscope {

QList<LiveKey> QueueWorkload::liveKeys() const
{
    if (const auto key = stageKey())
        return {*key};
    return {};
}

std::optional<LiveKey> QueueWorkload::stageKey() const
{
    // Only coroutine producers share the pacer; the producer thread and the TCP intake pace themselves.
    if (m_spec.ratePerSecond > 0 && !m_spec.tcpIntake && !m_spec.producerThread && m_spec.producers > 0)
        return LiveKey::Rate;
    return std::nullopt;
}

std::optional<double> QueueWorkload::liveValue(LiveKey key) const
{
    if (stageKey() == key)
        return m_ctx.pacer.rate();
    return std::nullopt;
}

bool QueueWorkload::applyLiveChange(LiveKey key, double value, QString *error)
{
    if (stageKey() != key) {
        *error = tr("only the production rate of coroutine producers (ratePerSecond > 0) changes while a queue "
                    "runs, not its %1")
                     .arg(liveKeyName(key));
        return false;
    }
    if (!(value >= 0 && value <= 100'000'000)) {
        *error = tr("expected a rate from 0 to 100000000 per second, found %1").arg(value);
        return false;
    }
    m_ctx.pacer.setRate(value, nowNs());
    return true;
}

} // namespace coroscope
