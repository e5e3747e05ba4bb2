#pragma once

#include "core/LiveKey.h"
#include "core/RunShard.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"
#include "core/TaskView.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

class QThread;

namespace coroscope {

class Workload;

// One execution of a profile: owns its shards (one per loop thread, each with its share of every
// workload, its tracker, scheduler and loop-lag probe), the clock and the timers, and publishes a
// Snapshot merged from every shard every snapshotIntervalMs. Control goes through here and reaches
// every shard by queued calls. With one loop thread the shard runs on the Run's own thread.
class Run : public QObject
{
    Q_OBJECT
public:
    enum class Phase { Idle, Running, Stopping, Finished };
    // Builds part `part` of `parts` of one workload, on the loop thread that will run it. `first` is
    // part 0's workload, already prepared, for the parts after it (they reach its built-in server);
    // nullptr for part 0. nullptr and `error` when it cannot be built.
    using WorkloadFactory = std::function<std::unique_ptr<Workload>(const WorkloadSpec &spec, int part, int parts,
                                                                    const Workload *first, QString *error)>;

    // A run on spec.resolvedThreads() loop threads, each building its share of every enabled workload.
    Run(RunSpec spec, WorkloadFactory factory, QObject *parent = nullptr);
    // A run of these workloads on one loop, the Run's own thread.
    Run(RunSpec spec, std::vector<std::unique_ptr<Workload>> workloads, QObject *parent = nullptr);
    ~Run() override;

    const RunSpec &spec() const { return m_spec; }
    int threads() const { return int(m_shards.size()); }
    Phase phase() const { return m_phase; }
    QDateTime startedAt() const { return m_startedAt; }
    // When start() ran, on the tracker's clock (nowNs()), so task timestamps can be shown relative
    // to it; 0 before.
    qint64 startNs() const { return m_startNs; }
    SnapshotPtr latestSnapshot() const { return m_latest; }
    // The first shard's: with one loop thread, the run's own (tests drive it); with more, it lives on
    // another thread and must not be touched from this one.
    TaskTracker &tracker() { return m_shards.front()->tracker(); }
    LoopScheduler &scheduler() { return m_shards.front()->scheduler(); }
    QStringList workloadNames() const { return m_workloadNames; }
    void setRecentCapacity(int capacity);
    // The live and recently finished tasks of every shard (the window's task table): read from the
    // tracker with one loop thread, from the views the shards published with the last Snapshot with
    // more. Phases index `phaseNames`; finished rows are oldest first, at most the recent capacity.
    void collectTasks(QStringList *phaseNames, std::vector<LiveTask> *live, QList<TaskRow> *recent);

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
    // With one loop thread, whether a live task had that id; with more, whether the id names a shard
    // (the cancel reaches it by a queued call).
    bool cancelTask(quint64 id);
    // Live changes of a running workload (by index): the keys it can change, and a user's change,
    // in effect within one snapshot interval and recorded in the next snapshots.
    QList<LiveKey> liveKeys(int workload) const;
    bool changeLive(int workload, LiveKey key, double value, QString *error);

Q_SIGNALS:
    void snapshotReady(coroscope::SnapshotPtr snapshot);
    void finished(coroscope::SnapshotPtr finalSnapshot);

private:
    struct Loop;
    void setUpTimers();
    bool buildShard(RunShard *shard, QString *error);
    bool prepareShard(Loop &loop, QString *error);
    template<typename F> void onEveryShard(F f);
    void publish();
    void requestSnapshots(bool final);
    void onShardSnapshot(size_t shard, quint64 round, SnapshotPtr snapshot, TaskViewPtr view);
    SnapshotPtr merged();
    void onShardFinished();
    void abandonUnfinished();
    void finish();

    RunSpec m_spec;
    WorkloadFactory m_factory;
    QString m_buildError;
    // Declared before the timers: a shard's thread is stopped before anything it might call is gone.
    std::vector<std::unique_ptr<Loop>> m_loops;
    std::vector<RunShard *> m_shards; // owned by m_loops
    QStringList m_workloadNames;
    QTimer m_snapshotTimer;
    QTimer m_durationTimer;
    QTimer m_drainTimer;
    QTimer m_abandonTimer;
    QTimer m_finalWaitTimer;
    QStringList m_abandoned;
    QElapsedTimer m_clock;
    QDateTime m_startedAt;
    qint64 m_startNs = 0;
    qint64 m_finalElapsedNs = -1;
    SnapshotPtr m_latest;
    quint64 m_sequence = 0;
    quint64 m_round = 0;       // the snapshot round asked of the shards
    size_t m_roundAnswers = 0; // shards that answered it
    bool m_roundFinal = false; // the round after every shard finished
    bool m_tasksRead = false;  // collectTasks() ran: the shards add their task views to each round
    int m_recentCapacity = 1000;
    Phase m_phase = Phase::Idle;
    bool m_finishQueued = false;
    bool m_abandoning = false;
    bool m_prepared = false;
    bool m_preparing = false;
    bool m_setupCancelled = false;
};

} // namespace coroscope
