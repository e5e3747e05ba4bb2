#pragma once

// A private redis-server for tests (on LocalServer): a free loopback port, its own directory, an
// append-only file synced on every write (so a restart loses nothing), started and stopped by the test.
#include "support/LocalServer.h"

// What tests got from this header before it used LocalServer.
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace coroscope::testing {

class RedisServer
{
public:
    static QString binary() { return LocalServer::findProgram(QStringLiteral("redis-server")); }
    static QString cli() { return LocalServer::findProgram(QStringLiteral("redis-cli")); }

    bool start(QString *error)
    {
        if (cli().isEmpty()) {
            *error = QStringLiteral("redis-cli is not installed");
            return false;
        }
        return m_server.start(error);
    }
    void stop() { m_server.stop(); }

    quint16 port() const { return m_server.port(); }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1/0").arg(port()); }

    // Runs redis-cli against this server; its standard output.
    QByteArray cliCall(const QStringList &args) const
    {
        return LocalServer::runClient(cli(), QStringList{QStringLiteral("-p"), QString::number(port())} + args);
    }

private:
    LocalServer m_server{LocalServer::Config{
        QStringLiteral("redis-server"),
        binary(),
        [](const LocalServer &s) {
            return QStringList{QStringLiteral("--port"),        QString::number(s.port()),
                               QStringLiteral("--bind"),        QStringLiteral("127.0.0.1"),
                               QStringLiteral("--dir"),         s.dir(),
                               QStringLiteral("--save"),        QString(),
                               QStringLiteral("--appendonly"),  QStringLiteral("yes"),
                               QStringLiteral("--appendfsync"), QStringLiteral("always"),
                               QStringLiteral("--daemonize"),   QStringLiteral("no")};
        },
        {},
        [](const LocalServer &s) {
            return LocalServer::runClient(
                       cli(), {QStringLiteral("-p"), QString::number(s.port()), QStringLiteral("PING")}, 2000)
                       .trimmed() == "PONG";
        },
        {}}};
};

} // namespace coroscope::testing
