#include "workloads/SleepWork.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/JsonReader.h"
#include "workloads/TimedItemWorker.h"

#include <QCoroTask>

namespace coroscope {

namespace {

class SleepWorker : public TimedItemWorker<SleepWork>
{
public:
    using TimedItemWorker::TimedItemWorker;

protected:
    QCoro::Task<bool> spend(double ms, CancellationToken *cancel) override
    {
        const qint64 until = nowNs() + qint64(ms * 1e6);
        co_return co_await DeadlineWait(*m_scheduler, cancel, until) != WakeReason::Cancelled;
    }
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
