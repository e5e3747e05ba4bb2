#pragma once

// A private server process for tests and benchmarks: a free loopback port, a temporary directory of
// its own, started, waited for until a probe says it is ready, stopped; its output goes to a log file
// that is printed when the test that used it failed. nginx, redis-server and postgres run on it.
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>

namespace coroscope::testing {

class LocalServer
{
public:
    struct Config {
        QString name;    // for messages: "nginx"
        QString program; // absolute path; empty = not installed (start() says so)
        // The command line, given the server (its port() and dir() are set by then).
        std::function<QStringList(const LocalServer &)> arguments;
        // Files the server needs before it starts (a configuration); false with a message to fail.
        std::function<bool(const LocalServer &, QString *error)> prepare;
        // True once the server answers; default: a TCP connection to port() succeeds.
        std::function<bool(const LocalServer &)> ready;
        // Run as this user (`runuser -u USER --`), owning dir(): servers that refuse to run as root.
        QString runAsUser;
        int startTimeoutMs = 15000;
        int stopTimeoutMs = 10000;
    };

    explicit LocalServer(Config config);
    ~LocalServer();
    LocalServer(const LocalServer &) = delete;
    LocalServer &operator=(const LocalServer &) = delete;

    bool start(QString *error);
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    quint16 port() const { return m_port; }
    // Choose the port before start() (e.g. to restart on the same one); default: a free one.
    void setPort(quint16 port) { m_port = port; }
    QString dir() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    QString logFile() const { return m_dir.filePath(QStringLiteral("server.log")); }
    // The end of the server's output, for error messages.
    QByteArray logTail(qsizetype maxBytes = 4000) const;
    qint64 processId() const { return m_process.processId(); }

    static quint16 freePort();
    static bool acceptsConnections(quint16 port, int timeoutMs = 200);
    // The program on PATH or in the sbin directories (nginx lives in /usr/sbin).
    static QString findProgram(const QString &name);
    // Runs a client program to its end (bounded by timeoutMs); its standard output.
    static QByteArray runClient(const QString &program, const QStringList &args, int timeoutMs = 30000);

private:
    bool handOverDirectory(QString *error) const;

    Config m_config;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace coroscope::testing
