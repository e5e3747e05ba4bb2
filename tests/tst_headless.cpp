// `coroscope --headless` as a user or a CI script runs it: a real process, real files, real signals.
#include "profile/ProfileValidator.h"
#include "support/HeadlessProcess.h"
#include "workloads/WorkloadRegistry.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

namespace testing = coroscope::testing;

class TestHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void runsAProfileAndWritesEveryReport();
    void failingRuleExitsOne();
    void sigintCancelsAndWritesAPartialReport();
    void brokenProfileExitsTwoNamingThePath();
    void flagsExitCodesAndMessages_data();
    void flagsExitCodesAndMessages();
    void durationFlagOverridesTheProfile();
    void echoProfileRunsAgainstTheBuiltinServer();
    void serveEchoAnswersUntilInterrupted();
    void windowRunsAProfileAndExitsWhenDone();
    void windowOpensIdleUnlessToldToStart();
    void signalDuringSetUpWritesAReport();
    void signalWhileTheLoopIsBlockedStillExits();
    void unwritableOutputsAreRefusedBeforeTheRun_data();
    void unwritableOutputsAreRefusedBeforeTheRun();
    void directoryAsProfileIsCalledADirectory();
    void unknownOptionWithoutDisplay();
    void headerSummaryAndReportFigures();
    void tooFewDescriptorsAreWarnedAbout();

private:
    QString writeProfile(const QString &name, const QByteArray &json);
    // Reads stderr until it contains `needle`; everything read so far.
    static QByteArray waitForStderr(QProcess &p, const QByteArray &needle, int timeoutMs = 20000);

    QString m_binary;
    QTemporaryDir m_dir;
};

void TestHeadless::initTestCase()
{
    m_binary = qEnvironmentVariable("COROSCOPE_BINARY");
    QVERIFY2(QFile::exists(m_binary), "COROSCOPE_BINARY must name the built coroscope");
    QVERIFY(m_dir.isValid());
}

QString TestHeadless::writeProfile(const QString &name, const QByteArray &json)
{
    return testing::writeFile(m_dir, name, json);
}

QByteArray TestHeadless::waitForStderr(QProcess &p, const QByteArray &needle, int timeoutMs)
{
    QByteArray seen;
    QElapsedTimer t;
    t.start();
    while (!seen.contains(needle) && t.elapsed() < timeoutMs) {
        p.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - t.elapsed())));
        seen += p.readAllStandardError();
        if (p.state() == QProcess::NotRunning)
            break;
    }
    return seen;
}

void TestHeadless::runsAProfileAndWritesEveryReport()
{
    const QString profile = writeProfile(QStringLiteral("ok.json"), R"({
      "schemaVersion": 1, "name": "e2e",
      "workloads": [
        { "type": "sleep", "name": "pool", "tasks": 60, "concurrency": 10,
          "delayMs": { "dist": "uniform", "min": 5, "max": 15 } },
        { "type": "sleep", "name": "race", "tasks": 3, "mode": "first",
          "delayMs": { "dist": "list", "values": [50, 2000, 3000] } },
        { "type": "sleep", "name": "slow", "tasks": 2, "timeoutMs": 40,
          "delayMs": { "dist": "list", "values": [10, 5000] } }
      ],
      "rules": [ { "workload": "pool", "metric": "succeeded", "op": ">=", "value": 60 },
                 { "metric": "timed_out", "op": "<=", "value": 1 } ]
    })");
    const QString report = m_dir.filePath(QStringLiteral("ok-report.json"));
    const QString csv = m_dir.filePath(QStringLiteral("ok.csv"));
    const QString junit = m_dir.filePath(QStringLiteral("ok.xml"));
    const testing::ProcessResult r =
        testing::runCoroscope({QStringLiteral("--headless"), profile, QStringLiteral("--report"), report,
                               QStringLiteral("--csv"), csv, QStringLiteral("--junit"), junit});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("pool"));
    QVERIFY(r.out.contains("PASS"));

    const QJsonObject j = testing::readJsonFile(report);
    for (const char *key : {"profile", "schemaVersion", "startedAt", "durationSeconds", "interrupted", "totals",
                            "workloads", "loopLagMs", "rules"})
        QVERIFY2(j.contains(QLatin1String(key)), key);
    QCOMPARE(j[QStringLiteral("profile")].toString(), QStringLiteral("e2e"));
    QCOMPARE(j[QStringLiteral("interrupted")].toBool(), false);
    const QJsonObject totals = j[QStringLiteral("totals")].toObject();
    QCOMPARE(totals[QStringLiteral("succeeded")].toInt(), 62);
    QCOMPARE(totals[QStringLiteral("cancelled")].toInt(), 2);
    QCOMPARE(totals[QStringLiteral("timedOut")].toInt(), 1);
    QCOMPARE(totals[QStringLiteral("pending")].toInt(), 0);
    QCOMPARE(totals[QStringLiteral("running")].toInt(), 0);
    const QJsonArray workloads = j[QStringLiteral("workloads")].toArray();
    QCOMPARE(workloads.size(), 3);
    const QJsonObject pool = workloads[0].toObject();
    QCOMPARE(pool[QStringLiteral("type")].toString(), QStringLiteral("sleep"));
    const QJsonObject latency = pool[QStringLiteral("latencyMs")].toObject();
    QVERIFY(latency[QStringLiteral("p50")].toDouble() >= 5);
    QVERIFY(latency[QStringLiteral("p99")].toDouble() >= latency[QStringLiteral("p50")].toDouble());
    for (const char *key : {"p50", "p90", "p99", "p999", "max", "mean"})
        QVERIFY2(latency.contains(QLatin1String(key)), key);
    QCOMPARE(j[QStringLiteral("rules")].toArray().size(), 2);
    QVERIFY(j[QStringLiteral("rules")].toArray()[0].toObject()[QStringLiteral("passed")].toBool());

    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
    QVERIFY(lines.size() >= 5); // header + at least one row per workload + total
    QVERIFY(lines[0].startsWith("elapsed_s,workload,pending,running,succeeded"));
    QVERIFY(lines.last().contains(",total,"));

    QFile xml(junit);
    QVERIFY(xml.open(QIODevice::ReadOnly));
    const QByteArray x = xml.readAll();
    QVERIFY(x.contains("<testsuite name=\"e2e\" tests=\"2\" failures=\"0\""));
}

void TestHeadless::failingRuleExitsOne()
{
    const QString profile = writeProfile(QStringLiteral("fail.json"), R"({
      "schemaVersion": 1, "name": "strict",
      "workloads": [ { "type": "sleep", "name": "w", "tasks": 5, "delayMs": 20 } ],
      "rules": [ { "workload": "w", "metric": "p50_ms", "op": "<", "value": 1 } ]
    })");
    const QString junit = m_dir.filePath(QStringLiteral("fail.xml"));
    const testing::ProcessResult r = testing::runCoroscope(
        {QStringLiteral("--headless"), profile, QStringLiteral("--quiet"), QStringLiteral("--junit"), junit});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains("FAIL  w p50_ms < 1"));
    QVERIFY(r.err.isEmpty()); // --quiet: no progress line
    QFile xml(junit);
    QVERIFY(xml.open(QIODevice::ReadOnly));
    const QByteArray x = xml.readAll();
    QVERIFY(x.contains("failures=\"1\""));
    QVERIFY(x.contains("<failure"));
}

void TestHeadless::sigintCancelsAndWritesAPartialReport()
{
    const QString profile = writeProfile(QStringLiteral("long.json"), R"({
      "schemaVersion": 1, "name": "long",
      "workloads": [ { "type": "sleep", "name": "w", "tasks": 1000, "concurrency": 100, "delayMs": 60000 } ]
    })");
    const QString report = m_dir.filePath(QStringLiteral("long-report.json"));
    QProcess p;
    p.setReadChannel(QProcess::StandardError);
    p.start(m_binary, {QStringLiteral("--headless"), profile, QStringLiteral("--report"), report});
    QVERIFY(p.waitForStarted());
    // A progress line (stderr) says the run is under way.
    const QByteArray progress = waitForStderr(p, "running 100");
    QVERIFY2(progress.contains("running 100"), progress.constData());
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    const QJsonObject j = testing::readJsonFile(report);
    QCOMPARE(j[QStringLiteral("interrupted")].toBool(), true);
    const QJsonObject totals = j[QStringLiteral("totals")].toObject();
    QCOMPARE(totals[QStringLiteral("cancelled")].toInt(), 1000);
    QCOMPARE(totals[QStringLiteral("running")].toInt(), 0);
    QVERIFY(p.readAllStandardOutput().contains("(interrupted)"));
}

void TestHeadless::brokenProfileExitsTwoNamingThePath()
{
    const QString profile = writeProfile(QStringLiteral("broken.json"), R"({
      "schemaVersion": 1,
      "workloads": [ { "type": "sleep" }, { "type": "sleep", "concurrency": "lots" } ]
    })");
    const QString report = m_dir.filePath(QStringLiteral("broken-report.json"));
    const testing::ProcessResult r =
        testing::runCoroscope({QStringLiteral("--headless"), profile, QStringLiteral("--report"), report});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("broken.json: workloads[1].concurrency: expected an integer from 0 to 10000000, "
                            "found \"lots\""),
             r.err.constData());
    QVERIFY(!QFile::exists(report)); // nothing written

    const testing::ProcessResult missing =
        testing::runCoroscope({QStringLiteral("--headless"), m_dir.filePath(QStringLiteral("nope.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("nope.json: no such file"));
}

void TestHeadless::flagsExitCodesAndMessages_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("onStdout"); // else on stderr
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("atStart"); // else anywhere
    QTest::newRow("--headless without a profile") << QStringList{QStringLiteral("--headless")} << 2 << false
                                                  << QByteArray("--headless needs a PROFILE.json") << false;
    QTest::newRow("bad --duration") << QStringList{QStringLiteral("--headless"), QStringLiteral("x.json"),
                                                   QStringLiteral("--duration"), QStringLiteral("soon")}
                                    << 2 << false << QByteArray("--duration") << false;
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << 0 << true
                            << QByteArray("--headless PROFILE.json") << false;
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << 0 << true << QByteArray("coroscope ")
                               << true;
}

void TestHeadless::flagsExitCodesAndMessages()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(bool, onStdout);
    QFETCH(QByteArray, message);
    QFETCH(bool, atStart);
    const testing::ProcessResult r = testing::runCoroscope(args);
    QCOMPARE(r.exitCode, exitCode);
    const QByteArray &text = onStdout ? r.out : r.err;
    QVERIFY2(atStart ? text.startsWith(message) : text.contains(message), text.constData());
}

void TestHeadless::durationFlagOverridesTheProfile()
{
    const QString profile = writeProfile(QStringLiteral("endless.json"), R"({
      "schemaVersion": 1, "name": "endless", "run": { "durationSeconds": 600, "drainTimeoutMs": 50 },
      "workloads": [ { "type": "sleep", "name": "w", "tasks": 20, "delayMs": 600000 } ]
    })");
    const QString report = m_dir.filePath(QStringLiteral("endless-report.json"));
    const testing::ProcessResult r =
        testing::runCoroscope({QStringLiteral("--headless"), profile, QStringLiteral("--duration"),
                               QStringLiteral("300ms"), QStringLiteral("--report"), report, QStringLiteral("--quiet")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = testing::readJsonFile(report);
    QCOMPARE(j[QStringLiteral("totals")].toObject()[QStringLiteral("cancelled")].toInt(), 20);
    QVERIFY(j[QStringLiteral("durationSeconds")].toDouble() < 60);
}

void TestHeadless::echoProfileRunsAgainstTheBuiltinServer()
{
    const QString profile = writeProfile(QStringLiteral("echo.json"), R"({
      "schemaVersion": 1, "name": "echo",
      "workloads": [ { "type": "echo", "name": "echo", "server": "builtin", "connections": 20,
                       "messagesPerConnection": 100, "messageBytes": 64, "pipeline": 1, "thinkTimeMs": 0 } ],
      "rules": [ { "workload": "echo", "metric": "error_rate", "op": "<=", "value": 0 } ]
    })");
    const QString report = m_dir.filePath(QStringLiteral("echo-report.json"));
    const testing::ProcessResult r =
        testing::runCoroscope({QStringLiteral("--headless"), profile, QStringLiteral("--report"), report});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("echo: target built-in echo server 127.0.0.1:"));
    const QJsonObject j = testing::readJsonFile(report);
    QCOMPARE(j[QStringLiteral("totals")].toObject()[QStringLiteral("succeeded")].toInt(), 2000);
    const QJsonObject w = j[QStringLiteral("workloads")].toArray()[0].toObject();
    QVERIFY(w[QStringLiteral("target")].toString().startsWith(QStringLiteral("built-in echo server")));
    QCOMPARE(w[QStringLiteral("gauges")].toObject()[QStringLiteral("server messages")].toInt(), 2000);
}

void TestHeadless::serveEchoAnswersUntilInterrupted()
{
    QProcess p;
    p.start(m_binary, {QStringLiteral("--serve-echo"), QStringLiteral("0")});
    QVERIFY(p.waitForReadyRead(10000));
    const QByteArray banner = p.readLine();
    const auto m =
        QRegularExpression(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)")).match(QString::fromUtf8(banner));
    QVERIFY2(m.hasMatch(), banner.constData());
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, quint16(m.captured(1).toUInt()));
    QVERIFY(s.waitForConnected(5000));
    s.write("ping\n");
    QTRY_VERIFY(s.canReadLine() || s.waitForReadyRead(100));
    QCOMPARE(s.readLine(), QByteArray("ping\n"));
    s.disconnectFromHost();
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().contains("connections 1, messages 1"));

    // The same port again while it is taken: exit 2 with the reason.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const testing::ProcessResult taken =
        testing::runCoroscope({QStringLiteral("--serve-echo"), QString::number(squatter.serverPort())});
    QCOMPARE(taken.exitCode, 2);
    QVERIFY(taken.err.contains("cannot listen on 127.0.0.1:"));
}

void TestHeadless::windowRunsAProfileAndExitsWhenDone()
{
    // The window's scripted mode (bench/run gui): the profile given, its report, the rules' exit code.
    const QString passing = writeProfile(QStringLiteral("window.json"), R"({"schemaVersion":1,"name":"window",
        "workloads":[{"type":"sleep","name":"s","tasks":20,"delayMs":5}],
        "rules":[{"workload":"s","metric":"succeeded","op":">=","value":20}]})");
    const QString report = m_dir.filePath(QStringLiteral("window-report.json"));
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    const auto window = [&](const QStringList &args) {
        p.setProcessEnvironment(env);
        p.start(m_binary, args);
        return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    QCOMPARE(window({passing, QStringLiteral("--report"), report, QStringLiteral("--exit-when-done")}), 0);
    const QJsonObject r = testing::readJsonFile(report);
    QCOMPARE(r.value(QStringLiteral("profile")).toString(), QStringLiteral("window"));
    QCOMPARE(r.value(QStringLiteral("totals")).toObject().value(QStringLiteral("succeeded")).toInt(), 20);

    const QString failing = writeProfile(QStringLiteral("window-fails.json"), R"({"schemaVersion":1,"name":"f",
        "workloads":[{"type":"sleep","name":"s","tasks":2,"delayMs":5}],
        "rules":[{"metric":"failed","op":">","value":0}]})");
    QCOMPARE(window({failing, QStringLiteral("--exit-when-done")}), 1);

    // A profile that does not open is not replaced by the bundled default: exit 2, no report.
    const QString broken = writeProfile(QStringLiteral("window-broken.json"), R"({"schemaVersion":1,"workloads":[]})");
    QFile::remove(report);
    QCOMPARE(window({broken, QStringLiteral("--report"), report, QStringLiteral("--exit-when-done")}), 2);
    QVERIFY(p.readAllStandardError().contains("the profile was not opened"));
    QVERIFY(!QFile::exists(report));
}

void TestHeadless::windowOpensIdleUnlessToldToStart()
{
    // A target that counts who connects: opening the window must not send it anything.
    QTcpServer target;
    QVERIFY(target.listen(QHostAddress::LocalHost, 0));
    const QString profile =
        writeProfile(QStringLiteral("idle.json"), QStringLiteral(R"({"schemaVersion":1,"name":"idle",
        "workloads":[{"type":"http-fanout","name":"api","url":"http://127.0.0.1:%1/","requests":5,"concurrency":1,
        "timeoutMs":200}]})")
                                                      .arg(target.serverPort())
                                                      .toUtf8());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    const auto connectionsWithin = [&](const QStringList &args, int ms) {
        QProcess window;
        window.setProcessEnvironment(env);
        window.start(m_binary, args);
        int connections = 0;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms && window.state() != QProcess::NotRunning) {
            if (target.waitForNewConnection(50)) {
                while (QTcpSocket *s = target.nextPendingConnection()) {
                    ++connections;
                    delete s;
                }
            }
        }
        window.kill();
        window.waitForFinished();
        return connections;
    };
    QCOMPARE(connectionsWithin({profile}, 1500), 0);
    QVERIFY(connectionsWithin({profile, QStringLiteral("--start")}, 10000) > 0);
}

void TestHeadless::signalDuringSetUpWritesAReport()
{
    // A Redis that accepts and never answers keeps the queue's set-up waiting.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QString profile =
        writeProfile(QStringLiteral("setup.json"), QStringLiteral(R"({"schemaVersion":1,"name":"setup",
        "workloads":[{"type":"queue","name":"jobs","backend":"redis","redis":"redis://127.0.0.1:%1/0",
        "key":"coroscope:setup","producers":1,"items":10,"consumers":1,"work":{"kind":"none"}}]})")
                                                       .arg(silent.serverPort())
                                                       .toUtf8());
    const QString report = m_dir.filePath(QStringLiteral("setup-report.json"));
    for (const int sig : {SIGTERM, SIGINT}) {
        QFile::remove(report);
        QProcess p;
        p.start(m_binary, {QStringLiteral("--headless"), profile, QStringLiteral("--report"), report});
        QVERIFY(p.waitForStarted());
        QVERIFY2(silent.waitForNewConnection(20000), "coroscope did not connect to the fake Redis");
        std::unique_ptr<QTcpSocket> accepted(silent.nextPendingConnection());
        ::kill(pid_t(p.processId()), sig);
        QVERIFY2(p.waitForFinished(10000), "no exit within 10 s of the signal");
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        const QJsonObject j = testing::readJsonFile(report);
        QCOMPARE(j.value(QStringLiteral("interrupted")).toBool(), true);
        QCOMPARE(j.value(QStringLiteral("profile")).toString(), QStringLiteral("setup"));
        QVERIFY(p.readAllStandardOutput().contains("(interrupted)"));
    }
}

void TestHeadless::signalWhileTheLoopIsBlockedStillExits()
{
    // cpu-inline blocks the event loop on purpose, 5 s per item: the signal thread writes the report.
    const QString profile = writeProfile(QStringLiteral("blocked.json"), R"({"schemaVersion":1,"name":"blocked",
        "workloads":[{"type":"queue","name":"hog","producers":1,"items":20,"consumers":1,
        "work":{"kind":"cpu-inline","ms":5000}}]})");
    const QString report = m_dir.filePath(QStringLiteral("blocked-report.json"));
    QProcess p;
    p.start(m_binary, {QStringLiteral("--headless"), profile, QStringLiteral("--report"), report});
    QVERIFY(p.waitForStarted());
    const QByteArray header = waitForStderr(p, "Profile \"blocked\"");
    QVERIFY2(header.contains("Profile \"blocked\""), header.constData());
    QTest::qWait(300); // into the first item's 5 s of blocked loop
    QElapsedTimer t;
    t.start();
    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY2(p.waitForFinished(20000), "no exit after the signal");
    QCOMPARE(p.exitCode(), 130);
    // Well before the 100 s of work the profile holds.
    QVERIFY2(t.elapsed() < 15000, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(testing::readJsonFile(report).value(QStringLiteral("interrupted")).toBool(), true);
}

void TestHeadless::unwritableOutputsAreRefusedBeforeTheRun_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("why");
    const QString missingDir = m_dir.filePath(QStringLiteral("no/such/dir/out"));
    QTest::newRow("report in a missing directory") << "--report" << missingDir << "does not exist";
    QTest::newRow("csv is a directory") << "--csv" << m_dir.path() << "it is a directory";
    QTest::newRow("junit in a missing directory") << "--junit" << missingDir << "does not exist";
}

void TestHeadless::unwritableOutputsAreRefusedBeforeTheRun()
{
    QFETCH(QString, flag);
    QFETCH(QString, path);
    QFETCH(QString, why);
    // A run of 60 s that must not start at all.
    const QString profile = writeProfile(QStringLiteral("minute.json"), R"({"schemaVersion":1,"name":"minute",
        "workloads":[{"type":"sleep","name":"w","tasks":1,"delayMs":60000}]})");
    QElapsedTimer t;
    t.start();
    const testing::ProcessResult r = testing::runCoroscope({QStringLiteral("--headless"), profile, flag, path});
    QCOMPARE(r.exitCode, 2);
    const QByteArray expected = QStringLiteral("%1 %2: cannot write there: ").arg(flag, path).toUtf8();
    QVERIFY2(r.err.contains(expected) && r.err.contains(why.toUtf8()), r.err.constData());
    QVERIFY2(!r.err.contains("running"), r.err.constData()); // no progress line: it did not run
    QVERIFY2(t.elapsed() < 30000, "the run started");
}

void TestHeadless::directoryAsProfileIsCalledADirectory()
{
    const testing::ProcessResult r = testing::runCoroscope({QStringLiteral("--headless"), m_dir.path()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("is a directory; expected a profile file"), r.err.constData());
}

void TestHeadless::unknownOptionWithoutDisplay()
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QLatin1String(name));
    p.setProcessEnvironment(env);
    p.start(m_binary, {QStringLiteral("--bogus")});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 2);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("unknown option --bogus"), err.constData());
    QVERIFY2(!err.contains("no display"), err.constData());
}

void TestHeadless::headerSummaryAndReportFigures()
{
    // Scenario 1's shape: three workloads that finish at different times; one starts late.
    const QString profile = writeProfile(QStringLiteral("figures.json"), R"({"schemaVersion":1,"name":"figures",
        "description":"what this run shows",
        "workloads":[
          {"type":"sleep","name":"quick","tasks":10,"concurrency":0,"delayMs":100},
          {"type":"sleep","name":"late","startAfterMs":400,"tasks":10,"concurrency":0,"delayMs":100},
          {"type":"sleep","name":"slow","tasks":2,"concurrency":1,"delayMs":500}],
        "rules":[{"workload":"quick","metric":"p95_ms","op":"<","value":1000000}]})");
    const QString report = m_dir.filePath(QStringLiteral("figures-report.json"));
    const QString csv = m_dir.filePath(QStringLiteral("figures.csv"));
    const testing::ProcessResult r = testing::runCoroscope(
        {QStringLiteral("--headless"), profile, QStringLiteral("--report"), report, QStringLiteral("--csv"), csv});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("Profile \"figures\": what this run shows"), r.err.constData());
    // The rule's value as written, not 1e+06.
    QVERIFY2(r.out.contains("PASS  quick p95_ms < 1000000 (actual "), r.out.constData());
    const QList<QByteArray> lines = r.out.split('\n');
    QVERIFY2(lines.size() > 5 && lines[1].contains("finished s") && lines[1].contains("p95 ms"), r.out.constData());

    const QJsonObject j = testing::readJsonFile(report);
    QVERIFY(j.value(QStringLiteral("totals"))
                .toObject()
                .value(QStringLiteral("latencyMs"))
                .toObject()
                .contains(QStringLiteral("p95")));
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &w : j.value(QStringLiteral("workloads")).toArray())
        byName.insert(w.toObject().value(QStringLiteral("name")).toString(), w.toObject());
    const double quickEnd = byName[QStringLiteral("quick")].value(QStringLiteral("finishedAtSeconds")).toDouble();
    const double slowEnd = byName[QStringLiteral("slow")].value(QStringLiteral("finishedAtSeconds")).toDouble();
    QVERIFY2(quickEnd >= 0.1 && slowEnd >= 1.0 && quickEnd < slowEnd, qPrintable(QString::number(quickEnd)));
    // Rates over each workload's own active time: 10 tasks in quick's ~0.1 s, not in the run's ~1 s.
    const double quickRate = byName[QStringLiteral("quick")].value(QStringLiteral("throughputPerSecond")).toDouble();
    QVERIFY2(qAbs(quickRate - 10 / quickEnd) < 0.05 * quickRate, qPrintable(QString::number(quickRate)));
    const double lateActive = byName[QStringLiteral("late")].value(QStringLiteral("activeSeconds")).toDouble();
    const double lateEnd = byName[QStringLiteral("late")].value(QStringLiteral("finishedAtSeconds")).toDouble();
    // Counted from its own start (0.4 s or, on a loaded machine, a little later), not the run's: at most
    // the time since 0.4 s, at least its tasks' 100 ms.
    QVERIFY2(lateActive <= lateEnd - 0.4 + 0.002 && lateActive >= 0.1 - 0.002,
             qPrintable(QStringLiteral("%1 %2").arg(lateActive).arg(lateEnd)));
    // The summary shows the finish times too.
    for (const QByteArray &line : lines) {
        // The same figure at two decimals; the report keeps more, so allow either rounding of a 5.
        if (line.startsWith("slow "))
            QVERIFY2(line.contains(QByteArray::number(slowEnd, 'f', 2)) ||
                         line.contains(QByteArray::number(slowEnd - 0.001, 'f', 2)) ||
                         line.contains(QByteArray::number(slowEnd + 0.001, 'f', 2)),
                     QByteArray(line + ' ' + QByteArray::number(slowEnd)).constData());
    }
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QVERIFY(csvFile.readLine().trimmed().endsWith(",p95_ms,load_target"));
}

void TestHeadless::tooFewDescriptorsAreWarnedAbout()
{
    // 300 echo connections to the built-in server need about 600 descriptors; allow 128.
    const QString profile = writeProfile(QStringLiteral("fds.json"), R"({"schemaVersion":1,"name":"fds",
        "workloads":[{"type":"echo","name":"echo","server":"builtin","connections":300,"messagesPerConnection":1}]})");
    const auto checked = coroscope::ProfileValidator::checkFile(profile);
    QVERIFY2(checked.ok(), qPrintable(checked.errorText(profile)));
    QList<coroscope::JsonIssue> issues;
    const auto workloads = coroscope::WorkloadRegistry::buildAll(*checked.spec, &issues);
    QVERIFY(!workloads.empty());
    if (workloads.front()->descriptorsNeeded() == 0)
        QSKIP("the echo workload does not count its descriptors yet (Workload::descriptorsNeeded)");
    QProcess p;
    p.setChildProcessModifier([] {
        rlimit limit{128, 128};
        ::setrlimit(RLIMIT_NOFILE, &limit);
    });
    p.start(m_binary, {QStringLiteral("--headless"), profile, QStringLiteral("--duration"), QStringLiteral("2s")});
    QVERIFY(p.waitForFinished(60000));
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("fds.json: warning: this profile needs about ") && err.contains("more than the limit of 128"),
             err.constData());
    // Before the run: the warning precedes the first progress line.
    const qsizetype warning = err.indexOf("warning: this profile needs");
    const qsizetype progress = err.indexOf("running");
    QVERIFY2(progress < 0 || warning < progress, err.constData());
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
