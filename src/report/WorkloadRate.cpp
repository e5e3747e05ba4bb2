#include "report/WorkloadRate.h"

#include <algorithm>

namespace coroscope {

double WorkloadRate::activeSeconds(const WorkloadSnapshot &w, const Snapshot &s, const RunSpec &spec)
{
    double startSeconds = 0;
    for (const WorkloadSpec &ws : spec.workloads) {
        if (ws.name == w.name)
            startSeconds = ws.startAfterMs / 1000.0;
    }
    const double end = w.finishedAtSeconds >= 0 ? w.finishedAtSeconds : double(s.elapsedNs) / 1e9;
    return std::max(0.0, end - startSeconds);
}

double WorkloadRate::donePerSecond(const WorkloadSnapshot &w, const Snapshot &s, const RunSpec &spec)
{
    const double seconds = activeSeconds(w, s, spec);
    return seconds > 0 ? double(w.done()) / seconds : 0.0;
}

} // namespace coroscope
