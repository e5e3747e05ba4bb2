// A fleet as users run it: a private redis-server, agent processes (the real binary) and a headless
// controller, on loopback. Merged figures equal the agents' own; a killed agent is lost and named;
// Ctrl+C reaches every agent; a Redis that is down, an agent of another version and garbage on the
// streams give clear errors.
#include "FleetProcesses.h"
#include "RedisServer.h"
#include "core/LatencyHistogram.h"
#include "support/Ports.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace coroscope;
using namespace coroscope::testing;

namespace {

qint64 count(const QJsonObject &report, const QString &workload, const char *state)
{
    for (const QJsonValue &w : report.value(QStringLiteral("workloads")).toArray()) {
        if (w[QStringLiteral("name")].toString() == workload)
            return qint64(w[QStringLiteral("counts")][QLatin1String(state)].toDouble());
    }
    return -1;
}

QJsonObject workloadOf(const QJsonObject &report, const QString &name)
{
    for (const QJsonValue &w : report.value(QStringLiteral("workloads")).toArray()) {
        if (w[QStringLiteral("name")].toString() == name)
            return w.toObject();
    }
    return {};
}

// `sum` plus a report workload's check tallies and per-URL counts, as
// {"checks": {name: {passed, failed}}, "urls": {url: {succeeded, failed, timedOut}}}.
QJsonObject addChecksAndUrls(QJsonObject sum, const QJsonObject &workload)
{
    const auto add = [](QJsonObject into, const QJsonObject &part) {
        for (auto it = part.begin(); it != part.end(); ++it)
            into[it.key()] = into[it.key()].toInteger() + it.value().toInteger();
        return into;
    };
    QJsonObject checks = sum[QStringLiteral("checks")].toObject();
    const QJsonObject own = workload[QStringLiteral("checks")].toObject();
    for (auto it = own.begin(); it != own.end(); ++it)
        checks[it.key()] = add(checks[it.key()].toObject(), it.value().toObject());
    QJsonObject urls = sum[QStringLiteral("urls")].toObject();
    for (const QJsonValue &u : workload[QStringLiteral("urls")].toArray()) {
        const QString url = u[QStringLiteral("url")].toString();
        urls[url] = add(urls[url].toObject(), u[QStringLiteral("counts")].toObject());
    }
    sum[QStringLiteral("checks")] = checks;
    sum[QStringLiteral("urls")] = urls;
    return sum;
}

// The report's latency histogram of `workload` as bucket index -> count.
QMap<int, qint64> buckets(const QJsonObject &report, const QString &workload)
{
    QMap<int, qint64> out;
    for (const QJsonValue &w : report.value(QStringLiteral("workloads")).toArray()) {
        if (w[QStringLiteral("name")].toString() != workload)
            continue;
        for (const QJsonValue &b : w[QStringLiteral("latencyHistogram")][QStringLiteral("buckets")].toArray()) {
            const qint64 lowerNs = qint64(std::llround(b[0].toDouble() * 1000));
            out[LatencyHistogram::bucketIndex(lowerNs)] += qint64(b[1].toDouble());
        }
    }
    return out;
}

// GET /metrics from 127.0.0.1:port; the response, empty when nothing answered within 5 s.
QByteArray scrape(quint16 port)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return {};
    s.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < 5000) {
        s.waitForReadyRead(200);
        out += s.readAll();
    }
    return out + s.readAll();
}

} // namespace

class TestFleet : public FleetTestCase
{
    Q_OBJECT
private Q_SLOTS:
    void threeAgentsMakeOneRunWithExactFigures();
    void killedAgentIsLostAndNamed_data();
    void killedAgentIsLostAndNamed();
    void controllerInterruptCancelsEveryAgent();
    void redisDownIsAClearError();
    void tooFewAgentsExitsTwoNamingWhoIsThere();
    void agentOfAnotherVersionRefuses();
    void garbageOnTheStreamsIsNamedNotFatal();
    void windowServesMetrics();
    void killedControllerLeavesNoLoadBehind();

private:
    // Sleep tasks without end (10 in flight per agent, `delayMs` each) for `seconds`.
    QString endlessProfile(int seconds, int delayMs, const QString &onAgentLoss = QStringLiteral("continue"));
    Proc &startAgent(const QString &name, const QStringList &extra = {}, const QProcessEnvironment &env = {});
    Proc startController(const QString &profile, int agents, const QStringList &extra = {});

    std::vector<std::unique_ptr<Proc>> &agents() { return m_bench.agents->all(); }
};

QString TestFleet::endlessProfile(int seconds, int delayMs, const QString &onAgentLoss)
{
    return m_bench.writeProfile(QStringLiteral(R"({
      "schemaVersion": 1, "name": "endless", "run": { "durationSeconds": %1, "onAgentLoss": "%2" },
      "workloads": [ { "type": "sleep", "name": "naps", "tasks": 1000000, "concurrency": 10,
                       "delayMs": { "dist": "fixed", "value": %3 } } ]
    })")
                                    .arg(seconds)
                                    .arg(onAgentLoss)
                                    .arg(delayMs)
                                    .toUtf8());
}

Proc &TestFleet::startAgent(const QString &name, const QStringList &extra, const QProcessEnvironment &env)
{
    return m_bench.agents->start(name, extra, env);
}

Proc TestFleet::startController(const QString &profile, int agents, const QStringList &extra)
{
    Proc c;
    c.p->start(m_bench.binary,
               QStringList{QStringLiteral("--headless"), profile, QStringLiteral("--fleet"), m_bench.redis->url(),
                           QStringLiteral("--agents"), QString::number(agents), QStringLiteral("--agent-wait"),
                           QStringLiteral("20s"), QStringLiteral("--quiet")} +
                   extra);
    return c;
}

void TestFleet::threeAgentsMakeOneRunWithExactFigures()
{
    const QString profile = m_bench.writeNapsAndApiProfile(
        "fleet", R"("tasks": 300, "concurrency": 30, "delayMs": { "dist": "uniform", "min": 1, "max": 20 })",
        R"("urls": ["builtin:/delay?min_ms=1&max_ms=5", "builtin:/delay?min_ms=2&max_ms=4", "builtin:/status/404"],
          "checks": { "status": [200], "maxBodyBytes": 100000 },
          "requests": 600, "concurrency": 15, "timeoutMs": 5000)");
    const QStringList reports = m_bench.startReportingAgents(QStringLiteral("a"), 3);
    const QString report = m_bench.dir.filePath(QStringLiteral("merged.json"));
    Proc c = startController(profile, 3, {QStringLiteral("--report"), report});
    QCOMPARE(c.finish(60000), 0);
    for (auto &a : agents())
        QVERIFY2(a->finish(10000) == 0, a->err.constData());

    const QJsonObject merged = readJson(report);
    QCOMPARE(merged[QStringLiteral("agents")].toArray().size(), 3);
    qint64 agentsDone = 0;
    for (const QJsonValue &a : merged[QStringLiteral("agents")].toArray()) {
        QCOMPARE(a[QStringLiteral("lost")].toBool(), false);
        QCOMPARE(a[QStringLiteral("state")].toString(), QStringLiteral("finished"));
        agentsDone += qint64(a[QStringLiteral("done")].toDouble());
    }
    for (const QString &w : {QStringLiteral("naps"), QStringLiteral("api")}) {
        qint64 sum = 0;
        QMap<int, qint64> all;
        for (const QString &r : reports) {
            const QJsonObject own = readJson(r);
            QVERIFY2(count(own, w, "succeeded") + count(own, w, "failed") > 0, qPrintable(r));
            sum += count(own, w, "succeeded");
            const QMap<int, qint64> b = buckets(own, w);
            for (auto it = b.cbegin(); it != b.cend(); ++it)
                all[it.key()] += it.value();
        }
        QCOMPARE(count(merged, w, "succeeded"), sum);
        if (w == QLatin1String("naps"))
            QCOMPARE(sum, 300);
        // Merged buckets are the sum of the agents' buckets: one histogram of every sample.
        QCOMPARE(buckets(merged, w), all);
    }
    QCOMPARE(agentsDone, 900);
    // The checks and the per-URL figures travel too: merged, they are the sum of the agents' own.
    QJsonObject summed;
    for (const QString &r : reports)
        summed = addChecksAndUrls(summed, workloadOf(readJson(r), QStringLiteral("api")));
    const QJsonObject api = workloadOf(merged, QStringLiteral("api"));
    QCOMPARE(addChecksAndUrls({}, api), summed);
    // The 404s fail the status check, and with it their task.
    QCOMPARE(count(merged, QStringLiteral("api"), "succeeded") + count(merged, QStringLiteral("api"), "failed"), 600);
    QCOMPARE(summed[QStringLiteral("checks")][QStringLiteral("status")][QStringLiteral("failed")].toInteger(),
             count(merged, QStringLiteral("api"), "failed"));
    QVERIFY(count(merged, QStringLiteral("api"), "failed") > 0);
    QCOMPARE(api[QStringLiteral("urls")].toArray().size(), 3);
}

void TestFleet::killedAgentIsLostAndNamed_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<int>("exitCode");
    QTest::newRow("continue") << "continue" << 0;
    QTest::newRow("fail") << "fail" << 1;
}

void TestFleet::killedAgentIsLostAndNamed()
{
    QFETCH(QString, policy);
    QFETCH(int, exitCode);
    const QString profile = endlessProfile(8, 20, policy);
    for (int i = 0; i < 3; ++i)
        startAgent(QStringLiteral("k%1").arg(i), {QStringLiteral("--once")});
    const QString report = m_bench.dir.filePath(QStringLiteral("killed-%1.json").arg(policy));
    const quint16 metricsPort = freePort();
    Proc c = startController(
        profile, 3, {QStringLiteral("--report"), report, QStringLiteral("--metrics"), QString::number(metricsPort)});
    QVERIFY2(agents()[1]->waitFor("running part", 20000), agents()[1]->err.constData());
    QTest::qWait(1000);
    ::kill(pid_t(agents()[1]->p->processId()), SIGKILL);
    QElapsedTimer sinceKill;
    sinceKill.start();
    QVERIFY2(c.waitFor("agent k1 lost", 15000), c.err.constData());
    // The heartbeat key expires 3 s after the last beat; the controller looks every 250 ms.
    QVERIFY2(sinceKill.elapsed() < 3000 + 2000, qPrintable(QString::number(sinceKill.elapsed())));
    if (policy == QLatin1String("continue")) {
        // The controller's /metrics: the merged figures, and each agent with an `agent` label.
        const QByteArray metrics = scrape(metricsPort);
        QVERIFY2(metrics.contains("coroscope_fleet_agent_up{agent=\"k1\"} 0") &&
                     metrics.contains("coroscope_fleet_agent_up{agent=\"k0\"} 1") &&
                     metrics.contains("coroscope_tasks_total{"),
                 metrics.constData());
    }
    QCOMPARE(c.finish(30000), exitCode);
    const QJsonObject j = readJson(report);
    bool named = false;
    for (const QJsonValue &a : j[QStringLiteral("agents")].toArray()) {
        if (a[QStringLiteral("name")].toString() == QLatin1String("k1")) {
            named = a[QStringLiteral("lost")].toBool() && a[QStringLiteral("done")].toDouble() > 0 &&
                    a[QStringLiteral("lostReason")].toString().contains(QLatin1String("heartbeat"));
        }
    }
    QVERIFY2(named, QJsonDocument(j[QStringLiteral("agents")].toArray()).toJson().constData());
    if (policy == QLatin1String("fail"))
        QVERIFY2(c.err.contains("onAgentLoss is \"fail\""), c.err.constData());
    for (auto &a : agents()) {
        if (a->p->processId() != 0 && a.get() != agents()[1].get())
            QVERIFY2(a->finish(15000) == 0, a->err.constData());
    }
}

void TestFleet::controllerInterruptCancelsEveryAgent()
{
    const QString profile = endlessProfile(120, 50);
    for (int i = 0; i < 2; ++i)
        startAgent(QStringLiteral("s%1").arg(i), {QStringLiteral("--once")});
    const QString report = m_bench.dir.filePath(QStringLiteral("interrupted.json"));
    Proc c = startController(profile, 2, {QStringLiteral("--report"), report});
    for (auto &a : agents())
        QVERIFY2(a->waitFor("running part", 20000), a->err.constData());
    QTest::qWait(500);
    ::kill(pid_t(c.p->processId()), SIGINT);
    QCOMPARE(c.finish(20000), 130);
    for (auto &a : agents()) {
        QVERIFY2(a->finish(15000) == 0, a->err.constData());
        QVERIFY2(a->err.contains("asked to cancel"), a->err.constData());
    }
    QCOMPARE(readJson(report)[QStringLiteral("interrupted")].toBool(), true);
    // Nothing left in the fleet: the heartbeat keys went with the agents.
    QCOMPARE(m_bench.redis->cliCall({QStringLiteral("KEYS"), QStringLiteral("coroscope:fleet:agent:*")}).trimmed(),
             QByteArray());
}

void TestFleet::redisDownIsAClearError()
{
    const QString url = QStringLiteral("redis://127.0.0.1:%1/0").arg(freePort());
    QProcess agent;
    agent.start(m_bench.binary, {QStringLiteral("agent"), QStringLiteral("--redis"), url});
    QVERIFY(agent.waitForFinished(15000));
    QCOMPARE(agent.exitCode(), 2);
    QVERIFY2(agent.readAllStandardError().contains("cannot connect to Redis"), "agent");
    const QString profile =
        m_bench.writeProfile(R"({ "schemaVersion": 1, "workloads": [ { "type": "sleep", "tasks": 1 } ] })");
    QProcess controller;
    controller.start(m_bench.binary, {QStringLiteral("--headless"), profile, QStringLiteral("--fleet"), url});
    QVERIFY(controller.waitForFinished(15000));
    QCOMPARE(controller.exitCode(), 2);
    const QByteArray err = controller.readAllStandardError();
    QVERIFY2(err.contains("cannot connect to Redis"), err.constData());
}

void TestFleet::tooFewAgentsExitsTwoNamingWhoIsThere()
{
    startAgent(QStringLiteral("lonely"));
    const QString profile =
        m_bench.writeProfile(R"({ "schemaVersion": 1, "workloads": [ { "type": "sleep", "tasks": 1 } ] })");
    Proc c = startController(profile, 2, {QStringLiteral("--agent-wait"), QStringLiteral("1s")});
    QCOMPARE(c.finish(20000), 2);
    QVERIFY2(c.err.contains("for 2 idle agents") && c.err.contains("lonely (idle)"), c.err.constData());
    // An agent label nobody carries: the one agent there is named with its labels' mismatch.
    Proc d = startController(profile, 1,
                             {QStringLiteral("--agent-wait"), QStringLiteral("1s"), QStringLiteral("--agent-label"),
                              QStringLiteral("zone=mars")});
    QCOMPARE(d.finish(20000), 2);
    QVERIFY2(d.err.contains("lonely (idle, other labels)"), d.err.constData());
}

void TestFleet::agentOfAnotherVersionRefuses()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("COROSCOPE_FLEET_VERSION"), QStringLiteral("99.0.0"));
    Proc &agent = startAgent(QStringLiteral("future"), {}, env);
    const QString profile =
        m_bench.writeProfile(R"({ "schemaVersion": 1, "workloads": [ { "type": "sleep", "tasks": 1 } ] })");
    Proc c = startController(profile, 1);
    QCOMPARE(c.finish(30000), 2);
    QVERIFY2(c.err.contains("agent future refused the run") && c.err.contains("versions must match"),
             c.err.constData());
    QVERIFY2(agent.waitFor("refused run", 5000), agent.err.constData());
    QCOMPARE(agent.p->state(), QProcess::Running); // refusing is not dying
}

void TestFleet::garbageOnTheStreamsIsNamedNotFatal()
{
    Proc &a = startAgent(QStringLiteral("g0"), {QStringLiteral("--once")});
    Proc &b = startAgent(QStringLiteral("g1"), {QStringLiteral("--once")});
    // Garbage on the control stream: each agent names it and goes on listening.
    m_bench.redis->cliCall({QStringLiteral("XADD"), QStringLiteral("coroscope:fleet:control"), QStringLiteral("*"),
                            QStringLiteral("v"), QStringLiteral("banana"), QStringLiteral("\x01\x02"),
                            QStringLiteral("x")});
    QVERIFY2(a.waitFor("ignoring control message", 10000), a.err.constData());
    QVERIFY2(b.waitFor("ignoring control message", 10000), b.err.constData());
    const QString profile = endlessProfile(4, 20);
    const QString report = m_bench.dir.filePath(QStringLiteral("garbage.json"));
    Proc c = startController(profile, 2, {QStringLiteral("--report"), report});
    QVERIFY2(a.waitFor("running part", 20000), a.err.constData());
    // Garbage on the run's data stream in g1's name: the controller drops g1, names why, goes on.
    const QByteArray runId = m_bench.redis->cliCall(
        {QStringLiteral("XREVRANGE"), QStringLiteral("coroscope:fleet:control"), QStringLiteral("+"),
         QStringLiteral("-"), QStringLiteral("COUNT"), QStringLiteral("1")});
    const QList<QByteArray> lines = runId.split('\n');
    // Fields in order: v 1 type run run RUNID controller ID ...
    const qsizetype at = lines.indexOf("controller") - 2;
    QVERIFY2(at >= 0 && lines[at] == "run", runId.constData());
    m_bench.redis->cliCall(
        {QStringLiteral("XADD"), QStringLiteral("coroscope:fleet:run:") + QString::fromUtf8(lines[at + 1]),
         QStringLiteral("*"), QStringLiteral("v"), QStringLiteral("1"), QStringLiteral("agent"), QStringLiteral("g1"),
         QStringLiteral("type"), QStringLiteral("delta"), QStringLiteral("d"), QStringLiteral("\x01garbage")});
    QVERIFY2(c.waitFor("agent g1 lost: sent a delta that does not decode", 10000), c.err.constData());
    QCOMPARE(c.finish(30000), 0);
    const QJsonArray agents = readJson(report)[QStringLiteral("agents")].toArray();
    QCOMPARE(agents.size(), 2);
    QVERIFY(agents[1][QStringLiteral("lost")].toBool());
    QVERIFY(!agents[0][QStringLiteral("lost")].toBool());
}

void TestFleet::windowServesMetrics()
{
    const QString profile = m_bench.writeProfile(R"({ "schemaVersion": 1, "name": "windowed",
      "workloads": [ { "type": "sleep", "name": "naps", "tasks": 5 } ] })");
    const quint16 port = freePort();
    QProcess window;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    window.setProcessEnvironment(env);
    window.start(m_bench.binary, {profile, QStringLiteral("--metrics"), QString::number(port)});
    QVERIFY(waitForPort(port, 20000));
    const QByteArray metrics = scrape(port);
    window.kill();
    window.waitForFinished(5000);
    QVERIFY2(metrics.contains("200 OK") && metrics.contains("coroscope_"), metrics.constData());
}

void TestFleet::killedControllerLeavesNoLoadBehind()
{
    const QString profile = endlessProfile(300, 50);
    Proc &agent = startAgent(QStringLiteral("orphan"), {QStringLiteral("--once")});
    Proc c = startController(profile, 1);
    QVERIFY2(agent.waitFor("running part", 20000), agent.err.constData());
    c.p->kill();
    c.p->waitForFinished(5000);
    // The controller key lapses within its TTL (10 s); the agent's next heartbeat sees it.
    QVERIFY2(agent.waitFor("is gone: cancelling it", 15000), agent.err.constData());
    QCOMPARE(agent.finish(10000), 0);
}

QTEST_GUILESS_MAIN(TestFleet)
#include "tst_fleet.moc"
