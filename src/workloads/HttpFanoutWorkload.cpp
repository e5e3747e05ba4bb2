#include "workloads/HttpFanoutWorkload.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/SignalWait.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "net/ErrorKinds.h"
#include "net/HttpResponseCapture.h"
#include "net/HttpTargetServer.h"
#include "net/QnamAttempt.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>
#include <cmath>
#include <exception>
#include <utility>

namespace coroscope {

namespace {

// A worker whose connect failed for lack of file descriptors waits this long, doubling per failure
// in a row up to the maximum, before its next request: never a spin, and room frees up meanwhile.
constexpr qint64 kDescriptorBackoffMinMs = 10;
constexpr qint64 kDescriptorBackoffMaxMs = 1000;
// Requests created ahead of the workers (pending, or due in the open model) at most.
constexpr size_t kMaxQueued = 100'000;
// A worker yields to the loop at least this often, whatever its requests do.
constexpr int kRequestsPerYield = 64;

// The retries.on class a failed attempt belongs to; 0 when it is never retried.
quint8 retryClass(const HttpAttempt &a)
{
    using RetryOn = HttpFanoutSpec::RetryOn;
    if (a.outcome == HttpAttempt::Outcome::Ok)
        return a.status >= 500 ? quint8(RetryOn::Status5xx) : 0;
    if (isConnectFailure(a.errorKind))
        return quint8(RetryOn::Connect);
    if (a.errorKind == ErrorKind::ConnectionReset)
        return quint8(RetryOn::Reset);
    if (a.errorKind == ErrorKind::Timeout)
        return quint8(RetryOn::Timeout);
    return 0;
}

} // namespace

// Tells the tracker what the current attempt waits on.
class HttpFanoutWorkload::PhaseSink : public HttpPhaseSink
{
public:
    PhaseSink(HttpFanoutWorkload *w, TaskRef ref) : m_w(w), m_ref(ref) {}
    void enter(Phase phase) override
    {
        quint8 id = m_w->m_phaseConnecting;
        switch (phase) {
        case Phase::Connecting:
            break;
        case Phase::Sending:
            id = m_w->m_phaseSending;
            break;
        case Phase::AwaitingFirstByte:
            id = m_w->m_phaseFirstByte;
            break;
        case Phase::ReadingBody:
            id = m_w->m_phaseBody;
            break;
        }
        m_w->tracker().setPhase(m_ref, id);
    }

private:
    HttpFanoutWorkload *m_w;
    TaskRef m_ref;
};

HttpFanoutWorkload::HttpFanoutWorkload(QString name, HttpFanoutSpec spec, QObject *parent)
    : Workload(std::move(name), QStringLiteral("http-fanout"), parent), m_spec(std::move(spec)),
      m_rng(QRandomGenerator::global()->generate()), m_pacer(m_spec.ratePerSecond)
{}

HttpFanoutWorkload::~HttpFanoutWorkload() = default;

QJsonObject HttpFanoutWorkload::paramsForOtherParts(QJsonObject params) const
{
    // Every loop thread's requests go to the one built-in target part 0 started.
    if (m_server)
        params.insert(QStringLiteral("builtinBaseUrl"), m_server->baseUrl());
    return params;
}

bool HttpFanoutWorkload::prepare(QString *error)
{
    bool anyHttps = false;
    for (const QString &u : m_spec.urls) {
        if (u.startsWith(QLatin1String("builtin:")) && !m_server && m_spec.builtinBaseUrl.isEmpty()) {
            m_server = std::make_unique<HttpTargetServer>();
            if (!m_server->start(error)) {
                m_server.reset();
                return false;
            }
        }
        anyHttps = anyHttps || u.startsWith(QLatin1String("https:"));
    }
    m_fast = m_spec.engine == QLatin1String("fast") || (m_spec.engine == QLatin1String("auto") && !anyHttps);
    m_targets.clear();
    for (const QString &u : m_spec.urls) {
        const QString builtinBase = m_server ? m_server->baseUrl() : m_spec.builtinBaseUrl;
        Target t{u.startsWith(QLatin1String("builtin:")) ? builtinBase + u.mid(8) : u,
                 HttpRequestBuilder(m_spec.method, m_spec.headers, m_spec.body)};
        QString why;
        if (!t.request.setUrl(t.url, &why,
                              m_fast ? HttpRequestBuilder::Engine::RawSocket : HttpRequestBuilder::Engine::Qnam)) {
            *error = m_fast ? tr("%1 (the fast engine)").arg(why) : why;
            return false;
        }
        m_targets.push_back(std::move(t));
    }
    std::vector<const HttpRequestBuilder *> builders; // data rows, checks and the per-URL breakdown
    for (const Target &t : m_targets)
        builders.push_back(&t.request);
    m_data.prepare(m_spec.feed, m_spec.dataRandom, m_spec.urls, builders, m_spec.headers, m_spec.body, &m_urls);
    m_checkTallies = m_spec.checks.emptyTallies();
    if (!m_fast && m_qnams.empty()) {
        const qint64 want = m_spec.concurrency > 0 ? m_spec.concurrency : 100;
        const qint64 managers = std::clamp<qint64>((want + 5) / 6, 1, 16);
        for (qint64 i = 0; i < managers; ++i)
            m_qnams.push_back(std::make_unique<QNetworkAccessManager>());
    }
    return true;
}

qint64 HttpFanoutWorkload::descriptorsNeeded() const
{
    // One connection per worker (the qnam engine holds fewer), and the built-in target's end of each.
    const bool builtin = std::any_of(m_spec.urls.cbegin(), m_spec.urls.cend(),
                                     [](const QString &u) { return u.startsWith(QLatin1String("builtin:")); });
    return m_spec.workers() * (builtin ? 2 : 1);
}

void HttpFanoutWorkload::start()
{
    TaskTracker &tr = tracker();
    m_phaseSlot = tr.internPhase(QStringLiteral("waiting for slot"));
    m_phaseConnecting = tr.internPhase(QStringLiteral("connecting"));
    m_phaseSending = tr.internPhase(QStringLiteral("sending"));
    m_phaseFirstByte = tr.internPhase(QStringLiteral("awaiting first byte"));
    m_phaseBody = tr.internPhase(QStringLiteral("reading body"));
    m_phaseBackoff = tr.internPhase(QStringLiteral("backoff"));
    if (m_workerTarget < 0)
        m_workerTarget = m_spec.workers();
    m_launched = true;
    // Workers first: a dispatcher with few requests may finish before its first suspension.
    m_dispatching = usesQueue();
    spawnWorkers();
    if (m_dispatching)
        dispatch(this);
}

bool HttpFanoutWorkload::takeNext(quint64 *index)
{
    if (isStopping() || m_firstDone)
        return false;
    if (m_spec.requests > 0 && m_nextIndex >= quint64(m_spec.requests))
        return false;
    *index = m_nextIndex++;
    return true;
}

bool HttpFanoutWorkload::usesQueue() const
{
    return m_spec.ratePerSecond > 0 || m_spec.requests > 0;
}

QCoro::Task<void> HttpFanoutWorkload::dispatch(HttpFanoutWorkload *self)
{
    // Open model: request i is due at start + i / rate, whether or not earlier ones have finished;
    // its latency counts from then, so a stalled target cannot hide behind slow sending.
    // Closed model with a request count: every request not yet sent exists as a pending task, as
    // sleep tasks waiting for a slot do (one meaning of "pending"), up to kMaxQueued ahead.
    // The rate may change while it runs (stages, live changes): RatePacer keeps the schedule.
    const bool open = self->m_spec.ratePerSecond > 0;
    self->m_pacer.start(nowNs());
    quint64 index = 0;
    int sinceYield = 0;
    while (self->takeNext(&index)) {
        qint64 due = 0;
        bool waited = false;
        if (open) {
            waited = self->m_pacer.nextDueNs() > nowNs();
            if (waited)
                due = co_await RatePacer::waitUntilDue(&self->m_pacer, self->scheduler(), &self->m_idle);
            else
                due = self->m_pacer.nextDueNs();
            if (due == 0)
                break;
            self->m_pacer.take();
        }
        if (waited) {
            sinceYield = 0;
        } else if (++sinceYield >= 256) {
            sinceYield = 0;
            co_await self->scheduler().yield();
        }
        while (self->m_queue.size() >= kMaxQueued && !self->m_idle.isCancelled())
            co_await DeadlineWait(self->scheduler(), &self->m_idle, nowNs() + 10 * kNsPerMs);
        auto item = std::make_unique<Item>();
        item->index = quint64(self->globalIndex(qint64(index))); // `{i}` of the whole, when this is a share
        item->intendedNs = due;
        const TaskRef ref = self->tracker().create(self->index(), &item->token);
        self->tracker().setPhase(ref, self->m_phaseSlot);
        item->slot = ref.slot;
        item->id = ref.id;
        self->m_queue.push_back(std::move(item));
        self->m_queueHighWater = std::max<qint64>(self->m_queueHighWater, qint64(self->m_queue.size()));
        self->m_queued.release();
    }
    self->m_dispatching = false;
    self->m_idle.cancel(); // workers waiting for work: none will come
    self->maybeFinish();   // the workers may all have ended before the dispatcher did
}

QCoro::Task<void> HttpFanoutWorkload::worker(HttpFanoutWorkload *self)
{
    HttpConnection conn(self->scheduler());
    int descriptorFailures = 0;
    int sinceYield = 0;
    for (;;) {
        if (self->workerShouldRetire())
            break;
        std::unique_ptr<Item> queued;
        Item local;
        Item *item = &local;
        if (self->usesQueue()) {
            bool got = self->m_queued.tryAcquire();
            if (!got && !self->m_idle.isCancelled())
                got = co_await self->m_queued.acquire(self->scheduler(), &self->m_idle);
            if (!got)
                break;
            queued = std::move(self->m_queue.front());
            self->m_queue.pop_front();
            item = queued.get();
        } else {
            if (!self->takeNext(&local.index))
                break;
            local.index = quint64(self->globalIndex(qint64(local.index)));
            local.intendedNs = nowNs();
        }
        const bool outOfDescriptors = !co_await serve(self, &conn, item);
        if (outOfDescriptors) {
            co_await backOffForDescriptors(self, &descriptorFailures);
        } else {
            descriptorFailures = 0;
            // A request can end without suspending (a synchronous failure): never a loop that does not yield.
            if (++sinceYield >= kRequestsPerYield) {
                sinceYield = 0;
                co_await self->scheduler().yield();
            }
        }
    }
    conn.close();
    self->workerEnded();
}

QCoro::Task<void> HttpFanoutWorkload::backOffForDescriptors(HttpFanoutWorkload *self, int *failures)
{
    ++self->m_descriptorBackoffs;
    const qint64 ms = std::min(kDescriptorBackoffMaxMs, kDescriptorBackoffMinMs << std::min(*failures, 10));
    ++*failures;
    const double jitter = 0.5 + self->m_rng.generateDouble();
    co_await DeadlineWait(self->scheduler(), &self->m_idle, nowNs() + qint64(double(ms * kNsPerMs) * jitter));
}

QCoro::Task<HttpAttempt> HttpFanoutWorkload::attempt(HttpFanoutWorkload *self, HttpConnection *conn, size_t target,
                                                     Item *item, qint64 row, HttpResponseCapture *capture,
                                                     qint64 deadlineNs, HttpPhaseSink *phases)
{
    const HttpRequestBuilder &b = self->m_targets[target].request;
    const HttpDataRequests &data = self->m_data;
    // Built before the co_await: GCC 12 mis-evaluates a ?: with temporaries inside a co_await operand.
    if (self->m_fast) {
        conn->setCapture(capture);
        const QByteArray bytes = data.isActive() ? data.raw(target, b, row, item->index) : b.request(item->index);
        HttpAttempt a = co_await HttpConnection::exchange(conn, b.endpoint(), bytes, b.isHead(), &item->token,
                                                          deadlineNs, self->m_spec.connectTimeoutMs, phases);
        conn->setCapture(nullptr); // the capture lives in the request's frame, the connection beyond it
        co_return a;
    }
    QNetworkAccessManager *qnam = self->m_qnams[size_t(item->index % self->m_qnams.size())].get();
    QNetworkRequest request(b.urlFor(item->index));
    for (const auto &h : b.headers())
        request.setRawHeader(h.first, h.second);
    if (data.isActive())
        request = data.qnam(target, row, item->index);
    const QByteArray body = data.isActive() ? data.body(row, item->index) : b.body();
    co_return co_await QnamAttempt::run(qnam, request, b.method(), body, self->scheduler(), &item->token, deadlineNs,
                                        phases, capture);
}

QCoro::Task<bool> HttpFanoutWorkload::serve(HttpFanoutWorkload *self, HttpConnection *conn, Item *item)
{
    TaskTracker &tracker = self->tracker();
    const HttpFanoutSpec &spec = self->m_spec;
    TaskRef ref{item->slot, item->id};
    if (item->id == 0)
        ref = tracker.create(self->index(), &item->token);
    if (item->token.isCancelled()) { // cancelled while waiting for a worker
        tracker.finish(ref, TaskState::Cancelled);
        self->requestEnded(false);
        co_return true;
    }
    tracker.start(ref);
    PhaseSink phases(self, ref);
    const qint64 started = nowNs();
    const qint64 deadline = spec.timeoutMs > 0 ? started + spec.timeoutMs * kNsPerMs : 0;
    const size_t target = size_t(item->index % self->m_targets.size());
    const qint64 row = self->m_data.rowFor(item->index, self->m_rng);
    HttpResponseCapture capture;
    HttpResponseCapture *checking = spec.checks.isEmpty() ? nullptr : &capture;
    if (checking)
        spec.checks.arm(checking, row, item->index);
    qint64 firstSent = 0;
    int attempts = 0;
    TaskState outcome = TaskState::Failed;
    ErrorKind kind = ErrorKind::None;
    QString message;
    try {
        for (;;) {
            ++attempts;
            tracker.setAttempts(ref, attempts);
            qint64 attemptDeadline = deadline;
            if (spec.attemptTimeoutMs > 0) {
                const qint64 t = nowNs() + spec.attemptTimeoutMs * kNsPerMs;
                attemptDeadline = deadline > 0 ? std::min(deadline, t) : t;
            }
            const HttpAttempt a = co_await attempt(self, conn, target, item, row, checking, attemptDeadline, &phases);
            if (!firstSent)
                firstSent = a.sentNs;
            self->record(a);
            if (a.outcome == HttpAttempt::Outcome::Cancelled) {
                outcome = TaskState::Cancelled;
                break;
            }
            if (a.outcome == HttpAttempt::Outcome::TimedOut && attemptDeadline == deadline) {
                outcome = TaskState::TimedOut;
                break;
            }
            if (a.outcome == HttpAttempt::Outcome::Ok) {
                // The status rule and the checks (workloads/HttpChecks) judge an answer.
                kind = spec.checks.judge(a.status, checking, row, item->index, &self->m_checkTallies, &message);
                if (kind == ErrorKind::None) {
                    outcome = TaskState::Succeeded;
                    break;
                }
            } else {
                kind = a.errorKind;
                message = a.message;
            }
            const quint8 cls = retryClass(a);
            // Out of descriptors: the worker backs off; retrying at once would only fail again.
            if (attempts > spec.retryMax || !(cls & spec.retryOn) || self->m_firstDone ||
                kind == ErrorKind::TooManyOpenFiles)
                break;
            // Exponential backoff with jitter (0.5x to 1.5x), within the request's deadline.
            ++self->m_retries;
            tracker.setPhase(ref, self->m_phaseBackoff);
            const double jitter = 0.5 + self->m_rng.generateDouble();
            const qint64 delay =
                qint64(double(spec.retryBackoffMs * kNsPerMs) * std::ldexp(1.0, attempts - 1) * jitter);
            const qint64 wakeAt = nowNs() + delay;
            const WakeReason r = co_await DeadlineWait(self->scheduler(), &item->token,
                                                       deadline > 0 ? std::min(deadline, wakeAt) : wakeAt);
            if (r == WakeReason::Cancelled) {
                outcome = TaskState::Cancelled;
                break;
            }
            if (deadline > 0 && deadline <= wakeAt) {
                outcome = TaskState::TimedOut;
                break;
            }
        }
    } catch (const std::exception &e) {
        // Caught at the task's root: counted as a failure with its message, logged once per workload.
        outcome = TaskState::Failed;
        kind = ErrorKind::Exception;
        message = QString::fromLocal8Bit(e.what());
        conn->close(); // its state is unknown
        if (!std::exchange(self->m_exceptionLogged, true))
            qWarning("http-fanout %s: a request ended on an exception: %s", qPrintable(self->name()), e.what());
    }
    const qint64 end = nowNs();
    if ((outcome == TaskState::Succeeded || outcome == TaskState::Failed) && firstSent > 0)
        self->m_uncorrected.record(end - firstSent);
    const qint64 latency = end - (item->intendedNs > 0 ? item->intendedNs : started);
    if (const int slot = self->m_data.urlSlot(&self->m_urls, target, row); slot >= 0)
        self->m_urls.record(slot, outcome, outcome == TaskState::TimedOut ? -1 : latency);
    if (outcome == TaskState::TimedOut)
        tracker.finish(ref, outcome, ErrorKind::Timeout,
                       QStringLiteral("no complete answer within %1 ms").arg(spec.timeoutMs));
    else
        tracker.finish(ref, outcome, outcome == TaskState::Failed ? kind : ErrorKind::None,
                       outcome == TaskState::Failed ? message : QString(), latency);
    self->requestEnded(outcome != TaskState::Cancelled);
    co_return !(outcome == TaskState::Failed && kind == ErrorKind::TooManyOpenFiles);
}

void HttpFanoutWorkload::record(const HttpAttempt &a)
{
    if (a.outcome != HttpAttempt::Outcome::Ok)
        return;
    ++m_statusCounts[a.status];
    m_bytes += a.bodyBytes;
    if (a.firstByteNs > 0 && a.sentNs > 0)
        m_ttfb.record(a.firstByteNs - a.sentNs);
}

void HttpFanoutWorkload::requestEnded(bool completed)
{
    if (completed && m_spec.mode == CompletionMode::First && !m_firstDone) {
        // wait(FIRST_COMPLETED), then cancel the rest
        m_firstDone = true;
        tracker().cancelWorkload(index());
        m_idle.cancel();
    }
}

void HttpFanoutWorkload::workerEnded()
{
    --m_workersLive;
    maybeFinish();
}

void HttpFanoutWorkload::maybeFinish()
{
    if (m_workersLive > 0 || m_dispatching || (m_workerTarget == 0 && !m_idle.isCancelled()))
        return;
    // Workers and dispatcher are done; anything still queued (a stop raced the dispatcher) ends cancelled.
    while (!m_queue.empty()) {
        std::unique_ptr<Item> item = std::move(m_queue.front());
        m_queue.pop_front();
        tracker().finish(TaskRef{item->slot, item->id}, TaskState::Cancelled);
    }
    markFinished();
}

void HttpFanoutWorkload::onStopping()
{
    m_idle.cancel();
    maybeFinish(); // a workload parked at concurrency 0 has no worker left to notice
}

void HttpFanoutWorkload::onCancelAll()
{
    m_idle.cancel();
    maybeFinish();
}

void HttpFanoutWorkload::describe(WorkloadSnapshot &out) const
{
    if (!m_targets.empty()) {
        QString t = m_server ? tr("built-in HTTP target %1").arg(m_server->baseUrl()) : m_targets[0].url;
        if (!m_server && m_targets.size() > 1)
            t = tr("%1 (+%2 more)").arg(t).arg(m_targets.size() - 1);
        out.target = m_fast ? tr("%1, fast engine").arg(t) : tr("%1, qnam engine").arg(t);
    }
    for (auto it = m_statusCounts.cbegin(); it != m_statusCounts.cend(); ++it)
        out.httpStatus.insert(it.key(), it.value());
    out.checks = m_checkTallies;
    out.urls = m_urls.summaries();
    out.gauges.insert(Gauge::BytesReceived, double(m_bytes));
    out.gauges.insert(Gauge::Retries, double(m_retries));
    out.gauges.insert(Gauge::Workers, double(m_workerCount));
    out.gauges.insert(Gauge::TtfbP50Ms, double(m_ttfb.quantileNs(0.5)) / 1e6);
    out.gauges.insert(Gauge::TtfbP99Ms, double(m_ttfb.quantileNs(0.99)) / 1e6);
    if (m_spec.ratePerSecond > 0) {
        out.gauges.insert(Gauge::QueuedForWorker, double(m_queue.size()));
        out.gauges.insert(Gauge::UncorrectedP50Ms, double(m_uncorrected.quantileNs(0.5)) / 1e6);
        out.gauges.insert(Gauge::UncorrectedP99Ms, double(m_uncorrected.quantileNs(0.99)) / 1e6);
    }
    if (m_server) {
        const HttpTargetStats &s = m_server->stats();
        out.gauges.insert(Gauge::ServerRequests, double(s.requests.load()));
        out.gauges.insert(Gauge::ServerConnectionsOpen, double(s.open.load()));
    }
}

} // namespace coroscope
