#pragma once

#include "core/AsyncSemaphore.h"
#include "core/CoroutineFwd.h"

#include <QtGlobal>

#include <memory>

namespace coroscope {

class ProducerThread;
struct QueueContext;

// The loop side of the producer thread (call_soon_threadsafe): turns what the thread hands over
// into queue items, as one producer of the workload.
class ThreadProducerFeed
{
public:
    ThreadProducerFeed(QueueContext *ctx, quint64 count);
    ~ThreadProducerFeed();

    // Starts the thread and the feeding coroutine, which ends with ctx->producerEnded().
    void start();

private:
    static QCoro::Task<void> run(ThreadProducerFeed *self);
    static QCoro::Task<void> loop(ThreadProducerFeed *self);

    QueueContext *m_ctx;
    std::unique_ptr<ProducerThread> m_thread;
    AsyncSemaphore m_handedOver{0}; // released when the thread handed items over
};

} // namespace coroscope
