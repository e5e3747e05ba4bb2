#pragma once

#include "core/LiveKey.h"
#include "core/LoopLagProbe.h"
#include "core/LoopScheduler.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace coroscope {

class Workload;

// One execution of a profile: owns the workloads, the tracker, the scheduler, the loop-lag probe
// and the clock, and publishes a Snapshot every snapshotIntervalMs. Control goes through here.
class Run : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Idle, Running, Stopping, Finished };

    Run(RunSpec spec, std::vector<std::unique_ptr<Workload>> workloads, QObject *parent = nullptr);
    ~Run() override;

    const RunSpec &spec() const { return m_spec; }
    Phase phase() const { return m_phase; }
    QDateTime startedAt() const { return m_startedAt; }
    // When start() ran, on the tracker's clock (nowNs()), so task timestamps can be shown relative
    // to it; 0 before.
    qint64 startNs() const { return m_startNs; }
    SnapshotPtr latestSnapshot() const { return m_latest; }
    TaskTracker &tracker() { return m_tracker; }
    LoopScheduler &scheduler() { return m_scheduler; }

    // Prepares every workload (built-in servers, targets); false with a message when one cannot.
    // cancelAll() or stopGracefully() while it waits cancels the set-up (false, "cancelled").
    bool prepare(QString *error);
    void start();
    // No new tasks; running ones may finish for drainTimeoutMs; then everything left is cancelled.
    void stopGracefully();
    // How long cancelled workloads get to unwind before the run ends without them: the bound that
    // makes every run end by its duration + drain timeout + this, whatever its peers do.
    static constexpr int kAbandonAfterCancelMs = 1000;
    // Workloads that did not finish after being cancelled (they were abandoned, with a warning).
    QStringList abandonedWorkloads() const { return m_abandoned; }
    void cancelAll();
    bool cancelTask(quint64 id);
    // Live changes of a running workload (by index): the keys it can change, and a user's change,
    // in effect within one snapshot interval and recorded in the next snapshots.
    QList<LiveKey> liveKeys(int workload) const;
    bool changeLive(int workload, LiveKey key, double value, QString *error);

Q_SIGNALS:
    void snapshotReady(coroscope::SnapshotPtr snapshot);
    void finished(coroscope::SnapshotPtr finalSnapshot);

private:
    void publish();
    SnapshotPtr makeSnapshot();
    void onWorkloadFinished();
    void abandonUnfinished();
    void finish();

    RunSpec m_spec;
    TaskTracker m_tracker;
    LoopScheduler m_scheduler;
    LoopLagProbe m_probe;
    std::vector<std::unique_ptr<Workload>> m_workloads;
    std::vector<qint64> m_finishedAtNs; // per workload, -1 while it runs
    QTimer m_snapshotTimer;
    QTimer m_durationTimer;
    QTimer m_drainTimer;
    QTimer m_abandonTimer;
    QStringList m_abandoned;
    QElapsedTimer m_clock;
    QDateTime m_startedAt;
    qint64 m_startNs = 0;
    qint64 m_finalElapsedNs = -1;
    SnapshotPtr m_latest;
    quint64 m_sequence = 0;
    Phase m_phase = Phase::Idle;
    bool m_finishQueued = false;
    bool m_prepared = false;
    bool m_preparing = false;
    bool m_setupCancelled = false;
};

} // namespace coroscope
