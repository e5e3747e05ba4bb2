#include "core/RunShard.h"

#include "core/Clock.h"
#include "core/Workload.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRun)

namespace coroscope {

RunShard::RunShard(int index, int count, QObject *parent) : QObject(parent), m_index(index)
{
    m_tracker.setIdSpace(quint64(index) + 1, quint64(std::max(1, count)));
}

RunShard::~RunShard()
{
    // Tasks must not outlive the workloads they point to: cancel what is left and let the cancelled
    // coroutines unwind now (a cancelled wait resumes through the ready queue, with no I/O).
    // Always: a workload may hold waits that have no task record yet (a connection waiting to ramp).
    for (auto &w : m_workloads)
        w->cancelAll();
    for (int pass = 0; pass < 1000 && m_scheduler.readyCount() > 0; ++pass)
        m_scheduler.drainReadyQueue();
    if (m_tracker.liveCount() > 0)
        qCWarning(lcRun) << m_tracker.liveCount() << "tasks still live when the run was destroyed";
    m_workloads.clear();
}

void RunShard::addWorkloads(std::vector<std::unique_ptr<Workload>> workloads)
{
    for (auto &w : workloads) {
        const int index = m_tracker.addWorkload(w->name(), w->type());
        w->attach(&m_tracker, &m_scheduler, index);
        connect(w.get(), &Workload::finished, this, &RunShard::onWorkloadFinished);
        m_workloads.push_back(std::move(w));
        m_finishedAtNs.push_back(-1);
    }
}

bool RunShard::prepare(QString *error)
{
    for (auto &w : m_workloads) {
        QString why;
        if (!w->prepare(&why)) {
            *error = why.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(w->name(), why);
            return false;
        }
    }
    return true;
}

void RunShard::start(qint64 runStartNs)
{
    if (m_started)
        return;
    m_started = true;
    m_runStartNs = runStartNs;
    m_probe.start();
    for (auto &w : m_workloads)
        w->launch();
    onWorkloadFinished(); // a shard with no workload, or only empty shares, is done now
}

void RunShard::stopGracefully()
{
    for (auto &w : m_workloads)
        w->stopGracefully();
}

void RunShard::cancelAll()
{
    for (auto &w : m_workloads)
        w->cancelAll();
}

void RunShard::onWorkloadFinished()
{
    if (!m_started)
        return; // a set-up cancelled before start: the Run ends it, not this
    bool all = true;
    for (size_t i = 0; i < m_workloads.size(); ++i) {
        if (m_workloads[i]->isFinished() && m_finishedAtNs[i] < 0)
            m_finishedAtNs[i] = nowNs() - m_runStartNs;
        all = all && m_workloads[i]->isFinished();
    }
    if (all && !m_finished) {
        m_finished = true;
        Q_EMIT finished();
    }
}

SnapshotPtr RunShard::makeSnapshot(bool final)
{
    if (final)
        m_probe.stop();
    auto s = std::make_shared<Snapshot>();
    m_tracker.fillSnapshot(*s, nowNs());
    for (size_t i = 0; i < m_workloads.size() && i < s->workloads.size(); ++i) {
        s->workloads[i].finished = m_workloads[i]->isFinished();
        s->workloads[i].finishedAtSeconds = m_finishedAtNs[i] >= 0 ? double(m_finishedAtNs[i]) / 1e9 : -1;
        m_workloads[i]->describe(s->workloads[i]);
        m_workloads[i]->describeShape(s->workloads[i]);
    }
    s->loopLag = m_probe.takeSummary();
    return s;
}

TaskViewPtr RunShard::makeTaskView() const
{
    auto v = std::make_shared<TaskView>();
    for (int p = 0; p < m_tracker.phaseCount(); ++p)
        v->phaseNames << m_tracker.phaseName(quint8(p));
    m_tracker.collectLive(v->live);
    m_tracker.collectRecent(v->recent);
    return v;
}

} // namespace coroscope
