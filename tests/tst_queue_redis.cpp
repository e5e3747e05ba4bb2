// The queue workload's Redis backend against a real redis-server, a fresh one for every test
// function: items pushed from outside, at-least-once across a killed consumer process and a
// restarted Redis, exact drains and puts in batches, a cancel or a stop mid-batch.
#include "RedisServer.h"
#include "RunHarness.h"
#include "support/DataRows.h"
#include "support/RedisQueueJson.h"
#include "support/StartServer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace coroscope;

namespace {

const testing::OneWorkload kQueue{QStringLiteral("queue")};

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

// The values of the Redis list `key`, head first.
QList<QByteArray> valuesOf(const testing::RedisServer &redis, const QString &key)
{
    const QByteArray lines =
        redis.cliCall({QStringLiteral("LRANGE"), key, QStringLiteral("0"), QStringLiteral("-1")}).trimmed();
    return lines.isEmpty() ? QList<QByteArray>() : lines.split('\n');
}

// The ids (second field of "cs1:ID:...", or the raw value) of a Redis list.
QSet<QByteArray> idsIn(const testing::RedisServer &redis, const QString &key)
{
    QSet<QByteArray> ids;
    for (const QByteArray &value : valuesOf(redis, key))
        ids.insert(value.startsWith("cs1:") ? value.split(':').value(1) : value);
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

class TestQueueRedis : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (testing::RedisServer::binary().isEmpty())
            QSKIP("redis-server is not installed (scripts/bootstrap installs it)");
    }
    void init()
    {
        m_redis = std::make_unique<testing::RedisServer>();
        START_OR_FAIL(*m_redis);
    }
    void cleanup() { m_redis.reset(); }
    void redisItemsPushedFromOutsideAreConsumed();
    void redisConsumerKilledMidRunLosesNothing();
    void redisRestartedMidRunLosesNothing();
    void redisDrainTakesExactlyItsLimit_data();
    void redisDrainTakesExactlyItsLimit();
    void redisProducersPutExactlyTheirItems_data();
    void redisProducersPutExactlyTheirItems();
    void redisCancelGivesItemsBackInOrder();
    void redisStopLeavesNothingInProcessingLists_data();
    void redisStopLeavesNothingInProcessingLists();

private:
    // The test function's own Redis (init() starts it).
    testing::RedisServer &redis() { return *m_redis; }

    std::unique_ptr<testing::RedisServer> m_redis;
};

void TestQueueRedis::redisItemsPushedFromOutsideAreConsumed()
{
    fill(redis(), QStringLiteral("jobs"), 300);
    const auto s = kQueue.runToEnd(redisQueue(redis(), {{QStringLiteral("producers"), 0},
                                                        {QStringLiteral("items"), 300},
                                                        {QStringLiteral("consumers"), 4},
                                                        {QStringLiteral("batch"), 16}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 300);
    QCOMPARE(redis().cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
    QCOMPARE(redis().cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueueRedis::redisConsumerKilledMidRunLosesNothing()
{
    constexpr int kItems = 3000;
    fill(redis(), QStringLiteral("jobs"), kItems);
    // Every processed item fails on purpose and lands in jobs:dead: the dead letters are the record
    // of what was processed.
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("consumer.json"));
    QFile f(profile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("schemaVersion"), 1},
                                      {QStringLiteral("name"), QStringLiteral("consumer")},
                                      {QStringLiteral("workloads"),
                                       QJsonArray{testing::redisDrainWorkload(
                                           QStringLiteral("c"), redis().url(), QStringLiteral("jobs"),
                                           {{QStringLiteral("idleStopMs"), 500},
                                            {QStringLiteral("consumers"), 4},
                                            {QStringLiteral("batch"), 8},
                                            {QStringLiteral("work"), testing::queueWork("sleep", 1)},
                                            {QStringLiteral("failureProbability"), 1.0}})}}})
                .toJson());
    f.close();
    const QString binary = qEnvironmentVariable("COROSCOPE_BINARY");
    QProcess first;
    first.start(binary, {QStringLiteral("--headless"), profile, QStringLiteral("--quiet")});
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(idsIn(redis(), QStringLiteral("jobs:dead")).size() > 200, 20000);
    ::kill(pid_t(first.processId()), SIGKILL);
    QVERIFY(first.waitForFinished(5000));
    QVERIFY(idsIn(redis(), QStringLiteral("jobs:dead")).size() < kItems); // killed mid-run
    QProcess second;
    second.start(binary, {QStringLiteral("--headless"), profile, QStringLiteral("--quiet")});
    QVERIFY(second.waitForFinished(60000));
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(second.readAllStandardOutput().contains("c "), "the summary names the workload");
    const QSet<QByteArray> dead = idsIn(redis(), QStringLiteral("jobs:dead"));
    for (int i = 0; i < kItems; ++i)
        QVERIFY2(dead.contains(QStringLiteral("item-%1").arg(i).toUtf8()), qPrintable(QString::number(i)));
    QCOMPARE(redis().cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
    QCOMPARE(redis().cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueueRedis::redisRestartedMidRunLosesNothing()
{
    constexpr int kItems = 2000;
    fill(redis(), QStringLiteral("jobs"), kItems);
    auto run = kQueue.makeRun(redisQueue(redis(), {{QStringLiteral("producers"), 0},
                                                   {QStringLiteral("items"), 0},
                                                   {QStringLiteral("idleStopMs"), 1500},
                                                   {QStringLiteral("consumers"), 4},
                                                   {QStringLiteral("batch"), 8},
                                                   {QStringLiteral("work"), testing::queueWork("sleep", 1)},
                                                   {QStringLiteral("failureProbability"), 1.0}}));
    QVERIFY(run);
    QSignalSpy finished(run.get(), &Run::finished);
    PREPARE_AND_START(*run);
    QTRY_VERIFY_WITH_TIMEOUT(run->tracker().totals()[stateIndex(TaskState::Failed)] > 200, 20000);
    redis().stop();
    QTest::qWait(300);
    START_OR_FAIL(redis());
    QVERIFY(finished.wait(60000));
    const auto s = finished.first().first().value<SnapshotPtr>();
    QVERIFY(testing::gaugeOf(s, Gauge::Reconnects) > 0);
    const QSet<QByteArray> dead = idsIn(redis(), QStringLiteral("jobs:dead"));
    for (int i = 0; i < kItems; ++i)
        QVERIFY2(dead.contains(QStringLiteral("item-%1").arg(i).toUtf8()), qPrintable(QString::number(i)));
    QCOMPARE(redis().cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
}

void TestQueueRedis::redisDrainTakesExactlyItsLimit_data()
{
    testing::DataRows<int, int>("batch", "consumers")
        .row("batch 1", 1, 4)
        .row("batch 7", 7, 8)
        .row("batch 64", 64, 8)
        .row("batch 1000", 1000, 3);
}

void TestQueueRedis::redisDrainTakesExactlyItsLimit()
{
    // items 1000 from a list of 5000: exactly 1000 are taken and acknowledged, the 4000 others stay
    // in the list in their order (once, every consumer's last batch ran past the limit: 1448).
    const auto [batch, consumers] = testing::fetch<int, int>("batch", "consumers");
    fill(redis(), QStringLiteral("jobs"), 5000);
    const auto s = kQueue.runToEnd(redisQueue(redis(), {{QStringLiteral("producers"), 0},
                                                        {QStringLiteral("items"), 1000},
                                                        {QStringLiteral("consumers"), consumers},
                                                        {QStringLiteral("batch"), batch}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 1000);
    QCOMPARE(testing::gaugeOf(s, Gauge::Consumed), 1000.0);
    QList<QByteArray> expected;
    for (int i = 4999; i >= 1000; --i)
        expected << QStringLiteral("item-%1").arg(i).toUtf8();
    const QList<QByteArray> left = valuesOf(redis(), QStringLiteral("jobs"));
    QCOMPARE(left.size(), expected.size());
    QCOMPARE(left, expected);
    QCOMPARE(redis().cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueueRedis::redisProducersPutExactlyTheirItems_data()
{
    testing::DataRows<int, int>("producers", "batch")
        .row("3 producers, batch 7", 3, 7)
        .row("4 producers, batch 64", 4, 64)
        .row("5 producers, batch 1000", 5, 1000);
}

void TestQueueRedis::redisProducersPutExactlyTheirItems()
{
    const auto [producers, batch] = testing::fetch<int, int>("producers", "batch");
    const auto s = kQueue.runToEnd(redisQueue(redis(), {{QStringLiteral("producers"), producers},
                                                        {QStringLiteral("items"), 1001},
                                                        {QStringLiteral("consumers"), 2},
                                                        {QStringLiteral("idleStopMs"), 300},
                                                        {QStringLiteral("batch"), batch}}));
    QVERIFY(s);
    QCOMPARE(testing::gaugeOf(s, Gauge::Produced), 1001.0);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 1001);
    QCOMPARE(redis().cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed(), QByteArray("0"));
}

void TestQueueRedis::redisCancelGivesItemsBackInOrder()
{
    // One consumer takes batches of 50 and works 5 ms an item; a cancel mid-batch ends the item in
    // work cancelled and gives it and the batch's untouched items back to the head, in order.
    fill(redis(), QStringLiteral("jobs"), 200);
    auto run = kQueue.makeRun(redisQueue(redis(), {{QStringLiteral("producers"), 0},
                                                   {QStringLiteral("items"), 0},
                                                   {QStringLiteral("consumers"), 1},
                                                   {QStringLiteral("batch"), 50},
                                                   {QStringLiteral("work"), testing::queueWork("sleep", 5)}}));
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
    const QList<QByteArray> left = valuesOf(redis(), QStringLiteral("jobs"));
    QCOMPARE(left, expected);
    QCOMPARE(redis().cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

void TestQueueRedis::redisStopLeavesNothingInProcessingLists_data()
{
    testing::DataRows<QString, int>("kind", "items")
        .row("stopped while working", "sleep", 3000)
        // With no work the consumers are nearly always waiting on a take when the stop comes.
        .row("stopped while taking", "none", 60000);
}

void TestQueueRedis::redisStopLeavesNothingInProcessingLists()
{
    const auto [kind, items] = testing::fetch<QString, int>("kind", "items");
    // A graceful stop mid-drain: takes in flight are abandoned, and what they moved goes back; every
    // item is either done (acknowledged) or back in the list.
    const int kItems = items;
    fill(redis(), QStringLiteral("jobs"), kItems);
    auto run = kQueue.makeRun(redisQueue(redis(), {{QStringLiteral("producers"), 0},
                                                   {QStringLiteral("items"), 0},
                                                   {QStringLiteral("consumers"), 4},
                                                   {QStringLiteral("batch"), 64},
                                                   {QStringLiteral("work"), testing::queueWork(qPrintable(kind), 1)}}));
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
    const qint64 left = redis().cliCall({QStringLiteral("LLEN"), QStringLiteral("jobs")}).trimmed().toLongLong();
    QVERIFY2(done + left == qint64(kItems),
             qPrintable(QStringLiteral("%1 done + %2 left; processing lists: %3")
                            .arg(done)
                            .arg(left)
                            .arg(QString::fromUtf8(
                                redis().cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")})))));
    QCOMPARE(redis().cliCall({QStringLiteral("KEYS"), QStringLiteral("jobs:processing:*")}).trimmed(), QByteArray());
}

QTEST_GUILESS_MAIN(TestQueueRedis)
#include "tst_queue_redis.moc"
