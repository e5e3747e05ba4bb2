// Stages, live changes and live rules against the built-in HTTP target: the load's shape over time.
#include "RunHarness.h"
#include "core/LiveRuleJudge.h"
#include "core/StageDriver.h"
#include "profile/ProfileValidator.h"
#include "report/ShapeReport.h"
#include "support/ProfileJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace coroscope::testing;

class TestLoadShape : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rampValues();
    void rateStagesReachTheirTargetsWithinOneSnapshot();
    void concurrencyStagesReachTheirTargetsWithinOneSnapshot();
    void liveRateChangeTakesEffectAndIsRecorded();
    void liveConcurrencyChangeAndRefusals();
    void queueProductionRateFollowsItsStages();
    void badStagesAreRefusedWithTheirPath_data();
    void badStagesAreRefusedWithTheirPath();
    void liveRuleJudgesOnlyAfterItsDelay();
    void abortOnFailStopsTheHeadlessRun();

private:
    QTemporaryDir m_dir;
};

namespace {

RunSpec specWithInterval(int snapshotIntervalMs, double durationSeconds = 0)
{
    RunSpec spec;
    spec.snapshotIntervalMs = snapshotIntervalMs;
    spec.durationSeconds = durationSeconds;
    return spec;
}

QJsonArray stagesJson(std::initializer_list<std::pair<double, double>> stages)
{
    QJsonArray a;
    for (const auto &[seconds, target] : stages)
        a.append(QJsonObject{{QStringLiteral("durationSeconds"), seconds}, {QStringLiteral("target"), target}});
    return a;
}

// An http-fanout to the built-in target's PATH without a request count (it runs for the duration or
// its stages), with these keys besides; a snapshot every `snapshotIntervalMs`.
std::unique_ptr<Run> endlessFanout(const QString &path, QJsonObject keys, int snapshotIntervalMs,
                                   double durationSeconds)
{
    keys.insert(QStringLiteral("url"), QString(QStringLiteral("builtin:") + path));
    keys.insert(QStringLiteral("requests"), 0);
    return makeRun(QStringLiteral("http-fanout"), keys, specWithInterval(snapshotIntervalMs, durationSeconds));
}

} // namespace

void TestLoadShape::rampValues()
{
    const LoadStages stages{{1.0, 300}, {1.0, 300}, {0.5, 0}};
    QCOMPARE(StageDriver::targetAt(stages, 100, 0), 100.0);
    QCOMPARE(StageDriver::targetAt(stages, 100, 0.5), 200.0);
    QCOMPARE(StageDriver::targetAt(stages, 100, 1.5), 300.0);
    QCOMPARE(StageDriver::targetAt(stages, 100, 2.25), 150.0);
    QCOMPARE(StageDriver::targetAt(stages, 100, 9), 0.0);
    // A first stage of 0 s sets its target at once: a ramp from zero.
    QCOMPARE(StageDriver::targetAt(LoadStages{{0, 0}, {2, 100}}, 50, 0), 0.0);
    QCOMPARE(StageDriver::targetAt(LoadStages{{0, 0}, {2, 100}}, 50, 1), 50.0);
}

void TestLoadShape::rateStagesReachTheirTargetsWithinOneSnapshot()
{
    // Open model from its configured 100/s: up to 300/s over 1 s, 300/s for 1 s, down to 0 over 0.5 s.
    const int intervalMs = 100;
    const LoadStages stages{{1.0, 300}, {1.0, 300}, {0.5, 0}};
    auto run = endlessFanout(QStringLiteral("/delay?ms=1"),
                             QJsonObject{{QStringLiteral("ratePerSecond"), 100},
                                         {QStringLiteral("concurrency"), 32},
                                         {QStringLiteral("stages"), stagesJson({{1.0, 300}, {1.0, 300}, {0.5, 0}})}},
                             intervalMs, 30);
    QVERIFY(run);
    int checked = 0;
    QString mismatch;
    const auto last = runToEndStaged(*run, QStringLiteral("rate"), [&](const WorkloadSnapshot &w, double seconds) {
        // The target in the snapshot is the ramp's value at most one snapshot interval ago. The
        // stages' clock starts a little after the run's, so it is compared with the ramp's values
        // over the interval before this snapshot.
        const double lo = StageDriver::targetAt(stages, 100, std::max(0.0, seconds - intervalMs / 1000.0));
        const double hi = StageDriver::targetAt(stages, 100, seconds);
        if (w.loadTarget < std::min(lo, hi) - 1e-6 || w.loadTarget > std::max(lo, hi) + 1e-6)
            mismatch = QStringLiteral("at %1 s the target was %2, expected between %3 and %4")
                           .arg(seconds)
                           .arg(w.loadTarget)
                           .arg(lo)
                           .arg(hi);
        ++checked;
    });
    QVERIFY(last);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
    // The workload ended with its stages, not at the run's 30 s.
    QVERIFY2(last->elapsedNs < 20'000'000'000LL, qPrintable(QString::number(last->elapsedNs)));
    // Requests were created at the stages' rates: 200 + 300 + 75 in all. The loop may fall behind
    // on a loaded machine (a backlog is sent late, never dropped), so only the lower side is loose.
    const qint64 created = last->workloads.front().created;
    QVERIFY2(created >= 450 && created <= 600, qPrintable(QString::number(created)));
    QCOMPARE(countOf(last, TaskState::Failed), 0);
}

void TestLoadShape::concurrencyStagesReachTheirTargetsWithinOneSnapshot()
{
    // Closed model from 2 workers: a first stage of 0 s sets 1, then up to 9 over 0.6 s, held 0.6 s.
    const int intervalMs = 100;
    auto run = endlessFanout(QStringLiteral("/delay?ms=20"),
                             QJsonObject{{QStringLiteral("concurrency"), 2},
                                         {QStringLiteral("stages"), stagesJson({{0, 1}, {0.6, 9}, {0.6, 9}})}},
                             intervalMs, 30);
    QVERIFY(run);
    qint64 maxRunning = 0;
    double firstTargetSeen = -1;
    QList<double> heldWorkers;
    const auto last =
        runToEndStaged(*run, QStringLiteral("concurrency"), [&](const WorkloadSnapshot &w, double seconds) {
            if (firstTargetSeen < 0)
                firstTargetSeen = w.loadTarget;
            maxRunning = std::max(maxRunning, w.counts[stateIndex(TaskState::Running)]);
            // One snapshot interval after the ramp's end, the workers are the held target.
            if (seconds > 0.6 + intervalMs / 1000.0 && seconds < 1.15)
                heldWorkers << w.gauges.value(Gauge::Workers);
        });
    QVERIFY(last);
    QVERIFY2(firstTargetSeen >= 1 && firstTargetSeen <= 9, qPrintable(QString::number(firstTargetSeen)));
    QVERIFY2(maxRunning <= 9, qPrintable(QString::number(maxRunning)));
    QVERIFY(!heldWorkers.isEmpty());
    for (double workers : std::as_const(heldWorkers))
        QCOMPARE(workers, 9.0);
    QCOMPARE(countOf(last, TaskState::Failed), 0);
}

void TestLoadShape::liveRateChangeTakesEffectAndIsRecorded()
{
    auto run = endlessFanout(QStringLiteral("/delay?ms=1"),
                             QJsonObject{{QStringLiteral("ratePerSecond"), 20}, {QStringLiteral("concurrency"), 16}},
                             100, 2.5);
    QVERIFY(run);
    QCOMPARE(run->liveKeys(0), QList<LiveKey>{LiveKey::Rate});
    qint64 createdAtChange = -1, changeNs = 0;
    double targetAfter = -1;
    QString error;
    bool applied = false;
    const auto last = runToEnd(*run, [&](const SnapshotPtr &s) {
        const WorkloadSnapshot &w = s->workloads.front();
        if (createdAtChange < 0 && s->elapsedNs > 500'000'000) {
            createdAtChange = w.created;
            changeNs = s->elapsedNs;
            applied = run->changeLive(0, LiveKey::Rate, 400, &error);
        } else if (createdAtChange >= 0 && targetAfter < 0) {
            targetAfter = w.loadTarget; // the next snapshot
            QCOMPARE(w.changes.size(), 1);
        }
    });
    QVERIFY(last);
    QVERIFY2(applied, qPrintable(error));
    QCOMPARE(targetAfter, 400.0);
    const WorkloadSnapshot &w = last->workloads.front();
    QCOMPARE(w.changes.size(), 1);
    QCOMPARE(w.changes.first().oldValue, 20.0);
    QCOMPARE(w.changes.first().newValue, 400.0);
    QVERIFY(std::abs(w.changes.first().atSeconds - double(changeNs) / 1e9) < 0.5);
    // 20/s before the change would have made ~40 more in the remaining 2 s; 400/s makes hundreds.
    QVERIFY2(w.created - createdAtChange > 200, qPrintable(QString::number(w.created - createdAtChange)));
    const QJsonArray changes = ShapeReport::changes(*last);
    QCOMPARE(changes.size(), 1);
    const QJsonObject c = changes.first().toObject();
    QCOMPARE(c.value(QStringLiteral("workload")).toString(), QStringLiteral("http-fanout"));
    QCOMPARE(c.value(QStringLiteral("key")).toString(), QStringLiteral("rate"));
    QCOMPARE(c.value(QStringLiteral("old")).toDouble(), 20.0);
    QCOMPARE(c.value(QStringLiteral("new")).toDouble(), 400.0);
}

void TestLoadShape::liveConcurrencyChangeAndRefusals()
{
    auto run = endlessFanout(QStringLiteral("/delay?ms=20"), QJsonObject{{QStringLiteral("concurrency"), 2}}, 100, 1.5);
    QVERIFY(run);
    QString refusedBeforeStart;
    QVERIFY(!run->changeLive(0, LiveKey::Concurrency, 5, &refusedBeforeStart));
    QVERIFY(!refusedBeforeStart.isEmpty());
    QString wrongKey, badValue, error;
    bool applied = false;
    qint64 runningAfter = -1;
    bool changed = false;
    const auto last = runToEnd(*run, [&](const SnapshotPtr &s) {
        const WorkloadSnapshot &w = s->workloads.front();
        if (!changed && s->elapsedNs > 300'000'000) {
            changed = true;
            QVERIFY(!run->changeLive(0, LiveKey::Rate, 10, &wrongKey));
            QVERIFY(!run->changeLive(0, LiveKey::Concurrency, -3, &badValue));
            applied = run->changeLive(0, LiveKey::Concurrency, 6, &error);
        } else if (changed && s->running && !w.finished && s->elapsedNs < 1'300'000'000) {
            runningAfter = std::max(runningAfter, w.counts[stateIndex(TaskState::Running)]);
        }
    });
    QVERIFY(last);
    QVERIFY2(applied, qPrintable(error));
    QVERIFY2(wrongKey.contains(QStringLiteral("concurrency")), qPrintable(wrongKey));
    QVERIFY2(badValue.contains(QStringLiteral("-3")), qPrintable(badValue));
    QCOMPARE(runningAfter, 6);
    QCOMPARE(last->workloads.front().changes.size(), 1);
    QCOMPARE(last->workloads.front().changes.first().oldValue, 2.0);
}

void TestLoadShape::queueProductionRateFollowsItsStages()
{
    // Two producers share one schedule: from 50/s up to 250/s over 1 s, then held 0.5 s; 275 items.
    auto run = makeRun(QStringLiteral("queue"),
                       QJsonObject{{QStringLiteral("producers"), 2},
                                   {QStringLiteral("consumers"), 2},
                                   {QStringLiteral("items"), 0},
                                   {QStringLiteral("ratePerSecond"), 50},
                                   {QStringLiteral("stages"), stagesJson({{1.0, 250}, {0.5, 250}})}},
                       specWithInterval(100, 30));
    QVERIFY(run);
    QCOMPARE(run->liveKeys(0), QList<LiveKey>{LiveKey::Rate});
    double maxTarget = 0;
    const auto last = runToEnd(*run, [&](const SnapshotPtr &s) {
        const WorkloadSnapshot &w = s->workloads.front();
        QCOMPARE(w.loadKey, QStringLiteral("rate"));
        maxTarget = std::max(maxTarget, w.loadTarget);
    });
    QVERIFY(last);
    QCOMPARE(maxTarget, 250.0);
    QVERIFY2(last->elapsedNs < 20'000'000'000LL, qPrintable(QString::number(last->elapsedNs)));
    const double produced = last->workloads.front().gauges.value(Gauge::Produced);
    QVERIFY2(produced >= 230 && produced <= 290, qPrintable(QString::number(produced)));
}

void TestLoadShape::badStagesAreRefusedWithTheirPath_data()
{
    QTest::addColumn<QByteArray>("workload");
    QTest::addColumn<QString>("expected");
    const QByteArray http = R"("type": "http-fanout", "name": "api", "url": "builtin:/delay?ms=1", )";
    QTest::newRow("not an array") << http + R"("stages": 5)"
                                  << QStringLiteral("workloads[0].stages: expected a non-empty array");
    QTest::newRow("empty") << http + R"("stages": [])" << QStringLiteral("workloads[0].stages: expected a non-empty");
    QTest::newRow("entry not an object") << http + R"("stages": [{"durationSeconds": 1, "target": 5}, 7])"
                                         << QStringLiteral("workloads[0].stages[1]: expected a stage object");
    QTest::newRow("negative target") << http + R"("stages": [{"durationSeconds": 1, "target": -5}])"
                                     << QStringLiteral("workloads[0].stages[0].target: expected");
    QTest::newRow("missing duration") << http + R"("stages": [{"target": 5}])"
                                      << QStringLiteral("workloads[0].stages[0].durationSeconds: expected a number, "
                                                        "found nothing");
    QTest::newRow("text duration") << http + R"("stages": [{"durationSeconds": "30s", "target": 5}])"
                                   << QStringLiteral("workloads[0].stages[0].durationSeconds: expected");
    QTest::newRow("all zero seconds") << http + R"("stages": [{"durationSeconds": 0, "target": 5}])"
                                      << QStringLiteral("workloads[0].stages: expected stages that last more than 0");
    QTest::newRow("queue without a rate")
        << QByteArray(R"("type": "queue", "name": "q", "stages": [{"durationSeconds": 1, "target": 5}])")
        << QStringLiteral("workloads[0].stages: stages change the production rate");
    QTest::newRow("sleep takes none")
        << QByteArray(R"("type": "sleep", "name": "s", "tasks": 1, "stages": [{"durationSeconds": 1, "target": 5}])")
        << QStringLiteral("workloads[0].stages: a sleep workload takes no stages");
}

void TestLoadShape::badStagesAreRefusedWithTheirPath()
{
    QFETCH(QByteArray, workload);
    QFETCH(QString, expected);
    const ProfileLoader::Result r = checkOneWorkload(workload);
    QVERIFY(!r.ok());
    const QString text = r.errorText(QStringLiteral("profile.json"));
    QVERIFY2(text.contains(expected), qPrintable(text));
}

void TestLoadShape::liveRuleJudgesOnlyAfterItsDelay()
{
    const RunSpec spec = specOf(R"({"schemaVersion": 1, "workloads": [
        {"type": "http-fanout", "name": "api", "url": "builtin:/delay?ms=1", "requests": 10}],
        "rules": [{"workload": "api", "metric": "succeeded", "op": ">", "value": 100, "abortOnFail": true,
                   "afterSeconds": 2}]})");
    QCOMPARE(spec.rules.size(), 1);
    QVERIFY(spec.rules.first().abortOnFail);
    QCOMPARE(spec.rules.first().afterSeconds, 2.0);
    auto run = makeRun(QStringLiteral("sleep"), QJsonObject{{QStringLiteral("tasks"), 1}});
    QVERIFY(run);
    LiveRuleJudge judge(run.get(), spec.rules);
    Snapshot s;
    s.workloads.resize(1);
    s.workloads[0].name = QStringLiteral("api");
    s.elapsedNs = 1'500'000'000;
    judge.judge(s);
    QCOMPARE(judge.states().first().verdict, LiveRuleState::Verdict::NotYetJudged);
    QVERIFY(!judge.abort());
    s.elapsedNs = 2'100'000'000;
    judge.judge(s);
    QCOMPARE(judge.states().first().verdict, LiveRuleState::Verdict::Failing);
    QVERIFY(judge.abort());
    QCOMPARE(judge.abort()->rule, QStringLiteral("api succeeded > 100"));
    QCOMPARE(judge.abort()->atSeconds, 2.1);
}

void TestLoadShape::abortOnFailStopsTheHeadlessRun()
{
    QVERIFY(m_dir.isValid());
    const QString binary = qEnvironmentVariable("COROSCOPE_BINARY");
    QVERIFY2(QFile::exists(binary), "COROSCOPE_BINARY must name the built coroscope");
    // Every request takes 200 ms: p99 < 50 fails from the first judgement after 1 s, long before 60 s.
    const QString profile = m_dir.filePath(QStringLiteral("abort.json"));
    QFile f(profile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schemaVersion": 1, "name": "abort", "run": {"durationSeconds": 60},
        "workloads": [{"type": "http-fanout", "name": "api", "url": "builtin:/delay?ms=200", "requests": 0,
                       "concurrency": 4}],
        "rules": [{"workload": "api", "metric": "p99_ms", "op": "<", "value": 50, "abortOnFail": true,
                   "afterSeconds": 1}]})");
    f.close();
    const QString report = m_dir.filePath(QStringLiteral("abort-report.json"));
    QProcess p;
    p.start(binary,
            {QStringLiteral("--headless"), profile, QStringLiteral("--quiet"), QStringLiteral("--report"), report});
    QVERIFY(p.waitForFinished(50'000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() == 1, err.constData());
    QVERIFY2(err.contains("api p99_ms < 50"), err.constData());
    QFile r(report);
    QVERIFY(r.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(r.readAll()).object();
    const QJsonObject aborted = json.value(QStringLiteral("abortedBy")).toObject();
    QCOMPARE(aborted.value(QStringLiteral("rule")).toString(), QStringLiteral("api p99_ms < 50"));
    QVERIFY(aborted.value(QStringLiteral("atSeconds")).toDouble() >= 1.0);
    QVERIFY(aborted.value(QStringLiteral("actual")).toDouble() >= 50);
    QVERIFY(json.value(QStringLiteral("durationSeconds")).toDouble() < 50);
    QVERIFY(json.value(QStringLiteral("changes")).isArray());
}

QTEST_GUILESS_MAIN(TestLoadShape)
#include "tst_load_shape.moc"
