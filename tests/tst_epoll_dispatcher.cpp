// Conformance of the epoll event dispatcher with what Qt code expects of a dispatcher: timers in
// order and never early, every timer type, remainingTime, zero timers, notifiers that are enabled,
// disabled, deleted inside an activation or replaced on a reused descriptor, wake-ups from other
// threads, interrupt(), nested loops, 5 000 registered sockets with one active, and real TCP.
#include "core/DirectSocketNotifier.h"
#include "core/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace coroscope;

namespace {

EpollEventDispatcher *dispatcher()
{
    return qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
}

// A connected pair of non-blocking stream sockets; closed at the end of the test.
struct SocketPair {
    int fds[2] = {-1, -1};
    SocketPair() { socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds); }
    ~SocketPair()
    {
        for (int fd : fds) {
            if (fd >= 0)
                ::close(fd);
        }
    }
    void send(const char *text = "x") const { QVERIFY(::write(fds[1], text, strlen(text)) > 0); }
};

void drain(int fd)
{
    char buf[4096];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
}

void spin(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
}

// Serves events until `done` holds (no fixed sleeps, unlike QTRY_*); false after `ms`.
template<typename Pred> bool serveUntil(Pred done, int ms = 5000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

} // namespace

class TestEpollDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isInstalled();
    void timersFireInOrderAndNeverEarly();
    void everyTimerTypeFires();
    void remainingTimeCountsDown();
    void zeroTimerRunsOnTheNextPass();
    void postedEventsAndDeleteLater();
    void disabledNotifierIsNotActivated();
    void notifierDeletedInsideItsOwnActivation();
    void notifierDeletedByAnotherInTheSamePass();
    void reusedDescriptorGetsItsNewNotifier();
    void duplicatedDescriptorLeavesTheSetWithItsNotifier();
    void wakeUpFromAnotherThread();
    void interruptEndsAWait();
    void nestedLoopInsideAnActivation();
    void fiveThousandSocketsOneActive();
    void tcpEchoAcrossThreads();
    void directNotifierIsCalledWithoutAnEvent();
    void directNotifierDeletedInsideItsOwnActivation();
    void directNotifierUnderQtsDispatcher();
};

void TestEpollDispatcher::isInstalled()
{
    QVERIFY(dispatcher());
    QVERIFY(dispatcher()->isValid());
}

void TestEpollDispatcher::timersFireInOrderAndNeverEarly()
{
    QElapsedTimer clock;
    QList<int> order;
    QList<qint64> late;
    std::vector<std::unique_ptr<QTimer>> timers;
    clock.start();
    for (int ms : {40, 10, 25, 0, 60}) {
        auto t = std::make_unique<QTimer>();
        t->setTimerType(Qt::PreciseTimer);
        t->setSingleShot(true);
        connect(t.get(), &QTimer::timeout, this, [&, ms] {
            order << ms;
            late << clock.elapsed() - ms;
        });
        t->start(ms);
        timers.push_back(std::move(t));
    }
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 5, 5000);
    QCOMPARE(order, (QList<int>{0, 10, 25, 40, 60}));
    for (qint64 l : late)
        QVERIFY2(l >= 0, "a precise timer fired early");
}

void TestEpollDispatcher::everyTimerTypeFires()
{
    QElapsedTimer clock;
    clock.start();
    qint64 coarse = -1, veryCoarse = -1;
    QTimer::singleShot(60, Qt::CoarseTimer, this, [&] { coarse = clock.elapsed(); });
    QTimer::singleShot(300, Qt::VeryCoarseTimer, this, [&] { veryCoarse = clock.elapsed(); });
    QTRY_VERIFY_WITH_TIMEOUT(coarse >= 0 && veryCoarse >= 0, 5000);
    QVERIFY2(coarse >= 60 * 95 / 100, qPrintable(QString::number(coarse))); // coarse: up to 5 % early
    QVERIFY(veryCoarse >= 0);
    // A repeating timer keeps firing.
    int ticks = 0;
    QTimer repeating;
    connect(&repeating, &QTimer::timeout, this, [&] { ++ticks; });
    repeating.start(5);
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 5, 5000);
}

void TestEpollDispatcher::remainingTimeCountsDown()
{
    QTimer t;
    t.setTimerType(Qt::PreciseTimer);
    t.setSingleShot(true);
    t.start(500);
    const int first = t.remainingTime();
    QVERIFY2(first > 0 && first <= 500, qPrintable(QString::number(first)));
    spin(100);
    const int later = t.remainingTime();
    QVERIFY2(later >= 0 && later <= first - 50, qPrintable(QString::number(later)));
    t.stop();
    QCOMPARE(t.remainingTime(), -1);
}

void TestEpollDispatcher::zeroTimerRunsOnTheNextPass()
{
    bool ran = false;
    QTimer::singleShot(0, this, [&] { ran = true; });
    QVERIFY(!ran);
    QCoreApplication::processEvents();
    QVERIFY(ran);
}

void TestEpollDispatcher::postedEventsAndDeleteLater()
{
    QPointer<QObject> doomed = new QObject;
    doomed->deleteLater();
    bool invoked = false;
    QMetaObject::invokeMethod(
        this, [&] { invoked = true; }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(invoked, 2000);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QTRY_VERIFY_WITH_TIMEOUT(doomed.isNull(), 2000);
}

void TestEpollDispatcher::disabledNotifierIsNotActivated()
{
    SocketPair p;
    QSocketNotifier n(p.fds[0], QSocketNotifier::Read);
    int activations = 0;
    connect(&n, &QSocketNotifier::activated, this, [&] {
        ++activations;
        drain(p.fds[0]);
    });
    p.send();
    QTRY_COMPARE_WITH_TIMEOUT(activations, 1, 2000);
    n.setEnabled(false);
    p.send();
    spin(100);
    QCOMPARE(activations, 1); // data waits, the notifier is off
    n.setEnabled(true);
    QTRY_COMPARE_WITH_TIMEOUT(activations, 2, 2000);
    // Toggled off and on within one pass: still activated once the data is there.
    n.setEnabled(false);
    n.setEnabled(true);
    p.send();
    QTRY_COMPARE_WITH_TIMEOUT(activations, 3, 2000);
    // A write notifier on a socket with room fires at once.
    QSocketNotifier w(p.fds[1], QSocketNotifier::Write);
    int writable = 0;
    connect(&w, &QSocketNotifier::activated, this, [&] {
        ++writable;
        w.setEnabled(false);
    });
    QTRY_COMPARE_WITH_TIMEOUT(writable, 1, 2000);
}

void TestEpollDispatcher::notifierDeletedInsideItsOwnActivation()
{
    SocketPair p;
    auto *n = new QSocketNotifier(p.fds[0], QSocketNotifier::Read);
    QPointer<QSocketNotifier> guard(n);
    int activations = 0;
    connect(n, &QSocketNotifier::activated, this, [&] {
        ++activations;
        delete guard.data(); // data stays unread: a live notifier would fire again at once
    });
    p.send();
    QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 2000);
    spin(50);
    QCOMPARE(activations, 1);
}

void TestEpollDispatcher::notifierDeletedByAnotherInTheSamePass()
{
    SocketPair a, b;
    QSocketNotifier first(a.fds[0], QSocketNotifier::Read);
    QPointer<QSocketNotifier> second = new QSocketNotifier(b.fds[0], QSocketNotifier::Read);
    int firstCount = 0, secondCount = 0;
    // Whichever is activated first deletes the other; both are ready in the same pass.
    connect(&first, &QSocketNotifier::activated, this, [&] {
        ++firstCount;
        drain(a.fds[0]);
        delete second.data();
    });
    connect(second.data(), &QSocketNotifier::activated, this, [&] {
        ++secondCount;
        drain(b.fds[0]);
        first.setEnabled(false);
    });
    a.send();
    b.send();
    QTRY_VERIFY_WITH_TIMEOUT(firstCount + secondCount >= 1, 2000);
    spin(50);
    QCOMPARE(firstCount + secondCount, 1); // the other one was switched off or deleted before its turn
}

void TestEpollDispatcher::reusedDescriptorGetsItsNewNotifier()
{
    // Within one pass: a notifier goes, its descriptor is closed, a new socket gets the same number
    // and a notifier of the same type. The kernel dropped the old registration with the close; the
    // new socket must still be watched although the wanted events did not change.
    SocketPair first;
    auto *old = new QSocketNotifier(first.fds[0], QSocketNotifier::Read);
    spin(20); // registered with the kernel
    const int reusedFd = first.fds[0];
    std::unique_ptr<SocketPair> second;
    std::unique_ptr<QSocketNotifier> fresh;
    int activations = 0;
    QTimer::singleShot(0, this, [&] {
        delete old;
        ::close(first.fds[0]);
        first.fds[0] = -1;
        second = std::make_unique<SocketPair>();
        fresh = std::make_unique<QSocketNotifier>(second->fds[0], QSocketNotifier::Read);
        connect(fresh.get(), &QSocketNotifier::activated, this, [&] {
            ++activations;
            drain(second->fds[0]);
        });
        second->send();
    });
    QTRY_VERIFY_WITH_TIMEOUT(second, 2000);
    QCOMPARE(second->fds[0], reusedFd); // POSIX gives the lowest free number: the test means what it says
    QTRY_COMPARE_WITH_TIMEOUT(activations, 1, 2000);
}

void TestEpollDispatcher::duplicatedDescriptorLeavesTheSetWithItsNotifier()
{
    // A socket handed over to a dup()ed descriptor (how TcpStream takes a connection over from
    // QTcpSocket): its notifier goes, its descriptor closes, the connection lives on. A registration
    // left in the kernel's set could no longer be removed and would report the readable socket on
    // every pass, so the loop would never sleep.
    SocketPair p;
    auto *n = new QSocketNotifier(p.fds[0], QSocketNotifier::Read);
    spin(20); // registered with the kernel
    const int duplicate = ::dup(p.fds[0]);
    QVERIFY(duplicate >= 0);
    delete n;
    ::close(p.fds[0]);
    p.fds[0] = duplicate;
    p.send();
    int passes = 0;
    const auto counter = connect(dispatcher(), &QAbstractEventDispatcher::awake, this, [&] { ++passes; });
    QEventLoop loop;
    QTimer::singleShot(100, &loop, &QEventLoop::quit);
    loop.exec();
    disconnect(counter);
    // Asleep until the timer: a handful of passes; spinning on the stale registration: thousands.
    QVERIFY2(passes < 50, qPrintable(QStringLiteral("%1 loop passes in 100 ms").arg(passes)));
}

void TestEpollDispatcher::wakeUpFromAnotherThread()
{
    QEventLoop loop;
    bool byThread = false;
    QTimer safety;
    safety.setSingleShot(true);
    connect(&safety, &QTimer::timeout, &loop, &QEventLoop::quit);
    safety.start(20000);
    std::thread poster([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        QMetaObject::invokeMethod(
            &loop,
            [&] {
                byThread = true;
                loop.quit();
            },
            Qt::QueuedConnection);
    });
    loop.exec(); // nothing else to wake it: only the cross-thread post does
    poster.join();
    QVERIFY(byThread);
}

void TestEpollDispatcher::interruptEndsAWait()
{
    EpollEventDispatcher *d = dispatcher(); // this thread's: the other thread has none
    std::thread interrupter([d] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        d->interrupt();
    });
    // Blocks with no timer and no ready socket until the interrupt.
    d->processEvents(QEventLoop::WaitForMoreEvents);
    interrupter.join();
    QVERIFY(true);
}

void TestEpollDispatcher::nestedLoopInsideAnActivation()
{
    SocketPair outerPair, innerPair;
    QSocketNotifier outer(outerPair.fds[0], QSocketNotifier::Read);
    QSocketNotifier inner(innerPair.fds[0], QSocketNotifier::Read);
    QStringList log;
    connect(&inner, &QSocketNotifier::activated, this, [&] {
        drain(innerPair.fds[0]);
        log << QStringLiteral("inner");
    });
    connect(&outer, &QSocketNotifier::activated, this, [&] {
        drain(outerPair.fds[0]);
        log << QStringLiteral("outer begins");
        QEventLoop nested;
        QTimer::singleShot(30, &nested, &QEventLoop::quit);
        innerPair.send();
        nested.exec(); // a modal dialog's loop: sockets and timers go on being served
        log << QStringLiteral("outer ends");
    });
    outerPair.send();
    QTRY_COMPARE_WITH_TIMEOUT(log.size(), 3, 3000);
    QCOMPARE(log, (QStringList{QStringLiteral("outer begins"), QStringLiteral("inner"), QStringLiteral("outer ends")}));
}

void TestEpollDispatcher::fiveThousandSocketsOneActive()
{
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < 12000 && lim.rlim_max >= 12000) {
        lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, 65536);
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < 12000)
        QSKIP("the descriptor limit is below 12 000 and cannot be raised");
    std::vector<std::unique_ptr<SocketPair>> pairs;
    std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
    int others = 0;
    for (int i = 0; i < 5000; ++i) {
        pairs.push_back(std::make_unique<SocketPair>());
        notifiers.push_back(std::make_unique<QSocketNotifier>(pairs.back()->fds[0], QSocketNotifier::Read));
        if (i > 0)
            connect(notifiers.back().get(), &QSocketNotifier::activated, this, [&] { ++others; });
    }
    int active = 0;
    const int activeFd = pairs[0]->fds[0];
    connect(notifiers[0].get(), &QSocketNotifier::activated, this, [&] {
        ++active;
        drain(activeFd);
    });
    spin(20); // every registration reaches the kernel
    const qint64 controlsBefore = dispatcher()->controlCalls();
    for (int round = 1; round <= 200; ++round) {
        pairs[0]->send();
        QVERIFY(serveUntil([&] { return active == round; }));
    }
    QCOMPARE(others, 0);
    // Steady state: activations alone change no registration.
    QCOMPARE(dispatcher()->controlCalls(), controlsBefore);
}

void TestEpollDispatcher::tcpEchoAcrossThreads()
{
    // The server on a thread with a dispatcher of its own, the client here: QAbstractSocket's
    // notifier toggling, connects, disconnects, thread affinity.
    QThread serverThread;
    serverThread.setEventDispatcher(new EpollEventDispatcher);
    auto *server = new QTcpServer;
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));
    const quint16 port = server->serverPort();
    server->moveToThread(&serverThread);
    connect(server, &QTcpServer::newConnection, server, [server] {
        while (QTcpSocket *s = server->nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
    connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();

    for (int connection = 0; connection < 3; ++connection) {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(client.waitForConnected(5000));
        QByteArray got;
        connect(&client, &QTcpSocket::readyRead, this, [&] { got += client.readAll(); });
        for (int i = 0; i < 300; ++i) {
            const QByteArray line = "line " + QByteArray::number(i) + '\n';
            got.clear();
            client.write(line);
            QVERIFY2(serveUntil([&] { return got == line; }), got.constData());
        }
        client.disconnectFromHost();
    }
    serverThread.quit();
    QVERIFY(serverThread.wait(5000));
}

namespace {

// Counts the socket activations that reach an object as events.
class SocketEventCounter : public QObject
{
public:
    int events = 0;
    bool eventFilter(QObject *, QEvent *e) override
    {
        events += e->type() == QEvent::SockAct ? 1 : 0;
        return false;
    }
};

struct DirectCount {
    int calls = 0;
    int fd = -1;
    static void onReady(void *self)
    {
        auto *c = static_cast<DirectCount *>(self);
        ++c->calls;
        drain(c->fd);
    }
};

} // namespace

void TestEpollDispatcher::directNotifierIsCalledWithoutAnEvent()
{
    SocketPair p;
    DirectCount count{0, p.fds[0]};
    DirectSocketNotifier n(p.fds[0], QSocketNotifier::Read, &DirectCount::onReady, &count);
    SocketEventCounter filter;
    n.installEventFilter(&filter);
    p.send();
    QTRY_COMPARE_WITH_TIMEOUT(count.calls, 1, 2000);
    QCOMPARE(filter.events, 0); // called by the dispatcher, not sent a QEvent
    n.setEnabled(false);
    p.send();
    spin(100);
    QCOMPARE(count.calls, 1); // data waits, the notifier is off
    n.setEnabled(true);
    QTRY_COMPARE_WITH_TIMEOUT(count.calls, 2, 2000);
    // A plain notifier on the other end still gets its event.
    QSocketNotifier plain(p.fds[1], QSocketNotifier::Read);
    SocketEventCounter plainFilter;
    plain.installEventFilter(&plainFilter);
    connect(&plain, &QSocketNotifier::activated, this, [&] { drain(p.fds[1]); });
    QVERIFY(::write(p.fds[0], "y", 1) == 1);
    QTRY_COMPARE_WITH_TIMEOUT(plainFilter.events, 1, 2000);
}

void TestEpollDispatcher::directNotifierDeletedInsideItsOwnActivation()
{
    SocketPair p;
    struct Owner {
        DirectSocketNotifier *notifier = nullptr;
        int calls = 0;
    } owner;
    owner.notifier = new DirectSocketNotifier(
        p.fds[0], QSocketNotifier::Read,
        [](void *self) {
            auto *o = static_cast<Owner *>(self);
            ++o->calls;
            delete o->notifier; // data stays unread: a live notifier would be called again at once
            o->notifier = nullptr;
        },
        &owner);
    p.send();
    QTRY_VERIFY_WITH_TIMEOUT(owner.notifier == nullptr, 2000);
    spin(50);
    QCOMPARE(owner.calls, 1);
}

void TestEpollDispatcher::directNotifierUnderQtsDispatcher()
{
    // On a thread with Qt's own dispatcher it is an ordinary notifier: activated through event().
    SocketPair p;
    DirectCount count{0, p.fds[0]};
    int events = -1;
    QThread qtThread; // no dispatcher set: Qt's default
    auto *worker = new QObject;
    worker->moveToThread(&qtThread);
    connect(&qtThread, &QThread::finished, worker, &QObject::deleteLater);
    qtThread.start();
    QMetaObject::invokeMethod(
        worker,
        [&] {
            QVERIFY(!qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
            auto *n = new DirectSocketNotifier(p.fds[0], QSocketNotifier::Read, &DirectCount::onReady, &count, worker);
            auto *filter = new SocketEventCounter;
            filter->setParent(worker);
            n->installEventFilter(filter);
            connect(n, &QObject::destroyed, filter, [&events, filter] { events = filter->events; });
        },
        Qt::BlockingQueuedConnection);
    p.send();
    QTRY_COMPARE_WITH_TIMEOUT(count.calls, 1, 2000);
    qtThread.quit();
    QVERIFY(qtThread.wait(5000));
    QCOMPARE(events, 1);
}

int main(int argc, char **argv)
{
    // Installed before the application exists, as the app does it.
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return coroscope::testing::execFailingOnWarnings(&test, argc, argv); // a Qt warning fails the test
}

#include "tst_epoll_dispatcher.moc"
