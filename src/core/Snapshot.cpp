#include "core/Snapshot.h"

namespace coroscope {

LatencySummary LatencySummary::of(const LatencyHistogram &h)
{
    constexpr double kMs = 1e6;
    LatencySummary s;
    s.count = h.count();
    if (!s.count)
        return s;
    s.p50Ms = double(h.quantileNs(0.50)) / kMs;
    s.p90Ms = double(h.quantileNs(0.90)) / kMs;
    s.p95Ms = double(h.quantileNs(0.95)) / kMs;
    s.p99Ms = double(h.quantileNs(0.99)) / kMs;
    s.p999Ms = double(h.quantileNs(0.999)) / kMs;
    s.maxMs = double(h.maxNs()) / kMs;
    s.meanMs = h.meanNs() / kMs;
    return s;
}

} // namespace coroscope
