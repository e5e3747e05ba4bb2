// The harness every server-backed test starts its nginx, Redis or PostgreSQL with: ready when the
// probe says so, its output kept in a log, a failed start named with what the server said.
#include "support/LocalServer.h"

#include <QFile>
#include <QTest>

#include <unistd.h>

using coroscope::testing::LocalServer;

namespace {

// A TCP server in Python that accepts and echoes nothing, printing a line first.
LocalServer::Config python(const QString &script)
{
    LocalServer::Config c;
    c.name = QStringLiteral("python");
    // The system's interpreter: one any user may run (a per-user shim on PATH may not be).
    c.program = QStringLiteral("/usr/bin/python3");
    c.arguments = [script](const LocalServer &s) {
        return QStringList{QStringLiteral("-u"), QStringLiteral("-c"), script, QString::number(s.port()), s.dir()};
    };
    c.startTimeoutMs = 5000;
    return c;
}

const QString kListen = QStringLiteral("import socket, sys, os, time\n"
                                       "print('listening as', os.getuid())\n"
                                       "open(os.path.join(sys.argv[2], 'written-by-server'), 'w').write('x')\n"
                                       "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                                       "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen()\n"
                                       "time.sleep(60)\n");

} // namespace

class TestLocalServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void startsWaitsAndStops();
    void aServerThatExitsIsNamedWithItsOutput();
    void aServerThatNeverAnswersTimesOut();
    void runsAsAnotherUser();
};

void TestLocalServer::startsWaitsAndStops()
{
    LocalServer server(python(kListen));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.port() > 0);
    QVERIFY(LocalServer::acceptsConnections(server.port()));
    QTRY_VERIFY_WITH_TIMEOUT(server.logTail().contains("listening as"), 5000);
    server.stop();
    QVERIFY(!server.isRunning());
    QVERIFY(!LocalServer::acceptsConnections(server.port()));
}

void TestLocalServer::aServerThatExitsIsNamedWithItsOutput()
{
    LocalServer server(python(QStringLiteral("print('bad configuration line 3'); raise SystemExit(1)")));
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.startsWith(QStringLiteral("python exited at start: ")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("bad configuration line 3")), qPrintable(error));
}

void TestLocalServer::aServerThatNeverAnswersTimesOut()
{
    LocalServer::Config c = python(QStringLiteral("import time; time.sleep(60)"));
    c.startTimeoutMs = 500;
    LocalServer server(c);
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.contains(QStringLiteral("was not ready within 500 ms")), qPrintable(error));
    QVERIFY(!server.isRunning());
}

void TestLocalServer::runsAsAnotherUser()
{
    if (::getuid() != 0)
        QSKIP("runuser needs root");
    LocalServer::Config c = python(kListen);
    c.runAsUser = QStringLiteral("nobody");
    LocalServer server(c);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    // The server could write in its directory, and ran under the other user's id.
    QVERIFY(QFile::exists(server.filePath(QStringLiteral("written-by-server"))));
    QTRY_VERIFY_WITH_TIMEOUT(server.logTail().contains("listening as 65534"), 5000);
}

QTEST_GUILESS_MAIN(TestLocalServer)
#include "tst_local_server.moc"
