// The http-fanout workload (fast and qnam engines) and the built-in HTTP target, against each other,
// against a real nginx, and against clients nobody here wrote (curl, wrk); misbehaving servers too.
#include "NginxServer.h"
#include "RunHarness.h"
#include "cli/OpenFileLimit.h"
#include "core/Clock.h"
#include "net/HttpTargetServer.h"
#include "support/Ports.h"
#include "support/StartServer.h"
#include "support/ToolOrSkip.h"

#include "support/DataRows.h"

#include <QJsonArray>
#include <QProcess>
#include <QTest>

using namespace coroscope;

namespace {

const testing::OneWorkload kHttp{QStringLiteral("http-fanout")};

// A server on the test's own loop that answers every request with the given bytes, then closes
// or not.
class CannedServer : public QObject
{
public:
    CannedServer(QByteArray answer, bool closeAfter) : m_answer(std::move(answer)), m_close(closeAfter)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    const QByteArray got = s->readAll();
                    for (qsizetype i = 0; i < got.count("\r\n\r\n"); ++i)
                        s->write(m_answer);
                    if (m_close)
                        s->disconnectFromHost();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort()); }

private:
    QByteArray m_answer;
    bool m_close;
    QTcpServer m_server{this};
};

QJsonObject retries(int max, const QStringList &on)
{
    return QJsonObject{{QStringLiteral("max"), max},
                       {QStringLiteral("backoffMs"), 5},
                       {QStringLiteral("on"), QJsonArray::fromStringList(on)}};
}

// The keys of `requests` requests to `url` from `concurrency` workers, and the keys of `more`.
QJsonObject requestsTo(const QString &url, int requests, int concurrency, QJsonObject more = {})
{
    more.insert(QStringLiteral("url"), url);
    more.insert(QStringLiteral("requests"), requests);
    more.insert(QStringLiteral("concurrency"), concurrency);
    return more;
}

} // namespace

class TestHttp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { raiseOpenFileLimit(); }
    void builtinTargetStatusesAndDelays_data();
    void builtinTargetStatusesAndDelays();
    void nginxWithBothEngines_data();
    void nginxWithBothEngines();
    void curlTalksToTheBuiltinTarget();
    void wrkLoadsTheBuiltinTarget();
    void refusedPort();
    void dropIsAReset();
    void garbageIsABadResponse();
    void chunkedAndCloseDelimitedBodies();
    void slowerThanTheDeadlineTimesOut();
    void retriesHappenOn503();
    void cancelMidFlightClosesEverything();
    void firstModeCancelsTheRest();
    void openModelCorrectsForCoordinatedOmission();
    void templatedUrls();
    void gracefulStopEndsAnOpenModelRun();
    void requestCountIsExact_data();
    void requestCountIsExact();
    void pendingCountsRequestsNotYetSent();
    void aStaleKeepAliveIsSentAgainFresh();
};

void TestHttp::builtinTargetStatusesAndDelays_data()
{
    testing::DataRows<QString>("engine").row("fast", "fast").row("qnam", "qnam");
}

void TestHttp::builtinTargetStatusesAndDelays()
{
    QFETCH(QString, engine);
    const auto s = kHttp.runToEnd(
        {{QStringLiteral("urls"),
          QJsonArray{QStringLiteral("builtin:/delay?min_ms=1&max_ms=3"), QStringLiteral("builtin:/status/201"),
                     QStringLiteral("builtin:/status/404"), QStringLiteral("builtin:/status/500")}},
         {QStringLiteral("requests"), 200},
         {QStringLiteral("concurrency"), 20},
         {QStringLiteral("engine"), engine}});
    QVERIFY(s);
    QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Failed}), (QList<qint64>{100, 100}));
    QCOMPARE(testing::statusOf(s, 200), 50.0);
    QCOMPARE(testing::statusOf(s, 201), 50.0);
    QCOMPARE(testing::errorsOf(s, ErrorKind::Http4xx), 50);
    QCOMPARE(testing::errorsOf(s, ErrorKind::Http5xx), 50);
    QCOMPARE(testing::gaugeOf(s, Gauge::ServerRequests), 200.0);
    QVERIFY(s->workloads[0].target.contains(engine == QLatin1String("fast") ? QStringLiteral("fast engine")
                                                                            : QStringLiteral("qnam engine")));
}

void TestHttp::nginxWithBothEngines_data()
{
    builtinTargetStatusesAndDelays_data();
}

void TestHttp::nginxWithBothEngines()
{
    QFETCH(QString, engine);
    testing::NginxServer nginx;
    if (testing::NginxServer::binary().isEmpty())
        QSKIP("nginx is not installed (scripts/bootstrap installs nginx-light)");
    START_OR_FAIL(nginx);
    const auto s = kHttp.runToEnd(
        {{QStringLiteral("urls"), QJsonArray{nginx.url(QStringLiteral("/hello.txt")), nginx.url(QStringLiteral("/503")),
                                             nginx.url(QStringLiteral("/missing"))}},
         {QStringLiteral("requests"), 600},
         {QStringLiteral("concurrency"), 30},
         {QStringLiteral("engine"), engine}});
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 200);
    QCOMPARE(testing::statusOf(s, 200), 200.0);
    QCOMPARE(testing::statusOf(s, 503), 200.0);
    QCOMPARE(testing::statusOf(s, 404), 200.0);
    QCOMPARE(testing::errorsOf(s, ErrorKind::Http5xx), 200);
    QCOMPARE(testing::errorsOf(s, ErrorKind::Http4xx), 200);
    QVERIFY(testing::gaugeOf(s, Gauge::BytesReceived) >= 200 * 13);
}

void TestHttp::curlTalksToTheBuiltinTarget()
{
    FIND_TOOL_OR_SKIP(curl, "curl");
    HttpTargetServer server;
    START_OR_FAIL(server);
    auto fetch = [&](const QString &path, int *exitCode) {
        QProcess p;
        p.start(curl, {QStringLiteral("-s"), QStringLiteral("-w"), QStringLiteral("\n%{http_code}"),
                       server.baseUrl() + path});
        p.waitForFinished(10000);
        *exitCode = p.exitCode();
        return p.readAllStandardOutput();
    };
    int code = 0;
    QCOMPARE(fetch(QStringLiteral("/delay?ms=5"), &code), QByteArray("{\"delay_ms\": 5}\n200"));
    QCOMPARE(fetch(QStringLiteral("/status/503"), &code), QByteArray("{\"status\": 503}\n503"));
    QCOMPARE(fetch(QStringLiteral("/bytes/13"), &code), QByteArray("xxxxxxxxxxxxx\n200"));
    QCOMPARE(fetch(QStringLiteral("/nope"), &code).right(3), QByteArray("404"));
    fetch(QStringLiteral("/drop"), &code);
    QCOMPARE(code, 52); // curl: empty reply from server
    QTRY_COMPARE(server.stats().drops.load(), 1);
}

void TestHttp::wrkLoadsTheBuiltinTarget()
{
    FIND_TOOL_OR_SKIP(wrk, "wrk");
    HttpTargetServer server;
    START_OR_FAIL(server);
    QProcess p;
    p.start(wrk, {QStringLiteral("-t1"), QStringLiteral("-c20"), QStringLiteral("-d1s"),
                  server.baseUrl() + QStringLiteral("/bytes/13")});
    QVERIFY(p.waitForFinished(30000));
    const QByteArray out = p.readAllStandardOutput();
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(out.contains("Requests/sec:"), out.constData());
    QVERIFY2(!out.contains("Non-2xx") && !out.contains("Socket errors"), out.constData());
    QVERIFY(server.stats().status2xx.load() > 100);
}

void TestHttp::refusedPort()
{
    const quint16 port = testing::freePort();
    const auto s = kHttp.runToEnd(requestsTo(QStringLiteral("http://127.0.0.1:%1/").arg(port), 10, 2,
                                             {{QStringLiteral("retries"), retries(1, {QStringLiteral("connect")})}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Failed), 10);
    QCOMPARE(testing::errorsOf(s, ErrorKind::ConnectionRefused), 10);
    QCOMPARE(testing::gaugeOf(s, Gauge::Retries), 10.0);
}

void TestHttp::dropIsAReset()
{
    const auto s = kHttp.runToEnd(requestsTo(QStringLiteral("builtin:/drop"), 20, 4));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Failed), 20);
    QCOMPARE(testing::errorsOf(s, ErrorKind::ConnectionReset), 20);
}

void TestHttp::garbageIsABadResponse()
{
    CannedServer garbage("GARBAGE 42 nonsense\r\n\r\n", false);
    const auto s = kHttp.runToEnd(requestsTo(garbage.url(), 10, 2), {}, 20000);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Failed), 10);
    QCOMPARE(testing::errorsOf(s, ErrorKind::BadResponse), 10);
}

void TestHttp::chunkedAndCloseDelimitedBodies()
{
    CannedServer chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                         false);
    auto s = kHttp.runToEnd(requestsTo(chunked.url(), 20, 2), {}, 20000);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 20);
    QCOMPARE(testing::gaugeOf(s, Gauge::BytesReceived), 20.0 * 11);

    CannedServer closing("HTTP/1.0 200 OK\r\n\r\nuntil the end", true);
    s = kHttp.runToEnd(requestsTo(closing.url(), 10, 2), {}, 20000);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 10);
    QCOMPARE(testing::gaugeOf(s, Gauge::BytesReceived), 10.0 * 13);
}

void TestHttp::slowerThanTheDeadlineTimesOut()
{
    const auto s = kHttp.runToEnd(
        requestsTo(QStringLiteral("builtin:/delay?ms=5000"), 10, 10, {{QStringLiteral("timeoutMs"), 100}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::TimedOut), 10);
    QVERIFY(s->elapsedNs < 4000 * kNsPerMs);
}

void TestHttp::retriesHappenOn503()
{
    const auto s = kHttp.runToEnd(requestsTo(QStringLiteral("builtin:/status/503"), 10, 5,
                                             {{QStringLiteral("retries"), retries(2, {QStringLiteral("5xx")})}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Failed), 10);
    QCOMPARE(testing::errorsOf(s, ErrorKind::Http5xx), 10);
    QCOMPARE(testing::gaugeOf(s, Gauge::Retries), 20.0);
    QCOMPARE(testing::gaugeOf(s, Gauge::ServerRequests), 30.0);
    for (const TaskRow &row : s->recentFinished)
        QCOMPARE(row.attempts, 3);
}

void TestHttp::cancelMidFlightClosesEverything()
{
    HttpTargetServer server;
    START_OR_FAIL(server);
    auto run = kHttp.makeRun(requestsTo(server.baseUrl() + QStringLiteral("/delay?ms=3000"), 200, 50));
    QVERIFY(run);
    QSignalSpy finished(run.get(), &Run::finished);
    PREPARE_AND_START(*run);
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), 50, 10000);
    // Requests not yet sent are pending, as sleep tasks waiting for a slot are.
    const StateCounts live = run->tracker().counts(0);
    QCOMPARE(live[stateIndex(TaskState::Running)], 50);
    QCOMPARE(live[stateIndex(TaskState::Pending)], 150);
    run->cancelAll();
    QVERIFY(finished.wait(10000));
    const auto s = finished.first().first().value<SnapshotPtr>();
    QCOMPARE(testing::countOf(s, TaskState::Cancelled), 200); // 50 in flight and 150 pending
    QCOMPARE(testing::countOf(s, TaskState::Running), 0);
    QCOMPARE(run->tracker().liveCount(), 0);
    // Every client socket was aborted: the server, which does not read while it delays an answer (a
    // client may half-close and still want it), finds them closed when it answers, and lets them go;
    // a socket left open would be kept alive for the 60 s idle timeout instead.
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), 0, 10000);
}

void TestHttp::firstModeCancelsTheRest()
{
    const auto s = kHttp.runToEnd({{QStringLiteral("urls"), QJsonArray{QStringLiteral("builtin:/delay?ms=50"),
                                                                       QStringLiteral("builtin:/delay?ms=5000")}},
                                   {QStringLiteral("requests"), 20},
                                   {QStringLiteral("concurrency"), 0},
                                   {QStringLiteral("mode"), QStringLiteral("first")}});
    QVERIFY(s);
    QVERIFY(testing::countOf(s, TaskState::Succeeded) >= 1);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded) + testing::countOf(s, TaskState::Cancelled), 20);
    QVERIFY(testing::countOf(s, TaskState::Cancelled) >= 10); // every slow one
    QVERIFY(s->elapsedNs < 4000 * kNsPerMs);
}

void TestHttp::openModelCorrectsForCoordinatedOmission()
{
    // 100 requests/s offered to one worker that can do at most ~40/s: requests queue up. The
    // corrected latency (from the intended send time) shows the queueing; the uncorrected does not.
    const auto s = kHttp.runToEnd(
        requestsTo(QStringLiteral("builtin:/delay?ms=25"), 60, 1, {{QStringLiteral("ratePerSecond"), 100}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 60);
    const double corrected = s->workloads[0].latency.p99Ms;
    const double uncorrected = testing::gaugeOf(s, Gauge::UncorrectedP99Ms);
    QVERIFY2(uncorrected >= 25 && uncorrected < corrected / 2,
             qPrintable(QStringLiteral("corrected %1 uncorrected %2").arg(corrected).arg(uncorrected)));
}

void TestHttp::templatedUrls()
{
    const auto s = kHttp.runToEnd(requestsTo(QStringLiteral("builtin:/bytes/{i}"), 10, 3));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 10);
    QCOMPARE(testing::gaugeOf(s, Gauge::BytesReceived), 45.0); // 0 + 1 + ... + 9
}

void TestHttp::gracefulStopEndsAnOpenModelRun()
{
    // One worker, a dispatcher that would go on for ever: a graceful stop must end both.
    auto run = kHttp.makeRun(
        requestsTo(QStringLiteral("builtin:/delay?ms=1"), 0, 1, {{QStringLiteral("ratePerSecond"), 200}}));
    QVERIFY(run);
    QVERIFY(testing::endOnceSucceeded(*run, 21, &Run::stopGracefully));
    QCOMPARE(run->tracker().liveCount(), 0);
}

void TestHttp::requestCountIsExact_data()
{
    testing::DataRows<int, double>("concurrency", "rate")
        .row("one worker", 1, 0.0)
        .row("7 workers, not a divisor", 7, 0.0)
        .row("unlimited", 0, 0.0)
        .row("more workers than requests", 500, 0.0)
        .row("open model", 16, 5000.0);
}

void TestHttp::requestCountIsExact()
{
    const auto [concurrency, rate] = testing::fetch<int, double>("concurrency", "rate");
    HttpTargetServer server;
    START_OR_FAIL(server);
    const auto s = kHttp.runToEnd(requestsTo(server.baseUrl() + QStringLiteral("/status/200"), 301, concurrency,
                                             {{QStringLiteral("ratePerSecond"), rate}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 301);
    QCOMPARE(s->workloads[0].created, qint64(301));
    QTRY_COMPARE(server.stats().requests.load(), 301);
}

void TestHttp::pendingCountsRequestsNotYetSent()
{
    // One meaning of "pending" for every workload: created, waiting for a slot. 1000 requests over
    // 10 workers against a slow target: 990 wait at first, and drain as the run goes.
    auto run = kHttp.makeRun(requestsTo(QStringLiteral("builtin:/delay?ms=20"), 1000, 10));
    QVERIFY(run);
    QSignalSpy finished(run.get(), &Run::finished);
    PREPARE_AND_START(*run);
    auto created = [&run] {
        qint64 total = 0;
        for (qint64 c : run->tracker().counts(0))
            total += c;
        return total;
    };
    // Created a slice per loop pass, like sleep tasks: all of them long before 10 workers at 20 ms
    // a request could have sent a tenth.
    QTRY_COMPARE_WITH_TIMEOUT(created(), 1000, 10000);
    const StateCounts early = run->tracker().counts(0);
    QVERIFY2(early[stateIndex(TaskState::Pending)] >= 800,
             qPrintable(QString::number(early[stateIndex(TaskState::Pending)])));
    QVERIFY(early[stateIndex(TaskState::Running)] <= 10);
    QVERIFY(finished.wait(60000));
    const auto s = finished.first().first().value<SnapshotPtr>();
    QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Pending}), (QList<qint64>{1000, 0}));
}

void TestHttp::aStaleKeepAliveIsSentAgainFresh()
{
    // A server that promises keep-alive (HTTP/1.1, no "Connection: close") and hangs up after each
    // answer: every request after the first finds its kept connection closed and, having got no
    // answer, goes once more on a fresh one. Not a failure, and not a retry the user asked for.
    CannedServer hangingUp("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
    const auto s = kHttp.runToEnd(requestsTo(hangingUp.url(), 10, 1), {}, 20000);
    QVERIFY(s);
    QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Failed}), (QList<qint64>{10, 0}));
    QCOMPARE(testing::gaugeOf(s, Gauge::Retries), 0.0);
    QCOMPARE(testing::gaugeOf(s, Gauge::BytesReceived), 10.0 * 2);
}

QTEST_GUILESS_MAIN(TestHttp)
#include "tst_http.moc"
