#pragma once

#include "core/CoroutineFwd.h"
#include "core/ErrorKind.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace coroscope {

class JsonReader;

// One queue item as a consumer's work sees it.
struct WorkItem {
    quint64 id = 0; // the item's task id (list distributions index by it)
    QByteArray payload;
    qint64 enqueuedNs = 0; // on nowNs()'s clock; 0 when unknown (an item pushed from outside)
};

// What became of one item: ok, or why it failed.
struct WorkOutcome {
    ErrorKind error = ErrorKind::None;
    QString message;
    bool ok() const { return error == ErrorKind::None; }
};

// Where a work says what it is doing; the consumer shows it as the phase of every task in the batch.
// `phase` indexes ItemWork::phaseNames().
class WorkPhaseSink
{
public:
    virtual ~WorkPhaseSink() = default;
    virtual void enterPhase(int phase) = 0;
};

// What a consumer hands its work: a batch of items (at most ItemWork::batchSize()), a token that
// cancels the whole batch (the run's cancel, or cancelling any one of its tasks), and the sink for
// phases. The work fills `outcomes` with one entry per item, in order; an item without an outcome
// counts as failed. When the token fires, the work returns soon; items it did not finish may carry
// any outcome (the consumer ends them cancelled and does not acknowledge them).
struct WorkBatch {
    QList<WorkItem> items;
    QList<WorkOutcome> outcomes;
    CancellationToken *cancel = nullptr;
    WorkPhaseSink *phases = nullptr;
};

// A consumer's own side of the work (its connection, its statement): one per consumer coroutine,
// used by that coroutine only, one batch at a time.
class ItemWorker
{
public:
    virtual ~ItemWorker() = default;
    virtual QCoro::Task<void> process(WorkBatch *batch) = 0;
    // The run is over for this consumer: close connections (abort, never delete what is awaited).
    virtual void close() {}
};

// What a queue consumer does with each item (profile key `work`): none, sleep, cpu, cpu-inline,
// http — and any sink that implements this (a database). The backends know nothing of it: with
// the Redis backend an item is acknowledged only after its outcome came back ok (at-least-once).
//
// Life: created from the profile's `work` object by fromProfile() (validation errors go to the
// reader); prepare() once before the run (connect, create a table; a target that is down is an
// error message, and the run does not start); then createWorker() once per consumer.
class ItemWork
{
public:
    virtual ~ItemWork() = default;

    // The profile's kind: "none", "sleep", "cpu", ...
    virtual QString kind() const = 0;
    // The task phases this work reports, by index (e.g. {"thread pool"}); interned once by the consumer.
    virtual QStringList phaseNames() const = 0;
    // The most items a consumer hands over at once (a database batches rows; the built-in kinds take
    // one). A memory-queue consumer then takes up to this many of what is queued without waiting for
    // more; a Redis consumer takes `batch` per round trip and hands them over in slices of this size.
    virtual int batchSize() const { return 1; }
    // True when process() never suspends and always succeeds (kind none): the consumer then skips it.
    virtual bool isNoop() const { return false; }
    // Set-up before the run, done by `deadlineNs` unless `cancel` fires first; an empty string on
    // success, else what went wrong (shown to the user; the run does not start).
    virtual QCoro::Task<QString> prepare(LoopScheduler *scheduler, CancellationToken *cancel, qint64 deadlineNs);
    virtual std::unique_ptr<ItemWorker> createWorker(LoopScheduler *scheduler) = 0;
    // File descriptors the work may hold at once with `consumers` workers.
    virtual qint64 descriptorsNeeded(qint64 consumers) const
    {
        Q_UNUSED(consumers);
        return 0;
    }
    // What it talks to, for the workload's target line; empty when nothing.
    virtual QString target() const { return {}; }

    // Reads and validates `work` (its `kind` picks the implementation); nullptr once an error was
    // reported to the reader. New kinds are added in ItemWork.cpp's table.
    static std::shared_ptr<ItemWork> fromProfile(JsonReader &work);
    static QStringList kinds();
};

} // namespace coroscope
