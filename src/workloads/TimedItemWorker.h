#pragma once

#include "workloads/ItemWork.h"

#include <QCoroTask>

namespace coroscope {

class LoopScheduler;

// The worker of a work that spends a sampled time on each item (sleep, cpu): the batch's items one
// after the other, each for `work->sampleMs(item id)`, an outcome each; a cancel ends the batch.
template<typename Work> class TimedItemWorker : public ItemWorker
{
public:
    TimedItemWorker(Work *work, LoopScheduler *scheduler) : m_work(work), m_scheduler(scheduler) {}

    QCoro::Task<void> process(WorkBatch *batch) override
    {
        batch->phases->enterPhase(0);
        for (const WorkItem &item : std::as_const(batch->items)) {
            if (!co_await spend(m_work->sampleMs(item.id), batch->cancel))
                co_return;
            batch->outcomes << WorkOutcome{};
        }
    }

protected:
    // Spends `ms` on one item; false when `cancel` fired first.
    virtual QCoro::Task<bool> spend(double ms, CancellationToken *cancel) = 0;

    Work *m_work;
    LoopScheduler *m_scheduler;
};

} // namespace coroscope
