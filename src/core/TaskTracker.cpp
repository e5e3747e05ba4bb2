#include "core/TaskTracker.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"

Q_LOGGING_CATEGORY(lcTracker, "coroscope.tracker")

namespace coroscope {

TaskTracker::TaskTracker(int recentCapacity) : m_recentCapacity(size_t(std::max(1, recentCapacity)))
{
    m_phases << QString(); // phase 0: none
}

void TaskTracker::setRecentCapacity(int capacity)
{
    m_recentCapacity = size_t(std::max(1, capacity));
    while (m_recent.size() > m_recentCapacity)
        m_recent.pop_front();
}

int TaskTracker::addWorkload(const QString &name, const QString &type)
{
    WorkloadStats w;
    w.name = name;
    w.type = type;
    w.runningByPhase.assign(size_t(m_phases.size()), 0);
    m_workloads.push_back(std::move(w));
    return int(m_workloads.size()) - 1;
}

quint8 TaskTracker::internPhase(const QString &phase)
{
    const qsizetype i = m_phases.indexOf(phase);
    if (i >= 0)
        return quint8(i);
    Q_ASSERT_X(m_phases.size() < 255, "TaskTracker", "too many phases");
    m_phases << phase;
    for (auto &w : m_workloads)
        w.runningByPhase.resize(size_t(m_phases.size()), 0);
    return quint8(m_phases.size() - 1);
}

TaskRef TaskTracker::create(int workload, CancellationToken *token)
{
    Q_ASSERT(workload >= 0 && workload < int(m_workloads.size()));
    quint32 slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        slot = quint32(m_slots.size());
        m_slots.emplace_back();
    }
    Record &r = m_slots[slot];
    r = Record{};
    r.id = m_nextId;
    m_nextId += m_idStride;
    r.createdNs = nowNs();
    r.token = token;
    r.workload = quint16(workload);
    m_slotById.insert(r.id, slot);
    auto &w = m_workloads[size_t(workload)];
    ++w.counts[stateIndex(TaskState::Pending)];
    ++w.live;
    ++m_totals[stateIndex(TaskState::Pending)];
    return TaskRef{slot, r.id};
}

TaskTracker::Record *TaskTracker::lookup(TaskRef ref)
{
    if (ref.slot < m_slots.size() && m_slots[ref.slot].id == ref.id && ref.id != 0)
        return &m_slots[ref.slot];
    return nullptr;
}

void TaskTracker::move(Record &r, TaskState to)
{
    auto &w = m_workloads[size_t(r.workload)];
    --w.counts[stateIndex(r.state)];
    ++w.counts[stateIndex(to)];
    --m_totals[stateIndex(r.state)];
    ++m_totals[stateIndex(to)];
    r.state = to;
}

void TaskTracker::setPhaseCount(Record &r, quint8 phase)
{
    auto &counts = m_workloads[size_t(r.workload)].runningByPhase;
    if (r.state == TaskState::Running && r.phase)
        --counts[r.phase];
    r.phase = phase;
    if (r.state == TaskState::Running && phase)
        ++counts[phase];
}

bool TaskTracker::start(TaskRef ref)
{
    Record *r = lookup(ref);
    if (!r || !isLegalTransition(r->state, TaskState::Running)) {
        ++m_illegal;
        qCWarning(lcTracker) << "illegal transition to running for task" << ref.id;
        return false;
    }
    move(*r, TaskState::Running);
    r->startedNs = nowNs();
    r->attempts = std::max<quint8>(r->attempts, 1);
    if (r->phase)
        ++m_workloads[size_t(r->workload)].runningByPhase[r->phase];
    return true;
}

void TaskTracker::setPhase(TaskRef ref, quint8 phase)
{
    if (Record *r = lookup(ref))
        setPhaseCount(*r, phase);
}

void TaskTracker::setToken(TaskRef ref, CancellationToken *token)
{
    if (Record *r = lookup(ref))
        r->token = token;
}

void TaskTracker::setAttempts(TaskRef ref, int attempts)
{
    if (Record *r = lookup(ref))
        r->attempts = quint8(std::clamp(attempts, 0, 255));
}

bool TaskTracker::finish(TaskRef ref, TaskState outcome, ErrorKind errorKind, const QString &message, qint64 latencyNs)
{
    Record *r = lookup(ref);
    if (!r || !isFinal(outcome) || !isLegalTransition(r->state, outcome)) {
        ++m_illegal;
        qCWarning(lcTracker) << "illegal transition to" << stateKey(outcome) << "for task" << ref.id;
        return false;
    }
    const qint64 now = nowNs();
    const quint8 lastPhase = r->phase;
    setPhaseCount(*r, 0);
    move(*r, outcome);
    auto &w = m_workloads[size_t(r->workload)];
    --w.live;
    if (outcome == TaskState::Succeeded || outcome == TaskState::Failed) {
        const qint64 latency = latencyNs >= 0 ? latencyNs : now - r->startedNs;
        w.latency.record(latency);
        w.interval.record(latency);
    }
    if (outcome != TaskState::Cancelled) {
        w.completions.add(now);
        m_totalCompletions.add(now);
    }
    if (errorKind != ErrorKind::None) {
        ErrorStat &e = w.errors[errorKind];
        ++e.count;
        if (!message.isEmpty())
            e.lastMessage = message;
    }
    if (m_recent.size() == m_recentCapacity)
        m_recent.pop_front();
    m_recent.push_back(Finished{r->id, r->createdNs, r->startedNs, now, r->workload, errorKind, outcome, lastPhase,
                                r->attempts, message});
    m_slotById.remove(r->id);
    r->id = 0;
    r->token = nullptr;
    m_freeSlots.push_back(ref.slot);
    return true;
}

bool TaskTracker::cancelTask(quint64 id)
{
    const auto it = m_slotById.constFind(id);
    if (it == m_slotById.cend())
        return false;
    if (CancellationToken *t = m_slots[*it].token) {
        t->cancel();
        return true;
    }
    return false;
}

void TaskTracker::cancelWorkload(int workload, bool pendingOnly)
{
    // Tokens defer their wake-ups, so no record changes while we walk the slots.
    for (const Record &r : m_slots) {
        if (r.id && r.workload == workload && r.token && (!pendingOnly || r.state == TaskState::Pending))
            r.token->cancel();
    }
}

void TaskTracker::cancelAll()
{
    for (const Record &r : m_slots) {
        if (r.id && r.token)
            r.token->cancel();
    }
}

qint64 TaskTracker::liveCount(int workload) const
{
    return m_workloads[size_t(workload)].live;
}

TaskState TaskTracker::stateOf(quint64 id) const
{
    const auto it = m_slotById.constFind(id);
    return it == m_slotById.cend() ? TaskState::Cancelled : m_slots[*it].state;
}

void TaskTracker::collectLive(std::vector<LiveTask> &out) const
{
    out.clear();
    out.reserve(size_t(m_slotById.size()));
    for (const Record &r : m_slots) {
        if (r.id)
            out.push_back(LiveTask{r.id, r.createdNs, r.startedNs, r.workload, r.state, r.phase, r.attempts});
    }
}

void TaskTracker::fillSnapshot(Snapshot &out, qint64 now)
{
    out.totals = m_totals;
    out.throughputPerSecond = m_totalCompletions.perSecond(now);
    out.workloads.resize(m_workloads.size());
    for (size_t i = 0; i < m_workloads.size(); ++i) {
        WorkloadStats &w = m_workloads[i];
        WorkloadSnapshot &s = out.workloads[i];
        s.name = w.name;
        s.type = w.type;
        s.counts = w.counts;
        s.created = 0;
        for (qint64 c : w.counts)
            s.created += c;
        s.throughputPerSecond = w.completions.perSecond(now);
        s.latency = LatencySummary::of(w.latency);
        s.intervalLatency = LatencySummary::of(w.interval);
        s.intervalHistogram = w.interval;
        w.interval.reset();
        s.histogram = w.latency;
        s.runningByPhase.clear();
        for (size_t p = 1; p < w.runningByPhase.size(); ++p) {
            if (w.runningByPhase[p])
                s.runningByPhase.insert(m_phases[qsizetype(p)], w.runningByPhase[p]);
        }
        s.errors.clear();
        for (auto it = w.errors.cbegin(); it != w.errors.cend(); ++it)
            s.errors.insert(it.key(), ErrorSummary{it->count, it->lastMessage});
    }
    collectRecent(out.recentFinished);
}

void TaskTracker::collectRecent(QList<TaskRow> &out) const
{
    out.clear();
    out.reserve(qsizetype(m_recent.size()));
    for (const Finished &f : m_recent) {
        TaskRow row;
        row.id = f.id;
        row.workload = f.workload;
        row.state = f.state;
        row.phase = m_phases[f.phase];
        row.createdNs = f.createdNs;
        row.startedNs = f.startedNs;
        row.finishedNs = f.finishedNs;
        row.attempts = f.attempts;
        row.error = f.errorKind;
        row.message = f.message;
        out.push_back(std::move(row));
    }
}

} // namespace coroscope
