#include "workloads/HttpFanoutWorkload.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/SignalWait.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "net/ErrorKinds.h"
#include "net/HttpTargetServer.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <cmath>

namespace coroscope {

namespace {

// The built-in target's endpoints: a builtin: URL must name one of them.
bool isBuiltinPath(const QString &path)
{
    const QString p = path.section(u'?', 0, 0);
    return p == QLatin1String("/") || p == QLatin1String("/delay") || p == QLatin1String("/drop") ||
           p == QLatin1String("/slow-body") || p.startsWith(QLatin1String("/status/")) ||
           p.startsWith(QLatin1String("/bytes/"));
}

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

HttpFanoutSpec HttpFanoutSpec::read(JsonReader &r)
{
    HttpFanoutSpec s;
    s.urls.clear();
    const bool hasUrl = r.has(QStringLiteral("url")), hasUrls = r.has(QStringLiteral("urls"));
    if (hasUrl)
        s.urls << r.string(QStringLiteral("url"), QString());
    if (hasUrls) {
        const QJsonValue v = r.value(QStringLiteral("urls"));
        const QJsonArray a = v.toArray();
        if (!v.isArray() || a.isEmpty())
            r.error(QStringLiteral("urls"), tr("expected a non-empty array of URLs, found %1")
                                                .arg(JsonReader::describe(v)));
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString())
                r.error(QStringLiteral("urls[%1]").arg(i),
                        tr("expected a URL string, found %1").arg(JsonReader::describe(a.at(i))));
            else
                s.urls << a.at(i).toString();
        }
    }
    if (!hasUrl && !hasUrls)
        r.error(QStringLiteral("url"), tr("expected a URL (or \"urls\": [...]), found nothing"));
    s.engine = r.choice(QStringLiteral("engine"), {QStringLiteral("auto"), QStringLiteral("fast"), QStringLiteral("qnam")},
                        s.engine);
    for (qsizetype i = 0; i < s.urls.size(); ++i) {
        const QString key = hasUrls ? QStringLiteral("urls[%1]").arg(hasUrl ? i - 1 : i) : QStringLiteral("url");
        const QString &u = s.urls[i];
        if (u.startsWith(QLatin1String("builtin:"))) {
            const QString path = u.mid(8);
            if (!path.startsWith(u'/') || !isBuiltinPath(QString(path).replace(QStringLiteral("{i}"), QStringLiteral("0"))))
                r.error(key, QStringLiteral("expected a built-in endpoint (builtin:/delay?ms=N, /delay?min_ms=A&max_ms=B, "
                                            "/status/CODE, /bytes/N, /drop, /slow-body?bytes=N&ms=M), found \"%1\"")
                                 .arg(u));
            continue;
        }
        const QUrl url(QString(u).replace(QStringLiteral("{i}"), QStringLiteral("0")));
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            r.error(key, tr("expected an http:// or https:// URL or builtin:/path, found \"%1\"").arg(u));
        } else if (scheme == QLatin1String("https") && s.engine == QLatin1String("fast")) {
            r.error(key, QStringLiteral("expected an http:// URL with engine \"fast\" (https needs \"qnam\" or "
                                        "\"auto\"), found \"%1\"").arg(u));
        } else if (s.engine == QLatin1String("fast") && url.host() != QLatin1String("localhost") &&
                   QHostAddress(url.host()).isNull()) {
            r.error(key, tr("expected an IP address or localhost with engine \"fast\", found host \"%1\"")
                             .arg(url.host()));
        }
    }
    s.method = r.string(QStringLiteral("method"), QStringLiteral("GET")).toUpper().toLatin1();
    JsonReader headers = r.child(QStringLiteral("headers"));
    for (auto it = headers.object().constBegin(); it != headers.object().constEnd(); ++it)
        s.headers << qMakePair(it.key().toLatin1(), headers.string(it.key(), QString()).toUtf8());
    s.body = r.string(QStringLiteral("body"), QString()).toUtf8();
    s.requests = r.integer(QStringLiteral("requests"), s.requests, 0, 1'000'000'000);
    s.concurrency = r.integer(QStringLiteral("concurrency"), s.concurrency, 0, kMaxWorkers);
    s.ratePerSecond = r.number(QStringLiteral("ratePerSecond"), 0, 0, 10'000'000);
    s.timeoutMs = r.integer(QStringLiteral("timeoutMs"), s.timeoutMs, 0, 3'600'000);
    s.connectTimeoutMs = r.integer(QStringLiteral("connectTimeoutMs"), s.connectTimeoutMs, 0, 3'600'000);
    JsonReader retries = r.child(QStringLiteral("retries"));
    s.retryMax = int(retries.integer(QStringLiteral("max"), 0, 0, 100));
    s.retryBackoffMs = retries.integer(QStringLiteral("backoffMs"), s.retryBackoffMs, 0, 600'000);
    s.attemptTimeoutMs = retries.integer(QStringLiteral("attemptTimeoutMs"), 0, 0, 3'600'000);
    if (retries.has(QStringLiteral("on"))) {
        const QJsonValue on = retries.value(QStringLiteral("on"));
        s.retryOn = 0;
        const QStringList kinds{QStringLiteral("connect"), QStringLiteral("reset"), QStringLiteral("timeout"),
                                QStringLiteral("5xx")};
        for (const QJsonValue &k : on.toArray()) {
            const qsizetype bit = kinds.indexOf(k.toString());
            if (bit < 0)
                retries.error(QStringLiteral("on"), QStringLiteral("expected error kinds from connect, reset, timeout, "
                                                                   "5xx, found %1").arg(JsonReader::describe(k)));
            else
                s.retryOn |= quint8(1u << bit);
        }
        if (!on.isArray())
            retries.error(QStringLiteral("on"), tr("expected an array of error kinds, found %1")
                                                    .arg(JsonReader::describe(on)));
    }
    retries.warnUnknownKeys();
    s.mode = completionModeFromKey(r.choice(QStringLiteral("mode"), completionModeKeys(), QStringLiteral("all")));
    return s;
}

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
      m_rng(QRandomGenerator::global()->generate())
{
}

HttpFanoutWorkload::~HttpFanoutWorkload() = default;

bool HttpFanoutWorkload::prepare(QString *error)
{
    bool anyHttps = false;
    for (const QString &u : m_spec.urls) {
        if (u.startsWith(QLatin1String("builtin:")) && !m_server) {
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
        Target t;
        t.url = u.startsWith(QLatin1String("builtin:")) ? m_server->baseUrl() + u.mid(8) : u;
        const QUrl url(QString(t.url).replace(QStringLiteral("{i}"), QStringLiteral("0")));
        const quint16 defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
        t.endpoint.port = quint16(url.port(defaultPort));
        if (url.host() == QLatin1String("localhost"))
            t.endpoint.address = QHostAddress(QHostAddress::LocalHost);
        else
            t.endpoint.address = QHostAddress(url.host());
        if (m_fast && t.endpoint.address.isNull()) {
            *error = tr("%1: the fast engine needs an IP address or localhost").arg(u);
            return false;
        }
        // The request target as written (after the authority), {i} kept for templating.
        const qsizetype authority = t.url.indexOf(QStringLiteral("//"));
        const qsizetype slash = t.url.indexOf(u'/', authority + 2);
        t.path = slash < 0 ? QByteArray("/") : t.url.mid(slash).toUtf8();
        t.hostHeader = (url.host() + (url.port() > 0 ? u':' + QString::number(url.port()) : QString())).toUtf8();
        t.templated = t.url.contains(QStringLiteral("{i}"));
        if (!t.templated)
            t.request = requestFor(t, 0);
        m_targets.push_back(std::move(t));
    }
    if (!m_fast && m_qnams.empty()) {
        const qint64 want = m_spec.concurrency > 0 ? m_spec.concurrency : 100;
        const qint64 managers = std::clamp<qint64>((want + 5) / 6, 1, 16);
        for (qint64 i = 0; i < managers; ++i)
            m_qnams.push_back(std::make_unique<QNetworkAccessManager>());
    }
    return true;
}

QByteArray HttpFanoutWorkload::requestFor(const Target &t, quint64 index) const
{
    if (!t.templated && !t.request.isEmpty())
        return t.request;
    QByteArray path = t.path;
    if (t.templated)
        path.replace("{i}", QByteArray::number(index));
    QByteArray r;
    r.reserve(128 + path.size() + m_spec.body.size());
    r += m_spec.method + ' ' + path + " HTTP/1.1\r\nHost: " + t.hostHeader + "\r\n";
    for (const auto &h : m_spec.headers)
        r += h.first + ": " + h.second + "\r\n";
    if (!m_spec.body.isEmpty() || m_spec.method == "POST" || m_spec.method == "PUT")
        r += "Content-Length: " + QByteArray::number(m_spec.body.size()) + "\r\n";
    r += "\r\n" + m_spec.body;
    return r;
}

QUrl HttpFanoutWorkload::qnamUrl(const Target &t, quint64 index) const
{
    return QUrl(t.templated ? QString(t.url).replace(QStringLiteral("{i}"), QString::number(index)) : t.url);
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
    qint64 workers = m_spec.concurrency > 0 ? m_spec.concurrency : HttpFanoutSpec::kMaxWorkers;
    if (m_spec.requests > 0)
        workers = std::min(workers, m_spec.requests);
    m_workerCount = m_workersLive = workers;
    m_dispatching = m_spec.ratePerSecond > 0;
    if (m_dispatching)
        dispatch(this);
    for (qint64 i = 0; i < workers; ++i)
        worker(this);
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

QCoro::Task<void> HttpFanoutWorkload::dispatch(HttpFanoutWorkload *self)
{
    // Open model: request i is due at start + i / rate, whether or not earlier ones have finished;
    // its latency counts from then, so a stalled target cannot hide behind slow sending.
    constexpr size_t kMaxQueued = 100'000;
    const qint64 start = nowNs();
    const double intervalNs = 1e9 / self->m_spec.ratePerSecond;
    quint64 index = 0;
    int sinceYield = 0;
    while (self->takeNext(&index)) {
        const qint64 due = start + qint64(double(index) * intervalNs);
        if (due > nowNs()) {
            sinceYield = 0;
            if (co_await DeadlineWait(self->scheduler(), &self->m_idle, due) == WakeReason::Cancelled)
                break;
        } else if (++sinceYield >= 256) {
            sinceYield = 0;
            co_await self->scheduler().yield();
        }
        while (self->m_queue.size() >= kMaxQueued && !self->m_idle.isCancelled())
            co_await DeadlineWait(self->scheduler(), &self->m_idle, nowNs() + 10 * kNsPerMs);
        auto item = std::make_unique<Item>();
        item->index = index;
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
    if (self->m_spec.ratePerSecond > 0) {
        for (;;) {
            bool got = self->m_queued.tryAcquire();
            if (!got && !self->m_idle.isCancelled())
                got = co_await self->m_queued.acquire(self->scheduler(), &self->m_idle);
            if (!got)
                break;
            std::unique_ptr<Item> item = std::move(self->m_queue.front());
            self->m_queue.pop_front();
            co_await serve(self, &conn, item.get());
        }
    } else {
        quint64 index = 0;
        while (self->takeNext(&index)) {
            Item item;
            item.index = index;
            item.intendedNs = nowNs();
            co_await serve(self, &conn, &item);
        }
    }
    conn.close();
    self->workerEnded();
}

QCoro::Task<void> HttpFanoutWorkload::serve(HttpFanoutWorkload *self, HttpConnection *conn, Item *item)
{
    TaskTracker &tracker = self->tracker();
    const HttpFanoutSpec &spec = self->m_spec;
    TaskRef ref{item->slot, item->id};
    if (item->id == 0)
        ref = tracker.create(self->index(), &item->token);
    if (item->token.isCancelled()) { // cancelled while waiting for a worker
        tracker.finish(ref, TaskState::Cancelled);
        self->requestEnded(false);
        co_return;
    }
    tracker.start(ref);
    PhaseSink phases(self, ref);
    const qint64 started = nowNs();
    const qint64 deadline = spec.timeoutMs > 0 ? started + spec.timeoutMs * kNsPerMs : 0;
    const Target &target = self->m_targets[size_t(item->index % self->m_targets.size())];
    const bool head = spec.method == "HEAD";
    qint64 firstSent = 0;
    int attempts = 0;
    HttpAttempt a;
    TaskState outcome = TaskState::Failed;
    ErrorKind kind = ErrorKind::None;
    QString message;
    for (;;) {
        ++attempts;
        tracker.setAttempts(ref, attempts);
        qint64 attemptDeadline = deadline;
        if (spec.attemptTimeoutMs > 0) {
            const qint64 t = nowNs() + spec.attemptTimeoutMs * kNsPerMs;
            attemptDeadline = deadline > 0 ? std::min(deadline, t) : t;
        }
        if (self->m_fast) {
            a = co_await HttpConnection::exchange(conn, target.endpoint, self->requestFor(target, item->index), head,
                                                  &item->token, attemptDeadline, spec.connectTimeoutMs, &phases);
        } else {
            QNetworkAccessManager *qnam = self->m_qnams[size_t(item->index % self->m_qnams.size())].get();
            a = co_await attemptQnam(self, qnam, self->qnamUrl(target, item->index), &item->token, attemptDeadline,
                                     &phases);
        }
        if (!firstSent)
            firstSent = a.sentNs;
        self->record(a);
        if (a.outcome == HttpAttempt::Outcome::Cancelled) {
            outcome = TaskState::Cancelled;
            break;
        }
        const bool overallTimeout = a.outcome == HttpAttempt::Outcome::TimedOut && attemptDeadline == deadline;
        if (overallTimeout) {
            outcome = TaskState::TimedOut;
            break;
        }
        if (a.outcome == HttpAttempt::Outcome::Ok && a.status < 400) {
            outcome = TaskState::Succeeded;
            break;
        }
        if (a.outcome == HttpAttempt::Outcome::Ok) {
            kind = a.status >= 500 ? ErrorKind::Http5xx : ErrorKind::Http4xx;
            message = QStringLiteral("HTTP status %1").arg(a.status);
        } else {
            kind = a.errorKind;
            message = a.message;
        }
        const quint8 cls = retryClass(a);
        if (attempts > spec.retryMax || !(cls & spec.retryOn) || self->m_firstDone)
            break;
        // Exponential backoff with jitter (0.5x to 1.5x), within the request's deadline.
        ++self->m_retries;
        tracker.setPhase(ref, self->m_phaseBackoff);
        const double jitter = 0.5 + self->m_rng.generateDouble();
        const qint64 delay = qint64(double(spec.retryBackoffMs * kNsPerMs) * std::ldexp(1.0, attempts - 1) * jitter);
        const qint64 wakeAt = nowNs() + delay;
        const WakeReason r =
            co_await DeadlineWait(self->scheduler(), &item->token, deadline > 0 ? std::min(deadline, wakeAt) : wakeAt);
        if (r == WakeReason::Cancelled) {
            outcome = TaskState::Cancelled;
            break;
        }
        if (deadline > 0 && deadline <= wakeAt) {
            outcome = TaskState::TimedOut;
            break;
        }
    }
    const qint64 end = nowNs();
    if (outcome == TaskState::Succeeded || outcome == TaskState::Failed) {
        if (firstSent > 0)
            self->m_uncorrected.record(end - firstSent);
    }
    if (outcome == TaskState::TimedOut)
        tracker.finish(ref, outcome, ErrorKind::Timeout,
                       QStringLiteral("no complete answer within %1 ms").arg(spec.timeoutMs));
    else
        tracker.finish(ref, outcome, outcome == TaskState::Failed ? kind : ErrorKind::None,
                       outcome == TaskState::Failed ? message : QString(),
                       end - item->intendedNs);
    self->requestEnded(outcome != TaskState::Cancelled);
}

QCoro::Task<HttpAttempt> HttpFanoutWorkload::attemptQnam(HttpFanoutWorkload *self, QNetworkAccessManager *qnam,
                                                         QUrl url, CancellationToken *token, qint64 deadlineNs,
                                                         HttpPhaseSink *phases)
{
    const HttpFanoutSpec &spec = self->m_spec;
    QNetworkRequest request(url);
    for (const auto &h : spec.headers)
        request.setRawHeader(h.first, h.second);
    HttpAttempt a;
    phases->enter(HttpPhaseSink::Phase::Sending);
    a.sentNs = nowNs();
    QNetworkReply *reply = qnam->sendCustomRequest(request, spec.method, spec.body);
    phases->enter(HttpPhaseSink::Phase::AwaitingFirstByte);
    qint64 firstByte = 0;
    // The reply outlives no frame: it is finished (or aborted) before this coroutine returns.
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [&firstByte, phases] {
        if (!firstByte) {
            firstByte = nowNs();
            phases->enter(HttpPhaseSink::Phase::ReadingBody);
        }
    });
    WakeReason r = WakeReason::Signalled;
    if (!reply->isFinished())
        r = co_await SignalWait(self->scheduler(), reply, &QNetworkReply::finished, token, deadlineNs);
    QObject::disconnect(reply, &QNetworkReply::metaDataChanged, reply, nullptr);
    if (r != WakeReason::Signalled) {
        reply->abort(); // cancel at the source; the reply is ours to delete
        reply->deleteLater();
        a.outcome = r == WakeReason::Cancelled ? HttpAttempt::Outcome::Cancelled : HttpAttempt::Outcome::TimedOut;
        a.errorKind = r == WakeReason::TimedOut ? ErrorKind::Timeout : ErrorKind::None;
        co_return a;
    }
    a.firstByteNs = firstByte;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.bodyBytes = reply->readAll().size();
    if (a.status > 0) {
        a.outcome = HttpAttempt::Outcome::Ok;
    } else {
        a.outcome = HttpAttempt::Outcome::Failed;
        a.errorKind = errorKindOf(reply->error());
        a.message = reply->errorString();
    }
    reply->deleteLater();
    co_return a;
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
    if (m_workersLive > 0 || m_dispatching)
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
}

void HttpFanoutWorkload::onCancelAll()
{
    m_idle.cancel();
}

void HttpFanoutWorkload::describe(WorkloadSnapshot &out) const
{
    if (!m_targets.empty()) {
        QString t = m_server ? QStringLiteral("built-in HTTP target %1").arg(m_server->baseUrl()) : m_targets[0].url;
        if (!m_server && m_targets.size() > 1)
            t += QStringLiteral(" (+%1 more)").arg(m_targets.size() - 1);
        out.target = t + (m_fast ? QStringLiteral(", fast engine") : QStringLiteral(", qnam engine"));
    }
    for (auto it = m_statusCounts.cbegin(); it != m_statusCounts.cend(); ++it)
        out.httpStatus.insert(it.key(), it.value());
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
