// Every bundled scenario of the seeds, run headless as a user would, its report checked.
#include "RedisServer.h"

#include "support/StartServer.h"
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <QTest>

class TestScenarios : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sequentialVsGatherVsFirst();
    void fanOutBehindASemaphore();
    void logCollector();
    void redisMasterWorker();
    void blockingVsOffloaded();

private:
    // Runs the scenario (after `edit`) and returns its report; exit code in *code.
    QJsonObject run(const QString &file, int *code, const std::function<void(QJsonObject &)> &edit = {});
    static QJsonObject workload(const QJsonObject &report, const QString &name);

    QString m_binary;
    QString m_profiles;
    QTemporaryDir m_dir;
};

void TestScenarios::initTestCase()
{
    m_binary = qEnvironmentVariable("COROSCOPE_BINARY");
    m_profiles = qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/resources/profiles/");
    QVERIFY(QFile::exists(m_binary));
}

QJsonObject TestScenarios::run(const QString &file, int *code, const std::function<void(QJsonObject &)> &edit)
{
    QFile f(m_profiles + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonObject profile = QJsonDocument::fromJson(f.readAll()).object();
    if (edit)
        edit(profile);
    const QString path = m_dir.filePath(file);
    QFile out(path);
    out.open(QIODevice::WriteOnly);
    out.write(QJsonDocument(profile).toJson());
    out.close();
    const QString report = m_dir.filePath(file + QStringLiteral(".report.json"));
    QProcess p;
    p.start(m_binary,
            {QStringLiteral("--headless"), path, QStringLiteral("--quiet"), QStringLiteral("--report"), report});
    p.waitForFinished(120000);
    *code = p.exitCode();
    if (*code != 0)
        qWarning().noquote() << p.readAllStandardError() << p.readAllStandardOutput();
    QFile r(report);
    r.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(r.readAll()).object();
}

QJsonObject TestScenarios::workload(const QJsonObject &report, const QString &name)
{
    for (const QJsonValue &w : report[QStringLiteral("workloads")].toArray()) {
        if (w[QStringLiteral("name")].toString() == name)
            return w.toObject();
    }
    return {};
}

void TestScenarios::sequentialVsGatherVsFirst()
{
    int code = -1;
    const QJsonObject r = run(QStringLiteral("scenario-1-gather-vs-sequential.json"), &code);
    QCOMPARE(code, 0);
    const auto finished = [&](const char *name) {
        return workload(r, QLatin1String(name))[QStringLiteral("finishedAtSeconds")].toDouble();
    };
    // 1 + 2 + 4 one after another, the longest of them together, the shortest then cancel. A loaded
    // machine delays every sleep, never shortens one: lower bounds and the gaps between the three.
    const double sequential = finished("sequential"), gather = finished("gather"), first = finished("wait-first");
    const QString times =
        QStringLiteral("sequential %1 s, gather %2 s, wait-first %3 s").arg(sequential).arg(gather).arg(first);
    QVERIFY2(sequential >= 7.0 && gather >= 4.0 && first >= 1.0, qPrintable(times));
    QVERIFY2(sequential - gather >= 2.5 && gather - first >= 2.5, qPrintable(times));
    QCOMPARE(workload(r, QStringLiteral("wait-first"))[QStringLiteral("counts")][QStringLiteral("cancelled")].toInt(),
             2);
}

void TestScenarios::fanOutBehindASemaphore()
{
    int code = -1;
    // The scenario's p99 rule holds on an idle machine; on a loaded one the generator's own loop lag
    // adds to every latency, so it is checked here with that lag taken off rather than as a rule.
    const QJsonObject r = run(QStringLiteral("scenario-2-fanout-semaphore.json"), &code, [](QJsonObject &profile) {
        QJsonArray rules;
        for (const QJsonValue &rule : profile[QStringLiteral("rules")].toArray()) {
            if (rule[QStringLiteral("metric")].toString() != QLatin1String("p99_ms"))
                rules.append(rule);
        }
        profile[QStringLiteral("rules")] = rules;
    });
    QCOMPARE(code, 0);
    const double p99 =
        workload(r, QStringLiteral("aio"))[QStringLiteral("latencyMs")][QStringLiteral("p99")].toDouble();
    const double lag = r[QStringLiteral("loopLagMs")][QStringLiteral("p99")].toDouble();
    QVERIFY2(p99 > 0 && p99 < 300 + lag, qPrintable(QStringLiteral("p99 %1 ms, loop lag p99 %2 ms").arg(p99).arg(lag)));
    const QJsonObject counts = workload(r, QStringLiteral("aio"))[QStringLiteral("counts")].toObject();
    QCOMPARE(counts[QStringLiteral("succeeded")].toInt() + counts[QStringLiteral("timedOut")].toInt(), 200);
    QVERIFY(counts[QStringLiteral("timedOut")].toInt() > 0); // delays up to 300 ms, timeout 250 ms
    QVERIFY(workload(r, QStringLiteral("aio"))[QStringLiteral("gauges")][QStringLiteral("workers")].toInt() == 10);
}

void TestScenarios::logCollector()
{
    int code = -1;
    const QJsonObject r = run(QStringLiteral("scenario-3-log-collector.json"), &code);
    QCOMPARE(code, 0);
    const QJsonObject w = workload(r, QStringLiteral("collector"));
    QCOMPARE(w[QStringLiteral("counts")][QStringLiteral("succeeded")].toInt(), 1000);
    QCOMPARE(w[QStringLiteral("gauges")][QStringLiteral("produced")].toInt(), 1000);
    QVERIFY(w[QStringLiteral("target")].toString().contains(QStringLiteral("TCP line intake")));
}

void TestScenarios::redisMasterWorker()
{
    coroscope::testing::RedisServer redis;
    START_REDIS_OR_SKIP(redis);
    int code = -1;
    const QJsonObject r = run(QStringLiteral("scenario-4-redis-master-worker.json"), &code, [&](QJsonObject &p) {
        QJsonArray ws = p[QStringLiteral("workloads")].toArray();
        QJsonObject w = ws[0].toObject();
        w[QStringLiteral("redis")] = redis.url();
        ws[0] = w;
        p[QStringLiteral("workloads")] = ws;
    });
    QCOMPARE(code, 0);
    QCOMPARE(workload(r, QStringLiteral("jobs"))[QStringLiteral("counts")][QStringLiteral("succeeded")].toInt(), 2000);
    QCOMPARE(redis.cliCall({QStringLiteral("LLEN"), QStringLiteral("coroscope:scenario4")}).trimmed(), QByteArray("0"));
}

void TestScenarios::blockingVsOffloaded()
{
    int code = -1;
    const QJsonObject r = run(QStringLiteral("scenario-5-blocking-vs-offloaded.json"), &code);
    QCOMPARE(code, 0);
    QCOMPARE(workload(r, QStringLiteral("blocking"))[QStringLiteral("counts")][QStringLiteral("succeeded")].toInt(),
             40);
    QCOMPARE(workload(r, QStringLiteral("offloaded"))[QStringLiteral("counts")][QStringLiteral("succeeded")].toInt(),
             40);
    // The blocking phase shows in the loop lag, and in the time series second by second.
    QVERIFY(r[QStringLiteral("loopLagMs")][QStringLiteral("max")].toDouble() >= 25);
    const QJsonArray series = r[QStringLiteral("timeSeries")].toArray();
    QVERIFY(series.size() >= 3);
    // Every second of the blocking phase lags by a 30 ms block; most seconds of the offloaded phase
    // do not (a median, so that one spike of a loaded machine does not decide).
    double early = 0;
    QList<double> late;
    for (const QJsonValue &p : series) {
        const double t = p[QStringLiteral("seconds")].toDouble(), lag = p[QStringLiteral("loopLagMaxMs")].toDouble();
        if (t <= 1.5)
            early = std::max(early, lag);
        else if (t > 3.0)
            late << lag;
    }
    std::sort(late.begin(), late.end());
    const double lateMedian = late.isEmpty() ? 0 : late[late.size() / 2];
    QVERIFY2(early >= 25 && lateMedian < 25,
             qPrintable(QStringLiteral("early %1 late median %2").arg(early).arg(lateMedian)));
}

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
