#pragma once

// A private PostgreSQL 15 cluster for tests and benchmarks: initdb in a temp dir, a free loopback
// port, fsync off, started and stopped with pg_ctl. initdb refuses to run as root, so as root every
// server command runs as the `postgres` user (runuser) in a directory that user owns.
// With a password, TCP connections need it (scram-sha-256); without, they are trusted.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace coroscope::testing {

class PostgresServer
{
public:
    static QString bin(const QString &tool) { return QStringLiteral("/usr/lib/postgresql/15/bin/") + tool; }
    static bool available() { return QFile::exists(bin(QStringLiteral("initdb"))); }

    explicit PostgresServer(QString password = {}) : m_password(std::move(password)) {}
    ~PostgresServer() { stop(); }

    bool start(QString *error)
    {
        if (!available()) {
            *error = QStringLiteral("PostgreSQL 15 is not installed (%1)").arg(bin(QStringLiteral("initdb")));
            return false;
        }
        if (!m_dir.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return false;
        }
        if (m_port == 0) {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            m_port = probe.serverPort();
        }
        if (!QFile::exists(dataDir())) {
            if (geteuid() == 0) {
                const passwd *pw = getpwnam("postgres");
                if (!pw || ::chown(m_dir.path().toLocal8Bit().constData(), pw->pw_uid, pw->pw_gid) != 0) {
                    *error = QStringLiteral("as root, a `postgres` user must own the cluster (runuser)");
                    return false;
                }
            }
            QStringList args{QStringLiteral("-D"),
                             dataDir(),
                             QStringLiteral("-U"),
                             QStringLiteral("coroscope"),
                             QStringLiteral("--no-sync"),
                             QStringLiteral("-E"),
                             QStringLiteral("UTF8"),
                             QStringLiteral("--locale=C"),
                             QStringLiteral("--auth-local=trust")};
            if (m_password.isEmpty()) {
                args << QStringLiteral("--auth-host=trust");
            } else {
                const QString pwfile = m_dir.filePath(QStringLiteral("pwfile"));
                QFile f(pwfile);
                f.open(QIODevice::WriteOnly);
                f.write(m_password.toUtf8() + '\n');
                f.close();
                if (geteuid() == 0) {
                    const passwd *pw = getpwnam("postgres");
                    if (pw && ::chown(pwfile.toLocal8Bit().constData(), pw->pw_uid, pw->pw_gid) != 0) {
                        *error = QStringLiteral("cannot hand the password file to postgres");
                        return false;
                    }
                }
                args << QStringLiteral("--auth-host=scram-sha-256") << (QStringLiteral("--pwfile=") + pwfile);
            }
            if (!runTool(QStringLiteral("initdb"), args, error))
                return false;
        }
        return startServer(error);
    }

    bool startServer(QString *error)
    {
        const QString options = QStringLiteral("-p %1 -c listen_addresses=127.0.0.1 -c unix_socket_directories=%2 "
                                               "-c fsync=off -c full_page_writes=off -c max_connections=50")
                                    .arg(m_port)
                                    .arg(m_dir.path());
        return runTool(QStringLiteral("pg_ctl"),
                       {QStringLiteral("-D"), dataDir(), QStringLiteral("-l"), m_dir.filePath(QStringLiteral("log")),
                        QStringLiteral("-o"), options, QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"),
                        QStringLiteral("start")},
                       error);
    }

    void stop()
    {
        if (QFile::exists(dataDir() + QStringLiteral("/postmaster.pid"))) {
            QString ignored;
            runTool(QStringLiteral("pg_ctl"),
                    {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QStringLiteral("fast"),
                     QStringLiteral("-w"), QStringLiteral("stop")},
                    &ignored);
        }
    }

    // Immediate shutdown (like a crash) then start again on the same port.
    bool restart(QString *error)
    {
        runTool(QStringLiteral("pg_ctl"),
                {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QStringLiteral("immediate"),
                 QStringLiteral("-w"), QStringLiteral("stop")},
                error);
        return startServer(error);
    }

    quint16 port() const { return m_port; }
    QString dsn() const { return QStringLiteral("postgresql://coroscope@127.0.0.1:%1/postgres").arg(m_port); }

    // Runs SQL through psql (as the superuser over the Unix socket); its trimmed output, unaligned.
    QString psql(const QString &sql) const
    {
        QProcess p;
        QStringList args{QStringLiteral("-h"),    m_dir.path(),
                         QStringLiteral("-p"),    QString::number(m_port),
                         QStringLiteral("-U"),    QStringLiteral("coroscope"),
                         QStringLiteral("-d"),    QStringLiteral("postgres"),
                         QStringLiteral("-Atqc"), sql};
        p.start(bin(QStringLiteral("psql")), args);
        p.waitForFinished(60000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    QString log() const
    {
        QFile f(m_dir.filePath(QStringLiteral("log")));
        f.open(QIODevice::ReadOnly);
        return QString::fromUtf8(f.readAll().right(4000));
    }

private:
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }

    bool runTool(const QString &tool, QStringList args, QString *error) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setWorkingDirectory(m_dir.path());
        if (geteuid() == 0) {
            args.prepend(bin(tool));
            args.prepend(QStringLiteral("--"));
            args.prepend(QStringLiteral("postgres"));
            args.prepend(QStringLiteral("-u"));
            p.start(QStringLiteral("runuser"), args);
        } else {
            p.start(bin(tool), args);
        }
        if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            *error = QStringLiteral("%1 failed: %2").arg(tool, QString::fromUtf8(p.readAll()).trimmed());
            return false;
        }
        return true;
    }

    QString m_password;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
};

} // namespace coroscope::testing
