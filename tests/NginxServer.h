#pragma once

// A private nginx for tests and benchmarks (on LocalServer): its own configuration and files in a
// temporary directory, a free loopback port, started and stopped by the test.
#include "support/LocalServer.h"

// What tests got from this header before it used LocalServer.
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <QDir>
#include <QFile>

#include <unistd.h>

namespace coroscope::testing {

class NginxServer
{
public:
    static QString binary() { return LocalServer::findProgram(QStringLiteral("nginx")); }

    // Serves /hello.txt (13 bytes) and answers /503 with 503.
    bool start(QString *error) { return m_server.start(error); }
    void stop() { m_server.stop(); }

    quint16 port() const { return m_server.port(); }
    QString url(const QString &path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path); }

private:
    static bool writeFiles(const LocalServer &s, QString *error)
    {
        QDir().mkpath(s.filePath(QStringLiteral("www")));
        QDir().mkpath(s.filePath(QStringLiteral("tmp")));
        QFile hello(s.filePath(QStringLiteral("www/hello.txt")));
        QFile conf(s.filePath(QStringLiteral("nginx.conf")));
        if (!hello.open(QIODevice::WriteOnly) || !conf.open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("nginx: cannot write its files in %1").arg(s.dir());
            return false;
        }
        hello.write("Hello, world\n");
        const QString user = ::getuid() == 0 ? QStringLiteral("user root;\n") : QString();
        conf.write(QStringLiteral("%1worker_processes 1;\npid %2/nginx.pid;\nerror_log stderr crit;\n"
                                  "events { worker_connections 4096; }\n"
                                  "http {\n  access_log off;\n  log_not_found off;\n  client_body_temp_path %2/tmp;\n"
                                  "  proxy_temp_path %2/tmp;\n  fastcgi_temp_path %2/tmp;\n  uwsgi_temp_path %2/tmp;\n"
                                  "  scgi_temp_path %2/tmp;\n  keepalive_requests 10000000;\n"
                                  "  server {\n    listen 127.0.0.1:%3;\n    root %2/www;\n"
                                  "    location = /503 { return 503; }\n  }\n}\n")
                       .arg(user, s.dir())
                       .arg(s.port())
                       .toUtf8());
        return true;
    }

    LocalServer m_server{LocalServer::Config{QStringLiteral("nginx"),
                                             binary(),
                                             [](const LocalServer &s) {
                                                 return QStringList{
                                                     QStringLiteral("-p"), s.dir(),
                                                     QStringLiteral("-c"), s.filePath(QStringLiteral("nginx.conf")),
                                                     QStringLiteral("-e"), QStringLiteral("stderr"),
                                                     QStringLiteral("-g"), QStringLiteral("daemon off;")};
                                             },
                                             &NginxServer::writeFiles,
                                             {},
                                             {}}};
};

} // namespace coroscope::testing
