#pragma once

#include "core/CoroutineFwd.h"

#include <QCoreApplication>
#include <QList>

namespace coroscope {

class ItemWorker;
class QueueChannel;
struct QueueContext;
struct QueueItem;

// One consumer of a queue workload: takes items through its channel, hands them to its worker in
// batches (ItemWork::batchSize()), retries failures (`retries`), and then acknowledges, dead-letters
// or gives back each item. Each item is a task: pending from its put (memory) or its take (Redis),
// running while its work runs.
class QueueConsumer
{
    Q_DECLARE_TR_FUNCTIONS(QueueConsumer)

public:
    // The coroutine root: ends with ctx->consumerEnded(), whatever happens inside.
    static QCoro::Task<void> run(QueueContext *ctx, int index);

private:
    static QCoro::Task<void> loop(QueueContext *ctx, QueueChannel *channel, ItemWorker *worker);
    static QCoro::Task<void> processBatch(QueueContext *ctx, QueueChannel *channel, ItemWorker *worker,
                                          QList<QueueItem> items);
    // Work "none" with no injected failures: no suspension, so no coroutine frame per item.
    static void processQuickly(QueueContext *ctx, QueueChannel *channel, const QueueItem &item);
};

} // namespace coroscope
