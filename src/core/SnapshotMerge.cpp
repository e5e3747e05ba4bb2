#include "core/SnapshotMerge.h"

#include "core/UrlBreakdown.h"

#include <algorithm>

namespace coroscope {

namespace {

template<typename Map> void addCounts(Map &into, const Map &part)
{
    for (auto it = part.cbegin(); it != part.cend(); ++it)
        into[it.key()] += it.value();
}

// Checks are the same list in every part (one profile): tallies add by name.
void mergeChecks(QList<CheckTally> &into, const QList<CheckTally> &part)
{
    for (const CheckTally &c : part) {
        auto it = std::find_if(into.begin(), into.end(), [&](const CheckTally &t) { return t.name == c.name; });
        if (it == into.end()) {
            into << c;
            continue;
        }
        it->passed += c.passed;
        it->failed += c.failed;
    }
}

void addUrl(UrlSummary &into, const UrlSummary &part)
{
    into.succeeded += part.succeeded;
    into.failed += part.failed;
    into.timedOut += part.timedOut;
    if (!part.histogram)
        return;
    auto merged = std::make_shared<LatencyHistogram>();
    if (into.histogram)
        merged->merge(*into.histogram);
    merged->merge(*part.histogram);
    into.histogram = std::move(merged);
}

// URLs add by name; the bound of core/UrlBreakdown (kMaxUrls named entries, then "other") holds
// for the merged list too, so URLs past it fold into "other" (the parts may have met different ones).
void mergeUrls(QList<UrlSummary> &into, const QList<UrlSummary> &part, int maxUrls)
{
    static const QString other = QStringLiteral("other");
    for (const UrlSummary &u : part) {
        auto it = std::find_if(into.begin(), into.end(), [&](const UrlSummary &s) { return s.url == u.url; });
        if (it == into.end()) {
            const qsizetype named = into.size() - (!into.isEmpty() && into.back().url == other ? 1 : 0);
            if (u.url == other || named < maxUrls) {
                UrlSummary fresh;
                fresh.url = u.url;
                it = u.url == other ? into.insert(into.end(), fresh) : into.insert(into.begin() + named, fresh);
            } else {
                it = std::find_if(into.begin(), into.end(), [&](const UrlSummary &s) { return s.url == other; });
                if (it == into.end()) {
                    UrlSummary fresh;
                    fresh.url = other;
                    it = into.insert(into.end(), fresh);
                }
            }
        }
        addUrl(*it, u);
    }
}

} // namespace

void summarizeMerged(WorkloadSnapshot &w)
{
    w.latency = LatencySummary::of(w.histogram);
    w.intervalLatency = LatencySummary::of(w.intervalHistogram);
    for (UrlSummary &u : w.urls) {
        if (u.histogram)
            u.latency = LatencySummary::of(*u.histogram);
    }
}

void mergeWorkloadSnapshot(WorkloadSnapshot &into, const WorkloadSnapshot &part)
{
    for (size_t s = 0; s < into.counts.size(); ++s)
        into.counts[s] += part.counts[s];
    into.created += part.created;
    into.throughputPerSecond += part.throughputPerSecond;
    into.histogram.merge(part.histogram);
    into.intervalHistogram.merge(part.intervalHistogram);
    addCounts(into.runningByPhase, part.runningByPhase);
    for (auto it = part.errors.cbegin(); it != part.errors.cend(); ++it) {
        ErrorSummary &e = into.errors[it.key()];
        e.count += it->count;
        if (!it->lastMessage.isEmpty())
            e.lastMessage = it->lastMessage;
    }
    if (into.target.isEmpty())
        into.target = part.target;
    // Gauges are per-part figures that add (connections open, bytes), except the latency ones
    // ("... ms": a part's own percentile), where the worst part's stands for the run.
    for (auto it = part.gauges.cbegin(); it != part.gauges.cend(); ++it) {
        double &g = into.gauges[it.key()];
        g = gaugeKey(it.key()).endsWith(QLatin1String(" ms")) ? std::max(g, it.value()) : g + it.value();
    }
    addCounts(into.httpStatus, part.httpStatus);
    // A load target is split over the parts (workloadShare), so the whole run's is their sum; the
    // user's live changes reach every part alike, each part taking its share of the value, so
    // the lists run in step and the whole run's old and new values are the parts' sums.
    if (part.loadTarget >= 0)
        into.loadTarget = std::max(0.0, into.loadTarget) + part.loadTarget;
    if (into.loadKey.isEmpty())
        into.loadKey = part.loadKey;
    if (into.changes.size() == part.changes.size()) {
        for (qsizetype c = 0; c < into.changes.size(); ++c) {
            into.changes[c].oldValue += part.changes[c].oldValue;
            into.changes[c].newValue += part.changes[c].newValue;
        }
    }
    mergeChecks(into.checks, part.checks);
    mergeUrls(into.urls, part.urls, UrlBreakdown::kMaxUrls);
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
    if (parts.size() > 1) {
        // Percentiles once per workload, not once per part: most of a merge's cost.
        for (WorkloadSnapshot &w : out.workloads)
            summarizeMerged(w);
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
