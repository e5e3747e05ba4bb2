// The queue workload: the in-memory queue's back-pressure and orders, work kinds, the producer
// thread, exact counts, a Redis that is down, the descriptors each backend needs. The Redis backend
// against a real redis-server is tst_queue_redis.
#include "RunHarness.h"
#include "core/AsyncQueue.h"
#include "core/Clock.h"
#include "support/DataRows.h"
#include "support/HeadlessProcess.h"
#include "support/Ports.h"
#include "support/RedisQueueJson.h"
#include "support/StartServer.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

namespace {

const testing::OneWorkload kQueue{QStringLiteral("queue")};

} // namespace

class TestQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backPressureHoldsDepthAtCapacity();
    void asyncQueueOrders_data();
    void asyncQueueOrders();
    void orders_data();
    void orders();
    void failuresRetryThenDeadLetter();
    void producerThreadHandsOver();
    void cancelMidRunLeavesNothingBehind();
    void cpuInlineRaisesLoopLagAndCpuDoesNot();
    void stoppingALogCollectorUnderBackPressureEnds();
    void redisDownAtStartIsAClearError();
    void deadLetterMessageCountsAttempts_data();
    void deadLetterMessageCountsAttempts();
    void memoryCountsAreExact_data();
    void memoryCountsAreExact();
    void descriptorsNeededCountsConnections_data();
    void descriptorsNeededCountsConnections();
};

void TestQueue::backPressureHoldsDepthAtCapacity()
{
    double maxDepth = 0, maxWaitingProducers = 0;
    const auto s = kQueue.runWatching({{QStringLiteral("capacity"), 5},
                                       {QStringLiteral("producers"), 3},
                                       {QStringLiteral("items"), 150},
                                       {QStringLiteral("consumers"), 1},
                                       {QStringLiteral("work"), testing::queueWork("sleep", 2)}},
                                      10, [&](const SnapshotPtr &snapshot) {
                                          maxDepth = std::max(maxDepth, testing::gaugeOf(snapshot, Gauge::QueueDepth));
                                          maxWaitingProducers =
                                              std::max(maxWaitingProducers,
                                                       testing::gaugeOf(snapshot, Gauge::ProducersWaitingForRoom));
                                      });
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 150);
    QCOMPARE(maxDepth, 5.0);
    QCOMPARE(maxWaitingProducers, 3.0);
}

void TestQueue::asyncQueueOrders_data()
{
    // The generic queue on its own: values 0..5 put with these priorities, taken back in this order.
    QTest::addColumn<int>("order");
    QTest::addColumn<QList<int>>("priorities");
    QTest::addColumn<QList<int>>("expected");
    const QList<int> priorities{5, 3, 9, 1, 3, 0};
    QTest::newRow("fifo") << int(AsyncQueueOrder::Fifo) << priorities << QList<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("lifo") << int(AsyncQueueOrder::Lifo) << priorities << QList<int>{5, 4, 3, 2, 1, 0};
    QTest::newRow("priority, ties first in first out")
        << int(AsyncQueueOrder::Priority) << priorities << QList<int>{5, 3, 1, 4, 0, 2};
    QTest::newRow("priority, all equal") << int(AsyncQueueOrder::Priority) << QList<int>{7, 7, 7, 7, 7, 7}
                                         << QList<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("priority, negative first")
        << int(AsyncQueueOrder::Priority) << QList<int>{0, -1, 2, -5, 1, -1} << QList<int>{3, 1, 5, 0, 4, 2};
}

void TestQueue::asyncQueueOrders()
{
    const auto [order, priorities, expected] =
        testing::fetch<int, QList<int>, QList<int>>("order", "priorities", "expected");
    AsyncQueue<int> q(AsyncQueueOrder::Order(order), 0);
    for (int v = 0; v < priorities.size(); ++v) {
        int value = v;
        QVERIFY(q.tryPut(value, priorities[v]));
    }
    QCOMPARE(q.size(), priorities.size());
    QList<int> got;
    while (std::optional<int> v = q.tryGet())
        got << *v;
    QCOMPARE(got, expected);
    // Full at capacity, refused once closed.
    AsyncQueue<int> bounded(AsyncQueueOrder::Order(order), 2);
    int a = 1, b = 2, c = 3;
    QVERIFY(bounded.tryPut(a, 0));
    QVERIFY(bounded.tryPut(b, 0));
    QVERIFY(!bounded.tryPut(c, 0));
    QCOMPARE(c, 3); // a refused value is left as it was
    bounded.close();
    QVERIFY(bounded.tryGet().has_value());
    QVERIFY(!bounded.tryPut(c, 0));
}

void TestQueue::orders_data()
{
    testing::DataRows<QString, QList<quint64>>("order", "expected")
        .row("fifo", "fifo", QList<quint64>{1, 2, 3, 4, 5, 6})
        .row("lifo", "lifo", QList<quint64>{6, 5, 4, 3, 2, 1})
        // Priorities 5, 3, 9, 1, 3, 0 for tasks 1..6: lower first, FIFO among equals.
        .row("priority", "priority", QList<quint64>{6, 4, 2, 5, 1, 3});
}

void TestQueue::orders()
{
    const auto [order, expected] = testing::fetch<QString, QList<quint64>>("order", "expected");
    // One producer fills the unbounded queue before the one consumer takes anything.
    const auto s = kQueue.runToEnd(
        {{QStringLiteral("capacity"), 0},
         {QStringLiteral("order"), order},
         {QStringLiteral("producers"), 1},
         {QStringLiteral("items"), 6},
         {QStringLiteral("consumers"), 1},
         {QStringLiteral("priority"), QJsonObject{{QStringLiteral("dist"), QStringLiteral("list")},
                                                  {QStringLiteral("values"), QJsonArray{5, 3, 9, 1, 3, 0}}}}});
    QVERIFY(s);
    QList<quint64> got;
    for (const TaskRow &row : s->recentFinished)
        got << row.id;
    QCOMPARE(got, expected);
}

void TestQueue::failuresRetryThenDeadLetter()
{
    const auto s = kQueue.runToEnd({{QStringLiteral("producers"), 1},
                                    {QStringLiteral("items"), 50},
                                    {QStringLiteral("consumers"), 2},
                                    {QStringLiteral("work"), testing::queueWork("sleep", 0)},
                                    {QStringLiteral("failureProbability"), 1.0},
                                    {QStringLiteral("retries"), 2}});
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Failed), 50);
    QCOMPARE(testing::gaugeOf(s, Gauge::DeadLetters), 50.0);
    QCOMPARE(testing::gaugeOf(s, Gauge::Retries), 100.0);
    QCOMPARE(testing::errorsOf(s, ErrorKind::DeadLetter), 50);
}

void TestQueue::producerThreadHandsOver()
{
    const auto s = kQueue.runToEnd({{QStringLiteral("capacity"), 50},
                                    {QStringLiteral("producers"), 1},
                                    {QStringLiteral("producerThread"), true},
                                    {QStringLiteral("items"), 20000},
                                    {QStringLiteral("consumers"), 2}});
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 20000);
    QVERIFY(s->workloads[0].gauges.contains(Gauge::HandoffP99Ms));
    QVERIFY(testing::gaugeOf(s, Gauge::HandoffP50Ms) >= 0);
}

void TestQueue::cancelMidRunLeavesNothingBehind()
{
    auto run = kQueue.makeRun({{QStringLiteral("capacity"), 100},
                               {QStringLiteral("producers"), 4},
                               {QStringLiteral("items"), 0}, // until stopped
                               {QStringLiteral("consumers"), 4},
                               {QStringLiteral("work"), testing::queueWork("sleep", 5)}});
    QVERIFY(run);
    const auto s = testing::endOnceSucceeded(*run, 21, &Run::cancelAll);
    QVERIFY(s);
    QCOMPARE(testing::countsOf(s, {TaskState::Pending, TaskState::Running}), (QList<qint64>{0, 0}));
    QVERIFY(testing::countOf(s, TaskState::Cancelled) > 0);
    QCOMPARE(run->tracker().liveCount(), 0);
}

void TestQueue::cpuInlineRaisesLoopLagAndCpuDoesNot()
{
    auto lagFor = [](const char *kind) {
        auto run = kQueue.makeRun({{QStringLiteral("producers"), 1},
                                   {QStringLiteral("items"), 12},
                                   {QStringLiteral("consumers"), 2},
                                   {QStringLiteral("work"), testing::queueWork(kind, 40)}});
        const auto s = testing::runToEnd(*run);
        return s ? s->loopLag.maxMs : -1.0;
    };
    const double inlineLag = lagFor("cpu-inline");
    const double poolLag = lagFor("cpu");
    qInfo("loop lag max: cpu-inline %.1f ms, cpu on the thread pool %.1f ms", inlineLag, poolLag);
    QVERIFY(inlineLag >= 30); // a 40 ms block on the loop shows as lag
    QVERIFY(poolLag >= 0 && poolLag < inlineLag / 2);
}

void TestQueue::stoppingALogCollectorUnderBackPressureEnds()
{
    // Slow consumers, a full queue, clients held back by TCP: a graceful stop still ends the run.
    auto run =
        kQueue.makeRun({{QStringLiteral("capacity"), 5},
                        {QStringLiteral("consumers"), 1},
                        {QStringLiteral("work"), testing::queueWork("sleep", 20)},
                        {QStringLiteral("intake"), QJsonObject{{QStringLiteral("connections"), 3},
                                                               {QStringLiteral("linesPerConnection"), 100000}}}});
    QVERIFY(run);
    QVERIFY(testing::endOnceSucceeded(*run, 6, &Run::stopGracefully, 15000));
    QCOMPARE(run->tracker().liveCount(), 0);
    QVERIFY(run->latestSnapshot()->workloads[0].gauges.value(Gauge::Produced) < 300000);
}

void TestQueue::redisDownAtStartIsAClearError()
{
    const quint16 port = testing::freePort();
    QTemporaryDir dir;
    const QString profile = testing::writeFile(
        dir, QStringLiteral("down.json"),
        QStringLiteral(R"({"schemaVersion":1,"workloads":[{"type":"queue","name":"jobs","backend":"redis",
        "redis":"redis://127.0.0.1:%1/0","producers":0,"consumers":2}]})")
            .arg(port)
            .toUtf8());
    const testing::ProcessResult r = testing::runCoroscope({QStringLiteral("--headless"), profile}, 30000);
    QCOMPARE(r.exitCode, 2);
    const QByteArray &err = r.err;
    QVERIFY2(err.contains(QStringLiteral("jobs: cannot connect to Redis at 127.0.0.1:%1").arg(port).toUtf8()),
             err.constData());
}

void TestQueue::deadLetterMessageCountsAttempts_data()
{
    testing::DataRows<int, QString>("retries", "message")
        .row("no retry", 0, "failed 1 time(s), moved to the dead letters")
        .row("one retry", 1, "failed 2 time(s), moved to the dead letters")
        .row("three retries", 3, "failed 4 time(s), moved to the dead letters");
}

void TestQueue::deadLetterMessageCountsAttempts()
{
    const auto [retries, message] = testing::fetch<int, QString>("retries", "message");
    const auto s = kQueue.runToEnd({{QStringLiteral("producers"), 1},
                                    {QStringLiteral("items"), 5},
                                    {QStringLiteral("consumers"), 1},
                                    {QStringLiteral("work"), testing::queueWork("sleep", 0)},
                                    {QStringLiteral("failureProbability"), 1.0},
                                    {QStringLiteral("retries"), retries}});
    QVERIFY(s);
    QCOMPARE(testing::errorsOf(s, ErrorKind::DeadLetter), 5);
    const QString last = s->workloads[0].errors.value(ErrorKind::DeadLetter).lastMessage;
    QVERIFY2(last.startsWith(message), qPrintable(last));
    QCOMPARE(testing::gaugeOf(s, Gauge::Retries), 5.0 * retries);
    for (const TaskRow &row : s->recentFinished)
        QCOMPARE(row.attempts, retries + 1);
}

void TestQueue::memoryCountsAreExact_data()
{
    testing::DataRows<int, int, int, int>("producers", "items", "consumers", "capacity")
        .row("1 producer", 1, 1000, 4, 10)
        .row("3 producers, 1000 items", 3, 1000, 4, 7)
        .row("7 producers, 50 items", 7, 50, 2, 0)
        .row("more producers than items", 16, 5, 3, 1);
}

void TestQueue::memoryCountsAreExact()
{
    const auto [producers, items, consumers, capacity] =
        testing::fetch<int, int, int, int>("producers", "items", "consumers", "capacity");
    const auto s = kQueue.runToEnd({{QStringLiteral("producers"), producers},
                                    {QStringLiteral("items"), items},
                                    {QStringLiteral("consumers"), consumers},
                                    {QStringLiteral("capacity"), capacity}});
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), items);
    QCOMPARE(testing::gaugeOf(s, Gauge::Produced), double(items));
    QCOMPARE(testing::gaugeOf(s, Gauge::Consumed), double(items));
}

void TestQueue::descriptorsNeededCountsConnections_data()
{
    testing::DataRows<QJsonObject, qint64>("params", "expected")
        .row("memory, no work", QJsonObject{{QStringLiteral("producers"), 4}, {QStringLiteral("consumers"), 8}},
             qint64(0))
        .row("memory, tcp intake",
             QJsonObject{{QStringLiteral("intake"), QJsonObject{{QStringLiteral("connections"), 5}}}}, qint64(11))
        .row("redis",
             QJsonObject{{QStringLiteral("backend"), QStringLiteral("redis")},
                         {QStringLiteral("producers"), 2},
                         {QStringLiteral("consumers"), 3}},
             qint64(7))
        .row("http work on the built-in target",
             QJsonObject{{QStringLiteral("consumers"), 3},
                         {QStringLiteral("work"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("http")},
                                                              {QStringLiteral("url"), QStringLiteral("builtin:/")}}}},
             qint64(7));
}

void TestQueue::descriptorsNeededCountsConnections()
{
    const auto [params, expected] = testing::fetch<QJsonObject, qint64>("params", "expected");
    WorkloadSpec w;
    w.type = QStringLiteral("queue");
    w.name = QStringLiteral("q");
    w.params = params;
    RunSpec spec;
    spec.workloads.push_back(w);
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(spec, &issues);
    QVERIFY2(workloads.size() == 1, issues.isEmpty() ? "" : qPrintable(issues.first().toString()));
    QCOMPARE(workloads.front()->descriptorsNeeded(), expected);
}

QTEST_GUILESS_MAIN(TestQueue)
#include "tst_queue.moc"
