#include "core/SnapshotMerge.h"

#include <algorithm>

namespace coroscope {

namespace {

template<typename Map> void addCounts(Map &into, const Map &part)
{
    for (auto it = part.cbegin(); it != part.cend(); ++it)
        into[it.key()] += it.value();
}

} // namespace

void mergeWorkloadSnapshot(WorkloadSnapshot &into, const WorkloadSnapshot &part)
{
    for (size_t s = 0; s < into.counts.size(); ++s)
        into.counts[s] += part.counts[s];
    into.created += part.created;
    into.throughputPerSecond += part.throughputPerSecond;
    into.histogram.merge(part.histogram);
    into.intervalHistogram.merge(part.intervalHistogram);
    into.latency = LatencySummary::of(into.histogram);
    into.intervalLatency = LatencySummary::of(into.intervalHistogram);
    addCounts(into.runningByPhase, part.runningByPhase);
    for (auto it = part.errors.cbegin(); it != part.errors.cend(); ++it) {
        ErrorSummary &e = into.errors[it.key()];
        e.count += it->count;
        if (!it->lastMessage.isEmpty())
            e.lastMessage = it->lastMessage;
    }
    if (into.target.isEmpty())
        into.target = part.target;
    addCounts(into.gauges, part.gauges);
    addCounts(into.httpStatus, part.httpStatus);
    into.finished = into.finished && part.finished;
    into.finishedAtSeconds = into.finished ? std::max(into.finishedAtSeconds, part.finishedAtSeconds) : -1;
}

Snapshot mergeSnapshots(const std::vector<SnapshotPtr> &parts, int recentCapacity)
{
    Snapshot out;
    if (parts.empty())
        return out;
    out = *parts.front();
    out.loopLagPerThread.clear();
    for (size_t i = 0; i < parts.size(); ++i) {
        const Snapshot &p = *parts[i];
        if (p.loopLagPerThread.empty())
            out.loopLagPerThread.push_back(p.loopLag);
        else
            out.loopLagPerThread.insert(out.loopLagPerThread.end(), p.loopLagPerThread.begin(),
                                        p.loopLagPerThread.end());
        if (i == 0)
            continue;
        out.sequence = std::max(out.sequence, p.sequence);
        out.elapsedNs = std::max(out.elapsedNs, p.elapsedNs);
        out.running = out.running || p.running;
        for (size_t s = 0; s < out.totals.size(); ++s)
            out.totals[s] += p.totals[s];
        out.throughputPerSecond += p.throughputPerSecond;
        const size_t n = std::min(out.workloads.size(), p.workloads.size());
        for (size_t w = 0; w < n; ++w)
            mergeWorkloadSnapshot(out.workloads[w], p.workloads[w]);
        out.recentFinished.append(p.recentFinished);
    }
    out.loopLag = LoopLagSummary{};
    for (const LoopLagSummary &lag : out.loopLagPerThread) {
        out.loopLag.p50Ms = std::max(out.loopLag.p50Ms, lag.p50Ms);
        out.loopLag.p99Ms = std::max(out.loopLag.p99Ms, lag.p99Ms);
        out.loopLag.maxMs = std::max(out.loopLag.maxMs, lag.maxMs);
        out.loopLag.recentMaxMs = std::max(out.loopLag.recentMaxMs, lag.recentMaxMs);
    }
    if (parts.size() > 1) {
        std::stable_sort(out.recentFinished.begin(), out.recentFinished.end(),
                         [](const TaskRow &a, const TaskRow &b) { return a.finishedNs < b.finishedNs; });
        if (out.recentFinished.size() > recentCapacity)
            out.recentFinished.remove(0, out.recentFinished.size() - recentCapacity);
    }
    return out;
}

} // namespace coroscope
