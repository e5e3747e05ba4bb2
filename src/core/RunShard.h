#pragma once

#include "core/LoopLagProbe.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "core/TaskView.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

namespace coroscope {

class Workload;

// One loop thread's part of a Run: its share of every workload, with the tracker, scheduler and
// loop-lag probe they run on. It lives on (and is called only from) its own thread, so nothing in
// it takes a lock; the Run talks to it by queued calls and reads what it hands back (Snapshots,
// TaskViews). With one loop thread the shard lives on the Run's thread and the calls are direct.
class RunShard : public QObject
{
    Q_OBJECT
public:
    // Shard `index` of `count`: its task ids are index+1, index+1+count, ... (unique in the run).
    RunShard(int index, int count, QObject *parent = nullptr);
    // Cancels what is left and lets the cancelled coroutines unwind on this thread, so their frames
    // are freed where they ran; then deletes the workloads.
    ~RunShard() override;

    int index() const { return m_index; }
    TaskTracker &tracker() { return m_tracker; }
    LoopScheduler &scheduler() { return m_scheduler; }
    const std::vector<std::unique_ptr<Workload>> &workloads() const { return m_workloads; }

    void addWorkloads(std::vector<std::unique_ptr<Workload>> workloads);
    // Prepares every workload in order; false with "name: why" when one cannot. `cancelled` (read on
    // this thread between workloads) turns a failure into a cancelled set-up.
    bool prepare(QString *error);
    // Starts the workloads; task times count from `runStartNs` (nowNs() when the run started).
    void start(qint64 runStartNs);
    void stopGracefully();
    void cancelAll();
    bool cancelTask(quint64 id) { return m_tracker.cancelTask(id); }
    bool isFinished() const { return m_finished; }

    // This shard's figures now; `final` also stops the loop-lag probe. A TaskView is added when
    // `withTasks` (the window's task table is reading them).
    SnapshotPtr makeSnapshot(bool final);
    TaskViewPtr makeTaskView() const;

Q_SIGNALS:
    // Every workload of this shard has finished (emitted once, from the last one's stack).
    void finished();

private:
    void onWorkloadFinished();

    int m_index;
    TaskTracker m_tracker;
    LoopScheduler m_scheduler;
    LoopLagProbe m_probe;
    std::vector<std::unique_ptr<Workload>> m_workloads;
    std::vector<qint64> m_finishedAtNs; // per workload, since the run started; -1 while it runs
    qint64 m_runStartNs = 0;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace coroscope
