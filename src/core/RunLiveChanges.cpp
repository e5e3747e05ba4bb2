// Run's live changes (the window's "change while running" control): the loop threads take the new
// rate, concurrency or connection count between them.
#include "core/Run.h"
#include "core/Workload.h"

namespace coroscope {

QList<LiveKey> Run::liveKeys(int workload) const
{
    // The keys are the workload type's, the same in every shard, and fixed once it is built.
    const auto &workloads = m_shards.front()->workloads();
    return workload >= 0 && size_t(workload) < workloads.size() ? workloads[size_t(workload)]->liveKeys()
                                                                : QList<LiveKey>();
}

bool Run::changeLive(int workload, LiveKey key, double value, QString *error)
{
    if (m_phase != Phase::Running || workload < 0 || workload >= m_workloadNames.size()) {
        *error = tr("no such running workload");
        return false;
    }
    // The shards whose part still runs take the new value between them, each its share, on its
    // own thread (a part that ended, e.g. an empty share, has nothing to change). They refuse alike
    // (one workload type in one state), so the answer is the first refusal, if any.
    const auto onShard = [this](RunShard *shard, auto f) {
        decltype(f()) result{};
        if (threads() == 1)
            result = f();
        else
            QMetaObject::invokeMethod(shard, f, Qt::BlockingQueuedConnection, &result);
        return result;
    };
    std::vector<RunShard *> running;
    for (RunShard *shard : m_shards) {
        if (!onShard(shard, [shard, workload] { return shard->workloads()[size_t(workload)]->isFinished(); }))
            running.push_back(shard);
    }
    int applied = 0;
    QString refusal;
    for (size_t part = 0; part < running.size(); ++part) {
        RunShard *shard = running[part];
        const double share = liveValueShare(key, value, int(part), int(running.size()));
        QString why;
        if (onShard(shard, [shard, workload, key, share, &why] {
                return shard->workloads()[size_t(workload)]->changeLive(key, share, &why);
            }))
            ++applied;
        else if (refusal.isEmpty())
            refusal = why;
    }
    if (!refusal.isEmpty() || !applied) {
        *error =
            refusal.isEmpty() ? tr("the workload %1 is not running").arg(m_workloadNames.value(workload)) : refusal;
        return false;
    }
    return true;
}

} // namespace coroscope
