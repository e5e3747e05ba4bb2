// A run on several loop threads (run.threads): each thread runs its share of every workload, and
// the run's figures, control and task table are those of one run.
#include "RunHarness.h"
#include "report/JsonReport.h"
#include "workloads/WorkloadRegistry.h"

#include "support/DataRows.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <set>

using namespace coroscope;
using testing::countsOf;
using testing::makeShardedRun;
using testing::runToEnd;

namespace {

constexpr auto Succeeded = TaskState::Succeeded;
constexpr auto Failed = TaskState::Failed;
constexpr auto TimedOut = TaskState::TimedOut;
constexpr auto Cancelled = TaskState::Cancelled;

QJsonObject listDelays(std::initializer_list<int> ms)
{
    QJsonArray values;
    for (int v : ms)
        values.append(v);
    return QJsonObject{{QStringLiteral("dist"), QStringLiteral("list")}, {QStringLiteral("values"), values}};
}

// An HTTP server on the test's own loop that answers every request 200 with an empty body and
// records each request's target, so a test can see which `{i}` arrived.
class RecordingServer : public QObject
{
public:
    RecordingServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto *buffer = new QByteArray;
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    buffer->append(s->readAll());
                    qsizetype end;
                    while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                        const QList<QByteArray> line = buffer->left(buffer->indexOf("\r\n")).split(' ');
                        targets << (line.size() > 1 ? line[1] : QByteArray());
                        buffer->remove(0, end + 4);
                        s->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                    }
                });
                connect(s, &QTcpSocket::disconnected, s, [s, buffer] {
                    delete buffer;
                    s->deleteLater();
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    QList<QByteArray> targets;

private:
    QTcpServer m_server{this};
};

// Waits (bounded) until the run publishes a snapshot for which `done` holds; the last one seen.
SnapshotPtr waitForSnapshot(Run &run, const std::function<bool(const Snapshot &)> &done, int timeoutMs = 10000)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (done(*run.latestSnapshot()))
            return run.latestSnapshot();
        QTest::qWait(20);
    }
    return nullptr;
}

} // namespace

class TestThreads : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sleepCountsDoNotDependOnThreads_data();
    void sleepCountsDoNotDependOnThreads();
    void echoAgainstTheBuiltInServer();
    void httpFanoutAgainstTheBuiltInTarget();
    void indexIsUniqueAcrossThreads();
    void cancelAllEndsTheRunOnTime();
    void gracefulStopEndsTheRunOnTime();
    void cancelOneTaskOfTheSecondThread();
    void reportHasTheLagOfEveryThread();
    void defaultThreadsLeaveTheBuiltInServersACore_data();
    void defaultThreadsLeaveTheBuiltInServersACore();
};

void TestThreads::sleepCountsDoNotDependOnThreads_data()
{
    testing::DataRows<int>("threads").row("1 thread", 1).row("2 threads", 2).row("3 threads", 3);
}

void TestThreads::sleepCountsDoNotDependOnThreads()
{
    QFETCH(int, threads);
    // Task i sleeps element i mod 3 of the list; one in three outlives its timeout. The share keeps
    // each task's own index, so every thread count gives the counts one loop gives.
    const auto run = makeShardedRun(
        QStringLiteral("sleep"), {{"tasks", 301}, {"delayMs", listDelays({1, 2, 400})}, {"timeoutMs", 100}}, threads);
    QCOMPARE(run->threads(), threads);
    const SnapshotPtr s = runToEnd(*run, 30000);
    QVERIFY(s);
    QCOMPARE(countsOf(s, {Succeeded, TimedOut, Failed, Cancelled}), (QList<qint64>{201, 100, 0, 0}));
    QCOMPARE(s->workloads[0].created, qint64(301));
    QCOMPARE(s->workloads[0].histogram.count(), qint64(201)); // the latencies of the tasks that succeeded
    QCOMPARE(s->loopLagPerThread.size(), size_t(threads));
    QVERIFY(s->workloads[0].finished);
}

void TestThreads::echoAgainstTheBuiltInServer()
{
    // Every round trip is checked byte for byte by the client: a mismatch would be a failed task.
    const auto run = makeShardedRun(QStringLiteral("echo"),
                                    {{"connections", 9}, {"messagesPerConnection", 40}, {"messageBytes", 32}}, 2);
    QString error;
    QVERIFY2(run->prepare(&error), qPrintable(error));
    QVERIFY2(run->latestSnapshot()->workloads[0].target.contains(QStringLiteral("built-in")),
             qPrintable(run->latestSnapshot()->workloads[0].target));
    const SnapshotPtr s = runToEnd(*run, 30000);
    QVERIFY(s);
    QCOMPARE(countsOf(s, {Succeeded, Failed, TimedOut, Cancelled}), (QList<qint64>{360, 0, 0, 0}));
    QVERIFY(s->workloads[0].errors.isEmpty());
}

void TestThreads::httpFanoutAgainstTheBuiltInTarget()
{
    const auto run =
        makeShardedRun(QStringLiteral("http-fanout"),
                       {{"url", QStringLiteral("builtin:/delay?ms=1")}, {"requests", 301}, {"concurrency", 7}}, 2);
    const SnapshotPtr s = runToEnd(*run, 30000);
    QVERIFY(s);
    QCOMPARE(countsOf(s, {Succeeded, Failed, TimedOut, Cancelled}), (QList<qint64>{301, 0, 0, 0}));
    QCOMPARE(s->workloads[0].httpStatus.value(200), qint64(301));
}

void TestThreads::indexIsUniqueAcrossThreads()
{
    RecordingServer server;
    const auto run =
        makeShardedRun(QStringLiteral("http-fanout"),
                       {{"url", server.url(QStringLiteral("/items/{i}"))}, {"requests", 203}, {"concurrency", 4}}, 2);
    const SnapshotPtr s = runToEnd(*run, 30000);
    QVERIFY(s);
    QCOMPARE(countsOf(s, {Succeeded, Failed}), (QList<qint64>{203, 0}));
    std::set<QByteArray> distinct(server.targets.cbegin(), server.targets.cend());
    QCOMPARE(server.targets.size(), 203);
    QCOMPARE(distinct.size(), size_t(203));
    for (int i = 0; i < 203; ++i)
        QVERIFY2(distinct.count("/items/" + QByteArray::number(i)), qPrintable(QString::number(i)));
}

void TestThreads::cancelAllEndsTheRunOnTime()
{
    const auto run = makeShardedRun(QStringLiteral("sleep"), {{"tasks", 1000}, {"delayMs", 60000}}, 2);
    QSignalSpy finished(run.get(), &Run::finished);
    PREPARE_AND_START(*run);
    QVERIFY(waitForSnapshot(*run, [](const Snapshot &s) { return s.workloads[0].created == 1000; }));
    QElapsedTimer clock;
    clock.start();
    run->cancelAll();
    QVERIFY(finished.wait(Run::kAbandonAfterCancelMs + 4000));
    QVERIFY2(clock.elapsed() < Run::kAbandonAfterCancelMs + 4000, qPrintable(QString::number(clock.elapsed())));
    const auto s = finished.first().first().value<SnapshotPtr>();
    QCOMPARE(countsOf(s, {Cancelled, Succeeded}), (QList<qint64>{1000, 0}));
    QVERIFY(run->abandonedWorkloads().isEmpty());
}

void TestThreads::gracefulStopEndsTheRunOnTime()
{
    RunSpec spec;
    spec.drainTimeoutMs = 200;
    // Half the tasks end at once, the others would sleep a minute: the drain timeout cancels them.
    const auto run =
        makeShardedRun(QStringLiteral("sleep"), {{"tasks", 100}, {"delayMs", listDelays({1, 60000})}}, 2, spec);
    QSignalSpy finished(run.get(), &Run::finished);
    PREPARE_AND_START(*run);
    QVERIFY(
        waitForSnapshot(*run, [](const Snapshot &s) { return s.workloads[0].counts[stateIndex(Succeeded)] == 50; }));
    run->stopGracefully();
    QVERIFY(finished.wait(spec.drainTimeoutMs + Run::kAbandonAfterCancelMs + 4000));
    const auto s = finished.first().first().value<SnapshotPtr>();
    QCOMPARE(countsOf(s, {Succeeded, Cancelled}), (QList<qint64>{50, 50}));
}

void TestThreads::cancelOneTaskOfTheSecondThread()
{
    const auto run = makeShardedRun(QStringLiteral("sleep"), {{"tasks", 6}, {"delayMs", 60000}}, 2);
    PREPARE_AND_START(*run);
    // The task table's view of the shards: live tasks arrive with the snapshots after the first read.
    QStringList phases;
    std::vector<LiveTask> live;
    QList<TaskRow> recent;
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 10000) {
        run->collectTasks(&phases, &live, &recent);
        if (live.size() == 6)
            break;
        QTest::qWait(20);
    }
    QCOMPARE(live.size(), size_t(6));
    std::set<quint64> ids;
    quint64 second = 0;
    for (const LiveTask &t : live) {
        ids.insert(t.id);
        if ((t.id - 1) % 2 == 1)
            second = t.id; // ids of thread 2 (index 1) are 2, 4, 6
    }
    QCOMPARE(ids.size(), size_t(6));
    QVERIFY(second != 0);
    QVERIFY(phases.contains(QStringLiteral("sleeping")));
    QVERIFY(run->cancelTask(second));
    QVERIFY(waitForSnapshot(*run, [](const Snapshot &s) { return s.workloads[0].counts[stateIndex(Cancelled)] == 1; }));
    run->collectTasks(&phases, &live, &recent);
    QVERIFY(waitForSnapshot(*run, [](const Snapshot &s) { return !s.recentFinished.isEmpty(); }));
    QTest::qWait(200);
    run->collectTasks(&phases, &live, &recent);
    QCOMPARE(live.size(), size_t(5));
    QCOMPARE(recent.size(), 1);
    QCOMPARE(recent.first().id, second);
    QSignalSpy finished(run.get(), &Run::finished);
    run->cancelAll();
    QVERIFY(finished.wait(Run::kAbandonAfterCancelMs + 4000));
    QCOMPARE(countsOf(finished.first().first().value<SnapshotPtr>(), {Cancelled}), (QList<qint64>{6}));
}

void TestThreads::reportHasTheLagOfEveryThread()
{
    const auto run = makeShardedRun(QStringLiteral("sleep"), {{"tasks", 20}, {"delayMs", 30}}, 2);
    const SnapshotPtr s = runToEnd(*run, 30000);
    QVERIFY(s);
    const QJsonObject report = JsonReport::build(run->spec(), *s, run->startedAt(), false, {});
    const QJsonObject lag = report.value(QStringLiteral("loopLagMs")).toObject();
    const QJsonArray perThread = lag.value(QStringLiteral("perThread")).toArray();
    QCOMPARE(perThread.size(), 2);
    double worst = 0;
    for (const QJsonValue &t : perThread) {
        for (const char *key : {"p50", "p99", "max"})
            QVERIFY2(t.toObject().value(QLatin1String(key)).isDouble(), key);
        worst = std::max(worst, t.toObject().value(QStringLiteral("p99")).toDouble());
    }
    QCOMPARE(lag.value(QStringLiteral("p99")).toDouble(), worst);
}

QTEST_GUILESS_MAIN(TestThreads)
void TestThreads::defaultThreadsLeaveTheBuiltInServersACore_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("servers");
    const QJsonObject builtinGet{{"url", "builtin:/delay?ms=1"}};
    const QJsonObject nginxGet{{"url", "http://127.0.0.1:8080/"}};
    QTest::newRow("sleep") << "sleep" << QJsonObject{{"tasks", 1}} << 0 << 0;
    QTest::newRow("echo, server by default") << "echo" << QJsonObject{} << 0 << 1;
    QTest::newRow("echo against host:port") << "echo" << QJsonObject{{"server", "127.0.0.1:7"}} << 0 << 0;
    QTest::newRow("websocket, builtin") << "websocket" << QJsonObject{{"server", "builtin"}} << 0 << 1;
    QTest::newRow("http-fanout url builtin") << "http-fanout" << builtinGet << 0 << 1;
    QTest::newRow("http-fanout remote") << "http-fanout" << nginxGet << 0 << 0;
    QTest::newRow("http-fanout urls, one builtin")
        << "http-fanout" << QJsonObject{{"urls", QJsonArray{"http://127.0.0.1:1/", "builtin:/echo"}}} << 0 << 1;
    QTest::newRow("queue work builtin") << "queue" << QJsonObject{{"work", builtinGet}} << 0 << 1;
    QTest::newRow("threads set: kept") << "echo" << QJsonObject{} << 3 << 1;
}

void TestThreads::defaultThreadsLeaveTheBuiltInServersACore()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, params);
    QFETCH(int, threads);
    QFETCH(int, servers);
    RunSpec spec;
    spec.threads = threads;
    spec.workloads.push_back(WorkloadSpec{type, QStringLiteral("w"), true, 0, params, {}, {}});
    // A disabled workload starts nothing.
    spec.workloads.push_back(WorkloadSpec{QStringLiteral("echo"), QStringLiteral("off"), false, 0, {}, {}, {}});
    QCOMPARE(WorkloadRegistry::builtinServers(spec), servers);
    const int expected = threads > 0 ? threads : std::max(1, QThread::idealThreadCount() - servers);
    QCOMPARE(WorkloadRegistry::loopThreads(spec), expected);
}

#include "tst_threads.moc"
