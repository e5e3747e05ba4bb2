#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>

#include <memory>
#include <vector>

namespace coroscope {

// A Linux event dispatcher on epoll: a pass costs per ready socket, not per registered one (Qt's
// UNIX dispatcher hands every notifier to ppoll() on every pass). Timers keep Qt's exact semantics
// (precise, coarse, very coarse, zero; remainingTime) through Qt's own timer list; posted events,
// wakeUp() from any thread (an eventfd), interrupt() and nested loops behave as in Qt's.
//
// Notifier toggles are cheap: enabling and disabling only changes the wanted event mask here, and
// the kernel's copy is brought up to date once, just before the next wait — QAbstractSocket
// toggles its read notifier around every read, and most toggles cancel out within a pass.
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // True when the kernel gave us an epoll set and an eventfd; false means use Qt's dispatcher.
    bool isValid() const;
    // Whether COROSCOPE_EVENT_DISPATCHER asks for this dispatcher ("epoll", the default) or for
    // Qt's own ("qt"); the fallback for a machine or a bug where this one misbehaves.
    static bool wanted();
    // A new dispatcher for a thread about to start, or nullptr to let Qt pick its default.
    static QAbstractEventDispatcher *createIfWanted();

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

    // For tests and benchmarks: epoll_ctl calls made so far (registrations brought up to date).
    qint64 controlCalls() const { return m_controlCalls; }

private:
    struct Private;
    std::unique_ptr<Private> d;
    QAtomicInt m_interrupt;
    qint64 m_controlCalls = 0;
};

} // namespace coroscope
