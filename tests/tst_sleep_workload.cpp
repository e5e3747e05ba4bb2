// The sleep workload end to end through a Run: completion modes, the semaphore, timeouts, graceful
// stop, cancel all, cancel one task.
#include "RunHarness.h"
#include "core/Clock.h"
#include "core/Run.h"
#include "workloads/SleepWorkload.h"
#include "workloads/WorkloadRegistry.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace coroscope;

namespace {

QJsonObject listDelays(std::initializer_list<double> ms)
{
    QJsonArray values;
    for (double v : ms)
        values.append(v);
    return QJsonObject{{QStringLiteral("dist"), QStringLiteral("list")}, {QStringLiteral("values"), values}};
}

const testing::OneWorkload kSleep{QStringLiteral("sleep")};

// A run that ends after `durationSeconds` (0: when every task is done) and, stopped gracefully,
// lets its running tasks finish for up to `drainTimeoutMs`.
RunSpec endingAfter(double durationSeconds, int drainTimeoutMs)
{
    RunSpec spec;
    spec.durationSeconds = durationSeconds;
    spec.drainTimeoutMs = drainTimeoutMs;
    return spec;
}

} // namespace

class TestSleepWorkload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gatherRunsConcurrently();
    void sequentialAddsUp();
    void firstCompletedCancelsTheRest();
    void firstCompletedCountsEveryTaskEvenWhenInstant();
    void asCompletedFinishesEveryTask();
    void semaphoreBoundsRunningTasks();
    void timeoutMarksSlowTasks();
    void gracefulStopCancelsPendingAndDrainsRunning();
    void cancelAllCancelsRunningAndPending();
    void cancelOneTaskById();
    void durationEndsALongRun();
    void destroyingARunMidFlightLeaksNothing();
};

void TestSleepWorkload::gatherRunsConcurrently()
{
    auto run = kSleep.makeRun({{QStringLiteral("tasks"), 3}, {QStringLiteral("delayMs"), listDelays({100, 200, 400})}});
    QVERIFY(run);
    const auto s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 3);
    QCOMPARE(s->workloads[0].latency.count, 3);
    QVERIFY(s->workloads[0].latency.maxMs >= 400);
    // Concurrent: the run lasts about as long as the longest task, not the sum (700 ms).
    QVERIFY(s->elapsedNs >= 400 * kNsPerMs);
    QVERIFY2(s->elapsedNs < 700 * kNsPerMs, qPrintable(QString::number(s->elapsedNs / 1e6)));
    QCOMPARE(run->tracker().illegalTransitions(), 0);
}

void TestSleepWorkload::sequentialAddsUp()
{
    const auto s = kSleep.runToEnd({{QStringLiteral("tasks"), 3},
                                    {QStringLiteral("concurrency"), 1},
                                    {QStringLiteral("delayMs"), listDelays({100, 200, 400})}});
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 3);
    QVERIFY(s->elapsedNs >= 700 * kNsPerMs);
}

void TestSleepWorkload::firstCompletedCancelsTheRest()
{
    auto run = kSleep.makeRun({{QStringLiteral("tasks"), 3},
                               {QStringLiteral("mode"), QStringLiteral("first")},
                               {QStringLiteral("delayMs"), listDelays({100, 2000, 4000})}});
    QVERIFY(run);
    const auto s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Cancelled}), (QList<qint64>{1, 2}));
    QVERIFY(s->elapsedNs < 2000 * kNsPerMs);
    QCOMPARE(run->tracker().liveCount(), 0);
}

void TestSleepWorkload::firstCompletedCountsEveryTaskEvenWhenInstant()
{
    // The first task completes while the rest are still being spawned: like asyncio, every task
    // still exists, and all but the first are cancelled; none starts after the cancel.
    for (int concurrency : {0, 3}) {
        const auto s = kSleep.runToEnd({{QStringLiteral("tasks"), 2000},
                                        {QStringLiteral("concurrency"), concurrency},
                                        {QStringLiteral("mode"), QStringLiteral("first")},
                                        {QStringLiteral("delayMs"), 0}});
        QVERIFY(s);
        QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Cancelled}), (QList<qint64>{1, 1999}));
        QCOMPARE(s->workloads[0].created, 2000);
    }
}

void TestSleepWorkload::asCompletedFinishesEveryTask()
{
    const auto s = kSleep.runToEnd({{QStringLiteral("tasks"), 5},
                                    {QStringLiteral("mode"), QStringLiteral("as-completed")},
                                    {QStringLiteral("delayMs"), listDelays({250, 50, 200, 100, 150})}});
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 5);
    // The recent ring is in completion order: ids 2, 4, 5, 3, 1.
    QList<quint64> order;
    for (const TaskRow &row : s->recentFinished)
        order << row.id;
    QCOMPARE(order, (QList<quint64>{2, 4, 5, 3, 1}));
}

void TestSleepWorkload::semaphoreBoundsRunningTasks()
{
    qint64 maxRunning = 0, maxPending = 0;
    const auto s =
        kSleep.runWatching({{QStringLiteral("tasks"), 200},
                            {QStringLiteral("concurrency"), 7},
                            {QStringLiteral("delayMs"), QJsonObject{{QStringLiteral("dist"), QStringLiteral("uniform")},
                                                                    {QStringLiteral("min"), 5},
                                                                    {QStringLiteral("max"), 15}}}},
                           10, [&](const SnapshotPtr &snapshot) {
                               maxRunning = std::max(maxRunning, testing::countOf(snapshot, TaskState::Running));
                               maxPending = std::max(maxPending, testing::countOf(snapshot, TaskState::Pending));
                           });
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 200);
    QVERIFY(maxRunning <= 7);
    QCOMPARE(maxRunning, 7);
    QVERIFY(maxPending > 0);
}

void TestSleepWorkload::timeoutMarksSlowTasks()
{
    const auto s = kSleep.runToEnd({{QStringLiteral("tasks"), 4},
                                    {QStringLiteral("timeoutMs"), 150},
                                    {QStringLiteral("delayMs"), listDelays({50, 1000, 60, 5000})}});
    QVERIFY(s);
    QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::TimedOut}), (QList<qint64>{2, 2}));
    QVERIFY(s->elapsedNs < 1000 * kNsPerMs);
}

void TestSleepWorkload::gracefulStopCancelsPendingAndDrainsRunning()
{
    auto run = kSleep.makeRun(
        {{QStringLiteral("tasks"), 10}, {QStringLiteral("concurrency"), 2}, {QStringLiteral("delayMs"), 300}},
        endingAfter(0, 5000));
    QVERIFY(run);
    run->start();
    QTest::qWait(50);
    run->stopGracefully();
    const auto s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 2); // the two running ones drained
    QCOMPARE(testing::countOf(s, TaskState::Cancelled), 8); // the pending ones never started
}

void TestSleepWorkload::cancelAllCancelsRunningAndPending()
{
    auto run = kSleep.makeRun(
        {{QStringLiteral("tasks"), 1000}, {QStringLiteral("concurrency"), 100}, {QStringLiteral("delayMs"), 60000}});
    QVERIFY(run);
    run->start();
    QTRY_COMPARE(run->latestSnapshot()->workloads[0].counts[stateIndex(TaskState::Running)], 100);
    run->cancelAll();
    const auto s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countsOf(s, {TaskState::Cancelled, TaskState::Running}), (QList<qint64>{1000, 0}));
    QCOMPARE(run->scheduler().pendingDeadlines(), 0);
}

void TestSleepWorkload::cancelOneTaskById()
{
    auto run =
        kSleep.makeRun({{QStringLiteral("tasks"), 3}, {QStringLiteral("delayMs"), listDelays({5000, 200, 200})}});
    QVERIFY(run);
    run->start();
    QVERIFY(run->cancelTask(1));
    QVERIFY(!run->cancelTask(12345));
    const auto s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countsOf(s, {TaskState::Cancelled, TaskState::Succeeded}), (QList<qint64>{1, 2}));
    QVERIFY(s->elapsedNs < 5000 * kNsPerMs);
}

void TestSleepWorkload::durationEndsALongRun()
{
    const auto s =
        kSleep.runToEnd({{QStringLiteral("tasks"), 50}, {QStringLiteral("delayMs"), 60000}}, endingAfter(0.3, 100));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Cancelled), 50);
    QVERIFY2(s->elapsedNs >= 400 * kNsPerMs, qPrintable(QString::number(s->elapsedNs / 1e6)));
}

void TestSleepWorkload::destroyingARunMidFlightLeaksNothing()
{
    // Under ASan this catches leaked frames and use-after-free from tasks outliving their workload.
    auto run = kSleep.makeRun(
        {{QStringLiteral("tasks"), 5000}, {QStringLiteral("concurrency"), 50}, {QStringLiteral("delayMs"), 60000}});
    QVERIFY(run);
    run->start();
    QTest::qWait(20);
    TaskTracker *tracker = &run->tracker();
    QVERIFY(tracker->liveCount() > 0);
    run.reset();
}

QTEST_GUILESS_MAIN(TestSleepWorkload)
#include "tst_sleep_workload.moc"
