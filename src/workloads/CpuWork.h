#pragma once

#include "core/Distribution.h"
#include "workloads/ItemWork.h"

#include <QRandomGenerator>

#include <atomic>

namespace coroscope {

// Work kinds "cpu" and "cpu-inline": each item burns the CPU for `ms` (a distribution). On the
// thread pool (run_in_executor) the loop stays free and a cancel stops the burn at once; inline it
// blocks the loop on purpose (in slices of up to 100 ms), so the loop-lag figure shows what that costs.
class CpuWork : public ItemWork
{
public:
    enum class Where { ThreadPool, Loop };

    CpuWork(Distribution ms, Where where);
    static std::shared_ptr<ItemWork> read(JsonReader &work, Where where);

    QString kind() const override
    {
        return m_where == Where::ThreadPool ? QStringLiteral("cpu") : QStringLiteral("cpu-inline");
    }
    QStringList phaseNames() const override
    {
        return {m_where == Where::ThreadPool ? QStringLiteral("thread pool") : QStringLiteral("processing")};
    }
    std::unique_ptr<ItemWorker> createWorker(LoopScheduler *scheduler) override;

    double sampleMs(quint64 index) { return std::max(0.0, m_ms.sample(index, m_rng)); }
    Where where() const { return m_where; }

    // Burns the CPU for `ms` milliseconds, or until `stop` is set (checked every few microseconds).
    static void burn(double ms, const std::atomic<bool> *stop);

private:
    Distribution m_ms;
    Where m_where;
    QRandomGenerator m_rng;
};

} // namespace coroscope
