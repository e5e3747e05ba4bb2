#pragma once

#include "core/CoroutineFwd.h"
#include "core/ErrorKind.h"
#include "core/Gauge.h"
#include "workloads/QueueItem.h"
#include "workloads/QueueSpec.h"

#include <QList>
#include <QMap>

#include <memory>

namespace coroscope {

// What a put or a take came to.
struct QueueOpResult {
    QList<QueueItem> items;            // take: what was taken, in order (the first taken first)
    qsizetype put = 0;                 // put: how many of the items went in
    bool closed = false;               // take: nothing more will ever come (memory, closed and drained)
    ErrorKind error = ErrorKind::None; // a failed round trip (Redis): the channel reconnects next time
    QString message;
    bool failed() const { return error != ErrorKind::None; }
};

// A producer's or a consumer's own link to a queue (with Redis: its connection and, for a consumer,
// its processing list). Used by one coroutine at a time. Bookkeeping (acknowledge, deadLetter,
// retry) may be buffered and sent with the next take or by flush(): an item is acknowledged only
// after its consumer called acknowledge(), i.e. after its work succeeded.
class QueueChannel
{
public:
    virtual ~QueueChannel() = default;

    // Without waiting: true when the item went in (memory, room available); false: call put().
    virtual bool tryPut(QueueItem &item)
    {
        Q_UNUSED(item);
        return false;
    }
    // Puts the items in order; stops early when `stop` fires or the queue refuses (closed, failed).
    virtual QCoro::Task<QueueOpResult> put(QList<QueueItem> items, CancellationToken *stop) = 0;
    // Without waiting: true when at least one item was there (memory); appended to `out`.
    virtual bool tryTake(qint64 max, QList<QueueItem> *out)
    {
        Q_UNUSED(max);
        Q_UNUSED(out);
        return false;
    }
    // Takes up to `max` items (at least one unless closed, failed, cancelled or `idleNs` passed).
    virtual QCoro::Task<QueueOpResult> take(qint64 max, CancellationToken *cancel, qint64 idleNs) = 0;
    // The item's work succeeded: remove it for good.
    virtual void acknowledge(const QueueItem &item) { Q_UNUSED(item); }
    // The item failed for good: to the dead letters (and acknowledged).
    virtual void deadLetter(const QueueItem &item) { Q_UNUSED(item); }
    // The item was taken but not processed (cancelled, past a limit): back to the head of the queue.
    // Called oldest first, so the items keep their order.
    virtual void retry(const QueueItem &item) { Q_UNUSED(item); }
    // The channel's end: sends buffered bookkeeping and gives back what it still holds (Redis: its
    // processing list, to the head in the order taken, reconnecting if needed), by `deadlineNs`
    // unless `cancel` fires; false when that failed (then the next run's set-up requeues it).
    virtual QCoro::Task<bool> flush(CancellationToken *cancel, qint64 deadlineNs);
    virtual void close() {}
};

// Where a queue workload's items live: an in-memory AsyncQueue or a Redis list. Producers and
// consumers reach it through channels; the workload wires them and knows no backend details.
class QueueBackend
{
public:
    virtual ~QueueBackend() = default;

    virtual QueueBackendKind kind() const = 0;
    // Memory: each item's task is created when it is put (it waits as a pending task); Redis: when taken.
    bool tasksStartAtPut() const { return kind() == QueueBackendKind::Memory; }
    // Set-up before the run (connect, requeue what a crashed run left), done by `deadlineNs` unless
    // `cancel` fires; an empty string, or what went wrong.
    virtual QCoro::Task<QString> setUp(CancellationToken *cancel, qint64 deadlineNs);
    // A producer's (`consumer` < 0) or consumer's own link.
    virtual std::unique_ptr<QueueChannel> openChannel(int consumer) = 0;
    // Producers are done: consumers drain what is left, then their takes come back closed.
    virtual void closeForPuts() {}
    // Runs until `stop` fires, keeping depth() fresh where it is remote.
    virtual QCoro::Task<void> watch(CancellationToken *stop);
    // Items in the queue; -1 while unknown.
    virtual qint64 depth() const = 0;
    virtual QString target() const = 0;
    virtual void addGauges(QMap<Gauge, double> &gauges) const = 0;
    virtual qint64 descriptorsNeeded(qint64 producers, qint64 consumers) const = 0;

    static std::unique_ptr<QueueBackend> create(const QueueSpec &spec, const QString &workloadName,
                                                LoopScheduler *scheduler);
};

} // namespace coroscope
