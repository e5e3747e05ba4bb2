#pragma once

// Shared by the workload tests: one workload in a Run, run to its end with a bounded wait.
#include "core/Run.h"
#include "workloads/WorkloadRegistry.h"

#include <QDebug>
#include <QSignalSpy>
#include <QTest>
#include <functional>

// Prepares and starts a Run the test drives itself; fails the test with the preparation error.
#define PREPARE_AND_START(run)                                                                                         \
    do {                                                                                                               \
        QString prepareError;                                                                                          \
        QVERIFY2((run).prepare(&prepareError), qPrintable(prepareError));                                              \
        (run).start();                                                                                                 \
    } while (false)

namespace coroscope::testing {

inline std::unique_ptr<Run> makeRun(const QString &type, const QJsonObject &params, RunSpec spec = {})
{
    WorkloadSpec w;
    w.type = type;
    w.name = type;
    w.params = params;
    spec.workloads.push_back(w);
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(spec, &issues);
    for (const auto &i : issues)
        qWarning() << i.toString();
    if (workloads.empty())
        return nullptr;
    return std::make_unique<Run>(spec, std::move(workloads));
}

// One workload in a Run on `threads` loop threads, each building its share (as the CLI and the window
// do); threads 0 = one per core.
inline std::unique_ptr<Run> makeShardedRun(const QString &type, const QJsonObject &params, int threads,
                                           RunSpec spec = {})
{
    WorkloadSpec w;
    w.type = type;
    w.name = type;
    w.params = params;
    w.jsonPath = QStringLiteral("workloads[0]");
    spec.workloads.push_back(w);
    spec.threads = threads;
    return std::make_unique<Run>(spec, &WorkloadRegistry::buildShare);
}

// Prepares and starts the run if it is idle, then waits for finished(); nullptr on timeout.
inline SnapshotPtr runToEnd(Run &run, int timeoutMs = 60000)
{
    QSignalSpy finished(&run, &Run::finished);
    if (run.phase() == Run::Phase::Idle) {
        QString error;
        if (!run.prepare(&error)) {
            qWarning() << error;
            return nullptr;
        }
        run.start();
    }
    if (!finished.wait(timeoutMs))
        return nullptr;
    return finished.first().first().value<SnapshotPtr>();
}

// Builds one workload of `type`, runs it to its end and returns the last snapshot; nullptr when the
// workload does not build, the run does not prepare or does not finish in time (each is logged).
inline SnapshotPtr runToEnd(const QString &type, const QJsonObject &params, RunSpec spec = {}, int timeoutMs = 60000)
{
    const auto run = makeRun(type, params, std::move(spec));
    if (!run)
        return nullptr;
    return runToEnd(*run, timeoutMs);
}

// Prepares and starts `run`, waits (up to waitMs) until at least `succeeded` tasks succeeded, ends it
// with `end` (&Run::cancelAll, &Run::stopGracefully) and waits (up to waitMs) for finished(): the
// final snapshot, or nullptr when the run does not prepare or a wait runs out (each is logged).
inline SnapshotPtr endOnceSucceeded(Run &run, qint64 succeeded, void (Run::*end)(), int waitMs = 10000)
{
    QSignalSpy finished(&run, &Run::finished);
    QString error;
    if (!run.prepare(&error)) {
        qWarning() << error;
        return nullptr;
    }
    run.start();
    if (!QTest::qWaitFor([&] { return run.tracker().totals()[stateIndex(TaskState::Succeeded)] >= succeeded; },
                         waitMs)) {
        qWarning() << "fewer than" << succeeded << "tasks succeeded in" << waitMs << "ms";
        return nullptr;
    }
    (run.*end)();
    if (!finished.wait(waitMs)) {
        qWarning() << "the run did not finish" << waitMs << "ms after it was ended";
        return nullptr;
    }
    return finished.first().first().value<SnapshotPtr>();
}

// runToEnd(run), calling `onSnapshot` with every snapshot the run publishes on the way.
inline SnapshotPtr runToEnd(Run &run, const std::function<void(const SnapshotPtr &)> &onSnapshot, int timeoutMs = 60000)
{
    const auto watching = QObject::connect(&run, &Run::snapshotReady, onSnapshot);
    auto last = runToEnd(run, timeoutMs);
    QObject::disconnect(watching);
    return last;
}

// runToEnd(run) for a test of load stages: `onRunning` sees the first workload of every snapshot
// taken while it still runs, with the run's seconds then; its live load key must be `loadKey`.
inline SnapshotPtr runToEndStaged(Run &run, const QString &loadKey,
                                  const std::function<void(const WorkloadSnapshot &, double seconds)> &onRunning,
                                  int timeoutMs = 60000)
{
    return runToEnd(
        run,
        [&](const SnapshotPtr &s) {
            const WorkloadSnapshot &w = s->workloads.front();
            if (!s->running || w.finished)
                return;
            QCOMPARE(w.loadKey, loadKey);
            onRunning(w, double(s->elapsedNs) / 1e9);
        },
        timeoutMs);
}

inline qint64 countOf(const SnapshotPtr &s, TaskState st, int workload = 0)
{
    return s->workloads[size_t(workload)].counts[stateIndex(st)];
}

// The counts of several states, in their order: one QCOMPARE against a list checks them all.
inline QList<qint64> countsOf(const SnapshotPtr &s, std::initializer_list<TaskState> states, int workload = 0)
{
    QList<qint64> counts;
    for (TaskState st : states)
        counts << countOf(s, st, workload);
    return counts;
}

inline double gaugeOf(const SnapshotPtr &s, Gauge gauge, int workload = 0)
{
    return s->workloads[size_t(workload)].gauges.value(gauge);
}

inline double statusOf(const SnapshotPtr &s, int status, int workload = 0)
{
    return double(s->workloads[size_t(workload)].httpStatus.value(status));
}

inline qint64 errorsOf(const SnapshotPtr &s, ErrorKind kind, int workload = 0)
{
    return s->workloads[size_t(workload)].errors.value(kind).count;
}

// makeRun() and runToEnd() for one workload type, so that a test of that type names it once:
//     const testing::OneWorkload kEcho{QStringLiteral("echo")};
//     const auto s = kEcho.runToEnd({{QStringLiteral("connections"), 4}});
struct OneWorkload {
    QString type;

    std::unique_ptr<Run> makeRun(const QJsonObject &params, RunSpec spec = {}) const
    {
        return testing::makeRun(type, params, std::move(spec));
    }
    SnapshotPtr runToEnd(const QJsonObject &params, RunSpec spec = {}, int timeoutMs = 60000) const
    {
        return testing::runToEnd(type, params, std::move(spec), timeoutMs);
    }
    // runToEnd() with a snapshot every `snapshotIntervalMs`, each handed to `onSnapshot` on the way.
    SnapshotPtr runWatching(const QJsonObject &params, int snapshotIntervalMs,
                            const std::function<void(const SnapshotPtr &)> &onSnapshot) const
    {
        RunSpec spec;
        spec.snapshotIntervalMs = snapshotIntervalMs;
        const auto run = makeRun(params, std::move(spec));
        return run ? testing::runToEnd(*run, onSnapshot) : nullptr;
    }
};

} // namespace coroscope::testing
