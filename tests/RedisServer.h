#pragma once

// A private redis-server for tests: a free loopback port, its own directory, an append-only file
// synced on every write (so a restart loses nothing), started and stopped by the test.
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

namespace coroscope::testing {

class RedisServer
{
public:
    static QString binary() { return QStandardPaths::findExecutable(QStringLiteral("redis-server")); }
    static QString cli() { return QStandardPaths::findExecutable(QStringLiteral("redis-cli")); }

    ~RedisServer() { stop(); }

    bool start(QString *error)
    {
        if (binary().isEmpty() || cli().isEmpty()) {
            *error = QStringLiteral("redis-server or redis-cli is not installed");
            return false;
        }
        if (m_port == 0) {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            m_port = probe.serverPort();
        }
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_process.start(binary(), {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                                   QStringLiteral("127.0.0.1"), QStringLiteral("--dir"), m_dir.path(),
                                   QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"),
                                   QStringLiteral("yes"), QStringLiteral("--appendfsync"), QStringLiteral("always"),
                                   QStringLiteral("--daemonize"), QStringLiteral("no")});
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            if (m_process.state() == QProcess::NotRunning) {
                *error = QStringLiteral("redis-server exited at start");
                return false;
            }
            if (cliCall({QStringLiteral("PING")}).trimmed() == "PONG")
                return true;
            QThread::msleep(50);
        }
        *error = QStringLiteral("redis-server did not start");
        return false;
    }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10000)) {
                m_process.kill();
                m_process.waitForFinished();
            }
        }
    }

    quint16 port() const { return m_port; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port); }

    // Runs redis-cli against this server; its standard output.
    QByteArray cliCall(const QStringList &args) const
    {
        QProcess p;
        p.start(cli(), QStringList{QStringLiteral("-p"), QString::number(m_port)} + args);
        p.waitForFinished(30000);
        return p.readAllStandardOutput();
    }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace coroscope::testing
