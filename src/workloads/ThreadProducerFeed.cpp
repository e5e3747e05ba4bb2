#include "workloads/ThreadProducerFeed.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "core/TaskTracker.h"
#include "workloads/ProducerThread.h"
#include "workloads/QueueBackend.h"
#include "workloads/QueueContext.h"

#include <QCoroTask>

namespace coroscope {

ThreadProducerFeed::ThreadProducerFeed(QueueContext *ctx, quint64 count) : m_ctx(ctx)
{
    m_thread = std::make_unique<ProducerThread>(
        count, ctx->spec->ratePerSecond, std::max<qint64>(64, ctx->spec->capacity), [this] { m_handedOver.release(); });
}

ThreadProducerFeed::~ThreadProducerFeed()
{
    m_thread->stop();
}

void ThreadProducerFeed::start()
{
    run(this);
    m_thread->start();
}

QCoro::Task<void> ThreadProducerFeed::run(ThreadProducerFeed *self)
{
    try {
        co_await loop(self);
    } catch (const std::exception &e) {
        self->m_ctx->reportException("producer thread", QString::fromUtf8(e.what()));
    }
    self->m_thread->stop();
    self->m_ctx->producerEnded();
}

QCoro::Task<void> ThreadProducerFeed::loop(ThreadProducerFeed *self)
{
    QueueContext *ctx = self->m_ctx;
    TaskTracker &tracker = *ctx->tracker;
    std::unique_ptr<QueueChannel> channel = ctx->backend->openChannel(-1);
    for (;;) {
        std::deque<ProducerThread::Produced> batch = self->m_thread->take();
        for (const auto &p : batch) {
            const qint64 now = nowNs();
            ctx->stats.handoff.record(now - p.producedNs);
            QueueItem item;
            item.task = tracker.create(ctx->workload, nullptr);
            tracker.setPhase(item.task, ctx->phaseQueueWait);
            item.enqueuedNs = now;
            item.priority = int(ctx->spec->priority.sample(p.index, ctx->rng));
            item.payload = ctx->payload;
            const TaskRef ref = item.task;
            if (!channel->tryPut(item)) {
                QList<QueueItem> one{std::move(item)};
                if ((co_await channel->put(std::move(one), ctx->stop)).put == 0) {
                    tracker.finish(ref, TaskState::Cancelled);
                    continue;
                }
            }
            ++ctx->stats.produced;
            ctx->stats.in.add(nowNs());
        }
        if (ctx->stop->isCancelled() || self->m_thread->finished())
            break;
        if (batch.empty() && !co_await self->m_handedOver.acquire(*ctx->scheduler, ctx->stop))
            break;
        if (!batch.empty())
            co_await ctx->scheduler->yield(); // a large hand-off never holds the loop
    }
}

} // namespace coroscope
