// The echo workload and the built-in echo server, against each other and against peers nobody here
// wrote (Python asyncio, socat), plus misbehaving servers and clients.
#include "RunHarness.h"
#include "cli/OpenFileLimit.h"
#include "core/Run.h"
#include "net/EchoServer.h"
#include "support/Ports.h"
#include "support/StartServer.h"
#include "support/ToolOrSkip.h"
#include "workloads/WorkloadRegistry.h"

#include "support/DataRows.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace coroscope;

namespace {

const testing::OneWorkload kEcho{QStringLiteral("echo")};

QString peersDir()
{
    return qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/../shared/peers");
}

// A deliberately misbehaving line server on the test's own loop.
class RawServer : public QObject
{
public:
    enum Mode { CloseAfterThreeLines, AnswerGarbage };
    explicit RawServer(Mode mode) : m_mode(mode)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto *lines = new int(0);
                connect(s, &QObject::destroyed, this, [lines] { delete lines; });
                connect(s, &QTcpSocket::readyRead, s, [this, s, lines] {
                    while (s->canReadLine()) {
                        const QByteArray line = s->readLine();
                        if (m_mode == AnswerGarbage) {
                            s->write(QByteArray(line.size() - 1, '?') + '\n');
                        } else if (++*lines <= 3) {
                            s->write(line);
                        } else {
                            s->disconnectFromHost();
                            return;
                        }
                    }
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    Mode m_mode;
    QTcpServer m_server{this};
};

// The echo workload against a misbehaving RawServer; bounded at 20 s, so a hang fails.
SnapshotPtr runAgainst(const RawServer &raw, int connections, int messagesPerConnection)
{
    return kEcho.runToEnd({{QStringLiteral("server"), QStringLiteral("127.0.0.1:%1").arg(raw.port())},
                           {QStringLiteral("connections"), connections},
                           {QStringLiteral("messagesPerConnection"), messagesPerConnection}},
                          {}, 20000);
}

} // namespace

class TestEcho : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { raiseOpenFileLimit(); }

    void builtinServerRoundTrips_data()
    {
        testing::DataRows<QString, int, int, int>("framing", "pipeline", "thinkMs", "bytes")
            .row("lines", "line", 1, 0, 64)
            .row("length-prefixed", "length", 1, 0, 100)
            .row("pipelined", "line", 8, 0, 32)
            .row("thinking", "line", 1, 3, 64)
            .row("tiny", "line", 2, 0, 2)
            .row("large", "length", 2, 0, 200000);
    }

    void builtinServerRoundTrips()
    {
        QFETCH(QString, framing);
        QFETCH(int, pipeline);
        QFETCH(int, thinkMs);
        QFETCH(int, bytes);
        auto run = kEcho.makeRun({{QStringLiteral("connections"), 10},
                                  {QStringLiteral("messagesPerConnection"), 50},
                                  {QStringLiteral("messageBytes"), bytes},
                                  {QStringLiteral("framing"), framing},
                                  {QStringLiteral("pipeline"), pipeline},
                                  {QStringLiteral("thinkTimeMs"), thinkMs},
                                  {QStringLiteral("serverMaxMessageBytes"), 1024 * 1024}});
        QVERIFY(run);
        const auto s = testing::runToEnd(*run);
        QVERIFY(s);
        QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Failed}), (QList<qint64>{500, 0}));
        QCOMPARE(s->workloads[0].latency.count, 500);
        QVERIFY(s->workloads[0].target.startsWith(QStringLiteral("built-in echo server 127.0.0.1:")));
        QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsClosed), 10.0);
        QCOMPARE(testing::gaugeOf(s, Gauge::ServerMessages), 500.0);
        QCOMPARE(run->tracker().illegalTransitions(), 0);
    }

    void asyncioClientAgainstOurServer()
    {
        const QString script = peersDir() + QStringLiteral("/echo_asyncio.py");
        if (!QFile::exists(script) || !QFile::exists(QStringLiteral("/usr/bin/python3")))
            QSKIP("the asyncio peer (../shared/peers) or /usr/bin/python3 is missing");
        EchoServer server;
        START_OR_FAIL(server);
        QProcess client;
        client.start(QStringLiteral("/usr/bin/python3"),
                     {script, QStringLiteral("client"), QStringLiteral("127.0.0.1"), QString::number(server.port()),
                      QStringLiteral("--conns"), QStringLiteral("20"), QStringLiteral("--msgs"), QStringLiteral("200"),
                      QStringLiteral("--size"), QStringLiteral("64")});
        QVERIFY(client.waitForFinished(60000));
        QCOMPARE(client.exitCode(), 0);
        const QJsonObject j = QJsonDocument::fromJson(client.readAllStandardOutput()).object();
        QCOMPARE(j[QStringLiteral("round_trips")].toInt(), 4000);
        QTRY_COMPARE(server.stats().messages.load(), 4000);
        QTRY_COMPARE(server.stats().open.load(), 0);
    }

    void ourClientsAgainstAsyncioServer()
    {
        const QString script = peersDir() + QStringLiteral("/echo_asyncio.py");
        if (!QFile::exists(script) || !QFile::exists(QStringLiteral("/usr/bin/python3")))
            QSKIP("the asyncio peer (../shared/peers) or /usr/bin/python3 is missing");
        const quint16 port = testing::freePort();
        QProcess server;
        server.start(QStringLiteral("/usr/bin/python3"), {script, QStringLiteral("server"), QString::number(port)});
        QVERIFY(testing::waitForPort(port, 10000));
        const auto s = kEcho.runToEnd({{QStringLiteral("server"), QStringLiteral("127.0.0.1:%1").arg(port)},
                                       {QStringLiteral("connections"), 20},
                                       {QStringLiteral("messagesPerConnection"), 200}});
        server.kill();
        server.waitForFinished();
        QVERIFY(s);
        QCOMPARE(testing::countOf(s, TaskState::Succeeded), 4000);
        QCOMPARE(s->workloads[0].target, QStringLiteral("127.0.0.1:%1").arg(port));
    }

    void socatGetsItsLineBack()
    {
        FIND_TOOL_OR_SKIP(socat, "socat");
        EchoServer server;
        START_OR_FAIL(server);
        QProcess p;
        p.start(socat, {QStringLiteral("-t"), QStringLiteral("2"), QStringLiteral("-"),
                        QStringLiteral("TCP:127.0.0.1:%1").arg(server.port())});
        QVERIFY(p.waitForStarted());
        p.write("hello from socat\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.readAllStandardOutput(), QByteArray("hello from socat\n"));
    }

    void overlongLineIsClosedAndCounted()
    {
        EchoServer server;
        START_OR_FAIL(server);
        QTcpSocket s;
        CONNECT_OR_FAIL(s, server.port());
        s.write(QByteArray(1024 * 1024, 'a')); // 1 MiB, no newline
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().closedTooLong.load(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(s.state(), QAbstractSocket::UnconnectedState, 10000);
        // It read no more than one message's worth past the limit before closing.
        QVERIFY(server.stats().bytesIn.load() <= 64 * 1024 + 128 * 1024);
        QCOMPARE(server.stats().messages.load(), 0);
    }

    void silentClientHitsIdleTimeout()
    {
        EchoServerOptions o;
        o.idleTimeoutMs = 200;
        EchoServer server(o);
        START_OR_FAIL(server);
        QTcpSocket s;
        CONNECT_OR_FAIL(s, server.port());
        QTRY_COMPARE_WITH_TIMEOUT(s.state(), QAbstractSocket::UnconnectedState, 10000);
        QCOMPARE(server.stats().closedIdle.load(), 1);
        QCOMPARE(server.stats().open.load(), 0);
    }

    void thousandConcurrentConnections()
    {
        auto run = kEcho.makeRun({{QStringLiteral("connections"), 1000}, {QStringLiteral("messagesPerConnection"), 5}});
        QVERIFY(run);
        qint64 maxOpen = 0;
        connect(run.get(), &Run::snapshotReady, this, [&](const SnapshotPtr &s) {
            maxOpen = std::max<qint64>(maxOpen, qint64(testing::gaugeOf(s, Gauge::ServerConnectionsOpen)));
        });
        const auto s = testing::runToEnd(*run);
        QVERIFY(s);
        QCOMPARE(testing::countOf(s, TaskState::Succeeded), 5000);
        QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsClosed), 1000.0);
        QCOMPARE(testing::gaugeOf(s, Gauge::ServerRefused), 0.0);
    }

    void serverClosingMidStreamFailsTasks()
    {
        RawServer raw(RawServer::CloseAfterThreeLines);
        const auto s = runAgainst(raw, 5, 10);
        QVERIFY(s); // no hang
        QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Failed}), (QList<qint64>{15, 5}));
        QCOMPARE(testing::errorsOf(s, ErrorKind::ClosedByPeer), 5);
        QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsFailed), 5.0);
    }

    void refusedPortIsACountedError()
    {
        const quint16 port = testing::freePort(); // nothing listens there now
        const auto s = kEcho.runToEnd(
            {{QStringLiteral("server"), QStringLiteral("127.0.0.1:%1").arg(port)}, {QStringLiteral("connections"), 4}},
            {}, 20000);
        QVERIFY(s);
        QCOMPARE(testing::countOf(s, TaskState::Failed), 4);
        QCOMPARE(testing::errorsOf(s, ErrorKind::ConnectionRefused), 4);
    }

    void garbageEchoIsAMismatch()
    {
        RawServer raw(RawServer::AnswerGarbage);
        const auto s = runAgainst(raw, 2, 5);
        QVERIFY(s);
        QCOMPARE(testing::countOf(s, TaskState::Failed), 10);
        QCOMPARE(testing::errorsOf(s, ErrorKind::EchoMismatch), 10);
    }

    void tooManyConnectionsAreRefused()
    {
        auto run = kEcho.makeRun({{QStringLiteral("connections"), 10},
                                  {QStringLiteral("messagesPerConnection"), 0}, // until cancelled
                                  {QStringLiteral("serverMaxConnections"), 4}});
        QVERIFY(run);
        QSignalSpy finished(run.get(), &Run::finished);
        PREPARE_AND_START(*run);
        QTRY_COMPARE_WITH_TIMEOUT(run->latestSnapshot()->workloads[0].gauges.value(Gauge::ConnectionsFailed), 6.0,
                                  10000);
        run->cancelAll();
        QVERIFY(finished.wait(10000));
        const auto s = finished.first().first().value<SnapshotPtr>();
        QCOMPARE(testing::gaugeOf(s, Gauge::ServerRefused), 6.0);
        QVERIFY(testing::countOf(s, TaskState::Succeeded) > 0);
    }

    void cancelMidRunLeavesNothingBehind()
    {
        auto run = kEcho.makeRun({{QStringLiteral("connections"), 50},
                                  {QStringLiteral("messagesPerConnection"), 0},
                                  {QStringLiteral("pipeline"), 4}});
        QVERIFY(run);
        const auto s = testing::endOnceSucceeded(*run, 1001, &Run::cancelAll);
        QVERIFY(s);
        QCOMPARE(testing::countsOf(s, {TaskState::Running, TaskState::Pending}), (QList<qint64>{0, 0}));
        QVERIFY(testing::countOf(s, TaskState::Cancelled) >= 50);
        QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsClosed), 50.0);
        QCOMPARE(run->tracker().liveCount(), 0);
        run.reset(); // stops the built-in server: every server-side connection unwinds
    }

    void descriptorsNeeded_data()
    {
        testing::DataRows<QString, QJsonObject, qint64>("type", "params", "descriptors")
            .row("echo, built-in server", "echo", QJsonObject{{QStringLiteral("connections"), 300}}, qint64(600))
            .row("echo, external server", "echo",
                 QJsonObject{{QStringLiteral("connections"), 300},
                             {QStringLiteral("server"), QStringLiteral("127.0.0.1:7")}},
                 qint64(300))
            .row(
                "fan-out, built-in target", "http-fanout",
                QJsonObject{{QStringLiteral("url"), QStringLiteral("builtin:/")}, {QStringLiteral("concurrency"), 250}},
                qint64(500))
            .row("fan-out, fewer requests than workers", "http-fanout",
                 QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/")},
                             {QStringLiteral("concurrency"), 250},
                             {QStringLiteral("requests"), 40}},
                 qint64(40))
            .row("fan-out, unlimited", "http-fanout",
                 QJsonObject{{QStringLiteral("url"), QStringLiteral("http://127.0.0.1:9/")},
                             {QStringLiteral("concurrency"), 0},
                             {QStringLiteral("requests"), 0}},
                 qint64(10000));
    }

    void descriptorsNeeded()
    {
        // What a run checks against the process's limit before it starts: every connection, twice when
        // the server's end is in this process too.
        QFETCH(QString, type);
        QFETCH(QJsonObject, params);
        QFETCH(qint64, descriptors);
        WorkloadSpec w;
        w.type = type;
        w.name = type;
        w.params = params;
        QList<JsonIssue> issues;
        const auto workload = WorkloadRegistry::build(w, &issues);
        QVERIFY2(workload, issues.isEmpty() ? "" : qPrintable(issues.first().toString()));
        QCOMPARE(workload->descriptorsNeeded(), descriptors);
    }

    void countsAreExactWithAnyPipeline_data()
    {
        testing::DataRows<int, int>("pipeline", "messages")
            .row("1", 1, 37)
            .row("3, not a divisor", 3, 37)
            .row("deeper than the count", 64, 37)
            .row("10 000, a slice at a time", 10000, 1500);
    }

    void countsAreExactWithAnyPipeline()
    {
        QFETCH(int, pipeline);
        QFETCH(int, messages);
        const auto s = kEcho.runToEnd({{QStringLiteral("connections"), 4},
                                       {QStringLiteral("messagesPerConnection"), messages},
                                       {QStringLiteral("pipeline"), pipeline},
                                       {QStringLiteral("messageBytes"), 32}});
        QVERIFY(s);
        QCOMPARE(testing::countOf(s, TaskState::Succeeded), 4 * messages);
        QCOMPARE(s->workloads[0].created, qint64(4 * messages));
        QCOMPARE(testing::gaugeOf(s, Gauge::ServerMessages), double(4 * messages));
    }

    void portInUseIsAClearError()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        EchoServerOptions o;
        o.port = squatter.serverPort();
        EchoServer server(o);
        QString error;
        QVERIFY(!server.start(&error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(o.port)), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEcho)
#include "tst_echo.moc"
