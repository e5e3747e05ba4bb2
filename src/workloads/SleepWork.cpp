#include "workloads/SleepWork.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/JsonReader.h"

#include <QCoroTask>

namespace coroscope {

namespace {

class SleepWorker : public ItemWorker
{
public:
    SleepWorker(SleepWork *work, LoopScheduler *scheduler) : m_work(work), m_scheduler(scheduler) {}

    QCoro::Task<void> process(WorkBatch *batch) override
    {
        batch->phases->enterPhase(0);
        for (const WorkItem &item : std::as_const(batch->items)) {
            const qint64 until = nowNs() + qint64(m_work->sampleMs(item.id) * 1e6);
            if (co_await DeadlineWait(*m_scheduler, batch->cancel, until) == WakeReason::Cancelled)
                co_return;
            batch->outcomes << WorkOutcome{};
        }
    }

private:
    SleepWork *m_work;
    LoopScheduler *m_scheduler;
};

} // namespace

SleepWork::SleepWork(Distribution ms) : m_ms(std::move(ms)), m_rng(QRandomGenerator::global()->generate()) {}

std::shared_ptr<ItemWork> SleepWork::read(JsonReader &work)
{
    return std::make_shared<SleepWork>(work.distribution(QStringLiteral("ms"), Distribution::fixed(1), 0, 3'600'000));
}

std::unique_ptr<ItemWorker> SleepWork::createWorker(LoopScheduler *scheduler)
{
    return std::make_unique<SleepWorker>(this, scheduler);
}

} // namespace coroscope
