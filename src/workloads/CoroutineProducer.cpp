#include "workloads/CoroutineProducer.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/TaskTracker.h"
#include "workloads/QueueBackend.h"
#include "workloads/QueueContext.h"

#include <QCoroTask>

namespace coroscope {

namespace {
// Items between two yields to the loop (a clock read per item would cost more than the item).
constexpr int kYieldEveryItems = 64;
} // namespace

QCoro::Task<void> CoroutineProducer::run(QueueContext *ctx, quint64 count)
{
    std::unique_ptr<QueueChannel> channel = ctx->backend->openChannel(-1);
    try {
        co_await loop(ctx, channel.get(), count);
    } catch (const std::exception &e) {
        ctx->reportException("producer", QString::fromUtf8(e.what()));
    } catch (...) {
        ctx->reportException("producer", QStringLiteral("unknown exception"));
    }
    channel->close();
    ctx->producerEnded();
}

QCoro::Task<void> CoroutineProducer::loop(QueueContext *ctx, QueueChannel *channel, quint64 count)
{
    const QueueSpec &spec = *ctx->spec;
    TaskTracker &tracker = *ctx->tracker;
    const bool tracked = ctx->backend->tasksStartAtPut();
    // With a rate, every producer takes its turns from one shared schedule (ctx->pacer), which
    // stages and live changes move while the run goes on.
    const bool paced = spec.ratePerSecond > 0;
    const quint64 batch = tracked || paced ? 1 : quint64(spec.batch);
    int sinceYield = 0;
    quint64 i = 0;
    QList<QueueItem> items;
    while ((count == 0 || i < count) && !ctx->stop->isCancelled()) {
        if (paced) {
            if (ctx->pacer.nextDueNs() > nowNs() &&
                co_await RatePacer::waitUntilDue(&ctx->pacer, *ctx->scheduler, ctx->stop) == 0)
                break;
            ctx->pacer.take();
        }
        items.clear();
        const qint64 now = nowNs();
        for (quint64 k = 0; k < batch && (count == 0 || i + k < count); ++k) {
            QueueItem item;
            if (tracked) {
                item.task = tracker.create(ctx->workload, nullptr);
                tracker.setPhase(item.task, ctx->phaseQueueWait);
            }
            item.enqueuedNs = now;
            item.priority = int(spec.priority.sample(i + k, ctx->rng));
            item.payload = ctx->payload;
            items << std::move(item);
        }
        qsizetype put = 0;
        bool refused = false;
        if (items.size() == 1 && channel->tryPut(items.first())) {
            put = 1;
        } else {
            const QueueOpResult r = co_await channel->put(items, ctx->stop);
            put = r.put;
            if (r.failed())
                ctx->countFailure(r.error, r.message); // the channel reconnects with backoff on the next put
            else
                refused = put < items.size(); // stopped, or the queue closed
        }
        for (qsizetype k = put; k < items.size() && tracked; ++k)
            tracker.finish(items[k].task, TaskState::Cancelled);
        i += quint64(put);
        ctx->stats.produced += put;
        if (put > 0)
            ctx->stats.in.add(now, put);
        if (refused)
            break;
        if (++sinceYield >= kYieldEveryItems) {
            co_await ctx->scheduler->yield();
            sinceYield = 0;
        }
    }
}

} // namespace coroscope
