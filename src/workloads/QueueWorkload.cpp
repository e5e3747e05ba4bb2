#include "workloads/QueueWorkload.h"

#include "core/Clock.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "workloads/CoroutineProducer.h"
#include "workloads/ItemWork.h"
#include "workloads/MemoryQueueBackend.h"
#include "workloads/QueueBackend.h"
#include "workloads/QueueConsumer.h"
#include "workloads/TcpLineIntake.h"
#include "workloads/ThreadProducerFeed.h"

#include <QCoroTask>
#include <QEventLoop>
#include <QTimer>

namespace coroscope {

QueueWorkload::QueueWorkload(QString name, QueueSpec spec, QObject *parent)
    : Workload(std::move(name), QStringLiteral("queue"), parent), m_spec(std::move(spec))
{
    m_ctx.spec = &m_spec;
    m_ctx.work = m_spec.work.get();
    m_ctx.stop = &m_stop;
    m_ctx.cancel = &m_cancel;
    m_ctx.payload = QByteArray(m_spec.payloadBytes, 'p');
    m_ctx.pacer.setRate(m_spec.ratePerSecond, 0);
    m_ctx.budget = TakeBudget(m_spec.drainLimited() ? m_spec.items : 0);
    m_ctx.producerEnded = [this] { producerEnded(); };
    m_ctx.consumerEnded = [this] { consumerEnded(); };
}

QueueWorkload::~QueueWorkload() = default;

bool QueueWorkload::prepare(QString *error)
{
    if (m_prepared)
        return true;
    if (m_preparing) {
        *error = tr("its set-up is still running");
        return false;
    }
    m_ctx.tracker = &tracker();
    m_ctx.scheduler = &scheduler();
    m_ctx.workload = index();
    m_ctx.consumerName = [this](qint64 c) { return globalIndex(c); };
    if (!m_backend)
        m_backend = QueueBackend::create(m_spec, name(), &scheduler());
    m_ctx.backend = m_backend.get();
    if (m_spec.tcpIntake && !m_intake) {
        m_intake = new TcpLineIntake(&m_ctx, this);
        if (!m_intake->listen(error))
            return false;
    }
    m_preparing = true;
    bool done = false;
    QString failure;
    setUp(this, &done, &failure);
    if (!done) {
        // Waits in a local loop: the set-up's sockets, deadlines and the signal watcher keep working.
        QEventLoop loop;
        QTimer guard; // a backstop: the set-up's own waits all end by its deadline
        guard.setSingleShot(true);
        connect(&guard, &QTimer::timeout, &loop, [this] { m_setUpCancel.cancel(); });
        guard.start(int(m_spec.setupTimeoutMs + 1000));
        connect(this, &Workload::finished, &loop, [this] { m_setUpCancel.cancel(); });
        m_setUpLoop = &loop; // setUp() quits it when done
        loop.exec();
        m_setUpLoop = nullptr;
        // The loop may have returned early (the application is quitting): cancel and let it unwind.
        for (int pass = 0; pass < 2000 && !done; ++pass) {
            m_setUpCancel.cancel();
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
    }
    m_preparing = false;
    if (!done) {
        *error = tr("its set-up did not end"); // cannot happen while every wait has a deadline
        return false;
    }
    if (!failure.isEmpty()) {
        *error = failure;
        return false;
    }
    m_prepared = true;
    return true;
}

QCoro::Task<void> QueueWorkload::setUp(QueueWorkload *self, bool *done, QString *error)
{
    const qint64 deadline = nowNs() + self->m_spec.setupTimeoutMs * kNsPerMs;
    try {
        *error = co_await self->m_backend->setUp(&self->m_setUpCancel, deadline);
        if (error->isEmpty())
            *error = co_await self->m_spec.work->prepare(&self->scheduler(), &self->m_setUpCancel, deadline);
        if (error->isEmpty() && self->m_setUpCancel.isCancelled())
            *error = tr("its set-up was cancelled");
    } catch (const std::exception &e) {
        *error = tr("its set-up failed: %1").arg(QString::fromUtf8(e.what()));
    }
    *done = true;
    if (self->m_setUpLoop)
        self->m_setUpLoop->quit();
}

void QueueWorkload::start()
{
    TaskTracker &tr = tracker();
    m_ctx.phaseQueueWait = tr.internPhase(QStringLiteral("queue wait"));
    m_ctx.phaseRetry = tr.internPhase(QStringLiteral("retrying"));
    m_ctx.phaseRedis = tr.internPhase(QStringLiteral("redis"));
    qint64 producers = m_spec.producerCount();
    if (!m_intake && m_spec.items > 0)
        producers = std::min(producers, m_spec.items); // a producer with a share of 0 would never stop
    m_ctx.producersLive = producers;
    m_ctx.pacer.start(nowNs());
    m_consumersLive = m_spec.consumers;
    if (m_backend->kind() == QueueBackendKind::Redis) {
        m_watching = true;
        watchDepth(this);
    }
    if (m_intake) {
        m_intake->start();
    } else if (m_spec.producerThread && producers > 0) {
        m_feed = std::make_unique<ThreadProducerFeed>(&m_ctx, quint64(m_spec.items));
        m_feed->start();
    } else {
        for (qint64 p = 0; p < producers; ++p) {
            // Items split across producers; with no total, each produces until the run ends.
            const quint64 share =
                m_spec.items > 0 ? quint64(m_spec.items / producers + (p < m_spec.items % producers ? 1 : 0)) : 0;
            CoroutineProducer::run(&m_ctx, share);
        }
    }
    if (producers == 0)
        m_backend->closeForPuts();
    for (qint64 c = 0; c < m_spec.consumers; ++c)
        QueueConsumer::run(&m_ctx, int(c));
}

QCoro::Task<void> QueueWorkload::watchDepth(QueueWorkload *self)
{
    try {
        co_await self->m_backend->watch(&self->m_watchStop);
    } catch (const std::exception &e) {
        self->m_ctx.reportException("depth watcher", QString::fromUtf8(e.what()));
    }
    self->m_watching = false;
    self->maybeFinish();
}

void QueueWorkload::producerEnded()
{
    if (--m_ctx.producersLive > 0)
        return;
    m_backend->closeForPuts(); // consumers drain what is left, then stop
    maybeFinish();
}

void QueueWorkload::consumerEnded()
{
    if (--m_consumersLive > 0)
        return;
    // Nobody consumes any more: producers and the watcher stop, and items still queued end cancelled.
    m_stop.cancel();
    m_watchStop.cancel();
    if (m_backend->kind() == QueueBackendKind::Memory) {
        auto *memory = static_cast<MemoryQueueBackend *>(m_backend.get());
        while (std::optional<QueueItem> item = memory->queue().tryGet())
            tracker().finish(item->task, TaskState::Cancelled);
    }
    maybeFinish();
}

void QueueWorkload::maybeFinish()
{
    // Producers, consumers and the depth watcher end in any order (a cancel wakes them all).
    if (m_ctx.producersLive == 0 && m_consumersLive == 0 && !m_watching)
        markFinished();
}

void QueueWorkload::onStopping()
{
    m_stop.cancel();
}

void QueueWorkload::onCancelAll()
{
    m_stop.cancel();
    m_cancel.cancel();
    m_watchStop.cancel();
}

qint64 QueueWorkload::descriptorsNeeded() const
{
    const qint64 producers = m_spec.producerCount();
    qint64 n = m_spec.work->descriptorsNeeded(m_spec.consumers);
    if (m_spec.backend == QueueBackendKind::Redis)
        n += producers + m_spec.consumers + 2; // a connection each, the depth watcher's, set-up's
    if (m_spec.tcpIntake)
        n += 2 * m_spec.intakeConnections + 1; // both ends of each intake connection, the listener
    return n;
}

void QueueWorkload::describe(WorkloadSnapshot &out) const
{
    const qint64 now = nowNs();
    const QueueStats &st = m_ctx.stats;
    if (m_intake)
        out.target = tr("in-memory queue fed by a TCP line intake on 127.0.0.1:%1").arg(m_intake->port());
    else if (m_backend)
        out.target = m_backend->target();
    else
        out.target = m_spec.backend == QueueBackendKind::Redis ? tr("Redis list %1 at %2").arg(m_spec.key, m_spec.redis)
                                                               : tr("in-memory queue");
    const QString work = m_spec.work->target();
    if (!work.isEmpty())
        out.target += QStringLiteral("; ") + work;
    const double depth = m_backend ? double(m_backend->depth()) : 0;
    const double inRate = st.in.perSecond(now), outRate = st.out.perSecond(now);
    out.gauges.insert(Gauge::QueueDepth, depth);
    out.gauges.insert(Gauge::Produced, double(st.produced));
    out.gauges.insert(Gauge::Consumed, double(st.consumed));
    out.gauges.insert(Gauge::RateInPerSecond, inRate);
    out.gauges.insert(Gauge::RateOutPerSecond, outRate);
    out.gauges.insert(Gauge::WaitP50Ms, double(st.wait.quantileNs(0.5)) / 1e6);
    out.gauges.insert(Gauge::WaitP99Ms, double(st.wait.quantileNs(0.99)) / 1e6);
    out.gauges.insert(Gauge::ServiceP50Ms, double(st.service.quantileNs(0.5)) / 1e6);
    out.gauges.insert(Gauge::ServiceP99Ms, double(st.service.quantileNs(0.99)) / 1e6);
    // Little's law: items waiting ~ arrival rate x time waiting.
    out.gauges.insert(Gauge::LittleEstimate, inRate * st.recentWaitMeanNs / 1e9);
    out.gauges.insert(Gauge::DeadLetters, double(st.deadLetters));
    out.gauges.insert(Gauge::Retries, double(st.retried));
    if (m_backend)
        m_backend->addGauges(out.gauges);
    if (m_spec.producerThread) {
        out.gauges.insert(Gauge::HandoffP50Ms, double(st.handoff.quantileNs(0.5)) / 1e6);
        out.gauges.insert(Gauge::HandoffP99Ms, double(st.handoff.quantileNs(0.99)) / 1e6);
    }
}

} // namespace coroscope
