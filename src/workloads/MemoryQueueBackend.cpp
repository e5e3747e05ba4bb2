#include "workloads/MemoryQueueBackend.h"

#include "core/Clock.h"

#include <QCoroTask>

namespace coroscope {

namespace {

// "Unbounded" (capacity 0) still stops producers here: queued items are live tasks, and a producer
// with no item limit would otherwise grow memory until the machine gives out.
constexpr qint64 kUnboundedCap = 1'000'000;

class MemoryChannel : public QueueChannel
{
public:
    explicit MemoryChannel(MemoryQueueBackend *backend) : m_backend(backend) {}

    bool tryPut(QueueItem &item) override
    {
        // A put that completes at once is done here, without a coroutine frame per item.
        return m_backend->queue().tryPut(item, item.priority);
    }
    QCoro::Task<QueueOpResult> put(QList<QueueItem> items, CancellationToken *stop) override
    {
        QueueOpResult r;
        for (QueueItem &item : items) {
            const int priority = item.priority;
            if (!co_await m_backend->queue().put(std::move(item), priority, m_backend->scheduler(), stop))
                break;
            ++r.put;
        }
        co_return r;
    }
    bool tryTake(qint64 max, QList<QueueItem> *out) override
    {
        const qsizetype before = out->size();
        while (out->size() - before < max) {
            std::optional<QueueItem> item = m_backend->queue().tryGet();
            if (!item)
                break;
            out->push_back(std::move(*item));
        }
        return out->size() > before;
    }
    QCoro::Task<QueueOpResult> take(qint64 max, CancellationToken *cancel, qint64 idleNs) override
    {
        QueueOpResult r;
        std::optional<QueueItem> first =
            co_await m_backend->queue().get(m_backend->scheduler(), cancel, idleNs > 0 ? nowNs() + idleNs : 0);
        if (!first) {
            r.closed = m_backend->queue().isClosed() && m_backend->queue().size() == 0;
            co_return r;
        }
        r.items.push_back(std::move(*first));
        tryTake(max - 1, &r.items);
        co_return r;
    }

private:
    MemoryQueueBackend *m_backend;
};

} // namespace

MemoryQueueBackend::MemoryQueueBackend(AsyncQueueOrder::Order order, qint64 capacity, LoopScheduler *scheduler)
    : m_queue(order, capacity > 0 ? capacity : kUnboundedCap), m_scheduler(scheduler)
{}

std::unique_ptr<QueueChannel> MemoryQueueBackend::openChannel(int)
{
    return std::make_unique<MemoryChannel>(this);
}

QString MemoryQueueBackend::target() const
{
    return tr("in-memory queue");
}

void MemoryQueueBackend::addGauges(QMap<Gauge, double> &gauges) const
{
    gauges.insert(Gauge::ProducersWaitingForRoom, double(m_queue.waitingPutters()));
    gauges.insert(Gauge::ConsumersWaitingForItems, double(m_queue.waitingGetters()));
}

} // namespace coroscope
