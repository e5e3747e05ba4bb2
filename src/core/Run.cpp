#include "core/Run.h"

#include "core/Clock.h"
#include "core/Workload.h"

#include <QLoggingCategory>
#include <QScopeGuard>

Q_LOGGING_CATEGORY(lcRun, "coroscope.run")

namespace coroscope {

Run::Run(RunSpec spec, std::vector<std::unique_ptr<Workload>> workloads, QObject *parent)
    : QObject(parent), m_spec(std::move(spec)), m_workloads(std::move(workloads))
{
    qRegisterMetaType<coroscope::SnapshotPtr>();
    m_finishedAtNs.assign(m_workloads.size(), -1);
    for (auto &w : m_workloads) {
        const int index = m_tracker.addWorkload(w->name(), w->type());
        w->attach(&m_tracker, &m_scheduler, index);
        connect(w.get(), &Workload::finished, this, &Run::onWorkloadFinished);
    }
    m_snapshotTimer.setTimerType(Qt::PreciseTimer);
    m_snapshotTimer.setInterval(std::max(10, m_spec.snapshotIntervalMs));
    connect(&m_snapshotTimer, &QTimer::timeout, this, &Run::publish);
    m_durationTimer.setSingleShot(true);
    m_durationTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_durationTimer, &QTimer::timeout, this, &Run::stopGracefully);
    m_drainTimer.setSingleShot(true);
    m_drainTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_drainTimer, &QTimer::timeout, this, &Run::cancelAll);
    m_abandonTimer.setSingleShot(true);
    m_abandonTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_abandonTimer, &QTimer::timeout, this, &Run::abandonUnfinished);
    m_latest = makeSnapshot();
}

Run::~Run()
{
    // Tasks must not outlive the workloads they point to: cancel what is left and let the cancelled
    // coroutines unwind now (a cancelled wait resumes through the ready queue, with no I/O).
    // Always: a workload may hold waits that have no task record yet (a connection waiting to ramp).
    for (auto &w : m_workloads)
        w->cancelAll();
    for (int pass = 0; pass < 1000 && m_scheduler.readyCount() > 0; ++pass)
        m_scheduler.drainReadyQueue();
    if (m_tracker.liveCount() > 0)
        qCWarning(lcRun) << m_tracker.liveCount() << "tasks still live when the run was destroyed";
}

bool Run::prepare(QString *error)
{
    if (m_prepared)
        return true;
    // A set-up may wait (a Redis, a database) in a local loop: a cancel meanwhile must reach it.
    m_preparing = true;
    const auto done = qScopeGuard([this] { m_preparing = false; });
    for (auto &w : m_workloads) {
        QString why;
        if (m_setupCancelled || !w->prepare(&why)) {
            *error = m_setupCancelled && why.isEmpty() ? tr("cancelled during set-up")
                                                       : QStringLiteral("%1: %2").arg(w->name(), why);
            return false;
        }
    }
    m_prepared = true;
    m_latest = makeSnapshot(); // now with the targets the workloads resolved
    return true;
}

void Run::start()
{
    if (m_phase != Phase::Idle)
        return;
    QString error;
    if (!prepare(&error)) {
        qCWarning(lcRun) << "cannot start:" << error;
        return;
    }
    m_phase = Phase::Running;
    m_clock.start();
    m_startNs = nowNs();
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_probe.start();
    m_snapshotTimer.start();
    if (m_spec.durationSeconds > 0)
        m_durationTimer.start(int(std::min(m_spec.durationSeconds * 1000.0, 2e9)));
    for (auto &w : m_workloads)
        w->launch();
    if (m_workloads.empty())
        onWorkloadFinished();
}

void Run::stopGracefully()
{
    if (m_phase == Phase::Idle && m_preparing) {
        cancelAll(); // nothing runs yet: stopping a set-up is cancelling it
        return;
    }
    if (m_phase != Phase::Running)
        return;
    m_phase = Phase::Stopping;
    m_durationTimer.stop();
    for (auto &w : m_workloads)
        w->stopGracefully();
    // Armed even with no live task: a workload may be stuck in a wait that has no task record yet
    // (set-up, a reconnect), and only a cancel ends it.
    if (m_phase == Phase::Stopping)
        m_drainTimer.start(std::max(0, m_spec.drainTimeoutMs));
}

void Run::cancelAll()
{
    if (m_phase == Phase::Idle && m_preparing) {
        // Set-up under way: the workloads end their set-up waits; prepare() then fails.
        m_setupCancelled = true;
        for (auto &w : m_workloads)
            w->cancelAll();
        return;
    }
    if (m_phase == Phase::Idle || m_phase == Phase::Finished)
        return;
    m_phase = Phase::Stopping;
    m_durationTimer.stop();
    m_drainTimer.stop();
    for (auto &w : m_workloads)
        w->cancelAll();
    if (!m_finishQueued && !m_abandonTimer.isActive())
        m_abandonTimer.start(kAbandonAfterCancelMs);
}

void Run::abandonUnfinished()
{
    if (m_finishQueued || m_phase == Phase::Finished)
        return;
    for (size_t i = 0; i < m_workloads.size(); ++i) {
        if (!m_workloads[i]->isFinished()) {
            m_abandoned << m_workloads[i]->name();
            qCWarning(lcRun) << "workload" << m_workloads[i]->name() << "did not stop within" << kAbandonAfterCancelMs
                             << "ms of being cancelled; the run ends without it";
        }
    }
    m_finishQueued = true;
    QMetaObject::invokeMethod(this, &Run::finish, Qt::QueuedConnection);
}

bool Run::cancelTask(quint64 id)
{
    return m_tracker.cancelTask(id);
}

QList<LiveKey> Run::liveKeys(int workload) const
{
    return workload >= 0 && size_t(workload) < m_workloads.size() ? m_workloads[size_t(workload)]->liveKeys()
                                                                  : QList<LiveKey>();
}

bool Run::changeLive(int workload, LiveKey key, double value, QString *error)
{
    if (m_phase != Phase::Running || workload < 0 || size_t(workload) >= m_workloads.size()) {
        *error = tr("no such running workload");
        return false;
    }
    return m_workloads[size_t(workload)]->changeLive(key, value, error);
}

void Run::onWorkloadFinished()
{
    bool all = true;
    for (size_t i = 0; i < m_workloads.size(); ++i) {
        if (m_workloads[i]->isFinished() && m_finishedAtNs[i] < 0)
            m_finishedAtNs[i] = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
        all = all && m_workloads[i]->isFinished();
    }
    if (!all)
        return;
    // Called from inside the last task's coroutine: finish on a fresh stack, so whoever reacts to
    // finished() may delete this Run.
    if (!m_finishQueued) {
        m_finishQueued = true;
        QMetaObject::invokeMethod(this, &Run::finish, Qt::QueuedConnection);
    }
}

void Run::finish()
{
    m_finalElapsedNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
    m_phase = Phase::Finished;
    m_snapshotTimer.stop();
    m_durationTimer.stop();
    m_drainTimer.stop();
    m_abandonTimer.stop();
    m_probe.stop();
    publish();
    Q_EMIT finished(m_latest);
}

SnapshotPtr Run::makeSnapshot()
{
    auto s = std::make_shared<Snapshot>();
    s->sequence = ++m_sequence;
    s->elapsedNs = m_finalElapsedNs >= 0 ? m_finalElapsedNs : (m_clock.isValid() ? m_clock.nsecsElapsed() : 0);
    s->running = m_phase == Phase::Running || m_phase == Phase::Stopping;
    m_tracker.fillSnapshot(*s, nowNs());
    for (size_t i = 0; i < m_workloads.size() && i < s->workloads.size(); ++i) {
        s->workloads[i].finished = m_workloads[i]->isFinished();
        s->workloads[i].finishedAtSeconds = m_finishedAtNs[i] >= 0 ? double(m_finishedAtNs[i]) / 1e9 : -1;
        m_workloads[i]->describe(s->workloads[i]);
        m_workloads[i]->describeShape(s->workloads[i]);
    }
    s->loopLag = m_probe.takeSummary();
    return s;
}

void Run::publish()
{
    m_latest = makeSnapshot();
    Q_EMIT snapshotReady(m_latest);
}

} // namespace coroscope
