#pragma once

// What the fleet tests share: a coroscope process whose stderr is collected as it comes, agent
// processes (the real binary) joined to a private Redis, and a report read back as JSON.
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

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

inline QJsonObject readJson(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

} // namespace coroscope::testing
