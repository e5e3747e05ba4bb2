#pragma once

#include "workloads/ItemWork.h"

namespace coroscope {

// Work kind "none": the item is done as soon as it is taken (measures the queue itself).
class NoneWork : public ItemWork
{
public:
    static std::shared_ptr<ItemWork> read(JsonReader &work);

    QString kind() const override { return QStringLiteral("none"); }
    QStringList phaseNames() const override { return {QStringLiteral("processing")}; }
    bool isNoop() const override { return true; }
    std::unique_ptr<ItemWorker> createWorker(LoopScheduler *scheduler) override;
};

} // namespace coroscope
