#include "workloads/QueueConsumer.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/TaskTracker.h"
#include "workloads/ItemWork.h"
#include "workloads/QueueBackend.h"
#include "workloads/QueueContext.h"

#include <QCoroTask>

#include <vector>

namespace coroscope {

namespace {

// Shows the phase a work reports on every task of its batch ("retrying" on later attempts).
class BatchPhases : public WorkPhaseSink
{
public:
    BatchPhases(TaskTracker *tracker, std::vector<quint8> phases, quint8 retry)
        : m_tracker(tracker), m_phases(std::move(phases)), m_retry(retry)
    {}
    void enterPhase(int phase) override
    {
        const quint8 id = m_retrying ? m_retry : m_phases[size_t(std::clamp<int>(phase, 0, int(m_phases.size()) - 1))];
        for (const TaskRef &ref : std::as_const(*m_refs))
            m_tracker->setPhase(ref, id);
    }
    void setBatch(const QList<TaskRef> *refs, bool retrying)
    {
        m_refs = refs;
        m_retrying = retrying;
    }

private:
    TaskTracker *m_tracker;
    std::vector<quint8> m_phases;
    quint8 m_retry;
    const QList<TaskRef> *m_refs = nullptr;
    bool m_retrying = false;
};

// The most a consumer waits on an empty Redis list before it checks for the end again.
constexpr qint64 kIdlePollNs = 100 * kNsPerMs;

} // namespace

QCoro::Task<void> QueueConsumer::run(QueueContext *ctx, int index)
{
    std::unique_ptr<QueueChannel> channel =
        ctx->backend->openChannel(int(ctx->consumerName ? ctx->consumerName(index) : index));
    std::unique_ptr<ItemWorker> worker = ctx->work->createWorker(ctx->scheduler);
    try {
        co_await loop(ctx, channel.get(), worker.get());
    } catch (const std::exception &e) {
        ctx->reportException("consumer", QString::fromUtf8(e.what()));
    } catch (...) {
        ctx->reportException("consumer", QStringLiteral("unknown exception"));
    }
    // The last acknowledgements and give-backs, even after a cancel, with a short deadline of their own.
    try {
        // After a cancel the run waits 1 s at most for its workloads to unwind: stay well inside it.
        const qint64 ms = ctx->cancel->isCancelled() ? 500 : std::min<qint64>(ctx->spec->commandTimeoutMs, 1000);
        CancellationToken last;
        co_await channel->flush(&last, nowNs() + ms * kNsPerMs);
    } catch (const std::exception &e) {
        ctx->reportException("consumer", QString::fromUtf8(e.what()));
    }
    worker->close();
    channel->close();
    ctx->consumerEnded();
}

QCoro::Task<void> QueueConsumer::loop(QueueContext *ctx, QueueChannel *channel, ItemWorker *worker)
{
    const QueueSpec &spec = *ctx->spec;
    const bool memory = ctx->backend->tasksStartAtPut();
    // Memory: one item per take keeps the queue's order exact among consumers, unless the work
    // batches (a database sink): then what is there, up to its batch. Redis: a round trip's worth.
    const qint64 takeMax = memory ? std::max(1, ctx->work->batchSize()) : spec.batch;
    // Memory consumers drain what producers already queued after a stop; Redis ones take no more.
    CancellationToken *takeToken = memory ? ctx->cancel : ctx->stop;
    const bool quick = ctx->work->isNoop() && spec.failureProbability <= 0;
    qint64 idleSince = nowNs();
    QList<QueueItem> items;
    while (!ctx->cancel->isCancelled() && !(!memory && ctx->stop->isCancelled())) {
        const qint64 want = ctx->budget.reserve(takeMax);
        if (want == 0)
            break; // a drain's limit is taken in full
        items.clear();
        QueueOpResult r;
        if (!channel->tryTake(want, &items)) {
            r = co_await channel->take(want, takeToken, memory ? 0 : kIdlePollNs);
            items = std::move(r.items);
        }
        ctx->budget.giveBack(want - items.size());
        if (r.failed()) {
            ctx->countFailure(r.error, r.message); // the channel reconnects with backoff on the next take
            continue;
        }
        if (items.isEmpty()) {
            if (memory || r.closed)
                break; // closed and drained, or cancelled
            const bool producersDone = ctx->producersLive == 0;
            if ((spec.producers == 0 || producersDone) && nowNs() - idleSince >= spec.idleStopMs * kNsPerMs)
                break;
            continue;
        }
        if (!memory)
            idleSince = nowNs();
        if (quick) {
            for (const QueueItem &item : std::as_const(items))
                processQuickly(ctx, channel, item);
            continue;
        }
        const qsizetype batch = std::max(1, ctx->work->batchSize());
        qsizetype start = 0;
        for (; start < items.size() && !ctx->cancel->isCancelled(); start += batch)
            co_await processBatch(ctx, channel, worker, items.mid(start, batch));
        // Cancelled with items not started: they go back to the queue's head, in order, as no task.
        for (; start < items.size(); ++start) {
            if (items[start].task.id)
                ctx->tracker->finish(items[start].task, TaskState::Cancelled);
            else
                channel->retry(items[start]);
        }
    }
}

void QueueConsumer::processQuickly(QueueContext *ctx, QueueChannel *channel, const QueueItem &item)
{
    TaskTracker &tracker = *ctx->tracker;
    const TaskRef ref = item.task.id ? item.task : tracker.create(ctx->workload, nullptr);
    if (tracker.stateOf(ref.id) != TaskState::Pending)
        return; // cancelled while it waited in the queue
    tracker.start(ref);
    const qint64 now = nowNs();
    const qint64 enqueued = item.enqueuedNs > 0 ? item.enqueuedNs : now;
    ctx->stats.recordWait(now - enqueued);
    ctx->stats.service.record(0);
    tracker.finish(ref, TaskState::Succeeded, ErrorKind::None, {}, now - enqueued);
    ++ctx->stats.consumed;
    ctx->stats.out.add(now);
    channel->acknowledge(item);
}

QCoro::Task<void> QueueConsumer::processBatch(QueueContext *ctx, QueueChannel *channel, ItemWorker *worker,
                                              QList<QueueItem> items)
{
    TaskTracker &tracker = *ctx->tracker;
    const QueueSpec &spec = *ctx->spec;
    // One token for the batch: cancelling any of its tasks (or the run) stops the batch's work.
    CancellationToken token;
    if (ctx->cancel->isCancelled())
        token.cancel();
    QList<TaskRef> refs;
    QList<QueueItem> live;
    const qint64 taken = nowNs();
    for (QueueItem &item : items) {
        TaskRef ref = item.task;
        if (ref.id) {
            if (tracker.stateOf(ref.id) != TaskState::Pending)
                continue; // cancelled while it waited in the queue
            tracker.setToken(ref, &token);
        } else {
            ref = tracker.create(ctx->workload, &token);
        }
        tracker.start(ref);
        if (item.enqueuedNs > 0)
            ctx->stats.recordWait(taken - item.enqueuedNs);
        refs << ref;
        live << std::move(item);
    }
    std::vector<quint8> phases;
    for (const QString &name : ctx->work->phaseNames())
        phases.push_back(tracker.internPhase(name));
    if (phases.empty())
        phases.push_back(tracker.internPhase(QStringLiteral("processing")));
    BatchPhases sink(&tracker, std::move(phases), ctx->phaseRetry);

    QList<qsizetype> pending; // indexes into live/refs still to be done
    for (qsizetype k = 0; k < live.size(); ++k)
        pending << k;
    QList<WorkOutcome> last(live.size());
    int attempt = 0;
    while (!pending.isEmpty() && !token.isCancelled()) {
        ++attempt;
        QList<TaskRef> batchRefs;
        WorkBatch batch;
        batch.cancel = &token;
        batch.phases = &sink;
        for (qsizetype k : std::as_const(pending)) {
            batchRefs << refs[k];
            batch.items << WorkItem{refs[k].id, live[k].payload, live[k].enqueuedNs};
            tracker.setAttempts(refs[k], attempt);
        }
        sink.setBatch(&batchRefs, attempt > 1);
        sink.enterPhase(0);
        try {
            co_await worker->process(&batch);
        } catch (const std::exception &e) {
            // The batch's items fail with it, so no failure of its own is counted.
            ctx->logException("work", QString::fromUtf8(e.what()));
            batch.outcomes.clear();
            for (qsizetype i = 0; i < batch.items.size(); ++i)
                batch.outcomes << WorkOutcome{ErrorKind::Exception, QString::fromUtf8(e.what())};
        }
        if (token.isCancelled())
            break;
        QList<qsizetype> again;
        for (qsizetype i = 0; i < pending.size(); ++i) {
            const qsizetype k = pending[i];
            WorkOutcome outcome = i < batch.outcomes.size()
                                      ? batch.outcomes[i]
                                      : WorkOutcome{ErrorKind::BadResponse, QStringLiteral("the work gave no outcome")};
            if (outcome.ok() && spec.failureProbability > 0 && ctx->rng.generateDouble() < spec.failureProbability)
                outcome = WorkOutcome{ErrorKind::DeadLetter, tr("an injected failure (failureProbability)")};
            const qint64 now = nowNs();
            if (outcome.ok()) {
                ctx->stats.service.record(now - taken);
                ++ctx->stats.consumed;
                ctx->stats.out.add(now);
                tracker.finish(refs[k], TaskState::Succeeded, ErrorKind::None, {},
                               now - (live[k].enqueuedNs > 0 ? live[k].enqueuedNs : taken));
                channel->acknowledge(live[k]);
                continue;
            }
            last[k] = outcome;
            if (attempt <= spec.retries) {
                ++ctx->stats.retried;
                again << k;
                continue;
            }
            ctx->stats.service.record(now - taken);
            ++ctx->stats.consumed;
            ++ctx->stats.deadLetters;
            ctx->stats.out.add(now);
            QString message = tr("failed %n time(s), moved to the dead letters", nullptr, attempt);
            if (!outcome.message.isEmpty())
                message += QStringLiteral(": ") + outcome.message;
            // The item's own failure names it (an exception, a query error, a timeout); the dead
            // letters are counted apart.
            tracker.finish(refs[k], TaskState::Failed, outcome.error, message,
                           now - (live[k].enqueuedNs > 0 ? live[k].enqueuedNs : taken));
            channel->deadLetter(live[k]);
        }
        pending = again;
    }
    // Cancelled: what is not done ends cancelled and goes back to the queue's head, oldest first.
    for (qsizetype k : std::as_const(pending)) {
        ctx->stats.service.record(nowNs() - taken);
        tracker.finish(refs[k], TaskState::Cancelled);
        channel->retry(live[k]);
    }
}

} // namespace coroscope
