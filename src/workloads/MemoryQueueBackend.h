#pragma once

#include "core/AsyncQueue.h"
#include "workloads/QueueBackend.h"

namespace coroscope {

// The in-memory queue (asyncio.Queue): FIFO, LIFO or priority, with back-pressure at `capacity`.
// Acknowledging is a no-op: an item taken is gone; the tracker holds its fate.
class MemoryQueueBackend : public QueueBackend
{
    Q_DECLARE_TR_FUNCTIONS(MemoryQueueBackend)

public:
    MemoryQueueBackend(AsyncQueueOrder::Order order, qint64 capacity, LoopScheduler *scheduler);

    QueueBackendKind kind() const override { return QueueBackendKind::Memory; }
    std::unique_ptr<QueueChannel> openChannel(int consumer) override;
    void closeForPuts() override { m_queue.close(); }
    qint64 depth() const override { return m_queue.size(); }
    QString target() const override;
    void addGauges(QMap<Gauge, double> &gauges) const override;
    qint64 descriptorsNeeded(qint64, qint64) const override { return 0; }

    AsyncQueue<QueueItem> &queue() { return m_queue; }
    LoopScheduler &scheduler() const { return *m_scheduler; }

private:
    AsyncQueue<QueueItem> m_queue;
    LoopScheduler *m_scheduler;
};

} // namespace coroscope
