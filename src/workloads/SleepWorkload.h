#pragma once

#include "core/AsyncSemaphore.h"
#include "core/CoroutineFwd.h"
#include "core/Workload.h"
#include "workloads/SleepSpec.h"

#include <QRandomGenerator>

#include <memory>

namespace coroscope {

// The seeds' first example: `do_some_work(x)` awaiting `asyncio.sleep(x)`, N of them, behind an
// optional semaphore, with an optional per-task timeout and a completion mode.
class SleepWorkload : public Workload
{
    Q_OBJECT
public:
    SleepWorkload(QString name, SleepSpec spec, QObject *parent = nullptr);

    const SleepSpec &spec() const { return m_spec; }
    void start() override;

private:
    // The coroutine idiom used throughout: a static function taking `Self *self` and its other
    // parameters by value, never a member coroutine or a capturing lambda. With QCoro 0.8 / GCC 12 a
    // member coroutine's implicit `this` dangles unseen if the object dies while it is suspended,
    // and a capturing coroutine lambda keeps its captures in a closure that dies at the first
    // suspension (QCoro #157); an explicit `self` makes the lifetime dependency visible at every use,
    // and by-value parameters live in the coroutine frame. The rule that goes with it: cancel a
    // coroutine and let it unwind (token, abort()) before deleting what `self` points to. The
    // measured pitfalls are in QT-QCORO-NOTES.md.
    static QCoro::Task<void> spawnTasks(SleepWorkload *self);
    static QCoro::Task<void> sleepTask(SleepWorkload *self, quint64 index);
    void taskEnded(bool completed);
    void maybeFinish();

    SleepSpec m_spec;
    QRandomGenerator m_rng;
    quint8 m_phaseWaitingForSlot = 0;
    quint8 m_phaseSleeping = 0;
    std::unique_ptr<AsyncSemaphore> m_slots; // none without a concurrency limit
    qint64 m_live = 0;
    bool m_spawning = false;
    bool m_firstDone = false;
    bool m_exceptionLogged = false;
};

} // namespace coroscope
