// Connection stages and live connection changes for the echo and WebSocket workloads, against their
// built-in servers: the number of open connections follows the target within one snapshot interval.
#include "RunHarness.h"
#include "report/ShapeReport.h"
#include "support/HeadlessProcess.h"
#include "support/ProfileJson.h"
#include "workloads/WorkloadShare.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace coroscope;
using namespace coroscope::testing;

class TestConnectionStages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stagesOpenAndCloseConnections_data();
    void stagesOpenAndCloseConnections();
    void liveConnectionsUpAndDown_data();
    void liveConnectionsUpAndDown();
    void twoThreadsShareTheTargets_data();
    void twoThreadsShareTheTargets();
    void eachThreadRampsToItsShare();
    void stagesAreCheckedAtLoad_data();
    void stagesAreCheckedAtLoad();
    void headlessReportHasTheTarget();
};

namespace {

// Snapshots far enough apart that a loaded machine still opens a handful of loopback connections
// between two of them.
constexpr int kIntervalMs = 200;

QJsonArray toJson(const LoadStages &stages)
{
    QJsonArray a;
    for (const LoadStage &s : stages)
        a.append(
            QJsonObject{{QStringLiteral("durationSeconds"), s.durationSeconds}, {QStringLiteral("target"), s.target}});
    return a;
}

// A run of one workload of `type` whose connections exchange a message now and then until the
// run's end (light on the machine, open between round trips), on `threads` loop threads.
std::unique_ptr<Run> connectionRun(const QString &type, int connections, const LoadStages &stages,
                                   double durationSeconds, int threads = 1)
{
    QJsonObject params{{QStringLiteral("connections"), connections},
                       {QStringLiteral("messagesPerConnection"), 0},
                       {QStringLiteral("thinkTimeMs"), 30}};
    if (!stages.isEmpty())
        params.insert(QStringLiteral("stages"), toJson(stages));
    RunSpec spec;
    spec.snapshotIntervalMs = kIntervalMs;
    spec.durationSeconds = durationSeconds;
    return threads > 1 ? makeShardedRun(type, params, threads, spec) : makeRun(type, params, spec);
}

double openOf(const WorkloadSnapshot &w)
{
    return w.gauges.value(Gauge::ConnectionsOpen);
}

// A user's change of the connections at the first snapshot after `atSeconds`, and what the next
// snapshot (one interval later) shows.
struct LiveChangeProbe {
    LiveChangeProbe(double at, double to) : atSeconds(at), value(to) {}

    double atSeconds;
    double value;
    bool applied = false;
    QString error;
    qint64 atNs = -1;
    double openAfter = -1;
    double targetAfter = -1;

    bool done() const { return openAfter >= 0; }
    void offer(Run &run, const Snapshot &s)
    {
        if (atNs < 0 && double(s.elapsedNs) / 1e9 > atSeconds) {
            applied = run.changeLive(0, LiveKey::Connections, value, &error);
            atNs = s.elapsedNs;
        } else if (atNs >= 0 && !done()) {
            openAfter = openOf(s.workloads.front());
            targetAfter = s.workloads.front().loadTarget;
        }
    }
};

void addTypes()
{
    QTest::addColumn<QString>("type");
    QTest::newRow("echo") << QStringLiteral("echo");
    QTest::newRow("websocket") << QStringLiteral("websocket");
}

} // namespace

void TestConnectionStages::stagesOpenAndCloseConnections_data()
{
    addTypes();
}

void TestConnectionStages::stagesOpenAndCloseConnections()
{
    QFETCH(QString, type);
    // From 2 connections up to 12 over 0.6 s, held 1 s, down to 4 over 0.4 s, held 1 s.
    auto run = connectionRun(type, 2, {{0.6, 12}, {1.0, 12}, {0.4, 4}, {1.0, 4}}, 30);
    QVERIFY(run);
    QCOMPARE(run->liveKeys(0), QList<LiveKey>{LiveKey::Connections});
    // What each snapshot shows as (connections open, target), by the stage it falls in.
    QList<std::pair<double, double>> firstRamp, firstHold, secondHold;
    QList<double> serverOpenAtSecondHold, closedAtSecondHold, handshakes;
    const auto last =
        runToEndStaged(*run, QStringLiteral("connections"), [&](const WorkloadSnapshot &w, double seconds) {
            const std::pair<double, double> shown{openOf(w), w.loadTarget};
            if (seconds < 0.6)
                firstRamp << shown;
            // One snapshot interval after a ramp's end, the connections open are its target.
            if (seconds > 0.6 + kIntervalMs / 1000.0 && seconds < 1.55)
                firstHold << shown;
            if (seconds > 2.0 + kIntervalMs / 1000.0 && seconds < 2.95) {
                secondHold << shown;
                serverOpenAtSecondHold << w.gauges.value(Gauge::ServerConnectionsOpen);
                closedAtSecondHold << w.gauges.value(Gauge::ConnectionsClosed);
                handshakes << w.gauges.value(Gauge::CloseHandshakes);
            }
        });
    QVERIFY(last);
    QVERIFY(!firstHold.isEmpty());
    QVERIFY(!secondHold.isEmpty());
    for (const auto &[open, target] : std::as_const(firstRamp)) {
        QVERIFY2(target >= 2 && target <= 12, qPrintable(QString::number(target)));
        QVERIFY2(open <= 12, qPrintable(QString::number(open)));
    }
    for (const auto &shown : std::as_const(firstHold))
        QCOMPARE(shown, (std::pair<double, double>{12, 12}));
    for (const auto &shown : std::as_const(secondHold))
        QCOMPARE(shown, (std::pair<double, double>{4, 4}));
    // The surplus was closed, not dropped: the server sees it gone, and it counts as closed.
    for (double open : std::as_const(serverOpenAtSecondHold))
        QCOMPARE(open, 4.0);
    for (double closed : std::as_const(closedAtSecondHold))
        QCOMPARE(closed, 8.0);
    if (type == QLatin1String("websocket")) {
        for (double n : std::as_const(handshakes))
            QCOMPARE(n, 8.0); // each retired connection closed with the handshake
    }
    // The workload ended with its stages, not at the run's 30 s, every connection closed cleanly.
    QVERIFY2(last->elapsedNs < 20'000'000'000LL, qPrintable(QString::number(last->elapsedNs)));
    QCOMPARE(gaugeOf(last, Gauge::ConnectionsClosed), 12.0);
    QCOMPARE(gaugeOf(last, Gauge::ConnectionsFailed), 0.0);
    QCOMPARE(countOf(last, TaskState::Failed), 0);
    QCOMPARE(countOf(last, TaskState::TimedOut), 0);
    QVERIFY(countOf(last, TaskState::Succeeded) > 0);
}

void TestConnectionStages::liveConnectionsUpAndDown_data()
{
    addTypes();
}

void TestConnectionStages::liveConnectionsUpAndDown()
{
    QFETCH(QString, type);
    auto run = connectionRun(type, 3, {}, 2.4);
    QVERIFY(run);
    QString refusedBeforeStart;
    QVERIFY(!run->changeLive(0, LiveKey::Connections, 5, &refusedBeforeStart));
    QVERIFY(!refusedBeforeStart.isEmpty());
    QString wrongKey, badValue;
    LiveChangeProbe up{0.4, 10}, down{1.2, 2};
    const auto last = runToEnd(*run, [&](const SnapshotPtr &s) {
        if (up.atNs < 0 && double(s->elapsedNs) / 1e9 > up.atSeconds) {
            QVERIFY(!run->changeLive(0, LiveKey::Rate, 10, &wrongKey));
            QVERIFY(!run->changeLive(0, LiveKey::Connections, -1, &badValue));
        }
        if (!up.done())
            up.offer(*run, *s);
        else
            down.offer(*run, *s);
    });
    QVERIFY(last);
    QVERIFY2(up.applied, qPrintable(up.error));
    QVERIFY2(down.applied, qPrintable(down.error));
    QVERIFY2(wrongKey.contains(QStringLiteral("connections")), qPrintable(wrongKey));
    QVERIFY2(badValue.contains(QStringLiteral("-1")), qPrintable(badValue));
    QCOMPARE(up.targetAfter, 10.0);
    QCOMPARE(up.openAfter, 10.0);
    QCOMPARE(down.targetAfter, 2.0);
    QCOMPARE(down.openAfter, 2.0);
    const WorkloadSnapshot &w = last->workloads.front();
    QCOMPARE(w.changes.size(), 2);
    QCOMPARE(w.changes[0].oldValue, 3.0);
    QCOMPARE(w.changes[0].newValue, 10.0);
    QCOMPARE(w.changes[1].oldValue, 10.0);
    QCOMPARE(w.changes[1].newValue, 2.0);
    QVERIFY(std::abs(w.changes[0].atSeconds - double(up.atNs) / 1e9) < 0.5);
    const QJsonArray changes = ShapeReport::changes(*last);
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes[1].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("connections"));
    QCOMPARE(changes[1].toObject().value(QStringLiteral("workload")).toString(), type);
    QCOMPARE(changes[1].toObject().value(QStringLiteral("old")).toDouble(), 10.0);
    QCOMPARE(changes[1].toObject().value(QStringLiteral("new")).toDouble(), 2.0);
    // The run's duration ended it: 10 connections were open at once, all closed without a failure.
    QCOMPARE(gaugeOf(last, Gauge::ConnectionsClosed), 10.0);
    QCOMPARE(gaugeOf(last, Gauge::ConnectionsFailed), 0.0);
    QCOMPARE(countOf(last, TaskState::Failed), 0);
}

void TestConnectionStages::twoThreadsShareTheTargets_data()
{
    addTypes();
}

void TestConnectionStages::twoThreadsShareTheTargets()
{
    QFETCH(QString, type);
    // One configured connection (part 1 of 2 starts from none), up to 9 over 0.4 s and held; then
    // the user lowers it to 3, which ends the stages (the user took over) until the run's end.
    auto run = connectionRun(type, 1, {{0.4, 9}, {10, 9}}, 2.2, 2);
    QVERIFY(run);
    QCOMPARE(run->threads(), 2);
    double openAtHold = -1, targetAtHold = -1;
    LiveChangeProbe lower{1.0, 3};
    const auto last = runToEnd(*run, [&](const SnapshotPtr &s) {
        if (openAtHold < 0 && double(s->elapsedNs) / 1e9 > 0.4 + kIntervalMs / 1000.0) {
            openAtHold = openOf(s->workloads.front());
            targetAtHold = s->workloads.front().loadTarget;
        }
        lower.offer(*run, *s);
    });
    QVERIFY(last);
    QVERIFY2(lower.applied, qPrintable(lower.error));
    QCOMPARE(targetAtHold, 9.0);
    QCOMPARE(openAtHold, 9.0);
    QCOMPARE(lower.targetAfter, 3.0);
    QCOMPARE(lower.openAfter, 3.0);
    const WorkloadSnapshot &w = last->workloads.front();
    QCOMPARE(w.changes.size(), 1);
    QCOMPARE(w.changes.first().oldValue, 9.0);
    QCOMPARE(w.changes.first().newValue, 3.0);
    QCOMPARE(w.loadTarget, 3.0);
    QCOMPARE(gaugeOf(last, Gauge::ConnectionsClosed), 9.0);
    QCOMPARE(countOf(last, TaskState::Failed), 0);
}

void TestConnectionStages::eachThreadRampsToItsShare()
{
    const QJsonObject whole{{QStringLiteral("type"), QStringLiteral("websocket")},
                            {QStringLiteral("connections"), 1},
                            {QStringLiteral("stages"), toJson({{1, 9}, {1, 0}})}};
    QList<double> firstTargets;
    double configured = 0;
    for (int part = 0; part < 2; ++part) {
        const QJsonObject share = workloadShare(whole, part, 2);
        // The second part has no configured connection, but its share of the stages: it is not empty.
        QVERIFY(!share.contains(QLatin1String(share_keys::kEmpty)));
        configured += share.value(QStringLiteral("connections")).toDouble();
        const QJsonArray stages = share.value(QStringLiteral("stages")).toArray();
        QCOMPARE(stages.size(), 2);
        QCOMPARE(stages[1].toObject().value(QStringLiteral("target")).toDouble(), 0.0);
        firstTargets << stages[0].toObject().value(QStringLiteral("target")).toDouble();
    }
    QCOMPARE(configured, 1.0);
    QCOMPARE(firstTargets, (QList<double>{5, 4}));
}

void TestConnectionStages::stagesAreCheckedAtLoad_data()
{
    QTest::addColumn<QByteArray>("workload");
    QTest::addColumn<QString>("expected"); // empty: the profile is valid
    const QByteArray stages = R"("stages": [{"durationSeconds": 1, "target": 50}])";
    QTest::newRow("echo stages") << R"("type": "echo", "name": "e", )" + stages << QString();
    QTest::newRow("websocket stages") << R"("type": "websocket", "name": "w", )" + stages << QString();
    QTest::newRow("stages from no connection")
        << R"("type": "echo", "name": "e", "connections": 0, )" + stages << QString();
    QTest::newRow("no connection without stages") << QByteArray(R"("type": "echo", "name": "e", "connections": 0)")
                                                  << QStringLiteral("workloads[0].connections: expected");
    QTest::newRow("target above the connection bound")
        << QByteArray(R"("type": "websocket", "name": "w", "stages": [{"durationSeconds": 1, "target": 200000}])")
        << QStringLiteral("workloads[0].stages: expected connection targets of at most 100000, found 200000");
    QTest::newRow("target beyond the message memory")
        << QByteArray(R"("type": "echo", "name": "e", "messageBytes": 1000000,
                          "stages": [{"durationSeconds": 1, "target": 1000}])")
        << QStringLiteral("workloads[0].messageBytes: 1000 connections x 1000000-byte messages");
}

void TestConnectionStages::stagesAreCheckedAtLoad()
{
    QFETCH(QByteArray, workload);
    QFETCH(QString, expected);
    const ProfileLoader::Result r = checkOneWorkload(workload);
    const QString text = r.errorText(QStringLiteral("profile.json"));
    if (expected.isEmpty()) {
        QVERIFY2(r.ok(), qPrintable(text));
    } else {
        QVERIFY(!r.ok());
        QVERIFY2(text.contains(expected), qPrintable(text));
    }
}

void TestConnectionStages::headlessReportHasTheTarget()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY2(QFile::exists(coroscopeBinary()), "COROSCOPE_BINARY must name the built coroscope");
    const QString profile = writeFile(dir, QStringLiteral("stages.json"), R"({"schemaVersion": 1, "name": "stages",
        "run": {"durationSeconds": 30},
        "workloads": [{"type": "echo", "name": "chat", "connections": 0, "messagesPerConnection": 0,
                       "thinkTimeMs": 20, "stages": [{"durationSeconds": 0.5, "target": 6},
                                                      {"durationSeconds": 0.7, "target": 6}]}]})");
    const QString report = dir.filePath(QStringLiteral("report.json"));
    const ProcessResult p = runCoroscope(
        {QStringLiteral("--headless"), profile, QStringLiteral("--quiet"), QStringLiteral("--report"), report});
    QVERIFY2(p.exitCode == 0, p.err.constData());
    const QJsonObject json = readJsonFile(report);
    // The workload ended with its stages, well before the run's 30 s.
    QVERIFY2(json.value(QStringLiteral("durationSeconds")).toDouble() < 20, p.err.constData());
    const QJsonArray series = json.value(QStringLiteral("timeSeries")).toArray();
    QVERIFY(!series.isEmpty());
    double maxTarget = -1;
    int withTarget = 0;
    for (const QJsonValue &point : series) {
        const QJsonObject chat = point[QStringLiteral("workloads")][QStringLiteral("chat")].toObject();
        if (chat.contains(QStringLiteral("target"))) {
            ++withTarget;
            maxTarget = std::max(maxTarget, chat.value(QStringLiteral("target")).toDouble());
        }
    }
    QVERIFY2(withTarget > 0, qPrintable(QJsonDocument(series).toJson()));
    QCOMPARE(maxTarget, 6.0);
}

QTEST_GUILESS_MAIN(TestConnectionStages)
#include "tst_connection_stages.moc"
