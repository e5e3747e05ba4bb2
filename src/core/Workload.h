#pragma once

#include "core/LiveKey.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <optional>

namespace coroscope {

class LoopScheduler;
class StageDriver;
class TaskTracker;
struct WorkloadSnapshot;

// One configured activity of a run. A workload spawns its tasks as coroutines, reports every state
// change to the tracker, and emits finished() once it will create no more tasks and none is live.
// It outlives its tasks: the Run deletes it only after finished().
class Workload : public QObject
{
    Q_OBJECT
public:
    Workload(QString name, QString type, QObject *parent = nullptr);

    QString name() const { return m_name; }
    QString type() const { return m_type; }
    int index() const { return m_index; }
    bool isFinished() const { return m_finished; }
    bool isStopping() const { return m_stopping; }

    void attach(TaskTracker *tracker, LoopScheduler *scheduler, int index);
    // Sets up what the workload needs before it starts (a built-in server, a target address);
    // false with a message when it cannot, e.g. a port already in use.
    virtual bool prepare(QString *error);
    // Starts now, or after `startAfterMs` (a profile key every workload has).
    void launch();
    void setStartAfterMs(int ms) { m_startAfterMs = ms; }
    int startAfterMs() const { return m_startAfterMs; }
    // The task indices this workload owns when it is one share of a wider one (see
    // workloads/WorkloadShare.h): its local index k is the whole's offset + k * stride.
    void setIndexSpace(qint64 offset, qint64 stride)
    {
        m_indexOffset = offset;
        m_indexStride = stride;
    }
    qint64 globalIndex(qint64 local) const { return m_indexOffset + local * m_indexStride; }
    virtual void start() = 0;
    // Adds the workload's own figures (target, gauges) to its part of a snapshot.
    virtual void describe(WorkloadSnapshot &out) const;
    // File descriptors the workload may hold at once (its connections, and a built-in server's side
    // of them), so a run that cannot fit under the process limit is refused or warned about first.
    virtual qint64 descriptorsNeeded() const { return 0; }
    // The params another loop thread's share of this workload runs with, given its own: this one is
    // part 0, prepared, and its built-in server (if any) is what the other parts reach, so they do not
    // start their own. Called from the other part's thread once this one's prepare() returned.
    virtual QJsonObject paramsForOtherParts(QJsonObject params) const { return params; }
    // Creates no new tasks and cancels those still pending; running ones go on.
    void stopGracefully();
    // Cancels every live task of this workload.
    void cancelAll();

    // Live changes and stages share one mechanism: the keys a running workload can change, their
    // current values, and applyLiveChange(), which takes effect within one snapshot interval
    // without restarting anything (false with a message when the key or the value is refused).
    virtual QList<LiveKey> liveKeys() const { return {}; }
    virtual std::optional<double> liveValue(LiveKey key) const;
    virtual bool applyLiveChange(LiveKey key, double value, QString *error);
    // The key the profile's stages drive (the workload's load model); nothing when it takes none.
    virtual std::optional<LiveKey> stageKey() const { return std::nullopt; }
    // A user's change while running: applied and recorded for the charts and the report. Setting
    // the key the stages drive ends the stages: the user has taken over.
    bool changeLive(LiveKey key, double value, QString *error);
    void setStages(LoadStages stages) { m_stages = std::move(stages); }
    const LoadStages &stages() const { return m_stages; }
    // Adds the load target and the user's changes to the workload's part of a snapshot.
    void describeShape(WorkloadSnapshot &out) const;
    static constexpr qsizetype kMaxRecordedChanges = 1000;

Q_SIGNALS:
    void finished();

protected:
    TaskTracker &tracker() const { return *m_tracker; }
    LoopScheduler &scheduler() const { return *m_scheduler; }
    // Subclasses call this when nothing is live and nothing more will be spawned.
    void markFinished();
    virtual void onStopping() {}
    virtual void onCancelAll() {}

private:
    QString m_name;
    QString m_type;
    TaskTracker *m_tracker = nullptr;
    LoopScheduler *m_scheduler = nullptr;
    int m_index = -1;
    qint64 m_indexOffset = 0;
    qint64 m_indexStride = 1;
    LoadStages m_stages;
    StageDriver *m_stageDriver = nullptr;
    QList<LiveChange> m_changes;
    int m_startAfterMs = 0;
    qint64 m_launchNs = 0;
    bool m_started = false;
    bool m_stopping = false;
    bool m_finished = false;
};

} // namespace coroscope
