#pragma once

#include "core/AsyncQueue.h"
#include "core/AsyncSemaphore.h"
#include "core/CancellationToken.h"
#include "core/Distribution.h"
#include "core/JsonReader.h"
#include "core/LatencyHistogram.h"
#include "core/RateWindow.h"
#include "core/Workload.h"
#include "net/HttpConnection.h"
#include "net/RedisConnection.h"

#include <QRandomGenerator>
#include <QTcpServer>

#include <deque>
#include <memory>

namespace QCoro {
template<typename T>
class Task;
}

namespace coroscope {

class HttpTargetServer;
class ProducerThread;
struct TaskRef;

struct QueueSpec {
    Q_DECLARE_TR_FUNCTIONS(QueueSpec)

public:
    enum class Work { None, Sleep, Cpu, CpuInline, Http };

    QString backend = QStringLiteral("memory"); // memory | redis
    qint64 capacity = 1000;                     // memory: 0 = unbounded
    AsyncQueue::Order order = AsyncQueue::Order::Fifo;
    qint64 producers = 1; // 0 = drain what is already there
    qint64 items = 1000;  // produced in total; with no producers, consumed; 0 = until the run ends
    double ratePerSecond = 0;
    qint64 payloadBytes = 0;
    Distribution priority = Distribution::fixed(0);
    bool producerThread = false;
    qint64 consumers = 2;
    Work work = Work::None;
    Distribution workMs = Distribution::fixed(1);
    QString workUrl;
    double failureProbability = 0;
    int retries = 0;
    qint64 idleStopMs = 1000;
    QString redis = QStringLiteral("redis://127.0.0.1:6379/0");
    QString key = QStringLiteral("coroscope:queue");
    QString passwordEnv;
    qint64 batch = 64; // Redis: items moved per round trip
    // The seed's TCP log collector: producers are line clients writing to a line server that puts
    // each line on the queue (reading stops while the queue is full: TCP pushes back on clients).
    bool tcpIntake = false;
    qint64 intakeConnections = 4;
    qint64 intakeLinesPerConnection = 250;
    qint64 intakeLineBytes = 80;

    static QueueSpec read(JsonReader &r);
};

// Producers -> a queue -> consumers (seeds 000, 003, 004): an in-memory FIFO/LIFO/priority queue with
// back-pressure, or a Redis list with at-least-once delivery (BLMOVE/LMOVE into a per-consumer
// processing list, LREM after processing, orphans requeued at start, reconnects with backoff).
// A task is one item; its wait (enqueued -> taken) and service (taken -> done) are timed apart.
class QueueWorkload : public Workload
{
    Q_OBJECT
public:
    QueueWorkload(QString name, QueueSpec spec, QObject *parent = nullptr);
    ~QueueWorkload() override;

    bool prepare(QString *error) override;
    void start() override;
    void describe(WorkloadSnapshot &out) const override;

private:
    struct Consumer {
        int index = 0;
        QByteArray processingKey;
    };

    static QCoro::Task<void> produceMemory(QueueWorkload *self, quint64 count);
    static QCoro::Task<void> feedFromThread(QueueWorkload *self);
    static QCoro::Task<void> consumeMemory(QueueWorkload *self);
    static QCoro::Task<void> produceRedis(QueueWorkload *self, quint64 count);
    static QCoro::Task<void> consumeRedis(QueueWorkload *self, Consumer *consumer);
    static QCoro::Task<void> watchDepth(QueueWorkload *self);
    static QCoro::Task<void> intakeClient(QueueWorkload *self, int index);
    static QCoro::Task<void> intakeSession(QueueWorkload *self, QTcpSocket *socket);
    void acceptIntake();
    // Runs the configured work for one item; true when it succeeded.
    static QCoro::Task<bool> doWork(QueueWorkload *self, HttpConnection *http, quint64 index, CancellationToken *token);
    // Start, work (with retries), finish: one item's whole life as a task. Returns false on a final failure.
    static QCoro::Task<bool> process(QueueWorkload *self, HttpConnection *http, TaskRef ref, qint64 enqueuedNs,
                                     CancellationToken *token);
    bool quickProcess(TaskRef ref, qint64 enqueuedNs);
    void producerEnded();
    void maybeFinish();
    void consumerEnded();
    bool redisSetup(QString *error);
    QByteArray encodeValue(quint64 id, qint64 enqueuedNs) const;
    void onStopping() override;
    void onCancelAll() override;

    QueueSpec m_spec;
    std::unique_ptr<AsyncQueue> m_queue;
    std::unique_ptr<ProducerThread> m_producerThread;
    std::unique_ptr<HttpTargetServer> m_server;
    QTcpServer *m_intakeServer = nullptr; // child of this, on the loop thread
    HttpEndpoint m_workEndpoint;
    QByteArray m_workRequest;
    RedisAddress m_redis;
    QByteArray m_key;
    std::vector<std::unique_ptr<Consumer>> m_consumers;
    CancellationToken m_stop;       // producers and idle consumers: stop now
    CancellationToken m_cancel;     // everything: cancel now
    AsyncSemaphore m_handoffSignal{0}; // released when the producer thread handed items over
    QByteArray m_payload;
    QRandomGenerator m_rng;
    qint64 m_producersLive = 0;
    qint64 m_consumersLive = 0;
    qint64 m_produced = 0;
    qint64 m_consumed = 0;
    qint64 m_deadLetters = 0;
    qint64 m_retried = 0;
    qint64 m_reconnects = 0;
    qint64 m_redisDepth = -1;
    qint64 m_requeued = 0;
    bool m_watching = false;
    LatencyHistogram m_wait;
    LatencyHistogram m_service;
    LatencyHistogram m_handoffLatency;
    RateWindow m_in;
    RateWindow m_out;
    double m_recentWaitMeanNs = 0;
    quint8 m_phaseQueueWait = 0, m_phaseProcessing = 0, m_phaseThreadPool = 0, m_phaseHttp = 0, m_phaseRetry = 0;
};

} // namespace coroscope
