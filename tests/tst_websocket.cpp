// The websocket workload and the built-in WebSocket echo server, against each other and against
// seed 002's `websockets` library (../shared/peers/ws_echo_websockets.py) as server and as client;
// a refused upgrade, a refused connection, the server's limits, pings and the close handshake.
#include "RunHarness.h"
#include "core/Run.h"
#include "net/WebSocketServer.h"
#include "support/Ports.h"
#include "workloads/WorkloadRegistry.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

namespace {

std::unique_ptr<Run> makeRun(const QJsonObject &params, RunSpec spec = {})
{
    return testing::makeRun(QStringLiteral("websocket"), params, std::move(spec));
}

QString peer()
{
    return qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/../shared/peers/ws_echo_websockets.py");
}

bool pythonWebsocketsAvailable()
{
    QProcess p;
    p.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import websockets")});
    return p.waitForFinished(30000) && p.exitCode() == 0 && QFile::exists(peer());
}

// Answers every request with a fixed HTTP status: an upgrade that is refused.
class RefusingHttpServer : public QObject
{
public:
    RefusingHttpServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    if (s->readAll().contains("\r\n\r\n")) {
                        s->write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                        s->disconnectFromHost();
                    }
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
};

} // namespace

class TestWebSocket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtinEcho_data();
    void builtinEcho();
    void againstPythonServer_data();
    void againstPythonServer();
    void pythonClientAgainstBuiltin_data();
    void pythonClientAgainstBuiltin();
    void refusedUpgradeCarriesStatus();
    void refusedConnection();
    void serverClosesTooLongMessages();
    void serverClosesIdleConnections();
    void pingsAreTimedApart();
    void specRejectsBadServer();
    void bundledScenarioRunsHeadless();
};

void TestWebSocket::builtinEcho_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("pipeline");
    QTest::addColumn<int>("bytes");
    QTest::newRow("text, one in flight") << QStringLiteral("text") << 1 << 64;
    QTest::newRow("binary, four in flight") << QStringLiteral("binary") << 4 << 64;
    QTest::newRow("text, 100 KiB messages") << QStringLiteral("text") << 2 << 100 * 1024;
}

void TestWebSocket::builtinEcho()
{
    QFETCH(QString, format);
    QFETCH(int, pipeline);
    QFETCH(int, bytes);
    auto run = makeRun({{"connections", 10},
                        {"messagesPerConnection", 50},
                        {"messageBytes", bytes},
                        {"format", format},
                        {"pipeline", pipeline}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(500));
    QCOMPARE(testing::countOf(s, TaskState::Failed), qint64(0));
    QCOMPARE(testing::gaugeOf(s, Gauge::ServerMessages), 500.0);
    QCOMPARE(testing::gaugeOf(s, Gauge::CloseHandshakes), 10.0);
    QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsClosed), 10.0);
}

void TestWebSocket::againstPythonServer_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("text") << QStringLiteral("text");
    QTest::newRow("binary") << QStringLiteral("binary");
}

void TestWebSocket::againstPythonServer()
{
    QFETCH(QString, format);
    if (!pythonWebsocketsAvailable())
        QSKIP("python3-websockets or the peer script is missing");
    const quint16 port = testing::freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedChannels);
    server.start(QStringLiteral("/usr/bin/python3"), {peer(), QStringLiteral("server"), QString::number(port)});
    QVERIFY(testing::waitForPort(port, 15000));
    auto run = makeRun({{"server", QStringLiteral("ws://127.0.0.1:%1/").arg(port)},
                        {"connections", 8},
                        {"messagesPerConnection", 40},
                        {"messageBytes", 200},
                        {"format", format},
                        {"pipeline", 2}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    server.kill();
    server.waitForFinished();
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(320));
    QCOMPARE(testing::countOf(s, TaskState::Failed), qint64(0));
    QCOMPARE(testing::gaugeOf(s, Gauge::CloseHandshakes), 8.0);
}

void TestWebSocket::pythonClientAgainstBuiltin_data()
{
    QTest::addColumn<bool>("binary");
    QTest::newRow("text") << false;
    QTest::newRow("binary") << true;
}

void TestWebSocket::pythonClientAgainstBuiltin()
{
    QFETCH(bool, binary);
    if (!pythonWebsocketsAvailable())
        QSKIP("python3-websockets or the peer script is missing");
    WebSocketServer server;
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QProcess client;
    QStringList args{peer(),
                     QStringLiteral("client"),
                     QStringLiteral("127.0.0.1"),
                     QString::number(server.port()),
                     QStringLiteral("--conns"),
                     QStringLiteral("5"),
                     QStringLiteral("--msgs"),
                     QStringLiteral("60"),
                     QStringLiteral("--size"),
                     QStringLiteral("300")};
    if (binary)
        args << QStringLiteral("--binary");
    client.start(QStringLiteral("/usr/bin/python3"), args);
    QVERIFY(client.waitForFinished(60000));
    const QByteArray err = client.readAllStandardError();
    QVERIFY2(client.exitCode() == 0, err.constData());
    const QJsonObject result = QJsonDocument::fromJson(client.readAllStandardOutput()).object();
    QCOMPARE(result.value(QLatin1String("round_trips")).toInt(), 300);
    QCOMPARE(server.stats().messages.load(), qint64(300));
    QCOMPARE(server.stats().upgraded.load(), qint64(5));
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), qint64(0), 5000);
    QCOMPARE(server.stats().closedByClient.load(), qint64(5));
}

void TestWebSocket::refusedUpgradeCarriesStatus()
{
    RefusingHttpServer http;
    auto run = makeRun({{"server", QStringLiteral("ws://127.0.0.1:%1/chat").arg(http.port())},
                        {"connections", 3},
                        {"messagesPerConnection", 5}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::errorsOf(s, ErrorKind::UpgradeRefused), qint64(3));
    const ErrorSummary e = s->workloads[0].errors.value(ErrorKind::UpgradeRefused);
    QVERIFY2(e.lastMessage.contains(QLatin1String("403")), qPrintable(e.lastMessage));
    QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsFailed), 3.0);
}

void TestWebSocket::refusedConnection()
{
    auto run = makeRun({{"server", QStringLiteral("ws://127.0.0.1:%1/").arg(testing::freePort())},
                        {"connections", 2},
                        {"messagesPerConnection", 5}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::errorsOf(s, ErrorKind::ConnectionRefused), qint64(2));
}

void TestWebSocket::serverClosesTooLongMessages()
{
    auto run = makeRun(
        {{"connections", 2}, {"messagesPerConnection", 3}, {"messageBytes", 4096}, {"serverMaxMessageBytes", 1024}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(0));
    QCOMPARE(testing::errorsOf(s, ErrorKind::ProtocolError), qint64(2));
    // Exact on the client's side (above). The server counts its side on its own thread, and the final
    // snapshot may be taken between the client seeing its second close and the server counting it.
    const double serverClosed = testing::gaugeOf(s, Gauge::ServerClosedTooLong);
    QVERIFY2(serverClosed >= 1.0 && serverClosed <= 2.0, qPrintable(QString::number(serverClosed)));
}

void TestWebSocket::serverClosesIdleConnections()
{
    auto run = makeRun({{"connections", 2},
                        {"messagesPerConnection", 3},
                        {"thinkTimeMs", 800},
                        {"timeoutMs", 5000},
                        {"serverIdleTimeoutMs", 200}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    QVERIFY(s);
    // The first round trip of each connection succeeds; the server closes during the think time.
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(2));
    QCOMPARE(testing::gaugeOf(s, Gauge::ServerClosedIdle), 2.0);
    QCOMPARE(testing::errorsOf(s, ErrorKind::AbnormalClose), qint64(2));
}

void TestWebSocket::pingsAreTimedApart()
{
    auto run = makeRun({{"connections", 2}, {"messagesPerConnection", 8}, {"thinkTimeMs", 50}, {"pingIntervalMs", 20}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(16));
    QVERIFY(testing::gaugeOf(s, Gauge::Pings) >= 2);
    QVERIFY(testing::gaugeOf(s, Gauge::PingP99Ms) > 0);
    // Pings are not round trips: the server counts only the echoed messages.
    QCOMPARE(testing::gaugeOf(s, Gauge::ServerMessages), 16.0);
}

void TestWebSocket::specRejectsBadServer()
{
    QList<JsonIssue> issues;
    WorkloadSpec w;
    w.type = QStringLiteral("websocket");
    w.name = QStringLiteral("ws");
    w.jsonPath = QStringLiteral("workloads[0]");
    w.params = QJsonObject{{"server", "http://127.0.0.1:80/"}};
    QVERIFY(!WorkloadRegistry::create(w, &issues));
    QVERIFY(!issues.isEmpty());
    QVERIFY2(issues.first().toString().contains(QLatin1String("workloads[0].server")),
             qPrintable(issues.first().toString()));
}

void TestWebSocket::bundledScenarioRunsHeadless()
{
    QTemporaryDir dir;
    const QString report = dir.filePath(QStringLiteral("r.json"));
    QProcess p;
    p.start(qEnvironmentVariable("COROSCOPE_BINARY"),
            {QStringLiteral("--headless"),
             qEnvironmentVariable("COROSCOPE_SOURCE_DIR") +
                 QStringLiteral("/resources/profiles/scenario-6-websocket-echo.json"),
             QStringLiteral("--quiet"), QStringLiteral("--report"), report});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QFile f(report);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject r = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(r[QStringLiteral("totals")][QStringLiteral("succeeded")].toInt(), 200 + 50 * 200);
}

QTEST_GUILESS_MAIN(TestWebSocket)
#include "tst_websocket.moc"
