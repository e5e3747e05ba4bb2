// The max-rate search against the built-in target's /work pool of known capacity.
#include "cli/MaxRateSearch.h"
#include "core/Run.h"
#include "support/ProfileJson.h"
#include "workloads/WorkloadRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;
using namespace coroscope::testing;

class TestMaxRate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void workEndpointServesAtMostItsSlots();
    void findsTheKneeOfAKnownCapacity();
    void lowestStepFailingExitsOne();
    void refusesWhatItCannotSearch();
};

namespace {

// 8 slots held 100 ms each: 80 requests/s at most, well below what this machine can drive even
// when loaded; beyond it requests queue and latency grows without bound (the open model). The long
// hold and a p99 target of 300 ms put the loop-lag guard at 60 ms (a fifth of the target), so a
// generator slowed by a loaded machine (20-30 ms of lag seen under parallel builds) still measures
// the target, and the target's own overhead per request (a few ms) is small beside the hold.
const QByteArray kKneeProfile = R"({"schemaVersion": 1, "name": "knee", "workloads": [
    {"type": "http-fanout", "name": "api", "url": "builtin:/work?ms=100&slots=8", "concurrency": 64,
     "ratePerSecond": 40, "requests": 0},
    {"type": "sleep", "name": "other", "tasks": 1}]})";
constexpr double kCapacity = 80;

} // namespace

void TestMaxRate::workEndpointServesAtMostItsSlots()
{
    // 2 slots of 100 ms and 8 requests at once: they finish in four waves, never more than 2 at once.
    RunSpec spec = specOf(R"({"schemaVersion": 1, "workloads": [
        {"type": "http-fanout", "name": "api", "url": "builtin:/work?ms=100&slots=2", "concurrency": 8,
         "requests": 8}]})");
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(spec, &issues);
    QVERIFY(!workloads.empty());
    Run run(spec, std::move(workloads));
    QSignalSpy finished(&run, &Run::finished);
    QString error;
    QVERIFY2(run.prepare(&error), qPrintable(error));
    run.start();
    QVERIFY(finished.wait(20'000));
    const SnapshotPtr s = finished.first().first().value<SnapshotPtr>();
    const WorkloadSnapshot &w = s->workloads.front();
    QCOMPARE(w.counts[stateIndex(TaskState::Succeeded)], 8);
    // The slowest request waited for three waves before its own: at least 400 ms from its start.
    QVERIFY2(w.latency.maxMs >= 390, qPrintable(QString::number(w.latency.maxMs)));
    QVERIFY2(w.latency.p50Ms >= 190, qPrintable(QString::number(w.latency.p50Ms)));
}

void TestMaxRate::findsTheKneeOfAKnownCapacity()
{
    MaxRateOptions o;
    o.workload = QStringLiteral("api");
    o.p99Ms = 300;
    o.maxLoopLagMs = 60;
    o.stepSeconds = 2;
    MaxRateSearch search(specOf(kKneeProfile), o);
    QSignalSpy finished(&search, &MaxRateSearch::finished);
    QSignalSpy steps(&search, &MaxRateSearch::stepFinished);
    search.start();
    QVERIFY(finished.wait(150'000));
    QCOMPARE(finished.first().first().toString(), QString());
    QVERIFY(steps.size() >= 4);
    QString curve;
    for (const MaxRateStep &s : search.steps())
        curve += QStringLiteral("%1/s p99 %2 lag %3 %4; ")
                     .arg(s.rate)
                     .arg(s.p99Ms)
                     .arg(s.loopLagP99Ms)
                     .arg(s.good ? QStringLiteral("good") : s.why);
    const double found = search.maxRate();
    QVERIFY2(found >= kCapacity * 0.85 && found <= kCapacity * 1.15, qPrintable(curve));
    // The steps doubled from 40/s, then bisected down to within 5 %.
    QCOMPARE(search.steps().first().rate, 40.0);
    QCOMPARE(search.steps().at(1).rate, 80.0);
    for (const MaxRateStep &s : search.steps())
        QVERIFY2(s.samples >= 200 || !s.good, qPrintable(curve));
    const QJsonObject json = search.toJson();
    QCOMPARE(json.value(QStringLiteral("curve")).toArray().size(), search.steps().size());
    QCOMPARE(json.value(QStringLiteral("maxRatePerSecond")).toDouble(), found);
}

void TestMaxRate::lowestStepFailingExitsOne()
{
    // Headless: the binary's exit code and stdout's last line. 1 slot of 50 ms serves 20/s: a start
    // at 80/s fails at once.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profile = dir.filePath(QStringLiteral("slow.json"));
    QFile f(profile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schemaVersion": 1, "workloads": [{"type": "http-fanout", "name": "api",
        "url": "builtin:/work?ms=50&slots=1", "concurrency": 16, "ratePerSecond": 80, "requests": 0}]})");
    f.close();
    const QString report = dir.filePath(QStringLiteral("curve.json"));
    QProcess p;
    p.start(qEnvironmentVariable("COROSCOPE_BINARY"),
            {QStringLiteral("--find-max-rate"), profile, QStringLiteral("--workload"), QStringLiteral("api"),
             QStringLiteral("--p99-ms"), QStringLiteral("100"), QStringLiteral("--step-seconds"), QStringLiteral("1"),
             QStringLiteral("--report"), report});
    QVERIFY(p.waitForFinished(60'000));
    const QByteArray out = p.readAllStandardOutput();
    const QByteArray all = out + p.readAllStandardError();
    QVERIFY2(p.exitCode() == 1, all.constData());
    QVERIFY2(!out.contains("max rate:"), out.constData());
    QFile r(report);
    QVERIFY(r.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(r.readAll()).object();
    QCOMPARE(json.value(QStringLiteral("curve")).toArray().size(), 1);
    QVERIFY(json.value(QStringLiteral("maxRatePerSecond")).isNull());
}

void TestMaxRate::refusesWhatItCannotSearch()
{
    MaxRateOptions o;
    o.workload = QStringLiteral("other");
    QVERIFY(MaxRateSearch::problem(specOf(kKneeProfile), o).contains(QStringLiteral("http-fanout")));
    o.workload = QStringLiteral("nope");
    QVERIFY(MaxRateSearch::problem(specOf(kKneeProfile), o).contains(QStringLiteral("api, other")));
    o.workload = QStringLiteral("api");
    QCOMPARE(MaxRateSearch::problem(specOf(kKneeProfile), o), QString());
    const RunSpec step = MaxRateSearch(specOf(kKneeProfile), o).stepSpec(40);
    // A step of 40/s lasts long enough for 200 samples, and runs only the searched workload.
    QVERIFY(step.durationSeconds >= 5);
    QVERIFY(step.workloads[0].enabled && !step.workloads[1].enabled);
    QCOMPARE(step.workloads[0].params.value(QStringLiteral("ratePerSecond")).toDouble(), 40.0);
}

QTEST_GUILESS_MAIN(TestMaxRate)
#include "tst_max_rate.moc"
