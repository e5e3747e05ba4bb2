#include "support/LocalServer.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <cstdio>
#include <pwd.h>
#include <unistd.h>

namespace coroscope::testing {

LocalServer::LocalServer(Config config) : m_config(std::move(config))
{
    if (!m_config.ready)
        m_config.ready = [](const LocalServer &s) { return acceptsConnections(s.port()); };
}

LocalServer::~LocalServer()
{
    stop();
    // A failed test shows what its server said; a passing one stays quiet.
    if (QTest::currentTestFailed() && QFile::exists(logFile())) {
        const QByteArray tail = logTail();
        if (!tail.isEmpty())
            std::fprintf(stderr, "--- %s log (%s), last lines ---\n%s\n--- end of %s log ---\n",
                         qPrintable(m_config.name), qPrintable(logFile()), tail.constData(), qPrintable(m_config.name));
    }
}

quint16 LocalServer::freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool LocalServer::acceptsConnections(quint16 port, int timeoutMs)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    return s.waitForConnected(timeoutMs);
}

QString LocalServer::findProgram(const QString &name)
{
    const QString found = QStandardPaths::findExecutable(name);
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
}

QByteArray LocalServer::runClient(const QString &program, const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    return p.readAllStandardOutput();
}

QByteArray LocalServer::logTail(qsizetype maxBytes) const
{
    QFile f(logFile());
    if (!f.open(QIODevice::ReadOnly))
        return {};
    if (f.size() > maxBytes)
        f.seek(f.size() - maxBytes);
    return f.readAll().trimmed();
}

bool LocalServer::handOverDirectory(QString *error) const
{
    const passwd *pw = ::getpwnam(m_config.runAsUser.toLocal8Bit().constData());
    if (!pw) {
        *error = QStringLiteral("%1: no user %2 to run as").arg(m_config.name, m_config.runAsUser);
        return false;
    }
    QStringList paths{dir()};
    QDirIterator it(dir(), QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    for (const QString &p : paths) {
        if (::chown(p.toLocal8Bit().constData(), pw->pw_uid, pw->pw_gid) != 0) {
            *error = QStringLiteral("%1: cannot hand %2 to %3").arg(m_config.name, p, m_config.runAsUser);
            return false;
        }
    }
    return true;
}

bool LocalServer::start(QString *error)
{
    if (m_config.program.isEmpty()) {
        *error = QStringLiteral("%1 is not installed").arg(m_config.name);
        return false;
    }
    if (!m_dir.isValid()) {
        *error = QStringLiteral("%1: no temporary directory: %2").arg(m_config.name, m_dir.errorString());
        return false;
    }
    if (m_port == 0)
        m_port = freePort();
    if (m_config.prepare && !m_config.prepare(*this, error))
        return false;
    QString program = m_config.program;
    QStringList args = m_config.arguments ? m_config.arguments(*this) : QStringList();
    if (!m_config.runAsUser.isEmpty()) {
        if (!handOverDirectory(error))
            return false;
        args = QStringList{QStringLiteral("-u"), m_config.runAsUser, QStringLiteral("--"), program} + args;
        program = findProgram(QStringLiteral("runuser"));
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(logFile(), QIODevice::Append);
    m_process.start(program, args);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < m_config.startTimeoutMs) {
        if (m_config.ready(*this))
            return true;
        // Also the pause between probes: QProcess learns of an exit only while it waits.
        if (m_process.state() == QProcess::NotRunning || m_process.waitForFinished(50)) {
            *error = QStringLiteral("%1 exited at start: %2").arg(m_config.name, QString::fromLocal8Bit(logTail(1000)));
            return false;
        }
    }
    *error = QStringLiteral("%1 was not ready within %2 ms: %3")
                 .arg(m_config.name)
                 .arg(m_config.startTimeoutMs)
                 .arg(QString::fromLocal8Bit(logTail(1000)));
    stop();
    return false;
}

void LocalServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(m_config.stopTimeoutMs)) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

} // namespace coroscope::testing
