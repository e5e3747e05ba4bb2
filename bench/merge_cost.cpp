// What merging one loop thread's Snapshot costs the Run's thread: realistic parts (three workloads,
// every state, errors, HTTP statuses, gauges, filled histograms, a full ring of recent tasks) merged
// with mergeSnapshots() as the Run does every snapshot interval. Prints one line of JSON per thread
// count: microseconds per merged Snapshot and per part.
#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/SnapshotMerge.h"
#include "core/TaskTracker.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <cstdio>

using namespace coroscope;

namespace {

SnapshotPtr realisticPart(quint32 seed)
{
    TaskTracker tracker(1000);
    tracker.addWorkload(QStringLiteral("api"), QStringLiteral("http-fanout"));
    tracker.addWorkload(QStringLiteral("echo"), QStringLiteral("echo"));
    tracker.addWorkload(QStringLiteral("jobs"), QStringLiteral("queue"));
    QRandomGenerator rng(seed);
    CancellationToken token;
    const quint8 phase = tracker.internPhase(QStringLiteral("reading body"));
    for (int i = 0; i < 20000; ++i) {
        const TaskRef ref = tracker.create(i % 3, &token);
        tracker.start(ref);
        tracker.setPhase(ref, phase);
        const quint32 r = rng.bounded(100);
        const TaskState state = r < 90 ? TaskState::Succeeded : r < 95 ? TaskState::Failed : TaskState::TimedOut;
        const ErrorKind kind = state == TaskState::Failed ? ErrorKind(1 + rng.bounded(5)) : ErrorKind::None;
        // Latencies over six decades, so many histogram buckets are in use.
        const qint64 latencyNs = qint64(std::pow(10.0, 3.0 + rng.generateDouble() * 6.0));
        tracker.finish(ref, state, kind, state == TaskState::Failed ? QStringLiteral("connection reset") : QString(),
                       latencyNs);
    }
    for (int i = 0; i < 500; ++i)
        tracker.start(tracker.create(i % 3, &token));
    auto s = std::make_shared<Snapshot>();
    tracker.fillSnapshot(*s, nowNs());
    for (WorkloadSnapshot &w : s->workloads) {
        w.httpStatus[200] = 18000;
        w.httpStatus[503] = 100;
        w.gauges[Gauge(0)] = 100;
        w.target = QStringLiteral("http://127.0.0.1:8080/");
    }
    if (qEnvironmentVariableIsSet("MERGE_COST_NO_RECENT"))
        s->recentFinished.clear();
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::vector<SnapshotPtr> pool;
    for (quint32 i = 0; i < 8; ++i)
        pool.push_back(realisticPart(i + 1));
    for (int threads : {2, 4, 16, 64}) {
        std::vector<SnapshotPtr> parts;
        for (int t = 0; t < threads; ++t)
            parts.push_back(pool[size_t(t) % pool.size()]);
        const int iterations = std::max(20, 4000 / threads);
        QElapsedTimer clock;
        clock.start();
        qint64 sink = 0;
        for (int i = 0; i < iterations; ++i)
            sink += mergeSnapshots(parts, 1000).totals[0];
        const double usPerMerge = double(clock.nsecsElapsed()) / 1e3 / iterations;
        std::printf("{\"threads\": %d, \"us_per_snapshot\": %.1f, \"us_per_part\": %.2f, \"sink\": %lld}\n", threads,
                    usPerMerge, usPerMerge / threads, static_cast<long long>(sink % 2));
    }
    return 0;
}
