#include "core/LoopScheduler.h"

#include "core/Clock.h"
#include "core/WaitNode.h"

#include <QMetaObject>

namespace coroscope {

LoopScheduler::LoopScheduler(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LoopScheduler::fireDeadlines);
}

LoopScheduler::~LoopScheduler()
{
    Q_ASSERT_X(m_heap.empty(), "LoopScheduler", "destroyed with waits still suspended on deadlines");
}

void LoopScheduler::callSoon(std::coroutine_handle<> handle)
{
    m_ready.push_back(handle);
    scheduleDrain();
}

void LoopScheduler::scheduleDrain()
{
    if (m_drainScheduled)
        return;
    m_drainScheduled = true;
    QMetaObject::invokeMethod(this, &LoopScheduler::drainReadyQueue, Qt::QueuedConnection);
}

void LoopScheduler::drainReadyQueue()
{
    m_drainScheduled = false;
    // Resume only what is queued now, and only for a time budget; what those add, and the rest, run
    // on the next passes, so a burst of cancellations or connects cannot starve timers and sockets.
    const qint64 until = nowNs() + kDrainBudgetNs;
    size_t n = m_ready.size();
    for (size_t resumed = 1; n-- > 0 && !m_ready.empty(); ++resumed) {
        auto h = m_ready.front();
        m_ready.pop_front();
        h.resume();
        if (resumed % 16 == 0 && nowNs() >= until)
            break;
    }
    if (!m_ready.empty())
        scheduleDrain();
}

void LoopScheduler::place(size_t i, WaitNode *node)
{
    m_heap[i] = node;
    node->m_heapIndex = int(i);
}

void LoopScheduler::siftUp(size_t i)
{
    WaitNode *node = m_heap[i];
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        if (m_heap[parent]->m_deadlineNs <= node->m_deadlineNs)
            break;
        place(i, m_heap[parent]);
        i = parent;
    }
    place(i, node);
}

void LoopScheduler::siftDown(size_t i)
{
    WaitNode *node = m_heap[i];
    const size_t n = m_heap.size();
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && m_heap[child + 1]->m_deadlineNs < m_heap[child]->m_deadlineNs)
            ++child;
        if (node->m_deadlineNs <= m_heap[child]->m_deadlineNs)
            break;
        place(i, m_heap[child]);
        i = child;
    }
    place(i, node);
}

void LoopScheduler::addDeadline(WaitNode *node)
{
    m_heap.push_back(node);
    siftUp(m_heap.size() - 1);
    if (node->m_heapIndex == 0)
        rearm();
}

void LoopScheduler::removeDeadline(WaitNode *node)
{
    const size_t i = size_t(node->m_heapIndex);
    Q_ASSERT(i < m_heap.size() && m_heap[i] == node);
    node->m_heapIndex = -1;
    WaitNode *last = m_heap.back();
    m_heap.pop_back();
    if (last != node) {
        place(i, last);
        siftDown(i);
        siftUp(size_t(last->m_heapIndex));
    }
    // Leave the timer armed if the earliest deadline went: firing early costs one empty pass.
    if (m_heap.empty())
        m_timer.stop();
}

void LoopScheduler::rearm()
{
    if (m_heap.empty()) {
        m_timer.stop();
        return;
    }
    const qint64 due = m_heap.front()->m_deadlineNs;
    if (m_timer.isActive() && m_armedForNs <= due)
        return;
    const qint64 waitNs = std::max<qint64>(0, due - nowNs());
    // QTimer counts whole milliseconds; round up so we never fire before the deadline.
    m_armedForNs = due;
    m_timer.start(int(std::min<qint64>((waitNs + kNsPerMs - 1) / kNsPerMs, 24 * 3600 * 1000)));
}

void LoopScheduler::fireDeadlines()
{
    const qint64 now = nowNs();
    // Pop before resuming: a resumed coroutine may add or remove deadlines. A bounded batch per pass
    // lets sockets and the lag probe in between when thousands of deadlines fall due together.
    int budget = kMaxWakesPerPass;
    while (!m_heap.empty() && m_heap.front()->m_deadlineNs <= now && budget-- > 0) {
        WaitNode *node = m_heap.front();
        removeDeadline(node);
        node->wake(WakeReason::TimedOut, /*deferred=*/false);
    }
    m_armedForNs = 0;
    m_timer.stop();
    rearm();
}

} // namespace coroscope
