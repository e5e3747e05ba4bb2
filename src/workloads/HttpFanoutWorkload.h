#pragma once

#include "core/AsyncSemaphore.h"
#include "core/CancellationToken.h"
#include "core/CoroutineFwd.h"
#include "core/LatencyHistogram.h"
#include "core/UrlBreakdown.h"
#include "core/Workload.h"
#include "net/HttpConnection.h"
#include "net/HttpRequestBuilder.h"
#include "workloads/CompletionMode.h"
#include "workloads/HttpDataRequests.h"
#include "workloads/HttpFanoutSpec.h"
#include "workloads/RatePacer.h"

#include <QMap>
#include <QRandomGenerator>
#include <QSet>
#include <QUrl>

#include <deque>
#include <memory>

class QNetworkAccessManager;

namespace coroscope {

class HttpResponseCapture;
class HttpTargetServer;
struct TaskRef;

// The seeds' aiohttp fan-out behind a semaphore, done properly: N requests over a pool of workers
// (one keep-alive connection each with the fast engine), a closed or an open (fixed-rate) model,
// per-request deadlines, retries with exponential backoff and jitter, and completion modes.
class HttpFanoutWorkload : public Workload
{
    Q_OBJECT
public:
    HttpFanoutWorkload(QString name, HttpFanoutSpec spec, QObject *parent = nullptr);
    ~HttpFanoutWorkload() override;

    HttpTargetServer *builtinServer() const { return m_server.get(); }
    bool usesFastEngine() const { return m_fast; }

    bool prepare(QString *error) override;
    void start() override;
    void describe(WorkloadSnapshot &out) const override;
    qint64 descriptorsNeeded() const override;
    QJsonObject paramsForOtherParts(QJsonObject params) const override;
    // Live keys (HttpFanoutLive.cpp): the rate in the open model, the concurrency in the closed one.
    QList<LiveKey> liveKeys() const override;
    std::optional<double> liveValue(LiveKey key) const override;
    bool applyLiveChange(LiveKey key, double value, QString *error) override;
    std::optional<LiveKey> stageKey() const override;

private:
    struct Target {
        QString url; // as given, {i} included
        HttpRequestBuilder request;
    };
    // One request waiting for a worker (open model) or being worked on.
    struct Item {
        quint64 index = 0;
        qint64 intendedNs = 0; // open model: when it was due; 0: latency from its start
        CancellationToken token;
        quint32 slot = 0; // the task's TaskRef, when created by the dispatcher
        quint64 id = 0;
    };
    class PhaseSink;

    bool takeNext(quint64 *index);
    // Requests go through the queue of pending tasks (open model, or a request count); otherwise
    // (until the run's duration) each worker creates its request as it sends it.
    bool usesQueue() const;
    static QCoro::Task<void> dispatch(HttpFanoutWorkload *self);
    static QCoro::Task<void> worker(HttpFanoutWorkload *self);
    // One request, retries included, from pending to its final state; false when it failed for
    // lack of file descriptors (the worker then backs off).
    static QCoro::Task<bool> serve(HttpFanoutWorkload *self, HttpConnection *conn, Item *item);
    static QCoro::Task<HttpAttempt> attempt(HttpFanoutWorkload *self, HttpConnection *conn, size_t target, Item *item,
                                            qint64 row, HttpResponseCapture *capture, qint64 deadlineNs,
                                            HttpPhaseSink *phases);
    static QCoro::Task<void> backOffForDescriptors(HttpFanoutWorkload *self, int *failures);
    void record(const HttpAttempt &a);
    void requestEnded(bool completed);
    void workerEnded();
    void maybeFinish();
    // The closed model's live concurrency: workers beyond the target end after their request,
    // missing ones are spawned; a target of 0 parks the workload without ending it.
    bool workerShouldRetire() const;
    void spawnWorkers();
    void onStopping() override;
    void onCancelAll() override;

    HttpFanoutSpec m_spec;
    std::unique_ptr<HttpTargetServer> m_server;
    std::vector<std::unique_ptr<QNetworkAccessManager>> m_qnams; // Qt 6.4: 6 connections per host each
    std::vector<Target> m_targets;
    bool m_fast = true;
    QRandomGenerator m_rng;
    // Work distribution.
    quint64 m_nextIndex = 0;
    std::deque<std::unique_ptr<Item>> m_queue; // open model only
    AsyncSemaphore m_queued{0};
    CancellationToken m_idle; // cancelled when no more work will come (stop, cancel, first done)
    bool m_dispatching = false;
    bool m_firstDone = false;
    qint64 m_workersLive = 0;
    qint64 m_workerCount = 0;
    bool m_launched = false;
    qint64 m_workerTarget = -1; // live concurrency; -1 until set (the spec's worker count)
    RatePacer m_pacer;
    // Figures beyond the tracker's.
    LatencyHistogram m_uncorrected;
    LatencyHistogram m_ttfb;
    QMap<int, qint64> m_statusCounts;
    qint64 m_bytes = 0;
    qint64 m_retries = 0;
    qint64 m_queueHighWater = 0;
    qint64 m_descriptorBackoffs = 0;
    bool m_exceptionLogged = false;
    // Checks, data rows and the per-URL breakdown (workloads/HttpChecks, HttpDataRequests, core/UrlBreakdown).
    QList<CheckTally> m_checkTallies;
    HttpDataRequests m_data;
    UrlBreakdown m_urls;
    quint8 m_phaseSlot = 0, m_phaseConnecting = 0, m_phaseSending = 0, m_phaseFirstByte = 0, m_phaseBody = 0,
           m_phaseBackoff = 0;
};

} // namespace coroscope
