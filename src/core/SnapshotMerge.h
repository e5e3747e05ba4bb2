#pragma once

#include "core/Snapshot.h"

#include <vector>

namespace coroscope {

// Sums parts of one run taken at about the same moment — the shards of one process (one per loop
// thread) or the agents of a fleet — into the Snapshot of the whole run. Parts must list the same
// workloads in the same order. Counts, rates, HTTP statuses, error counts, check tallies, load
// targets and gauges add (a gauge is a per-part figure such as connections open; a latency gauge
// takes the worst part's); histograms merge, so merged percentiles — per URL too — are those of one
// histogram holding every sample; the loop lag is the worst part's, and every part's own lag is kept
// in loopLagPerThread. Finished tasks keep the newest `recentCapacity` rows of all parts.
Snapshot mergeSnapshots(const std::vector<SnapshotPtr> &parts, int recentCapacity);

// Adds `part` into `into` (same workload); the latency summaries are left for summarizeMerged().
void mergeWorkloadSnapshot(WorkloadSnapshot &into, const WorkloadSnapshot &part);
// Recomputes a merged workload's latency summaries (its own, its interval's, its URLs') from its histograms.
void summarizeMerged(WorkloadSnapshot &w);

} // namespace coroscope
