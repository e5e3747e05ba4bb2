#pragma once

// Ports for the tests' own servers and peers, on 127.0.0.1 only.
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace coroscope::testing {

// A port nothing listens on right now (the kernel's choice for an ephemeral listener, released).
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Waits until something accepts connections on `port`, at most timeoutMs; the loop keeps running.
inline bool waitForPort(quint16 port, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        if (s.waitForConnected(200))
            return true;
        QTest::qWait(50);
    }
    return false;
}

} // namespace coroscope::testing
