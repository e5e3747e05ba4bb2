#include "workloads/ProducerThread.h"

#include "core/Clock.h"

#include <QMetaObject>

namespace coroscope {

ProducerThread::ProducerThread(quint64 count, double ratePerSecond, qsizetype maxPending, std::function<void()> onReady,
                               QObject *parent)
    : QObject(parent), m_count(count), m_rate(ratePerSecond), m_maxPending(std::max<qsizetype>(1, maxPending)),
      m_onReady(std::move(onReady))
{}

ProducerThread::~ProducerThread()
{
    stop();
}

void ProducerThread::start()
{
    m_thread = QThread::create([this] { produce(); });
    m_thread->setObjectName(QStringLiteral("producer"));
    m_thread->start();
}

void ProducerThread::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_room.notify_all();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void ProducerThread::produce()
{
    const qint64 start = nowNs();
    for (quint64 i = 0; m_count == 0 || i < m_count; ++i) {
        if (m_rate > 0) {
            const qint64 wait = start + qint64(double(i) * 1e9 / m_rate) - nowNs();
            if (wait > 0) {
                // Paced, but a stop() must not wait out the pause.
                std::unique_lock lock(m_mutex);
                if (m_room.wait_for(lock, std::chrono::nanoseconds(wait), [this] { return m_stop; }))
                    break;
            }
        }
        bool poke = false;
        {
            std::unique_lock lock(m_mutex);
            m_room.wait(lock, [this] { return m_stop || qsizetype(m_pending.size()) < m_maxPending; });
            if (m_stop)
                break;
            poke = m_pending.empty();
            m_pending.push_back(Produced{i, nowNs()});
        }
        if (poke)
            QMetaObject::invokeMethod(this, m_onReady, Qt::QueuedConnection);
    }
    {
        std::lock_guard lock(m_mutex);
        m_done = true;
    }
    QMetaObject::invokeMethod(this, m_onReady, Qt::QueuedConnection);
}

std::deque<ProducerThread::Produced> ProducerThread::take()
{
    std::deque<Produced> out;
    {
        std::lock_guard lock(m_mutex);
        out.swap(m_pending);
    }
    m_room.notify_all();
    return out;
}

bool ProducerThread::finished() const
{
    std::lock_guard lock(m_mutex);
    return m_done && m_pending.empty();
}

} // namespace coroscope
