#include "workloads/QueueBackend.h"

#include "workloads/MemoryQueueBackend.h"
#include "workloads/RedisQueueBackend.h"

#include <QCoroTask>

namespace coroscope {

QCoro::Task<bool> QueueChannel::flush(CancellationToken *, qint64)
{
    co_return true;
}

QCoro::Task<QString> QueueBackend::setUp(CancellationToken *, qint64)
{
    co_return QString();
}

QCoro::Task<void> QueueBackend::watch(CancellationToken *)
{
    co_return;
}

std::unique_ptr<QueueBackend> QueueBackend::create(const QueueSpec &spec, const QString &workloadName,
                                                   LoopScheduler *scheduler)
{
    switch (spec.backend) {
    case QueueBackendKind::Memory:
        return std::make_unique<MemoryQueueBackend>(spec.order, spec.capacity, scheduler);
    case QueueBackendKind::Redis:
        return std::make_unique<RedisQueueBackend>(spec, workloadName, scheduler);
    }
    return nullptr;
}

} // namespace coroscope
