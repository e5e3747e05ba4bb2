#pragma once

#include "core/RunSpec.h"
#include "core/Snapshot.h"

namespace coroscope {

// A workload's rate is over its own active time, not the run's: a workload that starts after 2 s and
// finishes at 3 s did its tasks in 1 s, however long the run lasted.
struct WorkloadRate {
    // From the workload's start (its startAfterMs) to its finish, or to the snapshot's time while it runs.
    static double activeSeconds(const WorkloadSnapshot &w, const Snapshot &s, const RunSpec &spec);
    // Done tasks per second of active time; 0 before any time passed.
    static double donePerSecond(const WorkloadSnapshot &w, const Snapshot &s, const RunSpec &spec);
};

} // namespace coroscope
