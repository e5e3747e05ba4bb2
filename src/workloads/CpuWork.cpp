#include "workloads/CpuWork.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/JsonReader.h"
#include "core/LoopScheduler.h"
#include "core/WaitNode.h"
#include "workloads/TimedItemWorker.h"

#include <QCoroTask>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace coroscope {

namespace {

constexpr double kInlineSliceMs = 100;

// `co_await FutureWait(...)`: resumes when the future finished or the token fired, whichever comes
// first (QCoro's own future awaiter cannot be cancelled).
class FutureWait : public WaitNode
{
public:
    FutureWait(LoopScheduler &scheduler, CancellationToken *token, QFuture<void> future)
        : WaitNode(scheduler, token, 0), m_future(std::move(future))
    {}
    FutureWait(FutureWait &&o) noexcept : WaitNode(std::move(o)), m_future(std::move(o.m_future)) {}

    bool await_ready()
    {
        if (readyBeforeSuspend())
            return true;
        if (m_future.isFinished()) {
            completeWithoutSuspending(WakeReason::Signalled);
            return true;
        }
        return false;
    }
    void await_suspend(std::coroutine_handle<> h)
    {
        m_watcher = std::make_unique<QFutureWatcher<void>>();
        QObject::connect(m_watcher.get(), &QFutureWatcherBase::finished, m_watcher.get(),
                         [this] { wake(WakeReason::Signalled, /*deferred=*/true); });
        m_watcher->setFuture(m_future);
        suspendOn(h);
    }
    WakeReason await_resume() const noexcept { return reason(); }

protected:
    void detachSource() override
    {
        if (m_watcher)
            m_watcher->disconnect();
    }

private:
    QFuture<void> m_future;
    std::unique_ptr<QFutureWatcher<void>> m_watcher;
};

class CpuWorker : public TimedItemWorker<CpuWork>
{
public:
    using TimedItemWorker::TimedItemWorker;

protected:
    QCoro::Task<bool> spend(double ms, CancellationToken *cancel) override
    {
        if (m_work->where() == CpuWork::Where::Loop) {
            // In slices of at most kInlineSliceMs, each followed by a turn of the loop (as an
            // asyncio coroutine gets at its next await): the loop-lag figure still shows the
            // blocking, and a stop or Ctrl+C gets through even when an item burns for an hour.
            for (double left = ms; left > 0; left -= kInlineSliceMs) {
                CpuWork::burn(std::min(left, kInlineSliceMs), nullptr);
                co_await m_scheduler->yield();
                if (cancel->isCancelled())
                    co_return false;
            }
            if (ms <= 0)
                co_await m_scheduler->yield();
            co_return true;
        }
        // The flag outlives this frame: a cancelled burn may still be unwinding on its thread.
        auto stop = std::make_shared<std::atomic<bool>>(false);
        QFuture<void> done = QtConcurrent::run([ms, stop] { CpuWork::burn(ms, stop.get()); });
        if (co_await FutureWait(*m_scheduler, cancel, done) == WakeReason::Cancelled) {
            stop->store(true);
            co_return false;
        }
        co_return true;
    }
};

} // namespace

CpuWork::CpuWork(Distribution ms, Where where)
    : m_ms(std::move(ms)), m_where(where), m_rng(QRandomGenerator::global()->generate())
{}

std::shared_ptr<ItemWork> CpuWork::read(JsonReader &work, Where where)
{
    return std::make_shared<CpuWork>(work.distribution(QStringLiteral("ms"), Distribution::fixed(1), 0, 3'600'000),
                                     where);
}

std::unique_ptr<ItemWorker> CpuWork::createWorker(LoopScheduler *scheduler)
{
    return std::make_unique<CpuWorker>(this, scheduler);
}

void CpuWork::burn(double ms, const std::atomic<bool> *stop)
{
    const qint64 until = nowNs() + qint64(ms * 1e6);
    volatile quint64 x = 0;
    while (nowNs() < until) {
        if (stop && stop->load(std::memory_order_relaxed))
            return;
        for (int i = 0; i < 1000; ++i)
            x = x + quint64(i);
    }
}

} // namespace coroscope
