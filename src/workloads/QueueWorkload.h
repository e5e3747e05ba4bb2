#pragma once

#include "core/CancellationToken.h"
#include "core/CoroutineFwd.h"
#include "core/Workload.h"
#include "workloads/QueueContext.h"
#include "workloads/QueueSpec.h"

#include <memory>

class QEventLoop;

namespace coroscope {

class QueueBackend;
class TcpLineIntake;
class ThreadProducerFeed;

// Producers -> a queue -> consumers (seeds 000, 003, 004). The workload only wires the parts:
// a QueueBackend (in memory, or a Redis list with at-least-once delivery), intake sources
// (CoroutineProducer, ThreadProducerFeed, TcpLineIntake), and QueueConsumers that hand items to the
// ItemWork the profile names. A task is one item; its wait (enqueued -> taken) and service
// (taken -> done) are timed apart.
class QueueWorkload : public Workload
{
    Q_OBJECT
public:
    QueueWorkload(QString name, QueueSpec spec, QObject *parent = nullptr);
    ~QueueWorkload() override;

    // Builds the backend and runs the asynchronous set-up (Redis: connect, requeue what a crashed
    // run left; the work's prepare()) within `setupTimeoutMs`, in a local event loop, so timers and
    // signal notifiers keep running; finished() (a stop or cancel before the start) cancels it.
    bool prepare(QString *error) override;
    void start() override;
    void describe(WorkloadSnapshot &out) const override;
    qint64 descriptorsNeeded() const override;
    // Live keys (QueueWorkloadLive.cpp): the production rate, when coroutine producers pace it.
    QList<LiveKey> liveKeys() const override;
    std::optional<double> liveValue(LiveKey key) const override;
    bool applyLiveChange(LiveKey key, double value, QString *error) override;
    std::optional<LiveKey> stageKey() const override;

private:
    static QCoro::Task<void> setUp(QueueWorkload *self, bool *done, QString *error);
    static QCoro::Task<void> watchDepth(QueueWorkload *self);
    void producerEnded();
    void consumerEnded();
    void maybeFinish();
    void onStopping() override;
    void onCancelAll() override;

    QueueSpec m_spec;
    std::unique_ptr<QueueBackend> m_backend;
    std::unique_ptr<ThreadProducerFeed> m_feed;
    TcpLineIntake *m_intake = nullptr; // child of this
    QueueContext m_ctx;
    CancellationToken m_stop;      // producers and idle consumers: stop now
    CancellationToken m_cancel;    // everything: cancel now
    CancellationToken m_watchStop; // the depth watcher: nobody consumes any more
    CancellationToken m_setUpCancel;
    QEventLoop *m_setUpLoop = nullptr; // while prepare() waits for the set-up
    qint64 m_consumersLive = 0;
    bool m_watching = false;
    bool m_preparing = false;
    bool m_prepared = false;
};

} // namespace coroscope
