#include "workloads/SleepWorkload.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/TaskTracker.h"

#include <QCoroTask>

#include <cmath>
#include <exception>
#include <utility>

namespace coroscope {

namespace {
// Spawning yields to the loop this often, so 100 000 tasks do not freeze it while they start.
constexpr quint64 kSpawnBatch = 512;
} // namespace

SleepWorkload::SleepWorkload(QString name, SleepSpec spec, QObject *parent)
    : Workload(std::move(name), QStringLiteral("sleep"), parent), m_spec(std::move(spec)),
      m_rng(QRandomGenerator::global()->generate())
{
    if (m_spec.concurrency > 0)
        m_slots = std::make_unique<AsyncSemaphore>(m_spec.concurrency);
}

void SleepWorkload::start()
{
    m_phaseWaitingForSlot = tracker().internPhase(QStringLiteral("waiting for slot"));
    m_phaseSleeping = tracker().internPhase(QStringLiteral("sleeping"));
    m_spawning = true;
    spawnTasks(this);
}

QCoro::Task<void> SleepWorkload::spawnTasks(SleepWorkload *self)
{
    // Tasks start eagerly: each runs to its first suspension inside sleepTask().
    for (quint64 i = 0; i < quint64(self->m_spec.tasks) && !self->isStopping(); ++i) {
        self->sleepTask(self, i);
        if ((i + 1) % kSpawnBatch == 0)
            co_await self->scheduler().yield();
    }
    self->m_spawning = false;
    self->maybeFinish();
}

QCoro::Task<void> SleepWorkload::sleepTask(SleepWorkload *self, quint64 index)
{
    CancellationToken token;
    TaskTracker &tracker = self->tracker();
    const TaskRef ref = tracker.create(self->index(), &token);
    ++self->m_live;
    if (self->m_firstDone) {
        // wait(FIRST_COMPLETED) already returned: like asyncio, the task exists, and is cancelled.
        tracker.finish(ref, TaskState::Cancelled);
        self->taskEnded(false);
        co_return;
    }

    AsyncSemaphore *slots = nullptr; // set once this task holds a permit
    TaskState outcome = TaskState::Succeeded;
    qint64 started = 0;
    try {
        if (self->m_slots) {
            tracker.setPhase(ref, self->m_phaseWaitingForSlot);
            const bool acquired = co_await self->m_slots->acquire(self->scheduler(), &token);
            // A permit handed over just before a cancel still counts as cancelled while pending.
            if (!acquired || token.isCancelled()) {
                if (acquired)
                    self->m_slots->release();
                tracker.finish(ref, TaskState::Cancelled);
                self->taskEnded(false);
                co_return;
            }
            slots = self->m_slots.get();
        }

        tracker.start(ref);
        tracker.setPhase(ref, self->m_phaseSleeping);
        started = nowNs();
        const double delayMs =
            std::max(0.0, self->m_spec.delayMs.sample(quint64(self->globalIndex(qint64(index))), self->m_rng));
        const qint64 wakeAt = started + std::max<qint64>(1, qint64(std::llround(delayMs * double(kNsPerMs))));
        const qint64 timeoutAt = self->m_spec.timeoutMs > 0 ? started + self->m_spec.timeoutMs * kNsPerMs : 0;
        const qint64 until = timeoutAt > 0 ? std::min(wakeAt, timeoutAt) : wakeAt;

        const WakeReason reason = co_await DeadlineWait(self->scheduler(), &token, until);

        if (reason == WakeReason::Cancelled)
            outcome = TaskState::Cancelled;
        else if (until < wakeAt)
            outcome = TaskState::TimedOut;
        tracker.finish(ref, outcome, ErrorKind::None, {}, nowNs() - started);
    } catch (const std::exception &e) {
        // Caught at the task's root: counted as a failure with its message, logged once per workload.
        outcome = TaskState::Failed;
        const TaskState state = tracker.stateOf(ref.id); // Cancelled once the task is no longer live
        if (state == TaskState::Pending)
            tracker.start(ref);
        if (state == TaskState::Pending || state == TaskState::Running)
            tracker.finish(ref, outcome, ErrorKind::Exception, QString::fromLocal8Bit(e.what()),
                           started ? nowNs() - started : -1);
        if (!std::exchange(self->m_exceptionLogged, true))
            qWarning("sleep %s: a task ended on an exception: %s", qPrintable(self->name()), e.what());
    }
    // Finish (and, in first mode, cancel the rest) before handing the permit on, so the next task
    // never starts after the workload was told to cancel.
    self->taskEnded(outcome != TaskState::Cancelled);
    if (slots)
        slots->release();
}

void SleepWorkload::taskEnded(bool completed)
{
    --m_live;
    if (completed && m_spec.mode == CompletionMode::First && !m_firstDone) {
        // wait(FIRST_COMPLETED), then cancel the rest; tasks not spawned yet are created cancelled.
        m_firstDone = true;
        tracker().cancelWorkload(index());
    }
    maybeFinish();
}

void SleepWorkload::maybeFinish()
{
    if (!m_spawning && m_live == 0)
        markFinished();
}

} // namespace coroscope
