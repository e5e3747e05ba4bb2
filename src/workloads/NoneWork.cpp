#include "workloads/NoneWork.h"

#include "core/JsonReader.h"

#include <QCoroTask>

namespace coroscope {

namespace {

class NoneWorker : public ItemWorker
{
public:
    QCoro::Task<void> process(WorkBatch *batch) override
    {
        batch->outcomes.resize(batch->items.size());
        co_return;
    }
};

} // namespace

std::shared_ptr<ItemWork> NoneWork::read(JsonReader &work)
{
    work.distribution(QStringLiteral("ms"), Distribution::fixed(0), 0, 3'600'000); // accepted, unused
    return std::make_shared<NoneWork>();
}

std::unique_ptr<ItemWorker> NoneWork::createWorker(LoopScheduler *)
{
    return std::make_unique<NoneWorker>();
}

} // namespace coroscope
