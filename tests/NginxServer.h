#pragma once

// A private nginx for tests and benchmarks: its own config and files in a temporary directory, a
// free loopback port, started and stopped by the test.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <unistd.h>

namespace coroscope::testing {

class NginxServer
{
public:
    static QString binary()
    {
        const QString found = QStandardPaths::findExecutable(QStringLiteral("nginx"));
        if (!found.isEmpty())
            return found;
        return QFile::exists(QStringLiteral("/usr/sbin/nginx")) ? QStringLiteral("/usr/sbin/nginx") : QString();
    }

    ~NginxServer() { stop(); }

    // Serves /hello.txt (13 bytes) and answers /503 with 503.
    bool start(QString *error)
    {
        if (binary().isEmpty()) {
            *error = QStringLiteral("nginx is not installed");
            return false;
        }
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            m_port = probe.serverPort();
        }
        const QString dir = m_dir.path();
        QDir().mkpath(dir + QStringLiteral("/www"));
        QDir().mkpath(dir + QStringLiteral("/tmp"));
        QFile hello(dir + QStringLiteral("/www/hello.txt"));
        hello.open(QIODevice::WriteOnly);
        hello.write("Hello, world\n");
        hello.close();
        QFile conf(dir + QStringLiteral("/nginx.conf"));
        conf.open(QIODevice::WriteOnly);
        const QString user = ::getuid() == 0 ? QStringLiteral("user root;\n") : QString();
        conf.write(QStringLiteral("%1worker_processes 1;\npid %2/nginx.pid;\nerror_log stderr crit;\n"
                                  "events { worker_connections 4096; }\n"
                                  "http {\n  access_log off;\n  log_not_found off;\n  client_body_temp_path %2/tmp;\n"
                                  "  proxy_temp_path %2/tmp;\n  fastcgi_temp_path %2/tmp;\n  uwsgi_temp_path %2/tmp;\n"
                                  "  scgi_temp_path %2/tmp;\n  keepalive_requests 10000000;\n"
                                  "  server {\n    listen 127.0.0.1:%3;\n    root %2/www;\n"
                                  "    location = /503 { return 503; }\n  }\n}\n")
                       .arg(user, dir)
                       .arg(m_port)
                       .toUtf8());
        conf.close();
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(binary(), {QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
                                   QStringLiteral("-e"), QStringLiteral("stderr"), QStringLiteral("-g"),
                                   QStringLiteral("daemon off;")});
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            if (m_process.state() == QProcess::NotRunning) {
                *error = QStringLiteral("nginx exited at start");
                return false;
            }
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, m_port);
            if (s.waitForConnected(200))
                return true;
            QThread::msleep(50);
        }
        *error = QStringLiteral("nginx did not start listening");
        return false;
    }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000)) {
                m_process.kill();
                m_process.waitForFinished();
            }
        }
    }

    quint16 port() const { return m_port; }
    QString url(const QString &path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace coroscope::testing
