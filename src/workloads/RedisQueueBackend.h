#pragma once

#include "net/RedisConnection.h"
#include "workloads/QueueBackend.h"

namespace coroscope {

// A Redis list as the queue, at-least-once (the "reliable queue" pattern): producers LPUSH; a
// consumer LMOVEs items from the list's right end into its own processing list
// (KEY:processing:WORKLOAD:N), and removes one (LREM) only after its work succeeded; failures for
// good go to KEY:dead. What a crashed run left in processing lists goes back at set-up, and what a
// consumer holds when its connection breaks goes back when it reconnects. Every command has a
// deadline (`commandTimeoutMs`); set-up as a whole has one too.
class RedisQueueBackend : public QueueBackend
{
    Q_DECLARE_TR_FUNCTIONS(RedisQueueBackend)

public:
    RedisQueueBackend(const QueueSpec &spec, const QString &workloadName, LoopScheduler *scheduler);
    ~RedisQueueBackend() override;

    QueueBackendKind kind() const override { return QueueBackendKind::Redis; }
    QCoro::Task<QString> setUp(CancellationToken *cancel, qint64 deadlineNs) override;
    std::unique_ptr<QueueChannel> openChannel(int consumer) override;
    QCoro::Task<void> watch(CancellationToken *stop) override;
    qint64 depth() const override { return m_depth; }
    QString target() const override;
    void addGauges(QMap<Gauge, double> &gauges) const override;
    qint64 descriptorsNeeded(qint64 producers, qint64 consumers) const override;

    const RedisAddress &address() const { return m_address; }
    const QByteArray &key() const { return m_key; }
    LoopScheduler *scheduler() const { return m_scheduler; }
    qint64 commandTimeoutNs() const { return m_commandTimeoutMs * 1'000'000; }
    // A value unique to this item (LREM acknowledges by value) carrying its enqueue time.
    QByteArray encode(const QueueItem &item);
    static qint64 enqueuedNsOf(const QByteArray &value);
    void countReconnect() { ++m_reconnects; }

    // Moves up to the whole of `from` to the right end of the list, newest first (so the oldest
    // is taken next); the number moved, or -1 with `error` set.
    static QCoro::Task<qint64> requeue(RedisConnection *conn, QByteArray from, QByteArray to, CancellationToken *cancel,
                                       qint64 deadlineNs, QString *error);

private:
    static QCoro::Task<QString> setUpSteps(RedisQueueBackend *self, RedisConnection *conn, CancellationToken *cancel,
                                           qint64 deadlineNs);

    RedisAddress m_address;
    QString m_url;
    QString m_passwordEnv;
    QByteArray m_key;
    QByteArray m_processingPrefix; // KEY:processing:WORKLOAD:
    qint64 m_commandTimeoutMs;
    LoopScheduler *m_scheduler;
    QByteArray m_valuePrefix; // per run: values of different runs never collide
    quint64 m_nextValue = 0;
    qint64 m_depth = -1;
    qint64 m_reconnects = 0;
    qint64 m_requeued = 0;
};

} // namespace coroscope
