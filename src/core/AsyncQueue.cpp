#include "core/AsyncQueue.h"

#include <algorithm>

namespace coroscope {

namespace {
// Heap order: the smallest priority first, then the oldest.
struct Later {
    bool operator()(const QueueItem &a, const QueueItem &b) const
    {
        return a.priority != b.priority ? a.priority > b.priority : a.sequence > b.sequence;
    }
};
} // namespace

AsyncQueue::AsyncQueue(Order order, qsizetype capacity) : m_order(order), m_capacity(capacity) {}

AsyncQueue::~AsyncQueue()
{
    Q_ASSERT_X(!m_putHead && !m_getHead, "AsyncQueue", "destroyed with coroutines waiting on it");
}

template<typename Node>
void AsyncQueue::link(Node *&head, Node *&tail, Node *n)
{
    n->m_prev = tail;
    n->m_next = nullptr;
    (tail ? tail->m_next : head) = n;
    tail = n;
}

template<typename Node>
void AsyncQueue::unlink(Node *&head, Node *&tail, Node *n)
{
    (n->m_prev ? n->m_prev->m_next : head) = n->m_next;
    (n->m_next ? n->m_next->m_prev : tail) = n->m_prev;
    n->m_prev = n->m_next = nullptr;
}

void AsyncQueue::push(QueueItem item)
{
    item.sequence = m_sequence++;
    m_items.push_back(std::move(item));
    if (m_order == Order::Priority)
        std::push_heap(m_items.begin(), m_items.end(), Later{});
}

QueueItem AsyncQueue::pop()
{
    QueueItem item;
    switch (m_order) {
    case Order::Fifo:
        item = std::move(m_items.front());
        m_items.pop_front();
        break;
    case Order::Lifo:
        item = std::move(m_items.back());
        m_items.pop_back();
        break;
    case Order::Priority:
        std::pop_heap(m_items.begin(), m_items.end(), Later{});
        item = std::move(m_items.back());
        m_items.pop_back();
        break;
    }
    // Room freed: the oldest waiting producer's item goes in now.
    if (Put *p = m_putHead) {
        unlink(m_putHead, m_putTail, p);
        --m_putters;
        push(std::move(p->m_item));
        p->wake(WakeReason::Signalled, /*deferred=*/true);
    }
    return item;
}

void AsyncQueue::close()
{
    m_closed = true;
    if (!m_items.empty())
        return;
    while (Get *g = m_getHead) {
        unlink(m_getHead, m_getTail, g);
        --m_getters;
        g->wake(WakeReason::SourceGone, /*deferred=*/true);
    }
}

bool AsyncQueue::Put::await_ready()
{
    if (readyBeforeSuspend())
        return true;
    AsyncQueue &q = *m_queue;
    if (q.m_closed) { // no more puts after close(): the item is refused
        completeWithoutSuspending(WakeReason::SourceGone);
        return true;
    }
    if (Get *g = q.m_getHead) { // a consumer is waiting: the queue is empty; hand over
        unlink(q.m_getHead, q.m_getTail, g);
        --q.m_getters;
        m_item.sequence = q.m_sequence++;
        g->m_item = std::move(m_item);
        g->wake(WakeReason::Signalled, /*deferred=*/true);
        completeWithoutSuspending(WakeReason::Signalled);
        return true;
    }
    if (!q.full()) {
        q.push(std::move(m_item));
        completeWithoutSuspending(WakeReason::Signalled);
        return true;
    }
    return false;
}

void AsyncQueue::Put::await_suspend(std::coroutine_handle<> h)
{
    link(m_queue->m_putHead, m_queue->m_putTail, this);
    ++m_queue->m_putters;
    suspendOn(h);
}

void AsyncQueue::Put::detachSource()
{
    unlink(m_queue->m_putHead, m_queue->m_putTail, this);
    --m_queue->m_putters;
}

bool AsyncQueue::Get::await_ready()
{
    if (readyBeforeSuspend())
        return true;
    AsyncQueue &q = *m_queue;
    if (!q.m_items.empty()) {
        m_item = q.pop();
        completeWithoutSuspending(WakeReason::Signalled);
        return true;
    }
    if (q.m_closed) {
        completeWithoutSuspending(WakeReason::SourceGone);
        return true;
    }
    return false;
}

void AsyncQueue::Get::await_suspend(std::coroutine_handle<> h)
{
    link(m_queue->m_getHead, m_queue->m_getTail, this);
    ++m_queue->m_getters;
    suspendOn(h);
}

void AsyncQueue::Get::detachSource()
{
    unlink(m_queue->m_getHead, m_queue->m_getTail, this);
    --m_queue->m_getters;
}

} // namespace coroscope
