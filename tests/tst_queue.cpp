// The queue workload: the in-memory queue's back-pressure and orders, work kinds, the producer
// thread; the Redis backend against a real redis-server: outside producers, at-least-once across a
// killed consumer process and a restarted Redis, and a Redis that is down.
#include "RedisServer.h"
#include "RunHarness.h"
#include "core/AsyncQueue.h"
#include "core/Clock.h"
#include "support/HeadlessProcess.h"
#include "support/Ports.h"
#include "support/StartServer.h"

#include "support/DataRows.h"
#include "support/RedisQueueJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTest>

#include <csignal>

using namespace coroscope;

namespace {

const testing::OneWorkload kQueue{QStringLiteral("queue")};

QJsonObject work(const char *kind, double ms = 0)
{
    return QJsonObject{{QStringLiteral("kind"), QLatin1String(kind)}, {QStringLiteral("ms"), ms}};
}

// A queue workload on `redis`'s list "jobs", with `keys` added.
QJsonObject redisQueue(const testing::RedisServer &redis, const QJsonObject &keys)
{
    QJsonObject o{{QStringLiteral("backend"), QStringLiteral("redis")},
                  {QStringLiteral("redis"), redis.url()},
                  {QStringLiteral("key"), QStringLiteral("jobs")}};
    for (auto it = keys.begin(); it != keys.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

// The ids (second field of "cs1:ID:...", or the raw value) of a Redis list.
QSet<QByteArray> idsIn(const testing::RedisServer &redis, const QString &key)
{
    QSet<QByteArray> ids;
    for (const QByteArray &line :
         redis.cliCall({QStringLiteral("LRANGE"), key, QStringLiteral("0"), QStringLiteral("-1")}).split('\n')) {
        if (line.isEmpty())
            continue;
        ids.insert(line.startsWith("cs1:") ? line.split(':').value(1) : line);
    }
    return ids;
}

void fill(const testing::RedisServer &redis, const QString &key, int count)
{
    for (int start = 0; start < count; start += 500) {
        QStringList args{QStringLiteral("LPUSH"), key};
        for (int i = start; i < std::min(count, start + 500); ++i)
            args << QStringLiteral("item-%1").arg(i);
        redis.cliCall(args);
    }
}

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
    void redisItemsPushedFromOutsideAreConsumed();
    void redisConsumerKilledMidRunLosesNothing();
    void redisRestartedMidRunLosesNothing();
    void redisDownAtStartIsAClearError();
    void deadLetterMessageCountsAttempts_data();
    void deadLetterMessageCountsAttempts();
    void memoryCountsAreExact_data();
    void memoryCountsAreExact();
    void redisDrainTakesExactlyItsLimit_data();
    void redisDrainTakesExactlyItsLimit();
    void redisProducersPutExactlyTheirItems_data();
    void redisProducersPutExactlyTheirItems();
    void redisCancelGivesItemsBackInOrder();
    void redisStopLeavesNothingInProcessingLists_data();
    void redisStopLeavesNothingInProcessingLists();
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
                                       {QStringLiteral("work"), work("sleep", 2)}},
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
                                    {QStringLiteral("work"), work("sleep", 0)},
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
                               {QStringLiteral("work"), work("sleep", 5)}});
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
                                   {QStringLiteral("work"), work(kind, 40)}});
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
                        {QStringLiteral("work"), work("sleep", 20)},
                        {QStringLiteral("intake"), QJsonObject{{QStringLiteral("connections"), 3},
                                                               {QStringLiteral("linesPerConnection"), 100000}}}});
    QVERIFY(run);
    QVERIFY(testing::endOnceSucceeded(*run, 6, &Run::stopGracefully, 15000));
    QCOMPARE(run->tracker().liveCount(), 0);
    QVERIFY(run->latestSnapshot()->workloads[0].gauges.value(Gauge::Produced) < 300000);
}

void TestQueue::redisItemsPushedFromOutsideAreConsumed()
{
    testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    fill(redis, QStringLiteral("jobs"), 300);
    const auto s = kQueue.runToEnd(redisQueue(redis, {{QStringLiteral("producers"), 0},
                                                      {QStringLiteral("items"), 300},
                                                      {QStringLiteral("consumers"), 4},
                                                      {QStringLiteral("batch"), 16}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 300);
    QCOMPARE(redis.cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
    QCOMPARE(redis.cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueue::redisConsumerKilledMidRunLosesNothing()
{
    testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    constexpr int kItems = 3000;
    fill(redis, QStringLiteral("jobs"), kItems);
    // Every processed item fails on purpose and lands in jobs:dead: the dead letters are the record
    // of what was processed.
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("consumer.json"));
    QFile f(profile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(
                QJsonObject{{QStringLiteral("schemaVersion"), 1},
                            {QStringLiteral("name"), QStringLiteral("consumer")},
                            {QStringLiteral("workloads"), QJsonArray{testing::redisDrainWorkload(
                                                              QStringLiteral("c"), redis.url(), QStringLiteral("jobs"),
                                                              {{QStringLiteral("idleStopMs"), 500},
                                                               {QStringLiteral("consumers"), 4},
                                                               {QStringLiteral("batch"), 8},
                                                               {QStringLiteral("work"), work("sleep", 1)},
                                                               {QStringLiteral("failureProbability"), 1.0}})}}})
                .toJson());
    f.close();
    const QString binary = qEnvironmentVariable("COROSCOPE_BINARY");
    QProcess first;
    first.start(binary, {QStringLiteral("--headless"), profile, QStringLiteral("--quiet")});
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(idsIn(redis, QStringLiteral("jobs:dead")).size() > 200, 20000);
    ::kill(pid_t(first.processId()), SIGKILL);
    QVERIFY(first.waitForFinished(5000));
    QVERIFY(idsIn(redis, QStringLiteral("jobs:dead")).size() < kItems); // killed mid-run
    QProcess second;
    second.start(binary, {QStringLiteral("--headless"), profile, QStringLiteral("--quiet")});
    QVERIFY(second.waitForFinished(60000));
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(second.readAllStandardOutput().contains("c "), "the summary names the workload");
    const QSet<QByteArray> dead = idsIn(redis, QStringLiteral("jobs:dead"));
    for (int i = 0; i < kItems; ++i)
        QVERIFY2(dead.contains(QStringLiteral("item-%1").arg(i).toUtf8()), qPrintable(QString::number(i)));
    QCOMPARE(redis.cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
    QCOMPARE(redis.cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueue::redisRestartedMidRunLosesNothing()
{
    testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    constexpr int kItems = 2000;
    fill(redis, QStringLiteral("jobs"), kItems);
    auto run = kQueue.makeRun(redisQueue(redis, {{QStringLiteral("producers"), 0},
                                                 {QStringLiteral("items"), 0},
                                                 {QStringLiteral("idleStopMs"), 1500},
                                                 {QStringLiteral("consumers"), 4},
                                                 {QStringLiteral("batch"), 8},
                                                 {QStringLiteral("work"), work("sleep", 1)},
                                                 {QStringLiteral("failureProbability"), 1.0}}));
    QVERIFY(run);
    QSignalSpy finished(run.get(), &Run::finished);
    PREPARE_AND_START(*run);
    QTRY_VERIFY_WITH_TIMEOUT(run->tracker().totals()[stateIndex(TaskState::Failed)] > 200, 20000);
    redis.stop();
    QTest::qWait(300);
    START_OR_FAIL(redis);
    QVERIFY(finished.wait(60000));
    const auto s = finished.first().first().value<SnapshotPtr>();
    QVERIFY(testing::gaugeOf(s, Gauge::Reconnects) > 0);
    const QSet<QByteArray> dead = idsIn(redis, QStringLiteral("jobs:dead"));
    for (int i = 0; i < kItems; ++i)
        QVERIFY2(dead.contains(QStringLiteral("item-%1").arg(i).toUtf8()), qPrintable(QString::number(i)));
    QCOMPARE(redis.cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
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
                                    {QStringLiteral("work"), work("sleep", 0)},
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

void TestQueue::redisDrainTakesExactlyItsLimit_data()
{
    testing::DataRows<int, int>("batch", "consumers")
        .row("batch 1", 1, 4)
        .row("batch 7", 7, 8)
        .row("batch 64", 64, 8)
        .row("batch 1000", 1000, 3);
}

void TestQueue::redisDrainTakesExactlyItsLimit()
{
    // items 1000 from a list of 5000: exactly 1000 are taken and acknowledged, the 4000 others stay
    // in the list in their order (once, every consumer's last batch ran past the limit: 1448).
    const auto [batch, consumers] = testing::fetch<int, int>("batch", "consumers");
    testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    fill(redis, QStringLiteral("jobs"), 5000);
    const auto s = kQueue.runToEnd(redisQueue(redis, {{QStringLiteral("producers"), 0},
                                                      {QStringLiteral("items"), 1000},
                                                      {QStringLiteral("consumers"), consumers},
                                                      {QStringLiteral("batch"), batch}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 1000);
    QCOMPARE(testing::gaugeOf(s, Gauge::Consumed), 1000.0);
    QList<QByteArray> expected;
    for (int i = 4999; i >= 1000; --i)
        expected << QStringLiteral("item-%1").arg(i).toUtf8();
    const QList<QByteArray> left =
        redis.cliCall({QStringLiteral("LRANGE"), QStringLiteral("jobs"), QStringLiteral("0"), QStringLiteral("-1")})
            .trimmed()
            .split('\n');
    QCOMPARE(left.size(), expected.size());
    QCOMPARE(left, expected);
    QCOMPARE(redis.cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueue::redisProducersPutExactlyTheirItems_data()
{
    testing::DataRows<int, int>("producers", "batch")
        .row("3 producers, batch 7", 3, 7)
        .row("4 producers, batch 64", 4, 64)
        .row("5 producers, batch 1000", 5, 1000);
}

void TestQueue::redisProducersPutExactlyTheirItems()
{
    const auto [producers, batch] = testing::fetch<int, int>("producers", "batch");
    testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    const auto s = kQueue.runToEnd(redisQueue(redis, {{QStringLiteral("producers"), producers},
                                                      {QStringLiteral("items"), 1001},
                                                      {QStringLiteral("consumers"), 2},
                                                      {QStringLiteral("idleStopMs"), 300},
                                                      {QStringLiteral("batch"), batch}}));
    QVERIFY(s);
    QCOMPARE(testing::gaugeOf(s, Gauge::Produced), 1001.0);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 1001);
    QCOMPARE(redis.cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
}

void TestQueue::redisCancelGivesItemsBackInOrder()
{
    // One consumer takes batches of 50 and works 5 ms an item; a cancel mid-batch ends the item in
    // work cancelled and gives it and the batch's untouched items back to the head, in order.
    testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    fill(redis, QStringLiteral("jobs"), 200);
    auto run = kQueue.makeRun(redisQueue(redis, {{QStringLiteral("producers"), 0},
                                                 {QStringLiteral("items"), 0},
                                                 {QStringLiteral("consumers"), 1},
                                                 {QStringLiteral("batch"), 50},
                                                 {QStringLiteral("work"), work("sleep", 5)}}));
    QVERIFY(run);
    const auto s = testing::endOnceSucceeded(*run, 10, &Run::cancelAll, 20000);
    QVERIFY(s);
    const qint64 done = testing::countOf(s, TaskState::Succeeded);
    QVERIFY(done >= 10 && done < 200);
    // The item in work when the cancel came (none if it came during a take: then the take's items
    // go back from the processing list, in the same order).
    QVERIFY(testing::countOf(s, TaskState::Cancelled) <= 1);
    QList<QByteArray> expected;
    for (qint64 i = 199; i >= done; --i)
        expected << QStringLiteral("item-%1").arg(i).toUtf8();
    const QList<QByteArray> left =
        redis.cliCall({QStringLiteral("LRANGE"), QStringLiteral("jobs"), QStringLiteral("0"), QStringLiteral("-1")})
            .trimmed()
            .split('\n');
    QCOMPARE(left, expected);
    QCOMPARE(redis.cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueue::redisStopLeavesNothingInProcessingLists_data()
{
    testing::DataRows<QString, int>("kind", "items")
        .row("stopped while working", "sleep", 3000)
        // With no work the consumers are nearly always waiting on a take when the stop comes.
        .row("stopped while taking", "none", 60000);
}

void TestQueue::redisStopLeavesNothingInProcessingLists()
{
    const auto [kind, items] = testing::fetch<QString, int>("kind", "items");
    // A graceful stop mid-drain: takes in flight are abandoned, and what they moved goes back; every
    // item is either done (acknowledged) or back in the list.
    testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    const int kItems = items;
    fill(redis, QStringLiteral("jobs"), kItems);
    auto run = kQueue.makeRun(redisQueue(redis, {{QStringLiteral("producers"), 0},
                                                 {QStringLiteral("items"), 0},
                                                 {QStringLiteral("consumers"), 4},
                                                 {QStringLiteral("batch"), 64},
                                                 {QStringLiteral("work"), work(qPrintable(kind), 1)}}));
    QVERIFY(run);
    QSignalSpy finished(run.get(), &Run::finished);
    PREPARE_AND_START(*run);
    QTRY_VERIFY_WITH_TIMEOUT(run->tracker().totals()[stateIndex(TaskState::Succeeded)] >= 200, 20000);
    QTest::qWait(5);
    run->stopGracefully();
    QVERIFY(finished.wait(10000));
    const auto s = finished.first().first().value<SnapshotPtr>();
    const qint64 done = testing::countOf(s, TaskState::Succeeded);
    QVERIFY(done < kItems);
    const qint64 left = redis.cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed().toLongLong();
    QVERIFY2(done + left == qint64(kItems),
             qPrintable(QStringLiteral("%1 done + %2 left; processing lists: %3")
                            .arg(done)
                            .arg(left)
                            .arg(QString::fromUtf8(
                                redis.cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")})))));
    QCOMPARE(redis.cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
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
