#pragma once

#include "core/ErrorKind.h"
#include "core/LatencyHistogram.h"
#include "core/RateWindow.h"
#include "core/Snapshot.h"
#include "core/TaskState.h"

#include <QHash>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>

#include <deque>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcTracker)

namespace coroscope {

class CancellationToken;

// Where a live task's record sits; the id guards against a reused slot.
struct TaskRef {
    quint32 slot = 0;
    quint64 id = 0;
};

// A live (pending or running) task, compact enough to copy 100 000 of them ten times a second.
struct LiveTask {
    quint64 id = 0;
    qint64 createdNs = 0; // on nowNs()'s clock
    qint64 startedNs = 0; // 0 while pending
    quint16 workload = 0;
    TaskState state = TaskState::Pending;
    quint8 phase = 0; // phaseName() resolves it
    quint8 attempts = 0;
};

// Every task of a run: its state, phase and timestamps while live, counts per state and workload,
// latency histograms, completion rates, error kinds, and a ring of the last finished tasks.
// Every event is O(1); memory is per live task plus fixed-size statistics.
class TaskTracker
{
public:
    explicit TaskTracker(int recentCapacity = 1000);

    // How many finished tasks the recent ring keeps (a setting of the window); trims at once.
    void setRecentCapacity(int capacity);
    int recentCapacity() const { return int(m_recentCapacity); }

    // Ids this tracker hands out: first, first + stride, ... A run on several loop threads gives
    // shard s of N the ids s+1, s+1+N, ..., so ids are unique across the run and name their shard.
    void setIdSpace(quint64 first, quint64 stride)
    {
        m_nextId = first;
        m_idStride = stride;
    }

    int addWorkload(const QString &name, const QString &type);
    int workloadCount() const { return int(m_workloads.size()); }
    QString workloadName(int workload) const { return m_workloads[size_t(workload)].name; }
    QString workloadType(int workload) const { return m_workloads[size_t(workload)].type; }
    quint8 internPhase(const QString &phase);
    int phaseCount() const { return int(m_phases.size()); }
    QString phaseName(quint8 phase) const { return m_phases.value(phase); }

    TaskRef create(int workload, CancellationToken *token);
    bool start(TaskRef ref);
    void setPhase(TaskRef ref, quint8 phase);
    void setAttempts(TaskRef ref, int attempts);
    // The token cancelTask(id) cancels, when it is only known once the task is picked up.
    void setToken(TaskRef ref, CancellationToken *token);
    // Moves a task to a final state. Succeeded/Failed record `latencyNs` (running time when < 0).
    bool finish(TaskRef ref, TaskState outcome, ErrorKind errorKind = ErrorKind::None, const QString &message = {},
                qint64 latencyNs = -1);

    bool cancelTask(quint64 id);
    void cancelWorkload(int workload, bool pendingOnly = false);
    void cancelAll();

    qint64 liveCount() const { return qint64(m_slotById.size()); }
    qint64 liveCount(int workload) const;
    qint64 illegalTransitions() const { return m_illegal; }
    StateCounts counts(int workload) const { return m_workloads[size_t(workload)].counts; }
    StateCounts totals() const { return m_totals; }
    TaskState stateOf(quint64 id) const; // Pending..Running for live tasks; Cancelled when unknown
    // Replaces `out` with every live task, in no particular order; O(peak live), no string copies.
    void collectLive(std::vector<LiveTask> &out) const;
    // The ring of the last finished tasks, oldest first, as the same moment's collectLive() sees them.
    void collectRecent(QList<TaskRow> &out) const;

    // Fills the tracker's part of a snapshot and starts the next latency interval.
    void fillSnapshot(Snapshot &out, qint64 nowNs);

private:
    struct Record {
        quint64 id = 0; // 0 = free slot
        qint64 createdNs = 0;
        qint64 startedNs = 0;
        CancellationToken *token = nullptr;
        quint16 workload = 0;
        TaskState state = TaskState::Pending;
        quint8 phase = 0;
        quint8 attempts = 0;
    };
    struct Finished {
        quint64 id;
        qint64 createdNs, startedNs, finishedNs;
        quint16 workload;
        ErrorKind errorKind;
        TaskState state;
        quint8 phase, attempts;
        QString message;
    };
    struct ErrorStat {
        qint64 count = 0;
        QString lastMessage;
    };
    struct WorkloadStats {
        QString name, type;
        StateCounts counts{};
        qint64 live = 0;
        std::vector<qint64> runningByPhase;
        LatencyHistogram latency;
        LatencyHistogram interval; // since the last snapshot
        RateWindow completions;
        QHash<ErrorKind, ErrorStat> errors;
    };

    Record *lookup(TaskRef ref);
    void move(Record &r, TaskState to);
    void setPhaseCount(Record &r, quint8 phase);

    std::vector<Record> m_slots;
    std::vector<quint32> m_freeSlots;
    QHash<quint64, quint32> m_slotById;
    std::vector<WorkloadStats> m_workloads;
    StateCounts m_totals{};
    RateWindow m_totalCompletions;
    QStringList m_phases;
    std::deque<Finished> m_recent;
    size_t m_recentCapacity;
    quint64 m_nextId = 1;
    quint64 m_idStride = 1;
    qint64 m_illegal = 0;
};

} // namespace coroscope
