// `coroscope --headless` as a user or a CI script runs it: a real process, real files, real signals.
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

class TestHeadless : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void runsAProfileAndWritesEveryReport();
    void failingRuleExitsOne();
    void sigintCancelsAndWritesAPartialReport();
    void brokenProfileExitsTwoNamingThePath();
    void badFlagsExitTwo();
    void helpAndVersion();
    void durationFlagOverridesTheProfile();
    void echoProfileRunsAgainstTheBuiltinServer();
    void serveEchoAnswersUntilInterrupted();
    void windowRunsAProfileAndExitsWhenDone();

private:
    QString writeProfile(const QString &name, const QByteArray &json);
    struct Result {
        int exitCode = -1;
        QByteArray out, err;
    };
    Result run(const QStringList &args, int timeoutMs = 60000);
    static QJsonObject readJson(const QString &path);

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
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(json);
    return path;
}

TestHeadless::Result TestHeadless::run(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(m_binary, args);
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonObject TestHeadless::readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
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
    const Result r = run({QStringLiteral("--headless"), profile, QStringLiteral("--report"), report,
                          QStringLiteral("--csv"), csv, QStringLiteral("--junit"), junit});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("pool"));
    QVERIFY(r.out.contains("PASS"));

    const QJsonObject j = readJson(report);
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
    const Result r =
        run({QStringLiteral("--headless"), profile, QStringLiteral("--quiet"), QStringLiteral("--junit"), junit});
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
    // The first progress line (stderr) says the run is under way.
    QVERIFY(p.waitForReadyRead(20000));
    QVERIFY(p.readAllStandardError().contains("running 100"));
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 130);
    const QJsonObject j = readJson(report);
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
    const Result r = run({QStringLiteral("--headless"), profile, QStringLiteral("--report"), report});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("broken.json: workloads[1].concurrency: expected an integer from 0 to 10000000, "
                            "found \"lots\""),
             r.err.constData());
    QVERIFY(!QFile::exists(report)); // nothing written

    const Result missing = run({QStringLiteral("--headless"), m_dir.filePath(QStringLiteral("nope.json"))});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("nope.json: no such file"));
}

void TestHeadless::badFlagsExitTwo()
{
    Result r = run({QStringLiteral("--headless")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--headless needs a PROFILE.json"));
    r = run(
        {QStringLiteral("--headless"), QStringLiteral("x.json"), QStringLiteral("--duration"), QStringLiteral("soon")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--duration"));
}

void TestHeadless::helpAndVersion()
{
    Result r = run({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("--headless PROFILE.json"));
    r = run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("coroscope "));
}

void TestHeadless::durationFlagOverridesTheProfile()
{
    const QString profile = writeProfile(QStringLiteral("endless.json"), R"({
      "schemaVersion": 1, "name": "endless", "run": { "durationSeconds": 600, "drainTimeoutMs": 50 },
      "workloads": [ { "type": "sleep", "name": "w", "tasks": 20, "delayMs": 600000 } ]
    })");
    const QString report = m_dir.filePath(QStringLiteral("endless-report.json"));
    const Result r = run({QStringLiteral("--headless"), profile, QStringLiteral("--duration"), QStringLiteral("300ms"),
                          QStringLiteral("--report"), report, QStringLiteral("--quiet")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject j = readJson(report);
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
    const Result r = run({QStringLiteral("--headless"), profile, QStringLiteral("--report"), report});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.err.contains("echo: target built-in echo server 127.0.0.1:"));
    const QJsonObject j = readJson(report);
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
    const Result taken = run({QStringLiteral("--serve-echo"), QString::number(squatter.serverPort())});
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
    const QJsonObject r = readJson(report);
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

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
