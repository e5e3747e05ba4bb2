// Cancellation tokens, deadlines, the semaphore and the signal-or-cancel-or-deadline wait: every
// wait ends exactly once, whichever source fires first, and never stays suspended.
#include "core/AsyncSemaphore.h"
#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopLagProbe.h"
#include "core/LoopScheduler.h"
#include "core/SignalWait.h"

#include <QCoroTask>
#include <QEventLoop>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace coroscope;

class Emitter : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void fired(int value);
};

struct Outcome {
    bool done = false;
    WakeReason reason = WakeReason::None;
    qint64 resumedNs = 0;
};

namespace {

QCoro::Task<void> sleepUntil(LoopScheduler *scheduler, CancellationToken *token, qint64 deadline, Outcome *out)
{
    out->reason = co_await DeadlineWait(*scheduler, token, deadline);
    out->resumedNs = nowNs();
    out->done = true;
}

QCoro::Task<void> waitSignal(LoopScheduler *scheduler, Emitter *sender, CancellationToken *token, qint64 deadline,
                             Outcome *out)
{
    out->reason = co_await SignalWait(*scheduler, sender, &Emitter::fired, token, deadline);
    out->done = true;
}

QCoro::Task<void> takePermit(LoopScheduler *scheduler, AsyncSemaphore *sem, CancellationToken *token,
                             std::vector<int> *order, int id, Outcome *out)
{
    const bool ok = co_await sem->acquire(*scheduler, token);
    out->reason = ok ? WakeReason::Signalled : WakeReason::Cancelled;
    if (ok)
        order->push_back(id);
    out->done = true;
}

// Yields, then works for `workNs` without suspending (as a loopback connect() does for 45 us).
QCoro::Task<void> yieldThenWork(LoopScheduler *scheduler, qint64 workNs, int *resumed)
{
    co_await scheduler->yield();
    for (const qint64 until = nowNs() + workNs; nowNs() < until;) {
    }
    ++*resumed;
}

} // namespace

class TestWaits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deadlineResumesNoEarlierThanItsTime();
    void cancelWakesASleeperThroughTheReadyQueue();
    void alreadyCancelledTokenDoesNotSuspend();
    void signalWaitEndsOnEachSource();
    void signalWaitSurvivesTheSenderBeingDeleted();
    void semaphoreIsFifoAndCancelledWaitersLeave();
    void hundredThousandSleepersWakeInDeadlineOrder();
    void yieldedWorkIsSpreadOverPasses();
};

void TestWaits::deadlineResumesNoEarlierThanItsTime()
{
    LoopScheduler scheduler;
    Outcome out;
    const qint64 deadline = nowNs() + 30 * kNsPerMs;
    sleepUntil(&scheduler, nullptr, deadline, &out);
    QVERIFY(!out.done);
    QCOMPARE(scheduler.pendingDeadlines(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(out.done, 5000);
    QCOMPARE(out.reason, WakeReason::TimedOut);
    QVERIFY(out.resumedNs >= deadline);
    QCOMPARE(scheduler.pendingDeadlines(), 0);
}

void TestWaits::cancelWakesASleeperThroughTheReadyQueue()
{
    LoopScheduler scheduler;
    CancellationToken token;
    Outcome out;
    sleepUntil(&scheduler, &token, nowNs() + 3600 * kNsPerSecond, &out);
    token.cancel();
    // Not resumed inside cancel(): the token may live in the frame it wakes.
    QVERIFY(!out.done);
    QCOMPARE(scheduler.pendingDeadlines(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(out.done, 5000);
    QCOMPARE(out.reason, WakeReason::Cancelled);
    token.cancel(); // idempotent
}

void TestWaits::alreadyCancelledTokenDoesNotSuspend()
{
    LoopScheduler scheduler;
    CancellationToken token;
    token.cancel();
    Outcome out;
    sleepUntil(&scheduler, &token, nowNs() + kNsPerSecond, &out);
    QVERIFY(out.done);
    QCOMPARE(out.reason, WakeReason::Cancelled);
    QCOMPARE(scheduler.pendingDeadlines(), 0);
}

void TestWaits::signalWaitEndsOnEachSource()
{
    LoopScheduler scheduler;
    Emitter emitter;
    {
        Outcome out;
        waitSignal(&scheduler, &emitter, nullptr, 0, &out);
        QVERIFY(!out.done);
        Q_EMIT emitter.fired(1);
        QVERIFY(out.done);
        QCOMPARE(out.reason, WakeReason::Signalled);
    }
    {
        CancellationToken token;
        Outcome out;
        waitSignal(&scheduler, &emitter, &token, 0, &out);
        token.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 5000);
        QCOMPARE(out.reason, WakeReason::Cancelled);
        Q_EMIT emitter.fired(2); // the connection is gone: nothing resumes twice
    }
    {
        Outcome out;
        waitSignal(&scheduler, &emitter, nullptr, nowNs() + 20 * kNsPerMs, &out);
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 5000);
        QCOMPARE(out.reason, WakeReason::TimedOut);
        Q_EMIT emitter.fired(3);
    }
    QCOMPARE(scheduler.pendingDeadlines(), 0);
}

void TestWaits::signalWaitSurvivesTheSenderBeingDeleted()
{
    LoopScheduler scheduler;
    auto *emitter = new Emitter;
    CancellationToken token;
    Outcome out;
    waitSignal(&scheduler, emitter, &token, nowNs() + 3600 * kNsPerSecond, &out);
    delete emitter;
    QVERIFY(out.done);
    QCOMPARE(out.reason, WakeReason::SourceGone);
    QCOMPARE(scheduler.pendingDeadlines(), 0);
    token.cancel(); // no longer registered: nothing to wake
}

void TestWaits::semaphoreIsFifoAndCancelledWaitersLeave()
{
    LoopScheduler scheduler;
    AsyncSemaphore sem(1);
    std::vector<int> order;
    CancellationToken tokens[4];
    Outcome outs[4];
    for (int i = 0; i < 4; ++i)
        takePermit(&scheduler, &sem, &tokens[i], &order, i, &outs[i]);
    QVERIFY(outs[0].done); // the free permit
    QCOMPARE(sem.waiting(), 3);
    tokens[1].cancel();
    QTRY_VERIFY(outs[1].done);
    QCOMPARE(outs[1].reason, WakeReason::Cancelled);
    QCOMPARE(sem.waiting(), 2);
    sem.release();
    QTRY_VERIFY(outs[2].done);
    QVERIFY(!outs[3].done);
    sem.release();
    QTRY_VERIFY(outs[3].done);
    QCOMPARE(order, (std::vector<int>{0, 2, 3}));
    sem.release();
    QCOMPARE(sem.available(), 1);
    QVERIFY(!sem.tryAcquire() || sem.available() == 0);
}

void TestWaits::hundredThousandSleepersWakeInDeadlineOrder()
{
    constexpr int kSleepers = 100'000;
    LoopScheduler scheduler;
    LoopLagProbe probe;
    std::vector<Outcome> outs(kSleepers);
    std::vector<qint64> deadlines(kSleepers);
    const qint64 base = nowNs() + 300 * kNsPerMs;
    // Deadlines spread over 1 s in a scrambled order, so the heap really sorts.
    for (int i = 0; i < kSleepers; ++i) {
        deadlines[size_t(i)] = base + qint64((i * 7919LL) % kSleepers) * 10'000;
        sleepUntil(&scheduler, nullptr, deadlines[size_t(i)], &outs[size_t(i)]);
    }
    QCOMPARE(scheduler.pendingDeadlines(), kSleepers);
    probe.start();
    // A plain event loop, not QTRY_*: QTest::qWait sleeps between passes, which would show as lag.
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    connect(&poll, &QTimer::timeout, &loop, [&] {
        if (scheduler.pendingDeadlines() == 0)
            loop.quit();
    });
    poll.start(20);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    probe.stop();
    QCOMPARE(scheduler.pendingDeadlines(), 0);
    for (int i = 0; i < kSleepers; ++i) {
        const Outcome &o = outs[size_t(i)];
        QVERIFY(o.done);
        QCOMPARE(o.reason, WakeReason::TimedOut);
        QVERIFY(o.resumedNs >= deadlines[size_t(i)]);
    }
    // Woken in deadline order: sort by deadline, resume times must not go backwards.
    std::vector<int> byDeadline(kSleepers);
    for (int i = 0; i < kSleepers; ++i)
        byDeadline[size_t(i)] = i;
    std::sort(byDeadline.begin(), byDeadline.end(),
              [&](int a, int b) { return deadlines[size_t(a)] < deadlines[size_t(b)]; });
    for (size_t k = 1; k < byDeadline.size(); ++k)
        QVERIFY(outs[size_t(byDeadline[k])].resumedNs >= outs[size_t(byDeadline[k - 1])].resumedNs);
    const LoopLagSummary lag = probe.takeSummary();
    qInfo("100k sleepers: loop lag p50 %.3f ms, p99 %.3f ms, max %.3f ms", lag.p50Ms, lag.p99Ms, lag.maxMs);
}

void TestWaits::yieldedWorkIsSpreadOverPasses()
{
    // 200 yielded coroutines with 200 us of work each: resumed all in one pass, they would hold the
    // loop for 40 ms (sockets, timers). The ready queue is drained for a time budget per pass, so
    // an event posted after them runs before the last of them.
    LoopScheduler scheduler;
    int resumed = 0;
    for (int i = 0; i < 200; ++i)
        yieldThenWork(&scheduler, kNsPerMs / 5, &resumed);
    int resumedBeforeThePostedEvent = -1;
    QMetaObject::invokeMethod(
        &scheduler, [&] { resumedBeforeThePostedEvent = resumed; }, Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(resumed, 200, 10000);
    QVERIFY2(resumedBeforeThePostedEvent >= 1 && resumedBeforeThePostedEvent < 200,
             qPrintable(QString::number(resumedBeforeThePostedEvent)));
}

QTEST_GUILESS_MAIN(TestWaits)
#include "tst_waits.moc"
