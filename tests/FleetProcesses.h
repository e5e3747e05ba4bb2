#pragma once

// What the fleet tests share: a coroscope process whose stderr is collected as it comes, agent
// processes (the real binary) joined to a private Redis, and a report read back as JSON.
#include "RedisServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

namespace coroscope::testing {

struct Proc {
    std::unique_ptr<QProcess> p = std::make_unique<QProcess>();
    QByteArray err;

    bool waitFor(const QByteArray &needle, int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            err += p->readAllStandardError();
            if (err.contains(needle))
                return true;
            if (t.elapsed() > timeoutMs || p->state() == QProcess::NotRunning)
                return false;
            p->waitForReadyRead(100);
        }
    }
    // Exit code, or -1 when it did not end in time (then it is killed) or crashed.
    int finish(int timeoutMs)
    {
        // waitForFinished() is false for a process whose end an event loop has already seen.
        const bool ended = p->state() == QProcess::NotRunning || p->waitForFinished(timeoutMs);
        err += p->readAllStandardError();
        if (!ended) {
            p->kill();
            p->waitForFinished();
            err += "\n[still running after " + QByteArray::number(timeoutMs) + " ms: killed]";
            return -1;
        }
        if (p->exitStatus() != QProcess::NormalExit)
            err += "\n[crashed]";
        else if (p->exitCode() != 0)
            err += "\n[exit code " + QByteArray::number(p->exitCode()) + ']';
        return p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    }
};

// Agent processes of one test; whatever is still running at the end is killed.
class FleetAgents
{
public:
    FleetAgents(QString binary, QString redisUrl) : m_binary(std::move(binary)), m_redisUrl(std::move(redisUrl)) {}
    ~FleetAgents() { killAll(); }

    // Starts `coroscope agent --redis URL --name NAME extra...` and waits until it joined.
    Proc &start(const QString &name, const QStringList &extra = {}, const QProcessEnvironment &env = {})
    {
        auto a = std::make_unique<Proc>();
        if (!env.isEmpty())
            a->p->setProcessEnvironment(env);
        a->p->start(m_binary, QStringList{QStringLiteral("agent"), QStringLiteral("--redis"), m_redisUrl,
                                          QStringLiteral("--name"), name} +
                                  extra);
        m_agents.push_back(std::move(a));
        Proc &agent = *m_agents.back();
        if (!agent.waitFor("joined the fleet", 15000))
            qWarning("agent %s did not join: %s", qPrintable(name), agent.err.constData());
        return agent;
    }
    void killAll()
    {
        for (auto &a : m_agents) {
            if (a->p->state() != QProcess::NotRunning) {
                a->p->kill();
                a->p->waitForFinished(5000);
            }
        }
        m_agents.clear();
    }
    std::vector<std::unique_ptr<Proc>> &all() { return m_agents; }
    Proc &operator[](size_t i) { return *m_agents[i]; }

private:
    QString m_binary;
    QString m_redisUrl;
    std::vector<std::unique_ptr<Proc>> m_agents;
};

// A fleet test's setting: the built binary, a temporary directory for profiles and reports, and per
// test function a private redis-server with the agents joined to it.
class FleetBench
{
public:
    QString binary = qEnvironmentVariable("COROSCOPE_BINARY");
    QTemporaryDir dir;
    std::unique_ptr<RedisServer> redis;
    std::unique_ptr<FleetAgents> agents;

    // Why the fleet tests cannot run ("" when they can).
    QString missing() const
    {
        if (!QFile::exists(binary))
            return QStringLiteral("COROSCOPE_BINARY must name the built coroscope");
        return dir.isValid() ? QString() : QStringLiteral("no temporary directory");
    }
    // A test case's initTestCase(): fails without the binary, skips without redis-server.
    void requireTools() const
    {
        const QString why = missing();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        if (RedisServer::binary().isEmpty())
            QSKIP("redis-server is not installed");
    }
    // A test function's init(): its own Redis and agents, or the test fails with why.
    void startForTest()
    {
        QString error;
        QVERIFY2(start(&error), qPrintable(error));
    }
    bool start(QString *error)
    {
        redis = std::make_unique<RedisServer>();
        if (!redis->start(error))
            return false;
        agents = std::make_unique<FleetAgents>(binary, redis->url());
        return true;
    }
    // Starts agents PREFIX0..PREFIX<count-1> that run one profile each and write their own report;
    // the reports' paths, in the agents' order (none of them there yet).
    QStringList startReportingAgents(const QString &prefix, int count)
    {
        QStringList reports;
        for (int i = 0; i < count; ++i) {
            const QString name = prefix + QString::number(i);
            reports << dir.filePath(name + QStringLiteral("-own-report.json"));
            QFile::remove(reports.back());
            agents->start(name, {QStringLiteral("--once"), QStringLiteral("--report"), reports.back()});
        }
        return reports;
    }
    void stop()
    {
        agents.reset();
        redis.reset();
    }
    QString writeProfile(const QByteArray &json)
    {
        const QString path = dir.filePath(QStringLiteral("profile%1.json").arg(++m_files));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(json);
        return path;
    }
    // A profile NAME of two workloads the fleet tests check figures of: sleep tasks "naps" and HTTP
    // requests "api" to the built-in target, each with these keys (without braces or type and name).
    QString writeNapsAndApiProfile(const QByteArray &name, const QByteArray &napsKeys, const QByteArray &apiKeys)
    {
        return writeProfile(R"({"schemaVersion": 1, "name": ")" + name + R"(", "workloads": [
            { "type": "sleep", "name": "naps", )" +
                            napsKeys + R"( },
            { "type": "http-fanout", "name": "api", )" +
                            apiKeys + R"( } ]})");
    }

private:
    int m_files = 0;
};

// What every fleet test case does around its test functions: a private Redis and agents for each
// (m_bench), and no run at all without the binary (a failure) or redis-server (a skip). Qt Test finds
// these slots by name; a case that needs more in one of them declares its own and calls this one.
class FleetTestCase : public QObject
{
    Q_OBJECT
protected Q_SLOTS:
    void initTestCase() { m_bench.requireTools(); }
    void init() { m_bench.startForTest(); }
    void cleanup() { m_bench.stop(); }

protected:
    FleetBench m_bench;
};

inline QJsonObject readJson(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

} // namespace coroscope::testing
