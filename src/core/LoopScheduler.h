#pragma once

#include <QObject>
#include <QTimer>

#include <coroutine>
#include <deque>
#include <vector>

namespace coroscope {

class WaitNode;

// The event-loop side of every wait in the engine, one per thread that runs tasks:
// - a deadline queue (binary heap of suspended waits) driven by ONE precise timer, so that 100 000
//   sleeping tasks cost one armed timer, not 100 000 QTimers;
// - a ready queue ("call soon") that resumes coroutines from a fresh stack on the next loop pass.
class LoopScheduler : public QObject
{
    Q_OBJECT
public:
    explicit LoopScheduler(QObject *parent = nullptr);
    ~LoopScheduler() override;

    void callSoon(std::coroutine_handle<> handle);
    // Resumes everything in the ready queue now, including what those resumptions add.
    void drainReadyQueue();

    qsizetype pendingDeadlines() const { return qsizetype(m_heap.size()); }
    qsizetype readyCount() const { return qsizetype(m_ready.size()); }

    // Awaitable that resumes the caller on the next loop pass (asyncio.sleep(0)).
    struct YieldAwaiter {
        LoopScheduler *scheduler;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h) { scheduler->callSoon(h); }
        void await_resume() const noexcept {}
    };
    YieldAwaiter yield() { return YieldAwaiter{this}; }

private:
    friend class WaitNode;
    void addDeadline(WaitNode *node);
    void removeDeadline(WaitNode *node);
    void fireDeadlines();
    void rearm();
    void siftUp(size_t i);
    void siftDown(size_t i);
    void place(size_t i, WaitNode *node);
    void scheduleDrain();

    static constexpr int kMaxWakesPerPass = 1024;
    // How long one pass resumes yielded coroutines: what a resumption does before it suspends again
    // is not bounded here (nine thousand echo connections yielding once each were connected in one
    // pass, 45 us a loopback connect: a 400 ms stall), while a burst of 100 000 cancellations costs
    // a microsecond each and must not take hundreds of passes. A time budget serves both.
    static constexpr qint64 kDrainBudgetNs = 5'000'000;

    std::vector<WaitNode *> m_heap;
    std::deque<std::coroutine_handle<>> m_ready;
    QTimer m_timer{this};
    qint64 m_armedForNs = 0;
    bool m_drainScheduled = false;
};

} // namespace coroscope
