// TcpStream::connectTo, the one connect of the echo, WebSocket and fast HTTP clients: an address is
// connected with a non-blocking connect() of its own, a host name through Qt. Every way a connect
// ends: connected (IPv4, IPv6, by name, with the bytes flowing both ways after), refused, timed out
// at the deadline, cancelled, and out of descriptors, each with the error kind the workloads count.
#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "net/ReadBuffer.h"
#include "net/TcpStream.h"
#include "support/DataRows.h"
#include "support/Ports.h"

#include <QCoroTask>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace coroscope;

namespace {

struct Attempt {
    bool done = false;
    TcpConnectResult result;
    ReadBuffer in;
};

QCoro::Task<void> connectInto(QString host, quint16 port, LoopScheduler *scheduler, CancellationToken *token,
                              qint64 deadlineNs, Attempt *out)
{
    out->result = co_await TcpStream::connectTo(host, port, out->in, *scheduler, token, deadlineNs);
    out->done = true;
}

// A listener that never accepts, with the smallest accept queue: once it is full, the kernel drops
// further SYNs and a connect to it hangs until its deadline.
class SilentListener
{
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof a;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&a), size) != 0 || ::listen(m_fd, 0) != 0 ||
            ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&a), &size) != 0)
            qFatal("cannot listen on 127.0.0.1");
        m_port = ntohs(a.sin_port);
    }
    ~SilentListener() { ::close(m_fd); }
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

} // namespace

class TestTcpConnect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { m_keep.clear(); }

    void connectsAndCarriesBytes_data()
    {
        testing::DataRows<QString, QHostAddress>("host", "listenOn")
            .row("IPv4 address", QStringLiteral("127.0.0.1"), QHostAddress(QHostAddress::LocalHost))
            .row("IPv6 address", QStringLiteral("::1"), QHostAddress(QHostAddress::LocalHostIPv6))
            .row("host name", QStringLiteral("localhost"), QHostAddress(QHostAddress::LocalHost));
    }

    void connectsAndCarriesBytes()
    {
        const auto [host, listenOn] = testing::fetch<QString, QHostAddress>("host", "listenOn");
        QTcpServer server;
        if (!server.listen(listenOn, 0))
            QSKIP(qPrintable(QStringLiteral("cannot listen on %1: %2").arg(listenOn.toString(), server.errorString())));
        Attempt a;
        CancellationToken token;
        connectInto(host, server.serverPort(), &m_scheduler, &token, nowNs() + 10 * kNsPerSecond, &a);
        QVERIFY(QTest::qWaitFor([&a] { return a.done; }, 15000));
        QVERIFY2(a.result.outcome == ConnectOutcome::Connected, qPrintable(a.result.message));
        QVERIFY(a.result.stream && a.result.stream->isOpen());
        QVERIFY(QTest::qWaitFor([&server] { return server.hasPendingConnections(); }, 5000));
        QTcpSocket *peer = server.nextPendingConnection();
        // Both ways on the connection it made: what it writes arrives, what the peer writes is read.
        QVERIFY(a.result.stream->write("ping", 4));
        QVERIFY(QTest::qWaitFor([peer] { return peer->bytesAvailable() >= 4; }, 5000));
        QCOMPARE(peer->readAll(), QByteArray("ping"));
        peer->write("pong");
        QVERIFY(QTest::qWaitFor([&a] { return a.result.stream->read(a.in, 64) > 0 || a.in.size() >= 4; }, 5000));
        QCOMPARE(QByteArray(a.in.data(), a.in.size()), QByteArray("pong"));
    }

    void refusedIsConnectionRefused()
    {
        Attempt a;
        CancellationToken token;
        connectInto(QStringLiteral("127.0.0.1"), testing::freePort(), &m_scheduler, &token, 0, &a);
        QVERIFY(QTest::qWaitFor([&a] { return a.done; }, 10000));
        QVERIFY(a.result.outcome == ConnectOutcome::Failed);
        QCOMPARE(a.result.errorKind, ErrorKind::ConnectionRefused);
        QCOMPARE(a.result.message, QStringLiteral("Connection refused"));
        QVERIFY(!a.result.stream);
    }

    void aDroppedSynEndsAtTheDeadlineOrOnCancel_data()
    {
        testing::DataRows<bool>("cancel").row("deadline", false).row("cancelled", true);
    }

    void aDroppedSynEndsAtTheDeadlineOrOnCancel()
    {
        const auto [cancel] = testing::fetch<bool>("cancel");
        SilentListener silent;
        // The first connects fill its accept queue; then one hangs.
        for (int i = 0; i < 16; ++i) {
            Attempt a;
            CancellationToken token;
            const qint64 deadline = cancel ? 0 : nowNs() + 300 * kNsPerMs;
            connectInto(QStringLiteral("127.0.0.1"), silent.port(), &m_scheduler, &token, deadline, &a);
            // One still going after 150 ms hangs on a dropped SYN (or is merely slow: then the
            // cancel or the deadline ends it all the same).
            if (!QTest::qWaitFor([&a] { return a.done; }, 150) && cancel)
                token.cancel();
            QVERIFY(QTest::qWaitFor([&a] { return a.done; }, 5000));
            if (a.result.outcome == ConnectOutcome::Connected) {
                m_keep.push_back(std::move(a.result.stream)); // keeps the queue full
                continue;
            }
            QVERIFY2(a.result.outcome == (cancel ? ConnectOutcome::Cancelled : ConnectOutcome::TimedOut),
                     qPrintable(a.result.message));
            QVERIFY(!a.result.stream);
            return;
        }
        QFAIL("every connect to a listener that never accepts went through");
    }

    void outOfDescriptorsIsTooManyOpenFiles()
    {
        rlimit saved{};
        QVERIFY(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
        // A soft limit at the lowest free descriptor: the next socket() fails with EMFILE.
        const int lowestFree = ::dup(0);
        QVERIFY(lowestFree >= 0);
        ::close(lowestFree);
        rlimit tight = saved;
        tight.rlim_cur = rlim_t(lowestFree);
        QVERIFY(::setrlimit(RLIMIT_NOFILE, &tight) == 0);
        Attempt a;
        CancellationToken token;
        connectInto(QStringLiteral("127.0.0.1"), testing::freePort(), &m_scheduler, &token, 0, &a);
        ::setrlimit(RLIMIT_NOFILE, &saved);
        QVERIFY(QTest::qWaitFor([&a] { return a.done; }, 10000));
        QVERIFY(a.result.outcome == ConnectOutcome::Failed);
        QCOMPARE(a.result.errorKind, ErrorKind::TooManyOpenFiles);
        QVERIFY2(a.result.message.contains(QStringLiteral("Too many open files")), qPrintable(a.result.message));
    }

private:
    LoopScheduler m_scheduler;
    std::vector<std::unique_ptr<TcpStream>> m_keep;
};

QTEST_GUILESS_MAIN(TestTcpConnect)
#include "tst_tcp_connect.moc"
