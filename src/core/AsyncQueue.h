#pragma once

#include "core/QueueItem.h"
#include "core/WaitNode.h"

#include <deque>
#include <optional>
#include <vector>

namespace coroscope {

// asyncio.Queue(maxsize) — FIFO, LIFO or priority — with cancellation and deadlines on both ends.
// Back-pressure: put() suspends while the queue is full. A get() that frees room hands it straight
// to the oldest waiting put(), and a put() to an empty queue hands its item straight to the oldest
// waiting get(); the woken side resumes on the next loop pass, never inside the other's call.
class AsyncQueue
{
public:
    enum class Order { Fifo, Lifo, Priority };

    AsyncQueue(Order order, qsizetype capacity); // capacity 0 = unbounded
    AsyncQueue(const AsyncQueue &) = delete;
    AsyncQueue &operator=(const AsyncQueue &) = delete;
    ~AsyncQueue();

    class Put : public WaitNode
    {
    public:
        Put(AsyncQueue &q, QueueItem item, LoopScheduler &s, CancellationToken *token, qint64 deadlineNs)
            : WaitNode(s, token, deadlineNs), m_queue(&q), m_item(std::move(item))
        {
        }
        Put(Put &&o) noexcept : WaitNode(std::move(o)), m_queue(o.m_queue), m_item(std::move(o.m_item)) {}
        bool await_ready();
        void await_suspend(std::coroutine_handle<> h);
        bool await_resume() const noexcept { return reason() == WakeReason::Signalled; } // true: queued

    protected:
        void detachSource() override;

    private:
        friend class AsyncQueue;
        AsyncQueue *m_queue;
        QueueItem m_item;
        Put *m_prev = nullptr, *m_next = nullptr;
    };

    class Get : public WaitNode
    {
    public:
        Get(AsyncQueue &q, LoopScheduler &s, CancellationToken *token, qint64 deadlineNs)
            : WaitNode(s, token, deadlineNs), m_queue(&q)
        {
        }
        Get(Get &&o) noexcept : WaitNode(std::move(o)), m_queue(o.m_queue), m_item(std::move(o.m_item)) {}
        bool await_ready();
        void await_suspend(std::coroutine_handle<> h);
        // The item, or nothing when cancelled, timed out or the queue was closed and is empty.
        std::optional<QueueItem> await_resume() noexcept { return std::move(m_item); }

    protected:
        void detachSource() override;

    private:
        friend class AsyncQueue;
        AsyncQueue *m_queue;
        std::optional<QueueItem> m_item;
        Get *m_prev = nullptr, *m_next = nullptr;
    };

    Put put(QueueItem item, LoopScheduler &s, CancellationToken *token = nullptr, qint64 deadlineNs = 0)
    {
        return Put(*this, std::move(item), s, token, deadlineNs);
    }
    Get get(LoopScheduler &s, CancellationToken *token = nullptr, qint64 deadlineNs = 0)
    {
        return Get(*this, s, token, deadlineNs);
    }
    // No more puts: waiting getters wake empty-handed once the queue is drained.
    void close();

    qsizetype size() const { return qsizetype(m_items.size()); }
    qsizetype capacity() const { return m_capacity; }
    bool isClosed() const { return m_closed; }
    qsizetype waitingPutters() const { return m_putters; }
    qsizetype waitingGetters() const { return m_getters; }

private:
    bool full() const { return m_capacity > 0 && qsizetype(m_items.size()) >= m_capacity; }
    void push(QueueItem item);
    QueueItem pop();
    template<typename Node>
    static void link(Node *&head, Node *&tail, Node *n);
    template<typename Node>
    static void unlink(Node *&head, Node *&tail, Node *n);

    Order m_order;
    qsizetype m_capacity;
    std::deque<QueueItem> m_items; // FIFO/LIFO; a binary heap (std::push_heap) for Priority
    quint64 m_sequence = 0;
    bool m_closed = false;
    Put *m_putHead = nullptr, *m_putTail = nullptr;
    Get *m_getHead = nullptr, *m_getTail = nullptr;
    qsizetype m_putters = 0, m_getters = 0;
};

} // namespace coroscope
