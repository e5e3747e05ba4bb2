#pragma once

#include "core/ErrorKind.h"
#include "core/Gauge.h"
#include "core/LatencyHistogram.h"
#include "core/LiveKey.h"
#include "core/TaskState.h"

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>

namespace coroscope {

struct LatencySummary {
    qint64 count = 0;
    double p50Ms = 0, p90Ms = 0, p95Ms = 0, p99Ms = 0, p999Ms = 0, maxMs = 0, meanMs = 0;

    static LatencySummary of(const LatencyHistogram &h);
};

struct ErrorSummary {
    qint64 count = 0;
    QString lastMessage;
};

// One response check of a workload (http-fanout's checks): how many answers passed and failed it.
struct CheckTally {
    QString name; // "status", "header Content-Type", "bodyContains", "maxBodyBytes"
    qint64 passed = 0;
    qint64 failed = 0;
};

// One URL of a workload's per-URL breakdown (core/UrlBreakdown); the last one may be "other".
struct UrlSummary {
    QString url;
    qint64 succeeded = 0, failed = 0, timedOut = 0;
    LatencySummary latency;
    std::shared_ptr<const LatencyHistogram> histogram; // what `latency` summarises, shared, immutable
};

// One finished (or in-flight) task as shown in a task table.
struct TaskRow {
    quint64 id = 0;
    int workload = 0;
    TaskState state = TaskState::Pending;
    QString phase;
    qint64 createdNs = 0;
    qint64 startedNs = 0;
    qint64 finishedNs = 0;
    int attempts = 0;
    ErrorKind error = ErrorKind::None;
    QString message; // what the workload said about this task's error, if anything
};

struct WorkloadSnapshot {
    QString name;
    QString type;
    StateCounts counts{};
    qint64 created = 0;
    double throughputPerSecond = 0;     // completions over the last second
    LatencySummary latency;             // since the run started
    LatencySummary intervalLatency;     // over the tasks finished since the previous snapshot
    LatencyHistogram histogram;         // since the run started
    LatencyHistogram intervalHistogram; // since the previous snapshot, so parts merge exactly
    QMap<QString, qint64> runningByPhase;
    QMap<ErrorKind, ErrorSummary> errors;
    QString target;               // what it talks to, e.g. "built-in echo server 127.0.0.1:40123"
    QMap<Gauge, double> gauges;   // workload-specific figures, e.g. connections open
    QMap<int, qint64> httpStatus; // responses per HTTP status code
    QList<CheckTally> checks;     // per response check, in the profile's order
    QList<UrlSummary> urls;       // per URL, when a workload has several (bounded: core/UrlBreakdown)
    bool finished = false;
    double finishedAtSeconds = -1; // since the run started; -1 while it runs
    QString loadKey;               // the key its stages drive (LiveKey's key), empty when none
    double loadTarget = -1;        // that key's current target (stage ramp or live value); -1: none
    QList<LiveChange> changes;     // the user's live changes so far, oldest first (bounded)

    qint64 done() const
    {
        return counts[stateIndex(TaskState::Succeeded)] + counts[stateIndex(TaskState::Failed)] +
               counts[stateIndex(TaskState::TimedOut)];
    }
};

struct LoopLagSummary {
    double p50Ms = 0, p99Ms = 0, maxMs = 0;
    double recentMaxMs = 0; // since the previous snapshot
};

// The immutable value a Run publishes at a fixed rate; the GUI and the CLI see nothing else.
struct Snapshot {
    quint64 sequence = 0;
    qint64 elapsedNs = 0;
    bool running = false;
    StateCounts totals{};
    double throughputPerSecond = 0;
    std::vector<WorkloadSnapshot> workloads;
    LoopLagSummary loopLag; // the worst loop thread's: the generator-stall signal
    // One entry per loop thread (per agent's thread in a fleet); empty when the run has one loop
    // and loopLag is its own.
    std::vector<LoopLagSummary> loopLagPerThread;
    QList<TaskRow> recentFinished; // newest last, bounded by the tracker's ring

    qint64 totalDone() const
    {
        return totals[stateIndex(TaskState::Succeeded)] + totals[stateIndex(TaskState::Failed)] +
               totals[stateIndex(TaskState::TimedOut)];
    }
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

} // namespace coroscope

Q_DECLARE_METATYPE(coroscope::SnapshotPtr)
