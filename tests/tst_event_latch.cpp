// The wake-or-latch awaiter behind SocketEvents, WebSocketEvents, PgConnection and TcpStream: an
// event fired while nobody waits is kept for the next wait (once, however many fired), a waiter is
// woken inside fire() or on the next pass when deferred, and cancel, deadline and a gone source end
// a wait like the event would.
#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/EventLatch.h"
#include "core/LoopScheduler.h"

#include <QCoroTask>
#include <QTest>

using namespace coroscope;

namespace {

struct Outcome {
    bool done = false;
    WakeReason reason = WakeReason::None;
};

QCoro::Task<void> waitOnce(LoopScheduler *scheduler, EventLatch *latch, CancellationToken *token, qint64 deadline,
                           bool sourceGone, Outcome *out)
{
    out->reason = co_await latch->next(*scheduler, token, deadline, sourceGone);
    out->done = true;
}

} // namespace

class TestEventLatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fireWakesTheWaiterAtOnce();
    void deferredFireWakesOnTheNextPass();
    void eventsWithoutAWaiterAreLatchedOnce();
    void cancelAndDeadlineEndTheWait();
    void goneSourceNeverSuspends();
};

void TestEventLatch::fireWakesTheWaiterAtOnce()
{
    LoopScheduler scheduler;
    EventLatch latch;
    Outcome out;
    waitOnce(&scheduler, &latch, nullptr, 0, false, &out);
    QVERIFY(!out.done);
    QVERIFY(latch.hasWaiter());
    latch.fire();
    QVERIFY(out.done); // resumed inside fire(): no extra loop pass
    QCOMPARE(out.reason, WakeReason::Signalled);
    QVERIFY(!latch.hasWaiter());
}

void TestEventLatch::deferredFireWakesOnTheNextPass()
{
    LoopScheduler scheduler;
    EventLatch latch;
    Outcome out;
    waitOnce(&scheduler, &latch, nullptr, 0, false, &out);
    latch.fire(/*deferred=*/true);
    QVERIFY(!out.done); // not inside the caller's frame
    QTRY_VERIFY_WITH_TIMEOUT(out.done, 5000);
    QCOMPARE(out.reason, WakeReason::Signalled);
}

void TestEventLatch::eventsWithoutAWaiterAreLatchedOnce()
{
    LoopScheduler scheduler;
    EventLatch latch;
    latch.fire();
    latch.fire();
    Outcome first;
    waitOnce(&scheduler, &latch, nullptr, 0, false, &first);
    QVERIFY(first.done); // the latched event: no suspension
    QCOMPARE(first.reason, WakeReason::Signalled);
    Outcome second;
    waitOnce(&scheduler, &latch, nullptr, 0, false, &second);
    QVERIFY(!second.done); // two fires latch one event: the waiter looks at its source itself
    latch.fire();
    QVERIFY(second.done);
    // clear() forgets a latched event.
    latch.fire();
    latch.clear();
    Outcome third;
    waitOnce(&scheduler, &latch, nullptr, 0, false, &third);
    QVERIFY(!third.done);
    latch.fire();
    QVERIFY(third.done);
}

void TestEventLatch::cancelAndDeadlineEndTheWait()
{
    LoopScheduler scheduler;
    EventLatch latch;
    CancellationToken token;
    Outcome cancelled;
    waitOnce(&scheduler, &latch, &token, 0, false, &cancelled);
    token.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(cancelled.done, 5000);
    QCOMPARE(cancelled.reason, WakeReason::Cancelled);
    QVERIFY(!latch.hasWaiter()); // left the latch: a later fire latches instead of waking it

    Outcome timedOut;
    waitOnce(&scheduler, &latch, nullptr, nowNs() + 20 * kNsPerMs, false, &timedOut);
    QVERIFY(!timedOut.done);
    QTRY_VERIFY_WITH_TIMEOUT(timedOut.done, 5000);
    QCOMPARE(timedOut.reason, WakeReason::TimedOut);
    QVERIFY(!latch.hasWaiter());
    latch.fire();
    Outcome latched;
    waitOnce(&scheduler, &latch, nullptr, 0, false, &latched);
    QVERIFY(latched.done);
}

void TestEventLatch::goneSourceNeverSuspends()
{
    LoopScheduler scheduler;
    EventLatch latch;
    for (int i = 0; i < 3; ++i) {
        Outcome out;
        waitOnce(&scheduler, &latch, nullptr, 0, /*sourceGone=*/true, &out);
        QVERIFY(out.done);
        QCOMPARE(out.reason, WakeReason::Signalled);
    }
}

QTEST_GUILESS_MAIN(TestEventLatch)
#include "tst_event_latch.moc"
