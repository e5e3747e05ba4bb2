#pragma once

#include "core/Distribution.h"
#include "workloads/ItemWork.h"

#include <QRandomGenerator>

namespace coroscope {

// Work kind "sleep": each item waits `ms` (a distribution) on the loop, like asyncio.sleep().
class SleepWork : public ItemWork
{
public:
    explicit SleepWork(Distribution ms);
    static std::shared_ptr<ItemWork> read(JsonReader &work);

    QString kind() const override { return QStringLiteral("sleep"); }
    QStringList phaseNames() const override { return {QStringLiteral("processing")}; }
    std::unique_ptr<ItemWorker> createWorker(LoopScheduler *scheduler) override;

    double sampleMs(quint64 index) { return std::max(0.0, m_ms.sample(index, m_rng)); }

private:
    Distribution m_ms;
    QRandomGenerator m_rng;
};

} // namespace coroscope
