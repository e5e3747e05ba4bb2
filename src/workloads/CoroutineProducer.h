#pragma once

#include "core/CoroutineFwd.h"

#include <QtGlobal>

namespace coroscope {

class QueueChannel;
struct QueueContext;

// A producer coroutine (asyncio's `await queue.put(item)` in a loop): `count` items (0 = until the
// run stops), paced when the spec sets a rate, in batches of `batch` on Redis. It yields to the loop
// at least every 64 items (a suspension on a full queue or a pace counts too), so even an unbounded queue with no item
// limit never keeps the loop (and a stop) from running.
class CoroutineProducer
{
public:
    // The coroutine root: ends with ctx->producerEnded(), whatever happens inside.
    static QCoro::Task<void> run(QueueContext *ctx, quint64 count);

private:
    static QCoro::Task<void> loop(QueueContext *ctx, QueueChannel *channel, quint64 count);
};

} // namespace coroscope
