#include "core/EpollEventDispatcher.h"

#include "core/DirectSocketNotifier.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QSocketNotifier>
#include <QtCore/private/qobject_p.h>
#include <QtCore/private/qthread_p.h>
#include <QtCore/private/qtimerinfo_unix_p.h>

#include <array>
#include <cerrno>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcDispatcher, "coroscope.dispatcher")

namespace coroscope {

namespace {

constexpr int kTypes = 3;
// Ready descriptors taken from the kernel per pass (see processEvents).
constexpr size_t kMaxEventsPerPass = 1024; // QSocketNotifier::Read, Write, Exception
constexpr quint32 kTypeEvents[kTypes] = {EPOLLIN, EPOLLOUT, EPOLLPRI};
// What wakes a notifier of each type: hang-ups and errors wake readers and writers, as poll() does.
constexpr quint32 kTypeWakers[kTypes] = {EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR, EPOLLOUT | EPOLLHUP | EPOLLERR,
                                         EPOLLPRI};

} // namespace

struct EpollEventDispatcher::Private {
    // One per descriptor number, indexed by it.
    struct Descriptor {
        std::array<QSocketNotifier *, kTypes> notifiers{};
        std::array<quint64, kTypes> generation{};
        std::array<bool, kTypes> direct{}; // a DirectSocketNotifier: called, not sent an event
        // The notifiers the kernel registration was made for: a QPointer turns null when its notifier
        // is destroyed, which is how a closed and reused descriptor is told from a toggled notifier.
        std::array<QPointer<QSocketNotifier>, kTypes> synced{};
        quint32 kernelMask = 0;
        bool inKernel = false;
        bool dirty = false;

        quint32 wantedMask() const
        {
            quint32 m = 0;
            for (int t = 0; t < kTypes; ++t) {
                if (notifiers[size_t(t)])
                    m |= kTypeEvents[t];
            }
            return m;
        }
    };
    struct Pending {
        int fd;
        int type;
        QSocketNotifier *notifier;
        quint64 generation;
        bool direct;
    };

    int epfd = -1;
    int wakeFd = -1;
    QAtomicInt wakeUps;
    QTimerInfoList timers;
    std::vector<Descriptor> descriptors;
    std::vector<int> dirty;
    std::vector<Pending> pending;
    size_t pendingHead = 0;
    std::vector<epoll_event> events = std::vector<epoll_event>(kMaxEventsPerPass);
    quint64 nextGeneration = 1;
    bool pwait2 = true;

    Descriptor *descriptor(int fd)
    {
        return fd >= 0 && size_t(fd) < descriptors.size() ? &descriptors[size_t(fd)] : nullptr;
    }
    void markDirty(int fd)
    {
        Descriptor &d = descriptors[size_t(fd)];
        if (!d.dirty) {
            d.dirty = true;
            dirty.push_back(fd);
        }
    }
};

EpollEventDispatcher::EpollEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent), d(new Private)
{
    d->epfd = epoll_create1(EPOLL_CLOEXEC);
    d->wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (d->epfd >= 0 && d->wakeFd >= 0) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = d->wakeFd;
        if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->wakeFd, &ev) != 0)
            qCWarning(lcDispatcher) << "epoll_ctl on the wake-up eventfd failed:" << qt_error_string(errno);
    } else {
        qCWarning(lcDispatcher) << "no epoll set or eventfd:" << qt_error_string(errno);
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    qDeleteAll(d->timers);
    if (d->wakeFd >= 0)
        ::close(d->wakeFd);
    if (d->epfd >= 0)
        ::close(d->epfd);
}

bool EpollEventDispatcher::isValid() const
{
    return d->epfd >= 0 && d->wakeFd >= 0;
}

bool EpollEventDispatcher::wanted()
{
    return qEnvironmentVariable("COROSCOPE_EVENT_DISPATCHER", QStringLiteral("epoll")) != QLatin1String("qt");
}

QAbstractEventDispatcher *EpollEventDispatcher::createIfWanted()
{
    if (!wanted())
        return nullptr;
    auto *dispatcher = new EpollEventDispatcher;
    if (dispatcher->isValid())
        return dispatcher;
    delete dispatcher;
    return nullptr;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type >= kTypes) {
        qCWarning(lcDispatcher) << "cannot watch descriptor" << fd;
        return;
    }
    if (size_t(fd) >= d->descriptors.size())
        d->descriptors.resize(std::max(size_t(fd) + 1, d->descriptors.size() * 2));
    Private::Descriptor &desc = d->descriptors[size_t(fd)];
    if (desc.notifiers[size_t(type)] && desc.notifiers[size_t(type)] != notifier)
        qCWarning(lcDispatcher) << "several socket notifiers for descriptor" << fd << "and type" << type;
    desc.notifiers[size_t(type)] = notifier;
    desc.generation[size_t(type)] = d->nextGeneration++;
    desc.direct[size_t(type)] = dynamic_cast<DirectSocketNotifier *>(notifier) != nullptr;
    d->markDirty(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    Private::Descriptor *desc = d->descriptor(fd);
    if (!desc || type < 0 || type >= kTypes || desc->notifiers[size_t(type)] != notifier)
        return;
    // Any activation still pending for it is dropped at dispatch: the pointer no longer matches.
    desc->notifiers[size_t(type)] = nullptr;
    if (desc->inKernel && desc->wantedMask() == 0) {
        // Leave the set now, while the descriptor is still open: a registration belongs to the open
        // file, not the number, so once the descriptor is closed it cannot be removed any more, and
        // if the file lives on elsewhere (dup(), a child process) it keeps reporting events on a
        // number that no longer means it, every pass.
        ++m_controlCalls;
        epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, nullptr);
        desc->inKernel = false;
        desc->kernelMask = 0;
    }
    d->markDirty(fd);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    d->timers.registerTimer(timerId, interval, timerType, object);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    return d->timers.unregisterTimer(timerId);
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    return d->timers.unregisterTimers(object);
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    return d->timers.registeredTimers(object);
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    return d->timers.timerRemainingTime(timerId);
}

void EpollEventDispatcher::wakeUp()
{
    // One write per sleep is enough; the flag is cleared when the eventfd is read.
    if (d->wakeUps.testAndSetAcquire(0, 1))
        eventfd_write(d->wakeFd, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupt.storeRelaxed(1);
    wakeUp();
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupt.storeRelaxed(0);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    // The dispatcher lives in the thread it serves, so its thread data is that thread's: no event
    // posted and not yet sent, or the wait would sleep on it.
    QThreadData *thread = QObjectPrivate::get(this)->threadData.loadRelaxed();
    const bool canWait =
        (flags & QEventLoop::WaitForMoreEvents) && thread->canWaitLocked() && !m_interrupt.loadRelaxed();
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupt.loadRelaxed())
        return false;

    timespec waitFor{0, 0};
    const timespec *timeout = nullptr; // nullptr: until something happens
    if (!canWait || (includeTimers && d->timers.timerWait(waitFor)))
        timeout = &waitFor;

    int activated = 0;
    if (includeNotifiers) {
        // Bring the kernel's registrations up to date once per pass: toggles that cancelled out cost nothing.
        for (int fd : d->dirty) {
            Private::Descriptor &desc = d->descriptors[size_t(fd)];
            desc.dirty = false;
            const quint32 mask = desc.wantedMask();
            bool replaced = false;
            for (int t = 0; t < kTypes; ++t) {
                if (desc.notifiers[size_t(t)] && desc.synced[size_t(t)].data() != desc.notifiers[size_t(t)])
                    replaced = true;
            }
            epoll_event ev{};
            ev.events = mask;
            ev.data.fd = fd;
            if (mask == 0) {
                if (desc.inKernel) {
                    ++m_controlCalls;
                    epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, &ev); // ENOENT/EBADF: it was closed, already gone
                }
                desc.inKernel = false;
            } else if (!desc.inKernel || replaced || mask != desc.kernelMask) {
                ++m_controlCalls;
                if (epoll_ctl(d->epfd, desc.inKernel ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) != 0) {
                    // A closed and reused descriptor is not in the set any more; a kept one is.
                    const int op = errno == ENOENT ? EPOLL_CTL_ADD : errno == EEXIST ? EPOLL_CTL_MOD : -1;
                    ++m_controlCalls;
                    if (op < 0 || epoll_ctl(d->epfd, op, fd, &ev) != 0)
                        qCWarning(lcDispatcher) << "cannot watch descriptor" << fd << qt_error_string(errno);
                }
                desc.inKernel = true;
            }
            desc.kernelMask = desc.inKernel ? mask : 0;
            for (int t = 0; t < kTypes; ++t)
                desc.synced[size_t(t)] = desc.notifiers[size_t(t)];
        }
        d->dirty.clear();

        int n;
        if (d->pwait2) {
            n = epoll_pwait2(d->epfd, d->events.data(), int(d->events.size()), timeout, nullptr);
            if (n < 0 && errno == ENOSYS)
                d->pwait2 = false;
        }
        if (!d->pwait2) {
            // Round up: waking before a precise timer is due would spin until it is.
            const int ms = timeout ? int((timeout->tv_sec * 1000) + (timeout->tv_nsec + 999'999) / 1'000'000) : -1;
            n = epoll_wait(d->epfd, d->events.data(), int(d->events.size()), ms);
        }
        if (n < 0 && errno != EINTR)
            qCWarning(lcDispatcher) << "epoll_wait failed:" << qt_error_string(errno);
        for (int i = 0; i < n; ++i) {
            const epoll_event &e = d->events[size_t(i)];
            const int fd = e.data.fd;
            if (fd == d->wakeFd) {
                eventfd_t value;
                eventfd_read(d->wakeFd, &value);
                d->wakeUps.storeRelease(0);
                ++activated;
                continue;
            }
            Private::Descriptor *desc = d->descriptor(fd);
            if (!desc)
                continue;
            bool matched = false;
            for (int t = 0; t < kTypes; ++t) {
                QSocketNotifier *notifier = desc->notifiers[size_t(t)];
                if (notifier && (e.events & kTypeWakers[t])) {
                    d->pending.push_back({fd, t, notifier, desc->generation[size_t(t)], desc->direct[size_t(t)]});
                    matched = true;
                }
            }
            // A hang-up nobody listens for would be reported on every pass: park the descriptor
            // until a notifier for it is registered again.
            if (!matched && (e.events & (EPOLLHUP | EPOLLERR)) && desc->inKernel) {
                ++m_controlCalls;
                epoll_ctl(d->epfd, EPOLL_CTL_DEL, fd, nullptr);
                desc->inKernel = false;
                desc->kernelMask = 0;
            }
        }
        // No more than events.size() per pass, on purpose: with thousands of sockets ready at
        // once, timers and posted events run between slices instead of after all of them (loop
        // lag at 9000 connections), and the kernel hands the rest out round-robin on the next pass.

        // Shared with nested loops started from an activation: each entry is taken exactly once.
        QEvent event(QEvent::SockAct);
        while (d->pendingHead < d->pending.size()) {
            const Private::Pending p = d->pending[d->pendingHead++];
            const Private::Descriptor &desc = d->descriptors[size_t(p.fd)];
            if (desc.notifiers[size_t(p.type)] != p.notifier || desc.generation[size_t(p.type)] != p.generation)
                continue; // disabled or deleted since the wait
            if (p.direct)
                static_cast<DirectSocketNotifier *>(p.notifier)->activate();
            else
                QCoreApplication::sendEvent(p.notifier, &event);
            ++activated;
        }
        d->pending.clear();
        d->pendingHead = 0;
    } else {
        // Socket notifiers excluded: wait for a wake-up or a timer only.
        pollfd pfd{d->wakeFd, POLLIN, 0};
        if (ppoll(&pfd, 1, timeout, nullptr) > 0) {
            eventfd_t value;
            eventfd_read(d->wakeFd, &value);
            d->wakeUps.storeRelease(0);
            ++activated;
        }
    }

    if (includeTimers)
        activated += d->timers.activateTimers();
    return activated > 0;
}

} // namespace coroscope
