#pragma once

#include "core/WaitNode.h"

#include <algorithm>
#include <deque>
#include <optional>

namespace coroscope {

// asyncio.Queue(maxsize) — FIFO, LIFO or priority — with cancellation and deadlines on both ends,
// for any movable value type. Back-pressure: put() suspends while the queue is full. A get() that
// frees room hands it straight to the oldest waiting put(), and a put() to an empty queue hands its
// value straight to the oldest waiting get(); the woken side resumes on the next loop pass, never
// inside the other's call.
class AsyncQueueOrder
{
public:
    enum Order { Fifo, Lifo, Priority };
};

template<typename T> class AsyncQueue
{
public:
    using Order = AsyncQueueOrder::Order;

    AsyncQueue(Order order, qsizetype capacity) : m_order(order), m_capacity(capacity) {} // capacity 0 = unbounded
    AsyncQueue(const AsyncQueue &) = delete;
    AsyncQueue &operator=(const AsyncQueue &) = delete;
    ~AsyncQueue()
    {
        Q_ASSERT_X(!m_putters.head && !m_getters.head, "AsyncQueue", "destroyed with coroutines waiting on it");
    }

    // A value in the queue: the priority orders it (lower first, like asyncio.PriorityQueue), the
    // sequence keeps FIFO order among equal priorities.
    struct Entry {
        T value;
        int priority = 0;
        quint64 sequence = 0;
    };

    class Put : public WaitNode
    {
    public:
        Put(AsyncQueue &q, Entry entry, LoopScheduler &s, CancellationToken *token, qint64 deadlineNs)
            : WaitNode(s, token, deadlineNs), m_queue(&q), m_entry(std::move(entry))
        {}
        Put(Put &&o) noexcept : WaitNode(std::move(o)), m_queue(o.m_queue), m_entry(std::move(o.m_entry)) {}
        bool await_ready()
        {
            if (readyBeforeSuspend())
                return true;
            AsyncQueue &q = *m_queue;
            if (q.m_closed) { // no more puts after close(): the value is refused
                return completeWithoutSuspending(WakeReason::SourceGone);
            }
            if (Get *g = q.m_getters.head) { // a consumer is waiting: the queue is empty; hand over
                q.m_getters.remove(g);
                m_entry.sequence = q.m_sequence++;
                g->m_value = std::move(m_entry.value);
                g->wake(WakeReason::Signalled, /*deferred=*/true);
                return completeWithoutSuspending(WakeReason::Signalled);
            }
            if (!q.full()) {
                q.push(std::move(m_entry));
                return completeWithoutSuspending(WakeReason::Signalled);
            }
            return false;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            m_queue->m_putters.append(this);
            suspendOn(h);
        }
        bool await_resume() const noexcept { return reason() == WakeReason::Signalled; } // true: queued

    protected:
        void detachSource() override { m_queue->m_putters.remove(this); }

    private:
        friend class AsyncQueue;
        AsyncQueue *m_queue;
        Entry m_entry;
        Put *m_prev = nullptr, *m_next = nullptr;
    };

    class Get : public WaitNode
    {
    public:
        Get(AsyncQueue &q, LoopScheduler &s, CancellationToken *token, qint64 deadlineNs)
            : WaitNode(s, token, deadlineNs), m_queue(&q)
        {}
        Get(Get &&o) noexcept : WaitNode(std::move(o)), m_queue(o.m_queue), m_value(std::move(o.m_value)) {}
        bool await_ready()
        {
            if (readyBeforeSuspend())
                return true;
            AsyncQueue &q = *m_queue;
            if (!q.m_entries.empty()) {
                m_value = q.pop();
                return completeWithoutSuspending(WakeReason::Signalled);
            }
            if (q.m_closed) {
                return completeWithoutSuspending(WakeReason::SourceGone);
            }
            return false;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            m_queue->m_getters.append(this);
            suspendOn(h);
        }
        // The value, or nothing when cancelled, timed out or the queue was closed and is empty.
        std::optional<T> await_resume() noexcept { return std::move(m_value); }

    protected:
        void detachSource() override { m_queue->m_getters.remove(this); }

    private:
        friend class AsyncQueue;
        AsyncQueue *m_queue;
        std::optional<T> m_value;
        Get *m_prev = nullptr, *m_next = nullptr;
    };

    Put put(T value, int priority, LoopScheduler &s, CancellationToken *token = nullptr, qint64 deadlineNs = 0)
    {
        return Put(*this, Entry{std::move(value), priority, 0}, s, token, deadlineNs);
    }
    Get get(LoopScheduler &s, CancellationToken *token = nullptr, qint64 deadlineNs = 0)
    {
        return Get(*this, s, token, deadlineNs);
    }
    // Puts a value without waiting when there is room (or a waiting get()); false leaves `value` as
    // it was (full or closed: await put() to wait for room or to be refused).
    bool tryPut(T &value, int priority)
    {
        if (m_closed)
            return false;
        if (Get *g = m_getters.head) {
            m_getters.remove(g);
            ++m_sequence;
            g->m_value = std::move(value);
            g->wake(WakeReason::Signalled, /*deferred=*/true);
            return true;
        }
        if (full())
            return false;
        push(Entry{std::move(value), priority, 0});
        return true;
    }
    // Takes a value without waiting, when there is one.
    std::optional<T> tryGet()
    {
        if (m_entries.empty())
            return std::nullopt;
        return pop();
    }
    // No more puts: waiting getters wake empty-handed once the queue is drained.
    void close()
    {
        m_closed = true;
        if (!m_entries.empty())
            return;
        while (Get *g = m_getters.head) {
            m_getters.remove(g);
            g->wake(WakeReason::SourceGone, /*deferred=*/true);
        }
    }

    qsizetype size() const { return qsizetype(m_entries.size()); }
    qsizetype capacity() const { return m_capacity; }
    bool isClosed() const { return m_closed; }
    qsizetype waitingPutters() const { return m_putters.size; }
    qsizetype waitingGetters() const { return m_getters.size; }

private:
    // Heap order: the smallest priority first, then the oldest.
    struct Later {
        bool operator()(const Entry &a, const Entry &b) const
        {
            return a.priority != b.priority ? a.priority > b.priority : a.sequence > b.sequence;
        }
    };

    bool full() const { return m_capacity > 0 && qsizetype(m_entries.size()) >= m_capacity; }
    void push(Entry entry)
    {
        entry.sequence = m_sequence++;
        m_entries.push_back(std::move(entry));
        if (m_order == Order::Priority)
            std::push_heap(m_entries.begin(), m_entries.end(), Later{});
    }
    T pop()
    {
        std::optional<T> value;
        switch (m_order) {
        case Order::Fifo:
            value.emplace(std::move(m_entries.front().value));
            m_entries.pop_front();
            break;
        case Order::Lifo:
            value.emplace(std::move(m_entries.back().value));
            m_entries.pop_back();
            break;
        case Order::Priority:
            std::pop_heap(m_entries.begin(), m_entries.end(), Later{});
            value.emplace(std::move(m_entries.back().value));
            m_entries.pop_back();
            break;
        }
        // Room freed: the oldest waiting producer's value goes in now.
        if (Put *p = m_putters.head) {
            m_putters.remove(p);
            push(std::move(p->m_entry));
            p->wake(WakeReason::Signalled, /*deferred=*/true);
        }
        return std::move(*value);
    }
    // The coroutines waiting on one side, oldest first, and how many they are.
    template<typename Node> struct WaitLine {
        Node *head = nullptr, *tail = nullptr;
        qsizetype size = 0;

        void append(Node *n)
        {
            n->m_prev = tail;
            n->m_next = nullptr;
            (tail ? tail->m_next : head) = n;
            tail = n;
            ++size;
        }
        void remove(Node *n)
        {
            (n->m_prev ? n->m_prev->m_next : head) = n->m_next;
            (n->m_next ? n->m_next->m_prev : tail) = n->m_prev;
            n->m_prev = n->m_next = nullptr;
            --size;
        }
    };

    Order m_order;
    qsizetype m_capacity;
    std::deque<Entry> m_entries; // FIFO/LIFO; a binary heap (std::push_heap) for Priority
    quint64 m_sequence = 0;
    bool m_closed = false;
    WaitLine<Put> m_putters;
    WaitLine<Get> m_getters;
};

} // namespace coroscope
