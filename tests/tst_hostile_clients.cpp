// Hostile and careless clients against the built-in HTTP target, on raw POSIX sockets (Qt cannot
// half-close): oversized requests, a half-close after a slow request, slowloris, a client that
// pipelines requests but never reads; and the fan-out against its target with deadlines shorter
// than the answers, which must print no Qt warning.
#include "RunHarness.h"
#include "cli/OpenFileLimit.h"
#include "net/HttpTargetServer.h"
#include "support/StartServer.h"

#include "support/DataRows.h"

#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace coroscope;

namespace {

// A blocking or non-blocking client socket on loopback, closed on destruction.
class RawClient
{
public:
    explicit RawClient(quint16 port, bool nonBlocking = false)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (m_fd >= 0 && ::connect(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        if (m_fd >= 0 && nonBlocking)
            ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~RawClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RawClient(const RawClient &) = delete;
    RawClient &operator=(const RawClient &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    // Bytes the kernel took (0 when it would block, -1 on error).
    qint64 send(const QByteArray &bytes)
    {
        const ssize_t n = ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL);
        return n >= 0 ? qint64(n) : (errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1);
    }
    bool sendAll(const QByteArray &bytes)
    {
        qsizetype at = 0;
        while (at < bytes.size()) {
            const ssize_t n = ::send(m_fd, bytes.constData() + at, size_t(bytes.size() - at), MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            at += n;
        }
        return true;
    }
    void shutdownWrite() { ::shutdown(m_fd, SHUT_WR); }
    // Everything until the peer closes or `timeoutMs` passes, pumping the test's loop meanwhile.
    QByteArray readToEnd(int timeoutMs)
    {
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, 20) > 0) {
                char buf[65536];
                const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
                if (n <= 0)
                    return out;
                out.append(buf, n);
            }
            QCoreApplication::processEvents();
        }
        return out;
    }
    // Whether the peer has closed (end of stream or a reset), without blocking; what it sent
    // before is read and kept.
    bool peerClosed()
    {
        for (;;) {
            char buf[4096];
            const ssize_t n = ::recv(m_fd, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) {
                m_received.append(buf, n);
                continue;
            }
            return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        }
    }
    const QByteArray &received() const { return m_received; }

private:
    int m_fd = -1;
    QByteArray m_received;
};

qint64 residentBytes()
{
    QFile f(QStringLiteral("/proc/self/statm"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

QStringList g_warnings;
void collectWarnings(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type != QtDebugMsg && type != QtInfoMsg)
        g_warnings << message;
}

} // namespace

class TestHostileClients : public QObject
{
    Q_OBJECT

    enum class Send {
        MayBeCutShort,   // the server may close before it took the whole request
        AllThenHalfClose // every byte, then the client closes its sending side
    };

    // Sends `request` to a fresh built-in target on a raw connection and reads its `answer` until the
    // server closes, which must leave it no connection open. Fails the test where a step fails.
    static void exchange(const QByteArray &request, Send send, QByteArray *answer)
    {
        HttpTargetServer server;
        START_OR_FAIL(server);
        RawClient c(server.port());
        QVERIFY(c.isOpen());
        if (send == Send::MayBeCutShort) {
            c.sendAll(request);
        } else {
            QVERIFY(c.sendAll(request));
            c.shutdownWrite();
        }
        *answer = c.readToEnd(10000);
        QTRY_COMPARE(server.stats().open.load(), 0);
    }

private Q_SLOTS:
    void initTestCase() { raiseOpenFileLimit(); }

    void oversizedRequests_data()
    {
        testing::DataRows<QByteArray, QByteArray>("request", "status")
            .row("announced body over 1 MiB",
                 QByteArray("POST /delay?ms=0 HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n"), QByteArray("413"))
            .row("chunked body over 1 MiB",
                 QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n") +
                     QByteArray(1100000, 'b'),
                 QByteArray("413"))
            .row("headers over 16 KiB", QByteArray("GET / HTTP/1.1\r\nX-Big: ") + QByteArray(20000, 'h') + "\r\n\r\n",
                 QByteArray("431"))
            .row("garbage", "\x16\x03\x01 not http\r\n\r\n", "400");
    }

    void oversizedRequests()
    {
        const auto [request, status] = testing::fetch<QByteArray, QByteArray>("request", "status");
        QByteArray answer;
        exchange(request, Send::MayBeCutShort, &answer);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(answer.startsWith(QByteArray(QByteArray("HTTP/1.1 ") + status)), answer.left(200).constData());
        QVERIFY(answer.contains("Connection: close"));
    }

    void halfCloseStillGetsTheAnswer_data()
    {
        testing::DataRows<QByteArray, QByteArray>("path", "expected")
            .row("delay", "/delay?ms=300", "{\"delay_ms\": 300}")
            .row("generated body", "/bytes/3000000", QByteArray(3000000, 'x'))
            .row("trickled body", "/slow-body?bytes=1000&ms=300", QByteArray(1000, 'x'));
    }

    void halfCloseStillGetsTheAnswer()
    {
        // HTTP/1.1 lets a client close its sending side after its request and read the answer.
        const auto [path, expected] = testing::fetch<QByteArray, QByteArray>("path", "expected");
        QByteArray answer;
        exchange(QByteArray("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n", Send::AllThenHalfClose, &answer);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(answer.startsWith("HTTP/1.1 200 OK"), answer.left(200).constData());
        QVERIFY(answer.endsWith(expected));
        QCOMPARE(answer.size() - answer.indexOf("\r\n\r\n") - 4, expected.size());
    }

    void slowlorisIsClosedAtTheHeaderDeadline()
    {
        // Three hundred clients, each trickling a header byte every 100 ms into a request that never
        // ends. The idle timeout (60 s) would be reset by every byte; the header deadline is not.
        constexpr int kClients = 300;
        HttpTargetOptions o;
        o.headerTimeoutMs = 800;
        o.maxConnections = kClients;
        HttpTargetServer server(o);
        START_OR_FAIL(server);
        std::vector<std::unique_ptr<RawClient>> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<RawClient>(server.port(), true));
            QVERIFY(clients.back()->isOpen());
            clients.back()->send("GET / HTTP/1.1\r\nX-Slow: ");
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), qint64(kClients), 10000);
        // Holding every slot: a newcomer is refused while they last.
        QElapsedTimer t;
        t.start();
        int closed = 0;
        while (t.elapsed() < 20000 && closed < kClients) {
            closed = 0;
            for (auto &c : clients) {
                if (c->peerClosed())
                    ++closed;
                else
                    c->send("a");
            }
            QTest::qWait(100);
        }
        QCOMPARE(closed, kClients);
        QCOMPARE(server.stats().closedSlowRequest.load(), qint64(kClients));
        QVERIFY2(clients.front()->received().startsWith("HTTP/1.1 408"), clients.front()->received().constData());
        QCOMPARE(server.stats().closedIdle.load(), 0);
        // The slots are free again: a well-behaved client is served.
        clients.clear();
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), 0, 10000);
        RawClient ok(server.port());
        QVERIFY(ok.sendAll("GET /status/204 HTTP/1.1\r\nConnection: close\r\n\r\n"));
        QVERIFY(ok.readToEnd(10000).startsWith("HTTP/1.1 204"));
    }

    void pipeliningClientThatNeverReadsIsNotReadFrom()
    {
        HttpTargetOptions o;
        o.idleTimeoutMs = 1500; // a client that takes none of its answers for this long is dropped
        HttpTargetServer server(o);
        START_OR_FAIL(server);
        RawClient c(server.port(), true);
        QVERIFY(c.isOpen());
        QByteArray burst;
        for (int i = 0; i < 4096; ++i)
            burst += "GET / HTTP/1.1\r\nHost: x\r\n\r\n"; // each answer is ~5 times its request
        const qint64 before = residentBytes();
        qint64 sent = 0;
        QElapsedTimer t;
        t.start();
        // Up to 256 MiB of requests, as fast as the kernel takes them, for at most 3 s.
        while (t.elapsed() < 3000 && sent < 256LL * 1024 * 1024) {
            const qint64 n = c.send(burst);
            if (n < 0)
                break;
            sent += n;
            if (n == 0)
                QTest::qWait(5);
        }
        const qint64 grown = residentBytes() - before;
        // Unbounded, the target would have read everything it was sent and queued five times as much.
        QVERIFY2(server.stats().readPauses.load() >= 1, "the target never stopped reading");
        QVERIFY2(grown < 64LL * 1024 * 1024, qPrintable(QStringLiteral("resident memory grew by %1 MiB for %2 MiB sent")
                                                            .arg(grown / (1024 * 1024))
                                                            .arg(sent / (1024 * 1024))));
        QVERIFY2(sent < 64LL * 1024 * 1024, qPrintable(QStringLiteral("%1 MiB sent").arg(sent / (1024 * 1024))));
        // Still not reading: dropped once its answers have not moved for the idle timeout.
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().closedStalledReader.load(), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().open.load(), 0, 5000);
    }

    void deadlinesShorterThanAnswersPrintNoWarning()
    {
        // The default profile's fan-out: deadlines (250 ms) shorter than some answers (up to 300 ms),
        // so clients abort while the target is about to answer. It printed "QSocketNotifier: Invalid
        // socket specified" about once a second.
        RunSpec spec;
        spec.durationSeconds = 3;
        auto run = testing::makeRun(
            QStringLiteral("http-fanout"),
            {{QStringLiteral("url"), QStringLiteral("builtin:/delay?min_ms=10&max_ms=300")},
             {QStringLiteral("requests"), 0},
             {QStringLiteral("concurrency"), 50},
             {QStringLiteral("timeoutMs"), 250},
             {QStringLiteral("retries"), QJsonObject{{QStringLiteral("max"), 1}, {QStringLiteral("backoffMs"), 50}}}},
            spec);
        QVERIFY(run);
        g_warnings.clear();
        const QtMessageHandler previous = qInstallMessageHandler(collectWarnings);
        const auto s = testing::runToEnd(*run, 30000);
        qInstallMessageHandler(previous);
        QVERIFY(s);
        QVERIFY(testing::countOf(s, TaskState::TimedOut) > 0); // the case happened
        QVERIFY(testing::countOf(s, TaskState::Succeeded) > 0);
        QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestHostileClients)
#include "tst_hostile_clients.moc"
