#include "cli/SignalWatcher.h"

#include <QMetaObject>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace coroscope {

namespace {

int g_fds[2] = {-1, -1}; // [0] written by the handler, [1] read by the signal thread

void onSignal(int sig)
{
    const int saved = errno;
    const char c = char(sig);
    [[maybe_unused]] auto n = ::write(g_fds[0], &c, 1);
    errno = saved;
}

} // namespace

// The state shared by the signal thread and the event loop, under one lock.
class SignalThread
{
public:
    static SignalThread &instance()
    {
        static SignalThread *t = new SignalThread; // never destroyed: the thread may outlive main()
        return *t;
    }

    void start()
    {
        std::thread([this] { readLoop(); }).detach();
    }

    std::mutex mutex;
    SignalWatcher *watcher = nullptr;
    std::function<void()> emergencyExit;
    enum class Exit { Open, ClaimedByLoop, ClaimedBySignal } exit = Exit::Open;
    int signals = 0;

private:
    // One byte per signal. After the first, while the event loop has kGraceMs to answer, a second
    // signal is read at once: it does not wait for the grace to run out.
    void readLoop()
    {
        std::optional<std::chrono::steady_clock::time_point> graceEnds;
        for (;;) {
            int timeoutMs = -1;
            if (graceEnds) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    *graceEnds - std::chrono::steady_clock::now());
                timeoutMs = int(std::max<qint64>(0, left.count()));
            }
            pollfd p{g_fds[1], POLLIN, 0};
            const int ready = ::poll(&p, 1, timeoutMs);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready == 0) { // the grace ran out
                graceEnds.reset();
                std::unique_lock lock(mutex);
                if (exit == Exit::Open)
                    exitNow(std::move(lock));
                continue;
            }
            char c = 0;
            const auto n = ::read(g_fds[1], &c, 1);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n != 1)
                return;
            if (onSignal(int(c)))
                graceEnds = std::chrono::steady_clock::now() + std::chrono::milliseconds(SignalWatcher::kGraceMs);
        }
    }

    // True when the event loop was asked to stop and has kGraceMs to do so.
    bool onSignal(int sig)
    {
        std::unique_lock lock(mutex);
        ++signals;
        if (exit == Exit::ClaimedByLoop)
            return false; // the outputs are being written; the process ends in a moment
        if (watcher && signals == 1) {
            QMetaObject::invokeMethod(
                watcher, [w = watcher, sig] { w->deliver(sig); }, Qt::QueuedConnection);
            // A loop that answers finishes and claims the exit; one that is blocked does not.
            if (emergencyExit)
                return true;
            return false;
        }
        exitNow(std::move(lock));
        return false;
    }

    [[noreturn]] void exitNow(std::unique_lock<std::mutex> lock)
    {
        exit = Exit::ClaimedBySignal;
        const std::function<void()> write = emergencyExit;
        lock.unlock();
        if (write)
            write();
        std::fflush(stdout);
        std::fflush(stderr);
        ::_exit(SignalWatcher::kInterruptedExitCode);
    }
};

void SignalWatcher::installProcessHandlers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0)
            return;
        ::fcntl(g_fds[0], F_SETFL, O_NONBLOCK);
        SignalThread::instance().start();
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &sa, nullptr);
        ::sigaction(SIGTERM, &sa, nullptr);
    });
}

void SignalWatcher::setEmergencyExit(std::function<void()> write)
{
    SignalThread &t = SignalThread::instance();
    std::lock_guard lock(t.mutex);
    t.emergencyExit = std::move(write);
}

bool SignalWatcher::claimExit()
{
    SignalThread &t = SignalThread::instance();
    std::lock_guard lock(t.mutex);
    if (t.exit == SignalThread::Exit::ClaimedBySignal)
        return false;
    t.exit = SignalThread::Exit::ClaimedByLoop;
    return true;
}

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
    installProcessHandlers();
    SignalThread &t = SignalThread::instance();
    std::lock_guard lock(t.mutex);
    t.watcher = this;
    t.signals = 0;
}

SignalWatcher::~SignalWatcher()
{
    SignalThread &t = SignalThread::instance();
    std::lock_guard lock(t.mutex);
    if (t.watcher == this)
        t.watcher = nullptr;
}

void SignalWatcher::deliver(int signalNumber)
{
    Q_EMIT interrupted(signalNumber);
}

} // namespace coroscope
