#include "core/Run.h"

#include "core/Clock.h"
#include "core/EpollEventDispatcher.h"
#include "core/SnapshotMerge.h"
#include "core/Workload.h"

#include <QEventLoop>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QThread>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRun, "coroscope.run")

namespace coroscope {

// One loop thread and its shard; with one loop the shard runs on the Run's thread (no QThread).
struct Run::Loop {
    std::unique_ptr<QThread> thread;
    RunShard *shard = nullptr; // deleted on its own thread
    SnapshotPtr latest;        // its last answer
    TaskViewPtr view;
    bool finished = false;
};

namespace {

// Runs `f` on `thread` and waits for it; only while that thread waits for nothing from this one.
void runOn(QThread *thread, const std::function<void()> &f)
{
    QObject anchor;
    anchor.moveToThread(thread);
    QMetaObject::invokeMethod(
        &anchor,
        [&] {
            f();
            anchor.moveToThread(nullptr);
        },
        Qt::BlockingQueuedConnection);
}

} // namespace

Run::Run(RunSpec spec, WorkloadFactory factory, QObject *parent)
    : QObject(parent), m_spec(std::move(spec)), m_factory(std::move(factory))
{
    const int parts = m_spec.resolvedThreads();
    for (int i = 0; i < parts; ++i) {
        auto loop = std::make_unique<Loop>();
        if (parts > 1) {
            loop->thread = std::make_unique<QThread>();
            loop->thread->setObjectName(QStringLiteral("coroscope loop %1").arg(i));
            if (QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::createIfWanted())
                loop->thread->setEventDispatcher(dispatcher);
            loop->thread->start();
            runOn(loop->thread.get(), [&] { loop->shard = new RunShard(i, parts); });
        } else {
            loop->shard = new RunShard(0, 1);
        }
        m_shards.push_back(loop->shard);
        m_loops.push_back(std::move(loop));
    }
    for (const WorkloadSpec &w : m_spec.workloads) {
        if (w.enabled)
            m_workloadNames << w.name;
    }
    // The first part now, so the run lists its workloads before it is prepared; the others once the
    // first is prepared (they reach its built-in servers).
    RunShard *first = m_shards.front();
    auto build = [&] {
        if (!buildShard(first, &m_buildError))
            qCWarning(lcRun) << "cannot build the workloads:" << m_buildError;
    };
    if (m_loops.front()->thread)
        runOn(m_loops.front()->thread.get(), build);
    else
        build();
    setUpTimers();
}

Run::Run(RunSpec spec, std::vector<std::unique_ptr<Workload>> workloads, QObject *parent)
    : QObject(parent), m_spec(std::move(spec))
{
    auto loop = std::make_unique<Loop>();
    loop->shard = new RunShard(0, 1);
    for (const auto &w : workloads)
        m_workloadNames << w->name();
    loop->shard->addWorkloads(std::move(workloads));
    m_shards.push_back(loop->shard);
    m_loops.push_back(std::move(loop));
    setUpTimers();
}

void Run::setUpTimers()
{
    qRegisterMetaType<coroscope::SnapshotPtr>();
    for (size_t i = 0; i < m_loops.size(); ++i) {
        connect(m_loops[i]->shard, &RunShard::finished, this, [this, i] {
            m_loops[i]->finished = true;
            onShardFinished();
        });
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
    // A shard whose loop is stuck must not hold the run's end: its last Snapshot stands in.
    m_finalWaitTimer.setSingleShot(true);
    connect(&m_finalWaitTimer, &QTimer::timeout, this, [this] {
        m_roundAnswers = m_loops.size();
        onShardSnapshot(0, m_round, nullptr, nullptr);
    });
    requestSnapshots(false); // the workloads' rows at zero, before anything runs
}

Run::~Run()
{
    // The last shard first: the first holds the built-in servers the others' connections reach.
    for (auto it = m_loops.rbegin(); it != m_loops.rend(); ++it) {
        Loop &loop = **it;
        if (!loop.thread) {
            delete loop.shard;
            continue;
        }
        RunShard *shard = loop.shard;
        QMetaObject::invokeMethod(
            shard, [shard] { delete shard; }, Qt::BlockingQueuedConnection);
        loop.thread->quit();
        loop.thread->wait();
    }
}

template<typename F> void Run::onEveryShard(F f)
{
    for (RunShard *shard : m_shards)
        QMetaObject::invokeMethod(shard, [shard, f] { f(shard); });
}

void Run::setRecentCapacity(int capacity)
{
    m_recentCapacity = capacity;
    onEveryShard([capacity](RunShard *s) { s->tracker().setRecentCapacity(capacity); });
}

bool Run::buildShard(RunShard *shard, QString *error)
{
    if (!m_factory)
        return true;
    std::vector<std::unique_ptr<Workload>> built;
    for (const WorkloadSpec &spec : m_spec.workloads) {
        if (!spec.enabled)
            continue;
        const Workload *first = shard->index() > 0 ? m_shards.front()->workloads()[built.size()].get() : nullptr;
        auto workload = m_factory(spec, shard->index(), threads(), first, error);
        if (!workload)
            return false;
        built.push_back(std::move(workload));
    }
    shard->addWorkloads(std::move(built));
    return true;
}

bool Run::prepareShard(Loop &loop, QString *error)
{
    RunShard *shard = loop.shard;
    if (!m_buildError.isEmpty()) {
        *error = m_buildError;
        return false;
    }
    // Built on the loop thread that runs them, after part 0 is prepared (its built-in servers).
    auto work = [this, shard](QString *why) {
        if (shard->index() > 0 && !buildShard(shard, why))
            return false;
        return shard->prepare(why);
    };
    if (!loop.thread)
        return work(error);
    // Waits in a local loop, so a cancel (a signal, the window's button) reaches the set-up.
    QEventLoop wait;
    bool done = false;
    bool ok = false;
    QMetaObject::invokeMethod(shard, [&, work] {
        ok = work(error);
        QMetaObject::invokeMethod(&wait, [&] {
            done = true;
            wait.quit();
        });
    });
    if (!done)
        wait.exec();
    return ok;
}

bool Run::prepare(QString *error)
{
    if (m_prepared)
        return true;
    // A set-up may wait (a Redis, a database) in a local loop: a cancel meanwhile must reach it.
    m_preparing = true;
    const auto done = qScopeGuard([this] { m_preparing = false; });
    for (auto &loop : m_loops) {
        QString why;
        if (m_setupCancelled || !prepareShard(*loop, &why)) {
            *error = m_setupCancelled && why.isEmpty() ? tr("cancelled during set-up") : why;
            return false;
        }
    }
    m_prepared = true;
    requestSnapshots(false); // now with the targets the workloads resolved
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
    m_snapshotTimer.start();
    if (m_spec.durationSeconds > 0)
        m_durationTimer.start(int(std::min(m_spec.durationSeconds * 1000.0, 2e9)));
    const qint64 startNs = m_startNs;
    onEveryShard([startNs](RunShard *s) { s->start(startNs); });
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
    onEveryShard([](RunShard *s) { s->stopGracefully(); });
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
        onEveryShard([](RunShard *s) { s->cancelAll(); });
        return;
    }
    if (m_phase == Phase::Idle || m_phase == Phase::Finished)
        return;
    m_phase = Phase::Stopping;
    m_durationTimer.stop();
    m_drainTimer.stop();
    onEveryShard([](RunShard *s) { s->cancelAll(); });
    if (!m_finishQueued && !m_abandonTimer.isActive())
        m_abandonTimer.start(kAbandonAfterCancelMs);
}

void Run::abandonUnfinished()
{
    if (m_finishQueued || m_phase == Phase::Finished)
        return;
    m_abandoning = true; // which workloads were left behind, the final Snapshot says
    m_finishQueued = true;
    QMetaObject::invokeMethod(this, &Run::finish, Qt::QueuedConnection);
}

bool Run::cancelTask(quint64 id)
{
    if (id == 0)
        return false;
    if (threads() == 1)
        return m_shards.front()->cancelTask(id);
    RunShard *shard = m_shards[size_t((id - 1) % quint64(threads()))];
    QMetaObject::invokeMethod(shard, [shard, id] { shard->cancelTask(id); });
    return true;
}

void Run::onShardFinished()
{
    for (const auto &loop : m_loops) {
        if (!loop->finished)
            return;
    }
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
    requestSnapshots(true);
}

void Run::publish()
{
    requestSnapshots(false);
}

void Run::requestSnapshots(bool final)
{
    // A round still out (a shard's loop is busy) is not asked again: each shard's interval figures
    // are counted once. The final round supersedes it.
    if (!final && m_roundAnswers < m_loops.size() && m_round > 0)
        return;
    if (m_phase == Phase::Idle) {
        // Nothing runs yet: ask every shard and wait, so the run has its figures at once.
        for (auto &loop : m_loops) {
            RunShard *shard = loop->shard;
            QMetaObject::invokeMethod(
                shard, [&loop, shard] { loop->latest = shard->makeSnapshot(false); },
                loop->thread ? Qt::BlockingQueuedConnection : Qt::DirectConnection);
        }
        m_latest = merged();
        return;
    }
    ++m_round;
    m_roundAnswers = 0;
    m_roundFinal = final;
    if (final && threads() > 1)
        m_finalWaitTimer.start(kAbandonAfterCancelMs);
    const bool withTasks = threads() > 1 && m_tasksRead;
    const quint64 round = m_round;
    for (size_t i = 0; i < m_loops.size(); ++i) {
        RunShard *shard = m_shards[i];
        QMetaObject::invokeMethod(shard, [this, shard, i, round, final, withTasks] {
            SnapshotPtr snapshot = shard->makeSnapshot(final);
            TaskViewPtr view = withTasks ? shard->makeTaskView() : nullptr;
            QMetaObject::invokeMethod(this, [=, this] { onShardSnapshot(i, round, snapshot, view); });
        });
    }
}

void Run::onShardSnapshot(size_t shard, quint64 round, SnapshotPtr snapshot, TaskViewPtr view)
{
    const bool answer = snapshot != nullptr; // nullptr: the final round's wait ran out
    if (answer)
        m_loops[shard]->latest = std::move(snapshot);
    if (view)
        m_loops[shard]->view = std::move(view);
    if (round != m_round || (answer && ++m_roundAnswers < m_loops.size()))
        return;
    if (m_roundAnswers < m_loops.size())
        return;
    m_latest = merged();
    if (!m_roundFinal) {
        if (m_phase != Phase::Idle)
            Q_EMIT snapshotReady(m_latest);
        return;
    }
    m_finalWaitTimer.stop();
    m_roundFinal = false;
    if (m_abandoning) {
        for (const WorkloadSnapshot &w : m_latest->workloads) {
            if (w.finished)
                continue;
            m_abandoned << w.name;
            qCWarning(lcRun) << "workload" << w.name << "did not stop within" << kAbandonAfterCancelMs
                             << "ms of being cancelled; the run ends without it";
        }
    }
    Q_EMIT snapshotReady(m_latest);
    Q_EMIT finished(m_latest);
}

SnapshotPtr Run::merged()
{
    std::vector<SnapshotPtr> parts;
    for (const auto &loop : m_loops) {
        if (loop->latest)
            parts.push_back(loop->latest);
    }
    auto s = std::make_shared<Snapshot>(mergeSnapshots(parts, m_recentCapacity));
    s->sequence = ++m_sequence;
    s->elapsedNs = m_finalElapsedNs >= 0 ? m_finalElapsedNs : (m_clock.isValid() ? m_clock.nsecsElapsed() : 0);
    s->running = m_phase == Phase::Running || m_phase == Phase::Stopping;
    return s;
}

} // namespace coroscope

namespace coroscope {

void Run::collectTasks(QStringList *phaseNames, std::vector<LiveTask> *live, QList<TaskRow> *recent)
{
    phaseNames->clear();
    live->clear();
    recent->clear();
    if (threads() == 1) {
        const TaskTracker &t = m_shards.front()->tracker();
        for (int p = 0; p < t.phaseCount(); ++p)
            *phaseNames << t.phaseName(quint8(p));
        t.collectLive(*live);
        t.collectRecent(*recent);
        return;
    }
    m_tasksRead = true; // from now on, every round brings the shards' views
    for (const auto &loop : m_loops) {
        if (!loop->view)
            continue;
        const TaskView &v = *loop->view;
        // Each shard interns its phases in its own order: map them onto one list.
        std::vector<quint8> phaseOf(size_t(v.phaseNames.size()));
        for (qsizetype p = 0; p < v.phaseNames.size(); ++p) {
            qsizetype at = phaseNames->indexOf(v.phaseNames[p]);
            if (at < 0) {
                at = phaseNames->size();
                *phaseNames << v.phaseNames[p];
            }
            phaseOf[size_t(p)] = quint8(std::min<qsizetype>(at, 255));
        }
        for (LiveTask t : v.live) {
            t.phase = t.phase < phaseOf.size() ? phaseOf[t.phase] : 0;
            live->push_back(t);
        }
        recent->append(v.recent);
    }
    std::stable_sort(recent->begin(), recent->end(),
                     [](const TaskRow &a, const TaskRow &b) { return a.finishedNs < b.finishedNs; });
    if (recent->size() > m_recentCapacity)
        recent->remove(0, recent->size() - m_recentCapacity);
}

} // namespace coroscope
