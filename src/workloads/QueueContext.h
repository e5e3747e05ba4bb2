#pragma once

#include "core/LatencyHistogram.h"
#include "core/RateWindow.h"
#include "workloads/RatePacer.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <functional>

namespace coroscope {

class CancellationToken;
class ItemWork;
class LoopScheduler;
class QueueBackend;
class TaskTracker;
struct QueueSpec;
enum class ErrorKind : quint16;

// The figures a queue workload publishes, updated in place by its producers and consumers.
struct QueueStats {
    qint64 produced = 0;
    qint64 consumed = 0; // done: succeeded or dead-lettered
    qint64 deadLetters = 0;
    qint64 retried = 0;
    LatencyHistogram wait;    // enqueued -> taken
    LatencyHistogram service; // taken -> done
    LatencyHistogram handoff; // producer thread -> loop
    RateWindow in;
    RateWindow out;
    double recentWaitMeanNs = 0;

    void recordWait(qint64 ns)
    {
        wait.record(ns);
        recentWaitMeanNs = 0.999 * recentWaitMeanNs + 0.001 * double(ns);
    }
};

// How many items consumers may still take when a drain has a limit: each take reserves what it
// asks for and gives back what it did not get, so together they take exactly the limit.
class TakeBudget
{
public:
    explicit TakeBudget(qint64 limit) : m_limit(limit) {} // 0 = no limit
    qint64 reserve(qint64 want)
    {
        if (m_limit <= 0)
            return want;
        const qint64 got = std::min(want, m_limit - m_reserved);
        m_reserved += got;
        return got;
    }
    void giveBack(qint64 n) { m_reserved -= m_limit > 0 ? n : 0; }

private:
    qint64 m_limit;
    qint64 m_reserved = 0;
};

// What the parts of one queue workload share: the spec, the backend, the work, the tracker, the
// tokens, the figures, and the calls that end a producer or a consumer. Owned by the workload,
// which outlives every coroutine that points to it.
struct QueueContext {
    const QueueSpec *spec = nullptr;
    QueueBackend *backend = nullptr;
    ItemWork *work = nullptr;
    TaskTracker *tracker = nullptr;
    LoopScheduler *scheduler = nullptr;
    int workload = -1;
    // Consumer c's processing list is named by its index in the whole run (every loop thread's and
    // fleet agent's part: Workload::globalIndex), so no two consumers anywhere share one.
    std::function<qint64(qint64)> consumerName;
    CancellationToken *stop = nullptr;   // producers and idle consumers: stop now
    CancellationToken *cancel = nullptr; // everything: cancel now
    QueueStats stats;
    TakeBudget budget{0};
    QByteArray payload;
    // The producers' shared schedule when the spec sets a rate; stages and live changes move it.
    RatePacer pacer;
    QRandomGenerator rng{QRandomGenerator::global()->generate()};
    quint8 phaseQueueWait = 0;
    quint8 phaseRetry = 0;
    quint8 phaseRedis = 0;
    qint64 producersLive = 0;
    std::function<void()> producerEnded;
    std::function<void()> consumerEnded;

    // A failure outside any item (a Redis round trip, set-up at the start of a producer): counted
    // as one failed task of the workload, so it shows in the error table with its kind.
    void countFailure(ErrorKind kind, const QString &message);
    // An exception that escaped a coroutine of the workload: a failed task, logged once.
    // An exception caught at a coroutine's root: logged once per workload, counted as a failure.
    void reportException(const char *where, const QString &what);
    // Only the log line, when the failure is counted on the items it hit.
    void logException(const char *where, const QString &what);

private:
    bool m_exceptionLogged = false;
};

} // namespace coroscope
