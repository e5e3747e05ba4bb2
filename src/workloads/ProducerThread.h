#pragma once

#include <QObject>
#include <QThread>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace coroscope {

// The seeds' call_soon_threadsafe pattern: a producer on a worker thread makes items and hands them
// to the event-loop thread. Items cross in batches under a mutex; the loop is poked with one queued
// call when the hand-off goes from empty to non-empty, and the thread blocks while `maxPending`
// items are waiting for the loop (back-pressure).
class ProducerThread : public QObject
{
    Q_OBJECT
public:
    struct Produced {
        quint64 index;
        qint64 producedNs;
    };

    // `onReady` runs on the loop thread (this object's thread) after items arrived.
    ProducerThread(quint64 count, double ratePerSecond, qsizetype maxPending, std::function<void()> onReady,
                   QObject *parent = nullptr);
    ~ProducerThread() override;

    void start();
    void stop();
    // Loop thread: takes whatever has been handed over.
    std::deque<Produced> take();
    bool finished() const; // the thread made everything and the hand-off is empty

private:
    void produce();

    quint64 m_count;
    double m_rate;
    qsizetype m_maxPending;
    std::function<void()> m_onReady;
    QThread *m_thread = nullptr;
    mutable std::mutex m_mutex;
    std::condition_variable m_room;
    std::deque<Produced> m_pending;
    bool m_stop = false;
    bool m_done = false;
};

} // namespace coroscope
