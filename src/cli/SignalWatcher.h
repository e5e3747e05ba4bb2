#pragma once

#include <QObject>
#include <QPointer>

#include <functional>

namespace coroscope {

// SIGINT and SIGTERM for the headless process, from its first line to its last.
//
// installProcessHandlers() (the first thing main() does) routes both signals through a self-pipe to
// a small thread of its own, since nothing but a write() is safe inside a signal handler. The thread
// does not depend on the event loop, which may be blocked in a synchronous set-up or by a runaway
// workload:
// - while a SignalWatcher exists, a signal is delivered to it on the event loop (interrupted()), so
//   the run can cancel gracefully; if an emergency exit is set and the loop has not claimed the exit
//   within kGraceMs, or on a second signal, the thread runs the emergency exit itself;
// - with no SignalWatcher, the thread runs the emergency exit (the partial report of what is known)
//   at once.
// Either way the process ends with exit code 130, within about kGraceMs.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kGraceMs = 1500;
    static constexpr int kInterruptedExitCode = 130;

    // Idempotent; safe before any QCoreApplication exists.
    static void installProcessHandlers();
    // What to write when the event loop cannot: called on the signal thread, then _exit(130). It
    // must only read what it owns or what is handed over under its own lock.
    static void setEmergencyExit(std::function<void()> write);
    // The event loop is writing the outputs itself: from now on the signal thread does not write
    // them. False when the signal thread is already doing so (the caller must then just wait).
    static bool claimExit();

    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void interrupted(int signalNumber);

private:
    friend class SignalThread;
    void deliver(int signalNumber);
};

} // namespace coroscope
