#include "workloads/QueueWorkload.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "net/HttpTargetServer.h"
#include "net/SocketEvents.h"
#include "workloads/ProducerThread.h"

#include <QCoroFuture>
#include <QCoroTask>
#include <QTcpSocket>
#include <QUrl>
#include <QtConcurrent>

#include <cstring>

namespace coroscope {

namespace {

// Burns the CPU for `ms` milliseconds: the seeds' CPU-bound coroutine.
void busyFor(double ms)
{
    const qint64 until = nowNs() + qint64(ms * 1e6);
    volatile quint64 x = 0;
    while (nowNs() < until) {
        for (int i = 0; i < 1000; ++i)
            x = x + quint64(i);
    }
}

// Blocking RESP round trip for set-up before the run starts (nothing else runs on the loop yet).
bool syncCommand(QTcpSocket &s, const QList<QByteArray> &args, RespReply *reply, QString *error)
{
    s.write(RespReply::encode(args));
    QByteArray in;
    for (;;) {
        const qsizetype used = in.isEmpty() ? 0 : RespReply::parse(in.constData(), in.size(), reply);
        if (used > 0)
            return true;
        if (used < 0 || !s.waitForReadyRead(3000)) {
            *error = QCoreApplication::translate("QueueWorkload", "Redis did not answer %1").arg(QString::fromUtf8(args.first()));
            return false;
        }
        in += s.readAll();
    }
}

constexpr char kValueTag[] = "cs1:";

} // namespace

QueueSpec QueueSpec::read(JsonReader &r)
{
    QueueSpec s;
    s.backend = r.choice(QStringLiteral("backend"), {QStringLiteral("memory"), QStringLiteral("redis")}, s.backend);
    s.capacity = r.integer(QStringLiteral("capacity"), s.capacity, 0, 100'000'000);
    const QString order = r.choice(QStringLiteral("order"), {QStringLiteral("fifo"), QStringLiteral("lifo"),
                                                             QStringLiteral("priority")}, QStringLiteral("fifo"));
    s.order = order == QLatin1String("lifo") ? AsyncQueue::Order::Lifo
              : order == QLatin1String("priority") ? AsyncQueue::Order::Priority
                                                   : AsyncQueue::Order::Fifo;
    s.producers = r.integer(QStringLiteral("producers"), s.producers, 0, 10'000);
    s.items = r.integer(QStringLiteral("items"), s.items, 0, 1'000'000'000'000);
    s.ratePerSecond = r.number(QStringLiteral("ratePerSecond"), 0, 0, 100'000'000);
    s.payloadBytes = r.integer(QStringLiteral("payloadBytes"), 0, 0, 16 * 1024 * 1024);
    s.priority = r.distribution(QStringLiteral("priority"), s.priority, -1e9, 1e9);
    s.producerThread = r.boolean(QStringLiteral("producerThread"), false);
    s.consumers = r.integer(QStringLiteral("consumers"), s.consumers, 1, 10'000);
    JsonReader work = r.child(QStringLiteral("work"));
    const QString kind = work.choice(QStringLiteral("kind"),
                                     {QStringLiteral("none"), QStringLiteral("sleep"), QStringLiteral("cpu"),
                                      QStringLiteral("cpu-inline"), QStringLiteral("http")},
                                     QStringLiteral("none"));
    s.work = kind == QLatin1String("sleep")        ? Work::Sleep
             : kind == QLatin1String("cpu")        ? Work::Cpu
             : kind == QLatin1String("cpu-inline") ? Work::CpuInline
             : kind == QLatin1String("http")       ? Work::Http
                                                   : Work::None;
    s.workMs = work.distribution(QStringLiteral("ms"), s.workMs, 0, 3'600'000);
    s.workUrl = work.string(QStringLiteral("url"), QString(), s.work == Work::Http);
    if (s.work == Work::Http && !s.workUrl.isEmpty() && !s.workUrl.startsWith(QLatin1String("builtin:/")) &&
        !(s.workUrl.startsWith(QLatin1String("http://")) && QUrl(s.workUrl).isValid()))
        work.error(QStringLiteral("url"), tr("expected an http:// URL or builtin:/path, found \"%1\"").arg(s.workUrl));
    work.warnUnknownKeys();
    s.failureProbability = r.number(QStringLiteral("failureProbability"), 0, 0, 1);
    s.retries = int(r.integer(QStringLiteral("retries"), 0, 0, 100));
    s.idleStopMs = r.integer(QStringLiteral("idleStopMs"), s.idleStopMs, 0, 3'600'000);
    s.redis = r.string(QStringLiteral("redis"), s.redis);
    s.key = r.string(QStringLiteral("key"), s.key);
    s.passwordEnv = r.string(QStringLiteral("passwordEnv"), QString());
    s.batch = r.integer(QStringLiteral("batch"), s.batch, 1, 10'000);
    if (r.has(QStringLiteral("intake"))) {
        JsonReader intake = r.child(QStringLiteral("intake"));
        s.tcpIntake = intake.choice(QStringLiteral("kind"), {QStringLiteral("tcp")}, QStringLiteral("tcp")) ==
                      QLatin1String("tcp");
        s.intakeConnections = intake.integer(QStringLiteral("connections"), s.intakeConnections, 1, 10'000);
        s.intakeLinesPerConnection =
            intake.integer(QStringLiteral("linesPerConnection"), s.intakeLinesPerConnection, 1, 100'000'000);
        s.intakeLineBytes = intake.integer(QStringLiteral("lineBytes"), s.intakeLineBytes, 2, 64 * 1024);
        intake.warnUnknownKeys();
        if (s.backend != QLatin1String("memory"))
            intake.error(QStringLiteral("kind"), tr("expected the memory backend with a tcp intake"));
    }
    if (s.backend == QLatin1String("redis")) {
        RedisAddress a;
        QString why;
        if (!RedisAddress::parse(s.redis, &a, &why))
            r.error(QStringLiteral("redis"), why);
        if (s.key.isEmpty())
            r.error(QStringLiteral("key"), tr("expected a non-empty list key"));
    }
    return s;
}

QueueWorkload::QueueWorkload(QString name, QueueSpec spec, QObject *parent)
    : Workload(std::move(name), QStringLiteral("queue"), parent), m_spec(std::move(spec)),
      m_payload(QByteArray(m_spec.payloadBytes, 'p')), m_rng(QRandomGenerator::global()->generate())
{
}

QueueWorkload::~QueueWorkload()
{
    if (m_producerThread)
        m_producerThread->stop();
}

bool QueueWorkload::prepare(QString *error)
{
    if (m_spec.work == QueueSpec::Work::Http) {
        QString url = m_spec.workUrl;
        if (url.startsWith(QLatin1String("builtin:"))) {
            m_server = std::make_unique<HttpTargetServer>();
            if (!m_server->start(error))
                return false;
            url = m_server->baseUrl() + url.mid(8);
        }
        const QUrl u(url);
        m_workEndpoint.address =
            u.host() == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(u.host());
        m_workEndpoint.port = quint16(u.port(80));
        if (m_workEndpoint.address.isNull()) {
            *error = tr("work.url: expected an IP address or localhost, found \"%1\"").arg(u.host());
            return false;
        }
        const qsizetype slash = url.indexOf(u'/', url.indexOf(QStringLiteral("//")) + 2);
        m_workRequest = "GET " + (slash < 0 ? QByteArray("/") : url.mid(slash).toUtf8()) +
                        " HTTP/1.1\r\nHost: " + u.host().toUtf8() + "\r\n\r\n";
    }
    if (m_spec.backend == QLatin1String("redis"))
        return redisSetup(error);
    m_queue = std::make_unique<AsyncQueue>(m_spec.order, m_spec.capacity);
    if (m_spec.tcpIntake && !m_intakeServer) {
        m_intakeServer = new QTcpServer(this);
        m_intakeServer->setListenBacklogSize(4096);
        connect(m_intakeServer, &QTcpServer::newConnection, this, &QueueWorkload::acceptIntake);
        if (!m_intakeServer->listen(QHostAddress::LocalHost, 0)) {
            *error = tr("the log intake cannot listen: %1").arg(m_intakeServer->errorString());
            return false;
        }
    }
    return true;
}

bool QueueWorkload::redisSetup(QString *error)
{
    RedisAddress::parse(m_spec.redis, &m_redis, error);
    if (!m_spec.passwordEnv.isEmpty()) {
        if (!qEnvironmentVariableIsSet(qPrintable(m_spec.passwordEnv))) {
            *error = tr("passwordEnv names %1, which is not set").arg(m_spec.passwordEnv);
            return false;
        }
        m_redis.password = qgetenv(qPrintable(m_spec.passwordEnv));
    }
    m_key = m_spec.key.toUtf8();
    // A Redis that is down is a clear error now, not a run of failed tasks.
    QTcpSocket s;
    s.connectToHost(m_redis.host, m_redis.port);
    if (!s.waitForConnected(3000)) {
        *error = tr("cannot connect to Redis at %1:%2: %3")
                     .arg(m_redis.host.toString())
                     .arg(m_redis.port)
                     .arg(s.errorString());
        return false;
    }
    RespReply reply;
    if (!m_redis.password.isEmpty() &&
        (!syncCommand(s, {"AUTH", m_redis.password}, &reply, error) || reply.isError())) {
        if (reply.isError())
            *error = tr("Redis refused the password: %1").arg(QString::fromUtf8(reply.text));
        return false;
    }
    if (!syncCommand(s, {"SELECT", QByteArray::number(m_redis.db)}, &reply, error) ||
        !syncCommand(s, {"PING"}, &reply, error))
        return false;
    if (reply.isError()) {
        *error = tr("Redis answered PING with an error: %1").arg(QString::fromUtf8(reply.text));
        return false;
    }
    // At-least-once: items a crashed consumer took but never acknowledged go back on the list.
    if (!syncCommand(s, {"KEYS", m_key + ":processing:*"}, &reply, error))
        return false;
    for (const RespReply &list : reply.elements) {
        RespReply moved;
        do {
            if (!syncCommand(s, {"LMOVE", list.text, m_key, "RIGHT", "RIGHT"}, &moved, error))
                return false;
            if (moved.type == RespReply::Type::Bulk)
                ++m_requeued;
        } while (moved.type == RespReply::Type::Bulk);
    }
    return true;
}

QByteArray QueueWorkload::encodeValue(quint64 id, qint64 enqueuedNs) const
{
    // Unique per item (LREM acknowledges by value) and carrying its enqueue time for the wait figure.
    return kValueTag + QByteArray::number(id) + ':' + QByteArray::number(enqueuedNs) + ':' + m_payload;
}

void QueueWorkload::start()
{
    TaskTracker &tr = tracker();
    m_phaseQueueWait = tr.internPhase(QStringLiteral("queue wait"));
    m_phaseProcessing = tr.internPhase(QStringLiteral("processing"));
    m_phaseThreadPool = tr.internPhase(QStringLiteral("thread pool"));
    m_phaseHttp = tr.internPhase(QStringLiteral("http request"));
    m_phaseRetry = tr.internPhase(QStringLiteral("retrying"));
    const bool redis = m_spec.backend == QLatin1String("redis");
    const qint64 producers = m_spec.tcpIntake ? m_spec.intakeConnections
                             : m_spec.producerThread && m_spec.producers > 0 ? 1
                                                                             : m_spec.producers;
    m_producersLive = producers;
    m_consumersLive = m_spec.consumers;
    for (qint64 i = 0; i < m_spec.consumers; ++i) {
        auto c = std::make_unique<Consumer>();
        c->index = int(i);
        c->processingKey = m_key + ":processing:" + name().toUtf8() + ':' + QByteArray::number(i);
        m_consumers.push_back(std::move(c));
    }
    if (redis) {
        m_watching = true;
        watchDepth(this);
    }
    for (qint64 p = 0; p < producers && m_spec.tcpIntake; ++p)
        intakeClient(this, int(p));
    for (qint64 p = 0; p < producers && !m_spec.tcpIntake; ++p) {
        // Items split across producers; with no total, each produces until the run ends.
        const quint64 share = m_spec.items > 0 ? quint64(m_spec.items / producers + (p < m_spec.items % producers ? 1 : 0)) : 0;
        if (m_spec.producerThread) {
            m_producerThread = std::make_unique<ProducerThread>(
                quint64(m_spec.items), m_spec.ratePerSecond, std::max<qint64>(64, m_spec.capacity),
                [this] { m_handoffSignal.release(); }, this);
            feedFromThread(this);
            m_producerThread->start();
        } else if (redis) {
            produceRedis(this, share);
        } else {
            produceMemory(this, share);
        }
    }
    if (producers == 0 && m_queue)
        m_queue->close();
    for (auto &c : m_consumers) {
        if (redis)
            consumeRedis(this, c.get());
        else
            consumeMemory(this);
    }
}

QCoro::Task<void> QueueWorkload::produceMemory(QueueWorkload *self, quint64 count)
{
    TaskTracker &tracker = self->tracker();
    const double perProducerRate = self->m_spec.ratePerSecond / double(std::max<qint64>(1, self->m_spec.producers));
    const qint64 start = nowNs();
    for (quint64 i = 0; (count == 0 || i < count) && !self->m_stop.isCancelled(); ++i) {
        if (perProducerRate > 0) {
            const qint64 due = start + qint64(double(i) * 1e9 / perProducerRate);
            if (due > nowNs() && co_await DeadlineWait(self->scheduler(), &self->m_stop, due) == WakeReason::Cancelled)
                break;
        }
        QueueItem item;
        const TaskRef ref = tracker.create(self->index(), nullptr);
        tracker.setPhase(ref, self->m_phaseQueueWait);
        item.id = ref.id;
        item.taskSlot = ref.slot;
        item.enqueuedNs = nowNs();
        item.priority = int(self->m_spec.priority.sample(i, self->m_rng));
        item.payload = self->m_payload;
        if (!co_await self->m_queue->put(std::move(item), self->scheduler(), &self->m_stop)) {
            tracker.finish(ref, TaskState::Cancelled);
            break;
        }
        ++self->m_produced;
        self->m_in.add(nowNs());
    }
    self->producerEnded();
}

QCoro::Task<void> QueueWorkload::feedFromThread(QueueWorkload *self)
{
    TaskTracker &tracker = self->tracker();
    for (;;) {
        std::deque<ProducerThread::Produced> batch = self->m_producerThread->take();
        for (const auto &p : batch) {
            const qint64 now = nowNs();
            self->m_handoffLatency.record(now - p.producedNs);
            QueueItem item;
            const TaskRef ref = tracker.create(self->index(), nullptr);
            tracker.setPhase(ref, self->m_phaseQueueWait);
            item.id = ref.id;
            item.taskSlot = ref.slot;
            item.enqueuedNs = now;
            item.priority = int(self->m_spec.priority.sample(p.index, self->m_rng));
            item.payload = self->m_payload;
            if (!co_await self->m_queue->put(std::move(item), self->scheduler(), &self->m_stop)) {
                tracker.finish(ref, TaskState::Cancelled);
                continue;
            }
            ++self->m_produced;
            self->m_in.add(nowNs());
        }
        if (self->m_stop.isCancelled() || self->m_producerThread->finished())
            break;
        if (batch.empty() && !co_await self->m_handoffSignal.acquire(self->scheduler(), &self->m_stop))
            break;
    }
    self->m_producerThread->stop();
    self->producerEnded();
}

bool QueueWorkload::quickProcess(TaskRef ref, qint64 enqueuedNs)
{
    // Work "none" with no injected failures: no suspension, so no coroutine frame per item.
    TaskTracker &tracker = this->tracker();
    tracker.start(ref);
    const qint64 now = nowNs();
    m_wait.record(now - enqueuedNs);
    m_recentWaitMeanNs = 0.999 * m_recentWaitMeanNs + 0.001 * double(now - enqueuedNs);
    m_service.record(0);
    tracker.finish(ref, TaskState::Succeeded, ErrorKind::None, {}, now - enqueuedNs);
    ++m_consumed;
    m_out.add(now);
    return true;
}

QCoro::Task<bool> QueueWorkload::doWork(QueueWorkload *self, HttpConnection *http, quint64 index,
                                        CancellationToken *token)
{
    const QueueSpec &spec = self->m_spec;
    const double ms = std::max(0.0, spec.workMs.sample(index, self->m_rng));
    switch (spec.work) {
    case QueueSpec::Work::None:
        break;
    case QueueSpec::Work::Sleep:
        if (co_await DeadlineWait(self->scheduler(), token, nowNs() + qint64(ms * 1e6)) == WakeReason::Cancelled)
            co_return false;
        break;
    case QueueSpec::Work::Cpu:
        // run_in_executor: the loop stays free while a pool thread burns the CPU.
        co_await QtConcurrent::run(&busyFor, ms);
        break;
    case QueueSpec::Work::CpuInline:
        busyFor(ms); // blocks the loop on purpose: the loop-lag figure shows it
        // Then let the loop run, as an asyncio coroutine does at its next await; without this the
        // consumers could chain items without the loop (and its lag probe) ever getting a turn.
        co_await self->scheduler().yield();
        break;
    case QueueSpec::Work::Http: {
        struct NoPhases : HttpPhaseSink {
            void enter(Phase) override {}
        } phases;
        const HttpAttempt a = co_await HttpConnection::exchange(http, self->m_workEndpoint, self->m_workRequest, false,
                                                                token, 0, 5000, &phases);
        if (a.outcome != HttpAttempt::Outcome::Ok || a.status >= 400)
            co_return false;
        break;
    }
    }
    co_return !(spec.failureProbability > 0 && self->m_rng.generateDouble() < spec.failureProbability);
}

QCoro::Task<bool> QueueWorkload::process(QueueWorkload *self, HttpConnection *http, TaskRef ref, qint64 enqueuedNs,
                                         CancellationToken *token)
{
    TaskTracker &tracker = self->tracker();
    const QueueSpec &spec = self->m_spec;
    tracker.start(ref);
    const qint64 taken = nowNs();
    if (enqueuedNs > 0) {
        self->m_wait.record(taken - enqueuedNs);
        self->m_recentWaitMeanNs = 0.999 * self->m_recentWaitMeanNs + 0.001 * double(taken - enqueuedNs);
    }
    const quint8 phase = spec.work == QueueSpec::Work::Cpu    ? self->m_phaseThreadPool
                         : spec.work == QueueSpec::Work::Http ? self->m_phaseHttp
                                                              : self->m_phaseProcessing;
    bool ok = false;
    int attempt = 0;
    for (; attempt <= spec.retries; ++attempt) {
        tracker.setAttempts(ref, attempt + 1);
        tracker.setPhase(ref, attempt == 0 ? phase : self->m_phaseRetry);
        ok = co_await doWork(self, http, ref.id, token);
        if (ok || token->isCancelled())
            break;
        if (attempt < spec.retries)
            ++self->m_retried;
    }
    const qint64 now = nowNs();
    self->m_service.record(now - taken);
    if (token->isCancelled() && !ok) {
        tracker.finish(ref, TaskState::Cancelled);
        co_return true; // not a failure of the item: it stays unacknowledged
    }
    ++self->m_consumed;
    self->m_out.add(now);
    if (ok) {
        tracker.finish(ref, TaskState::Succeeded, ErrorKind::None, {}, now - (enqueuedNs > 0 ? enqueuedNs : taken));
        co_return true;
    }
    ++self->m_deadLetters;
    tracker.finish(ref, TaskState::Failed, ErrorKind::DeadLetter,
                   QStringLiteral("failed %1 time(s), moved to the dead letters").arg(attempt + 1),
                   now - (enqueuedNs > 0 ? enqueuedNs : taken));
    co_return false;
}

QCoro::Task<void> QueueWorkload::consumeMemory(QueueWorkload *self)
{
    HttpConnection http(self->scheduler());
    CancellationToken token; // the consumer's: cancel() reaches it through m_cancel below
    const bool quick = self->m_spec.work == QueueSpec::Work::None && self->m_spec.failureProbability <= 0;
    for (;;) {
        std::optional<QueueItem> item = co_await self->m_queue->get(self->scheduler(), &self->m_cancel);
        if (!item)
            break;
        const TaskRef ref{item->taskSlot, item->id};
        if (quick) {
            self->quickProcess(ref, item->enqueuedNs);
            continue;
        }
        // Its own token, so that cancelling this task by id stops only this item's work.
        CancellationToken itemToken;
        self->tracker().setToken(ref, &itemToken);
        if (self->m_cancel.isCancelled())
            itemToken.cancel();
        co_await process(self, &http, ref, item->enqueuedNs, &itemToken);
    }
    // Cancelled: whatever is still queued ends cancelled with the last consumer.
    http.close();
    self->consumerEnded();
}

QCoro::Task<void> QueueWorkload::produceRedis(QueueWorkload *self, quint64 count)
{
    RedisConnection conn(self->scheduler());
    const double perProducerRate = self->m_spec.ratePerSecond / double(std::max<qint64>(1, self->m_spec.producers));
    auto opened = co_await RedisConnection::open(&conn, self->m_redis, &self->m_stop, 3000);
    const qint64 start = nowNs();
    quint64 i = 0;
    qint64 backoffMs = 100;
    while ((count == 0 || i < count) && !self->m_stop.isCancelled()) {
        if (!conn.isOpen()) {
            if (co_await DeadlineWait(self->scheduler(), &self->m_stop, nowNs() + backoffMs * kNsPerMs) ==
                WakeReason::Cancelled)
                break;
            backoffMs = std::min<qint64>(backoffMs * 2, 2000);
            ++self->m_reconnects;
            opened = co_await RedisConnection::open(&conn, self->m_redis, &self->m_stop, 3000);
            continue;
        }
        backoffMs = 100;
        // One LPUSH with a batch of values; paced when a rate is set.
        QList<QByteArray> args{"LPUSH", self->m_key};
        const quint64 batch = perProducerRate > 0 ? 1 : quint64(self->m_spec.batch);
        for (quint64 k = 0; k < batch && (count == 0 || i + k < count); ++k)
            args << self->encodeValue((quint64(self->index()) << 48) ^ (quint64(self->m_produced) + k + 1) ^
                                          (quint64(QRandomGenerator::global()->generate()) << 20),
                                      nowNs());
        if (perProducerRate > 0) {
            const qint64 due = start + qint64(double(i) * 1e9 / perProducerRate);
            if (due > nowNs() && co_await DeadlineWait(self->scheduler(), &self->m_stop, due) == WakeReason::Cancelled)
                break;
        }
        QList<QList<QByteArray>> push;
        push << args;
        const auto r = co_await RedisConnection::run(&conn, push, &self->m_stop, 0);
        if (!r.ok)
            continue; // reconnect and push the batch again (at-least-once)
        const qsizetype pushed = args.size() - 2;
        i += quint64(pushed);
        self->m_produced += pushed;
        self->m_in.add(nowNs(), pushed);
    }
    conn.close();
    self->producerEnded();
}

QCoro::Task<void> QueueWorkload::consumeRedis(QueueWorkload *self, Consumer *consumer)
{
    TaskTracker &tracker = self->tracker();
    const QueueSpec &spec = self->m_spec;
    RedisConnection conn(self->scheduler());
    HttpConnection http(self->scheduler());
    QList<QByteArray> acks;   // processed, to be removed from the processing list
    QList<QByteArray> dead;   // failed for good: to the dead-letter list
    qint64 idleSince = nowNs();
    qint64 backoffMs = 100;
    bool first = true;
    while (!self->m_cancel.isCancelled()) {
        if (!conn.isOpen()) {
            if (self->isStopping())
                break; // what it took and did not acknowledge is requeued by the next run
            if (!first) {
                if (co_await DeadlineWait(self->scheduler(), &self->m_cancel, nowNs() + backoffMs * kNsPerMs) ==
                    WakeReason::Cancelled)
                    break;
                backoffMs = std::min<qint64>(backoffMs * 2, 2000);
                ++self->m_reconnects;
            }
            first = false;
            const auto opened = co_await RedisConnection::open(&conn, self->m_redis, &self->m_cancel, 3000);
            if (!opened.ok)
                continue;
            backoffMs = 100;
            // Our own unacknowledged items from before the connection broke go back first (dead
            // letters too: they are processed again, at-least-once).
            acks.clear();
            dead.clear();
            QList<QList<QByteArray>> back;
            for (int k = 0; k < spec.batch; ++k)
                back << QList<QByteArray>{"LMOVE", consumer->processingKey, self->m_key, "RIGHT", "RIGHT"};
            co_await RedisConnection::run(&conn, back, &self->m_cancel, 0);
            continue;
        }
        const bool limitReached = spec.producers == 0 && spec.items > 0 && self->m_consumed >= spec.items;
        const bool stopping = self->isStopping() || limitReached;
        QList<QList<QByteArray>> commands;
        for (const QByteArray &v : std::as_const(dead))
            commands << QList<QByteArray>{"LPUSH", self->m_key + ":dead", v};
        for (const QByteArray &v : std::as_const(acks))
            commands << QList<QByteArray>{"LREM", consumer->processingKey, "1", v};
        const qsizetype bookkeeping = commands.size();
        const qint64 want = stopping ? 0
                            : spec.producers == 0 && spec.items > 0
                                ? std::min<qint64>(spec.batch, std::max<qint64>(0, spec.items - self->m_consumed))
                                : spec.batch;
        for (qint64 k = 0; k < want; ++k)
            commands << QList<QByteArray>{"LMOVE", self->m_key, consumer->processingKey, "RIGHT", "LEFT"};
        if (commands.isEmpty())
            break;
        auto r = co_await RedisConnection::run(&conn, commands, &self->m_cancel, 0);
        if (!r.ok) {
            if (r.cancelled)
                break;
            continue; // reconnect; unacknowledged items are requeued then
        }
        acks.clear();
        dead.clear();
        if (stopping)
            break;
        QList<QByteArray> items;
        for (qsizetype k = bookkeeping; k < r.replies.size(); ++k) {
            if (r.replies[k].type == RespReply::Type::Bulk)
                items << r.replies[k].text;
        }
        if (items.isEmpty()) {
            const bool producersDone = self->m_producersLive == 0;
            if ((spec.producers == 0 || producersDone) && nowNs() - idleSince >= spec.idleStopMs * kNsPerMs)
                break;
            // Block briefly on the list rather than spin.
            // Named, not a braced temporary in the co_await: GCC 12 miscompiles those (PR 101367).
            QList<QList<QByteArray>> block;
            block << QList<QByteArray>{QByteArray("BLMOVE"), self->m_key, consumer->processingKey,
                                       QByteArray("RIGHT"), QByteArray("LEFT"), QByteArray("0.1")};
            r = co_await RedisConnection::run(&conn, block, &self->m_cancel, 0);
            if (!r.ok) {
                if (r.cancelled)
                    break;
                continue;
            }
            if (r.replies.first().type == RespReply::Type::Bulk)
                items << r.replies.first().text;
            else
                continue;
        }
        idleSince = nowNs();
        for (const QByteArray &value : std::as_const(items)) {
            qint64 enqueuedNs = 0;
            if (value.startsWith(kValueTag)) {
                const QList<QByteArray> parts = value.split(':');
                if (parts.size() >= 3)
                    enqueuedNs = parts[2].toLongLong();
            }
            CancellationToken itemToken; // cancelling this task stops this item only
            const TaskRef ref = tracker.create(self->index(), &itemToken);
            bool ok = true;
            if (spec.work == QueueSpec::Work::None && spec.failureProbability <= 0)
                ok = self->quickProcess(ref, enqueuedNs > 0 ? enqueuedNs : nowNs());
            else
                ok = co_await process(self, &http, ref, enqueuedNs, &itemToken);
            if (self->m_cancel.isCancelled() || itemToken.isCancelled())
                break; // unacknowledged: this or a later run requeues it
            if (!ok)
                dead << value;
            acks << value;
        }
    }
    // Last acknowledgements, when the connection still works.
    if (conn.isOpen() && (!acks.isEmpty() || !dead.isEmpty())) {
        QList<QList<QByteArray>> commands;
        for (const QByteArray &v : std::as_const(dead))
            commands << QList<QByteArray>{"LPUSH", self->m_key + ":dead", v};
        for (const QByteArray &v : std::as_const(acks))
            commands << QList<QByteArray>{"LREM", consumer->processingKey, "1", v};
        CancellationToken none;
        co_await RedisConnection::run(&conn, commands, &none, nowNs() + 2 * kNsPerSecond);
    }
    conn.close();
    http.close();
    self->consumerEnded();
}

QCoro::Task<void> QueueWorkload::watchDepth(QueueWorkload *self)
{
    RedisConnection conn(self->scheduler());
    while (!self->m_cancel.isCancelled() && self->m_consumersLive > 0) {
        if (!conn.isOpen())
            co_await RedisConnection::open(&conn, self->m_redis, &self->m_cancel, 1000);
        if (conn.isOpen()) {
            QList<QList<QByteArray>> llen;
            llen << QList<QByteArray>{QByteArray("LLEN"), self->m_key};
            const auto r = co_await RedisConnection::run(&conn, llen, &self->m_cancel, 0);
            if (r.ok && !r.replies.isEmpty())
                self->m_redisDepth = r.replies.first().integer;
        }
        if (co_await DeadlineWait(self->scheduler(), &self->m_cancel, nowNs() + 200 * kNsPerMs) ==
            WakeReason::Cancelled)
            break;
    }
    conn.close();
    self->m_watching = false;
    self->maybeFinish();
}

void QueueWorkload::acceptIntake()
{
    while (QTcpSocket *socket = m_intakeServer->nextPendingConnection()) {
        socket->setParent(nullptr); // owned by its session coroutine
        intakeSession(this, socket);
    }
}

QCoro::Task<void> QueueWorkload::intakeClient(QueueWorkload *self, int index)
{
    // A log shipper: connects, writes its lines (waiting while the socket's queue is long), closes.
    auto *socket = new QTcpSocket;
    SocketEvents events(socket);
    socket->connectToHost(QHostAddress::LocalHost, self->m_intakeServer->serverPort());
    // Once connected, the collector's session counts this producer's end.
    bool ok = co_await SocketEvents::connected(&events, self->scheduler(), &self->m_cancel, 0) ==
              ConnectOutcome::Connected;
    const bool reached = ok;
    QByteArray line(self->m_spec.intakeLineBytes, '.');
    line[line.size() - 1] = '\n';
    for (qint64 i = 0; ok && i < self->m_spec.intakeLinesPerConnection && !self->m_stop.isCancelled(); ++i) {
        const QByteArray stamp = "client " + QByteArray::number(index) + " line " + QByteArray::number(i) + ' ';
        std::memcpy(line.data(), stamp.constData(), size_t(std::min(stamp.size(), line.size() - 1)));
        socket->write(line);
        while (ok && socket->bytesToWrite() > 64 * 1024) {
            events.setWatchWrites(true);
            socket->flush();
            if (co_await events.next(self->scheduler(), &self->m_stop) == WakeReason::Cancelled ||
                socket->state() != QAbstractSocket::ConnectedState)
                ok = false;
        }
    }
    events.setWatchWrites(false);
    if (ok) {
        socket->flush();
        socket->disconnectFromHost();
    } else {
        socket->abort();
    }
    socket->deleteLater();
    if (!reached)
        self->producerEnded(); // no session will end for this client
}

QCoro::Task<void> QueueWorkload::intakeSession(QueueWorkload *self, QTcpSocket *socket)
{
    // The collector's side of one connection: every line becomes a queue item. While a put waits for
    // room nothing more is read, so the kernel's buffers fill and the client's writes slow down.
    TaskTracker &tracker = self->tracker();
    SocketEvents events(socket);
    QByteArray in;
    for (;;) {
        if (socket->bytesAvailable() > 0)
            in += socket->readAll();
        qsizetype start = 0;
        bool stopped = false;
        for (qsizetype nl = in.indexOf('\n'); nl >= 0; nl = in.indexOf('\n', start)) {
            QueueItem item;
            const TaskRef ref = tracker.create(self->index(), nullptr);
            tracker.setPhase(ref, self->m_phaseQueueWait);
            item.id = ref.id;
            item.taskSlot = ref.slot;
            item.enqueuedNs = nowNs();
            item.payload = in.mid(start, nl - start);
            start = nl + 1;
            if (!co_await self->m_queue->put(std::move(item), self->scheduler(), &self->m_stop)) {
                tracker.finish(ref, TaskState::Cancelled);
                stopped = true;
                break;
            }
            ++self->m_produced;
            self->m_in.add(nowNs());
        }
        in.remove(0, start);
        if (stopped || (socket->bytesAvailable() == 0 && socket->state() != QAbstractSocket::ConnectedState))
            break;
        if (socket->bytesAvailable() > 0)
            continue;
        if (co_await events.next(self->scheduler(), &self->m_stop) == WakeReason::Cancelled)
            break;
    }
    socket->abort();
    socket->deleteLater();
    self->producerEnded();
}

void QueueWorkload::producerEnded()
{
    if (--m_producersLive > 0)
        return;
    if (m_queue)
        m_queue->close(); // consumers drain what is left, then stop
    maybeFinish();
}

void QueueWorkload::maybeFinish()
{
    // Producers, consumers and the depth watcher end in any order (a cancel wakes them all).
    if (m_producersLive == 0 && m_consumersLive == 0 && !m_watching)
        markFinished();
}

void QueueWorkload::consumerEnded()
{
    if (--m_consumersLive > 0)
        return;
    // Nobody consumes any more: producers stop, and items still queued end cancelled.
    m_stop.cancel();
    if (m_queue) {
        CancellationToken cancelled;
        cancelled.cancel();
        while (m_queue->size() > 0) {
            // Not a suspension: a ready get on a non-empty queue.
            auto get = m_queue->get(scheduler(), nullptr);
            if (!get.await_ready())
                break;
            if (std::optional<QueueItem> item = get.await_resume())
                tracker().finish(TaskRef{item->taskSlot, item->id}, TaskState::Cancelled);
        }
    }
    maybeFinish();
}

void QueueWorkload::onStopping()
{
    m_stop.cancel();
}

void QueueWorkload::onCancelAll()
{
    m_stop.cancel();
    m_cancel.cancel();
}

void QueueWorkload::describe(WorkloadSnapshot &out) const
{
    const qint64 now = nowNs();
    if (m_spec.backend == QLatin1String("redis"))
        out.target = QStringLiteral("redis://%1:%2/%3 list %4")
                         .arg(m_redis.host.toString())
                         .arg(m_redis.port)
                         .arg(m_redis.db)
                         .arg(m_spec.key);
    else if (m_intakeServer)
        out.target = QStringLiteral("in-memory queue fed by a TCP line intake on 127.0.0.1:%1").arg(m_intakeServer->serverPort());
    else
        out.target = QStringLiteral("in-memory queue");
    const double depth = m_queue ? double(m_queue->size()) : double(m_redisDepth);
    const double inRate = m_in.perSecond(now), outRate = m_out.perSecond(now);
    out.gauges.insert(Gauge::QueueDepth, depth);
    out.gauges.insert(Gauge::Produced, double(m_produced));
    out.gauges.insert(Gauge::Consumed, double(m_consumed));
    out.gauges.insert(Gauge::RateInPerSecond, inRate);
    out.gauges.insert(Gauge::RateOutPerSecond, outRate);
    out.gauges.insert(Gauge::WaitP50Ms, double(m_wait.quantileNs(0.5)) / 1e6);
    out.gauges.insert(Gauge::WaitP99Ms, double(m_wait.quantileNs(0.99)) / 1e6);
    out.gauges.insert(Gauge::ServiceP50Ms, double(m_service.quantileNs(0.5)) / 1e6);
    out.gauges.insert(Gauge::ServiceP99Ms, double(m_service.quantileNs(0.99)) / 1e6);
    // Little's law: items waiting ~ arrival rate x time waiting.
    out.gauges.insert(Gauge::LittleEstimate, inRate * m_recentWaitMeanNs / 1e9);
    out.gauges.insert(Gauge::DeadLetters, double(m_deadLetters));
    out.gauges.insert(Gauge::Retries, double(m_retried));
    if (m_queue) {
        out.gauges.insert(Gauge::ProducersWaitingForRoom, double(m_queue->waitingPutters()));
        out.gauges.insert(Gauge::ConsumersWaitingForItems, double(m_queue->waitingGetters()));
    } else {
        out.gauges.insert(Gauge::Reconnects, double(m_reconnects));
        out.gauges.insert(Gauge::RequeuedAtStart, double(m_requeued));
    }
    if (m_spec.producerThread) {
        out.gauges.insert(Gauge::HandoffP50Ms, double(m_handoffLatency.quantileNs(0.5)) / 1e6);
        out.gauges.insert(Gauge::HandoffP99Ms, double(m_handoffLatency.quantileNs(0.99)) / 1e6);
    }
}

} // namespace coroscope
