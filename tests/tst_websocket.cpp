// The websocket workload and the built-in WebSocket echo server, against each other and against
// seed 002's `websockets` library (../shared/peers/ws_echo_websockets.py) as server and as client;
// a refused upgrade, a refused connection, the server's limits, pings and the close handshake.
#include "RunHarness.h"
#include "core/Run.h"
#include "net/WebSocketFrameReader.h"
#include "net/WebSocketFrameWriter.h"
#include "net/WebSocketHandshake.h"
#include "net/WebSocketServer.h"
#include "support/DataRows.h"
#include "support/Ports.h"
#include "support/StartServer.h"
#include "workloads/WorkloadRegistry.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace coroscope;

namespace {

const testing::OneWorkload kWebSocket{QStringLiteral("websocket")};

// The keys of `connections` connections sending `messages` messages each, and the keys of `more`.
QJsonObject messagesOver(int connections, int messages, QJsonObject more = {})
{
    more.insert(QStringLiteral("connections"), connections);
    more.insert(QStringLiteral("messagesPerConnection"), messages);
    return more;
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

// A WebSocket client written frame by frame on a blocking QTcpSocket, to say to the built-in
// server what no well-behaved client would (the server runs on its own thread).
class RawClient
{
public:
    bool open(quint16 port, QString *error)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!m_socket.waitForConnected(5000)) {
            *error = m_socket.errorString();
            return false;
        }
        const QByteArray key = WebSocketHandshake::newKey();
        m_socket.write(WebSocketHandshake::request(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)), key));
        WebSocketHandshake hs;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 5000) {
            qsizetype used = 0;
            const auto r = hs.readResponse(m_in.constData(), m_in.size(), key, &used);
            if (r == WebSocketHandshake::Result::Done) {
                m_in.remove(0, used);
                return true;
            }
            if (r == WebSocketHandshake::Result::Failed) {
                *error = hs.errorText();
                return false;
            }
            if (!readMore(5000 - t.elapsed()))
                break;
        }
        *error = QStringLiteral("no upgrade");
        return false;
    }
    void send(WebSocketOpcode op, const QByteArray &payload, bool final = true)
    {
        QByteArray out;
        m_writer.append(out, op, payload, final);
        sendRaw(out);
    }
    void sendRaw(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    // The next frame event from the server within `timeoutMs`; NeedMore on timeout or disconnect.
    WebSocketFrameReader::Event next(int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            qsizetype used = 0;
            const auto e = m_reader.next(m_in.constData(), m_in.size(), &used);
            if (e != WebSocketFrameReader::Event::NeedMore) {
                m_payload = e == WebSocketFrameReader::Event::Close ? m_reader.closeReason().toByteArray()
                                                                    : m_reader.payload().toByteArray();
                m_in.remove(0, used);
                return e;
            }
            m_in.remove(0, used);
            if (t.elapsed() >= timeoutMs || !readMore(timeoutMs - t.elapsed()))
                return e;
        }
    }
    QByteArray payload() const { return m_payload; }
    // QTcpSocket reads whatever arrives into its own buffer while the loop runs; this caps that,
    // so a client that does not read really does not.
    void capReadBuffer(qint64 bytes) { m_socket.setReadBufferSize(bytes); }
    quint16 closeCode() const { return m_reader.closeCode(); }
    bool waitDisconnected(int timeoutMs = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (m_socket.state() != QAbstractSocket::UnconnectedState && t.elapsed() < timeoutMs)
            m_socket.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - t.elapsed())));
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

private:
    bool readMore(qint64 timeoutMs)
    {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(int(std::max<qint64>(1, timeoutMs))))
            return false;
        m_in += m_socket.readAll();
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_in;
    QByteArray m_payload;
    WebSocketFrameWriter m_writer{/*masking=*/true};
    WebSocketFrameReader m_reader{WebSocketFrameReader::Role::Client, 1 << 20, 1 << 20};
};

// Starts the WebSocket `server` and opens the RawClient `client` on it; fails the test with the error text.
#define START_AND_OPEN_OR_FAIL(server, client)                                                                         \
    do {                                                                                                               \
        START_OR_FAIL(server);                                                                                         \
        QString openError;                                                                                             \
        QVERIFY2((client).open((server).port(), &openError), qPrintable(openError));                                   \
    } while (false)

// Completes the upgrade like a real server, then answers the first message with a frame no server
// may send (masked): the client must close with a protocol error.
class MaskingWebSocketServer : public QObject
{
public:
    MaskingWebSocketServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto *peer = new Peer(s); // a child of the socket: goes with it
                connect(s, &QTcpSocket::readyRead, peer, &Peer::onReadyRead);
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    struct Peer : QObject {
        explicit Peer(QTcpSocket *socket) : QObject(socket), socket(socket) {}
        void onReadyRead()
        {
            in += socket->readAll();
            qsizetype used = 0;
            if (!open) {
                if (handshake.readRequest(in.constData(), in.size(), &used) != WebSocketHandshake::Result::Done)
                    return;
                socket->write(handshake.response());
                open = true;
                in.remove(0, used);
            }
            if (!in.isEmpty() && !answered) {
                QByteArray frame;
                WebSocketFrameWriter(/*masking=*/true).append(frame, WebSocketOpcode::Text, "masked");
                socket->write(frame);
                answered = true;
            }
        }
        QTcpSocket *socket;
        QByteArray in;
        WebSocketHandshake handshake;
        bool open = false;
        bool answered = false;
    };

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
    void everyConnectionFailsWithItsKind_data();
    void everyConnectionFailsWithItsKind();
    void refusedConnection();
    void serverClosesTooLongMessages();
    void serverClosesIdleConnections();
    void pingsAreTimedApart();
    void specRejectsBadServer();
    void bundledScenarioRunsHeadless();
    void serverRefusesPlainHttp();
    void serverDropsAConnectionThatNeverUpgrades();
    void serverAnswersFragmentsAndPings();
    void serverEchoesEveryMessageOfABurst();
    void serverClosesProtocolErrors_data();
    void serverClosesProtocolErrors();
    void serverStopsReadingFromAClientThatDoesNotRead();
};

void TestWebSocket::builtinEcho_data()
{
    testing::DataRows<QString, int, int>("format", "pipeline", "bytes")
        .row("text, one in flight", QStringLiteral("text"), 1, 64)
        .row("binary, four in flight", QStringLiteral("binary"), 4, 64)
        .row("text, 100 KiB messages", QStringLiteral("text"), 2, 100 * 1024);
}

void TestWebSocket::builtinEcho()
{
    const auto [format, pipeline, bytes] = testing::fetch<QString, int, int>("format", "pipeline", "bytes");
    const SnapshotPtr s = kWebSocket.runToEnd(
        messagesOver(10, 50, {{"messageBytes", bytes}, {"format", format}, {"pipeline", pipeline}}));
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(500));
    QCOMPARE(testing::countOf(s, TaskState::Failed), qint64(0));
    QCOMPARE(testing::gaugeOf(s, Gauge::ServerMessages), 500.0);
    QCOMPARE(testing::gaugeOf(s, Gauge::CloseHandshakes), 10.0);
    QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsClosed), 10.0);
}

void TestWebSocket::againstPythonServer_data()
{
    testing::DataRows<QString, int, int, int, int, int>("format", "connections", "messages", "pipeline", "thinkTimeMs",
                                                        "pingIntervalMs")
        .row("text", QStringLiteral("text"), 8, 40, 2, 0, 0)
        .row("binary", QStringLiteral("binary"), 8, 40, 2, 0, 0)
        // Pongs from a library nobody here wrote.
        .row("pings", QStringLiteral("text"), 2, 6, 1, 50, 20);
}

void TestWebSocket::againstPythonServer()
{
    const auto [format, connections, messages, pipeline, thinkTimeMs, pingIntervalMs] =
        testing::fetch<QString, int, int, int, int, int>("format", "connections", "messages", "pipeline", "thinkTimeMs",
                                                         "pingIntervalMs");
    if (!pythonWebsocketsAvailable())
        QSKIP("python3-websockets or the peer script is missing");
    const quint16 port = testing::freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::ForwardedChannels);
    server.start(QStringLiteral("/usr/bin/python3"), {peer(), QStringLiteral("server"), QString::number(port)});
    QVERIFY(testing::waitForPort(port, 15000));
    auto run = kWebSocket.makeRun(messagesOver(connections, messages,
                                               {{"server", QStringLiteral("ws://127.0.0.1:%1/").arg(port)},
                                                {"messageBytes", 200},
                                                {"format", format},
                                                {"pipeline", pipeline},
                                                {"thinkTimeMs", thinkTimeMs},
                                                {"pingIntervalMs", pingIntervalMs}}));
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    server.kill();
    server.waitForFinished();
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(connections * messages));
    QCOMPARE(testing::countOf(s, TaskState::Failed), qint64(0));
    QCOMPARE(testing::gaugeOf(s, Gauge::CloseHandshakes), double(connections));
    if (pingIntervalMs > 0)
        QVERIFY(testing::gaugeOf(s, Gauge::Pings) >= 2);
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
    START_OR_FAIL(server);
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

void TestWebSocket::everyConnectionFailsWithItsKind_data()
{
    QTest::addColumn<bool>("refusingServer"); // else the masking one
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("upgrade refused, with its HTTP status") << true << int(ErrorKind::UpgradeRefused) << "403";
    QTest::newRow("masked frame from the server: protocol error")
        << false << int(ErrorKind::ProtocolError) << "masked frame from a server";
}

void TestWebSocket::everyConnectionFailsWithItsKind()
{
    QFETCH(bool, refusingServer);
    QFETCH(int, kind);
    QFETCH(QString, message);
    RefusingHttpServer refusing;
    MaskingWebSocketServer masking;
    const quint16 port = refusingServer ? refusing.port() : masking.port();
    const SnapshotPtr s =
        kWebSocket.runToEnd(messagesOver(3, 5, {{"server", QStringLiteral("ws://127.0.0.1:%1/chat").arg(port)}}));
    QVERIFY(s);
    QCOMPARE(testing::errorsOf(s, ErrorKind(kind)), qint64(3));
    const ErrorSummary e = s->workloads[0].errors.value(ErrorKind(kind));
    QVERIFY2(e.lastMessage.contains(message), qPrintable(e.lastMessage));
    QCOMPARE(testing::gaugeOf(s, Gauge::ConnectionsFailed), 3.0);
}

void TestWebSocket::refusedConnection()
{
    const SnapshotPtr s = kWebSocket.runToEnd(
        messagesOver(2, 5, {{"server", QStringLiteral("ws://127.0.0.1:%1/").arg(testing::freePort())}}));
    QVERIFY(s);
    QCOMPARE(testing::errorsOf(s, ErrorKind::ConnectionRefused), qint64(2));
}

void TestWebSocket::serverClosesTooLongMessages()
{
    const SnapshotPtr s =
        kWebSocket.runToEnd(messagesOver(2, 3, {{"messageBytes", 4096}, {"serverMaxMessageBytes", 1024}}));
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
    const SnapshotPtr s = kWebSocket.runToEnd(
        messagesOver(2, 3, {{"thinkTimeMs", 800}, {"timeoutMs", 5000}, {"serverIdleTimeoutMs", 200}}));
    QVERIFY(s);
    // The first round trip of each connection succeeds; the server closes during the think time.
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(2));
    QCOMPARE(testing::gaugeOf(s, Gauge::ServerClosedIdle), 2.0);
    QCOMPARE(testing::errorsOf(s, ErrorKind::AbnormalClose), qint64(2));
}

void TestWebSocket::pingsAreTimedApart()
{
    const SnapshotPtr s = kWebSocket.runToEnd(messagesOver(2, 8, {{"thinkTimeMs", 50}, {"pingIntervalMs", 20}}));
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
    QVERIFY(!WorkloadRegistry::validate(w, &issues));
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

void TestWebSocket::serverRefusesPlainHttp()
{
    WebSocketServer server;
    START_OR_FAIL(server);
    QTcpSocket s;
    CONNECT_OR_FAIL(s, server.port());
    s.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray answer;
    QElapsedTimer t;
    t.start();
    while (!answer.contains("\r\n\r\n") && t.elapsed() < 5000 && s.waitForReadyRead(1000))
        answer += s.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 426 "), answer.constData());
    QVERIFY(answer.contains("Sec-WebSocket-Version: 13\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().refusedUpgrades.load(), qint64(1), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), qint64(0), 5000);
    QCOMPARE(server.stats().upgraded.load(), qint64(0));
}

void TestWebSocket::serverDropsAConnectionThatNeverUpgrades()
{
    WebSocketServerOptions options;
    options.handshakeTimeoutMs = 200;
    WebSocketServer server(options);
    START_OR_FAIL(server);
    QTcpSocket s;
    CONNECT_OR_FAIL(s, server.port());
    s.write("GET / HTTP/1.1\r\nHost: x\r\n"); // and never the blank line
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().refusedUpgrades.load(), qint64(1), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), qint64(0), 5000);
    if (s.state() != QAbstractSocket::UnconnectedState) // the event loop of QTRY may have seen it already
        QVERIFY(s.waitForDisconnected(5000));
}

void TestWebSocket::serverAnswersFragmentsAndPings()
{
    WebSocketServer server;
    RawClient c;
    START_AND_OPEN_OR_FAIL(server, c);
    // A text message in two fragments with a ping between them: the pong comes first, then the
    // whole message as one.
    c.send(WebSocketOpcode::Text, "Hel", /*final=*/false);
    c.send(WebSocketOpcode::Ping, "are you there");
    c.send(WebSocketOpcode::Continuation, "lo \xe4\xb8\x96\xe7\x95\x8c");
    QCOMPARE(c.next(), WebSocketFrameReader::Event::Pong);
    QCOMPARE(c.payload(), QByteArray("are you there"));
    QCOMPARE(c.next(), WebSocketFrameReader::Event::Message);
    QCOMPARE(c.payload(), QByteArray("Hello \xe4\xb8\x96\xe7\x95\x8c"));
    // The close handshake: the server answers with the same code, then closes TCP.
    QByteArray close;
    WebSocketFrameWriter(true).appendClose(close, 4001, "done");
    c.sendRaw(close);
    QCOMPARE(c.next(), WebSocketFrameReader::Event::Close);
    QCOMPARE(c.closeCode(), quint16(4001));
    QVERIFY(c.waitDisconnected());
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().closedByClient.load(), qint64(1), 5000);
    QCOMPARE(server.stats().messages.load(), qint64(1));
}

void TestWebSocket::serverEchoesEveryMessageOfABurst()
{
    // 3000 one-byte messages in one write: thousands of frames in each read of the server's, each
    // echoed, in order.
    WebSocketServer server;
    RawClient c;
    START_AND_OPEN_OR_FAIL(server, c);
    QByteArray burst;
    WebSocketFrameWriter writer(true);
    for (int i = 0; i < 3000; ++i)
        writer.append(burst, WebSocketOpcode::Binary, QByteArray(1, char('a' + i % 26)));
    c.sendRaw(burst);
    for (int i = 0; i < 3000; ++i) {
        QCOMPARE(c.next(), WebSocketFrameReader::Event::Message);
        QCOMPARE(c.payload(), QByteArray(1, char('a' + i % 26)));
    }
    QCOMPARE(server.stats().messages.load(), qint64(3000));
}

void TestWebSocket::serverClosesProtocolErrors_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("tooLong");
    const QByteArray zeroKey("\0\0\0\0", 4);
    QTest::newRow("unmasked frame") << QByteArray("\x81\x02hi", 4) << 1002 << false;
    QTest::newRow("reserved opcode") << QByteArray("\x83\x80", 2) + zeroKey << 1002 << false;
    QTest::newRow("text not UTF-8") << QByteArray("\x81\x82", 2) + zeroKey + "\xc3\x28" << 1007 << false;
    QTest::newRow("frame over the limit")
        << QByteArray("\x82\xfe\x08\x00", 4) + zeroKey + QByteArray(2048, 'x') << 1009 << true;
}

void TestWebSocket::serverClosesProtocolErrors()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, code);
    QFETCH(bool, tooLong);
    WebSocketServerOptions options;
    options.maxFrameBytes = options.maxMessageBytes = 1024;
    WebSocketServer server(options);
    RawClient c;
    START_AND_OPEN_OR_FAIL(server, c);
    c.sendRaw(wire);
    QCOMPARE(c.next(), WebSocketFrameReader::Event::Close);
    QCOMPARE(c.closeCode(), quint16(code));
    QVERIFY(!c.payload().isEmpty()); // the reason says what was wrong
    QVERIFY(c.waitDisconnected());
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), qint64(0), 5000);
    QCOMPARE(server.stats().closedTooLong.load(), qint64(tooLong ? 1 : 0));
    QCOMPARE(server.stats().closedProtocolError.load(), qint64(tooLong ? 0 : 1));
    QCOMPARE(server.stats().messages.load(), qint64(0));
}

void TestWebSocket::serverStopsReadingFromAClientThatDoesNotRead()
{
    // A client that sends 32 MiB of messages and reads nothing: the server echoes until its queue
    // for the client is full, then stops reading, so the client's own send buffer fills up — the
    // server's memory does not grow with what the client sends.
    WebSocketServer server;
    RawClient c;
    START_AND_OPEN_OR_FAIL(server, c);
    c.capReadBuffer(64 * 1024);
    const QByteArray message(16 * 1024, 'm');
    QByteArray batch;
    WebSocketFrameWriter writer(true);
    for (int i = 0; i < 64; ++i)
        writer.append(batch, WebSocketOpcode::Binary, message);
    for (int i = 0; i < 32; ++i)
        c.sendRaw(batch); // 1 MiB each; queued in the QTcpSocket when the kernel does not take it
    // Echoed: what fits in the kernel's buffers both ways plus the server's queue limit — far less
    // than the 2048 messages sent. Sampled until it stops moving (a loaded machine is slow to get there).
    qint64 echoed = -1;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        QTest::qWait(300);
        const qint64 now = server.stats().messages.load();
        if (now > 0 && now == echoed)
            break;
        echoed = now;
    }
    QVERIFY2(echoed > 0 && echoed < 2048, qPrintable(QString::number(echoed)));
    QCOMPARE(server.stats().messages.load(), echoed); // stalled, not slowly growing
    QCOMPARE(server.stats().open.load(), qint64(1));
}

QTEST_GUILESS_MAIN(TestWebSocket)
#include "tst_websocket.moc"
