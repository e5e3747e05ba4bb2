// The Redis queue against a Redis that misbehaves (tests/fake_redis.py): replies nested 100 000
// deep, lengths past int64 or past the caps, garbage, silence, one byte per second, a flood, and a
// set-up that never ends. Each run must not crash, must end by its duration + drain timeout (with a
// margin for a loaded machine), must count the right error kind, and must stay under an RSS bound.
// Also the runaway profiles of issue 13: an unbounded queue with no item limit, and CPU work of an
// hour on the thread pool.
#include "core/ErrorKind.h"
#include "core/LoopScheduler.h"
#include "core/TaskTracker.h"
#include "workloads/WorkloadRegistry.h"

#include "support/DataRows.h"
#include "support/RedisQueueJson.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

struct Outcome {
    bool crashed = false;
    bool finished = false;
    int exitCode = -1;
    qint64 wallMs = 0;
    qint64 peakRssKb = 0;
    QJsonObject report;
    QByteArray stderrText;
};

// The peak resident set of a live process (VmHWM), in KiB; 0 once it is gone.
qint64 peakRssKb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return 0;
}

// Runs coroscope headless on `workload` for `durationSeconds`, watching wall time and RSS.
Outcome runHeadless(const QJsonObject &workload, double durationSeconds, int timeoutMs = 60000)
{
    QTemporaryDir dir;
    const QString profile = dir.filePath(QStringLiteral("p.json"));
    const QString report = dir.filePath(QStringLiteral("r.json"));
    QFile f(profile);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(
                QJsonObject{{QStringLiteral("schemaVersion"), 1},
                            {QStringLiteral("name"), QStringLiteral("hostile")},
                            {QStringLiteral("run"), QJsonObject{{QStringLiteral("durationSeconds"), durationSeconds},
                                                                {QStringLiteral("drainTimeoutMs"), 1000}}},
                            {QStringLiteral("workloads"), QJsonArray{workload}}})
                .toJson());
    f.close();
    Outcome o;
    QProcess p;
    // Under AddressSanitizer freed memory waits in a quarantine (256 MiB by default), which would
    // count against the RSS bounds here; a small one keeps them the same for both builds.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (env.contains(QStringLiteral("ASAN_OPTIONS")))
        env.insert(QStringLiteral("ASAN_OPTIONS"),
                   env.value(QStringLiteral("ASAN_OPTIONS")) + QStringLiteral(":quarantine_size_mb=16"));
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    p.start(qEnvironmentVariable("COROSCOPE_BINARY"),
            {QStringLiteral("--headless"), profile, QStringLiteral("--quiet"), QStringLiteral("--report"), report});
    if (!p.waitForStarted(10000))
        return o;
    while (t.elapsed() < timeoutMs && !p.waitForFinished(50))
        o.peakRssKb = std::max(o.peakRssKb, peakRssKb(p.processId()));
    o.wallMs = t.elapsed();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        return o;
    }
    o.finished = true;
    o.crashed = p.exitStatus() != QProcess::NormalExit;
    o.exitCode = p.exitCode();
    o.stderrText = p.readAllStandardError();
    QFile r(report);
    if (r.open(QIODevice::ReadOnly))
        o.report = QJsonDocument::fromJson(r.readAll()).object();
    return o;
}

// How many errors of `kind` the report counts (its stable key: "protocol error").
double errorCount(const Outcome &o, coroscope::ErrorKind kind)
{
    return o.report.value(QStringLiteral("workloads"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("errors"))
        .toObject()
        .value(coroscope::errorKindKey(kind))
        .toDouble();
}

// The scripted server, started for one test on a free loopback port.
class FakeRedis
{
public:
    bool start(const QString &mode, QString *error)
    {
        const QString script = qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/tests/fake_redis.py");
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStandardPaths::findExecutable(QStringLiteral("python3")), {script, mode});
        if (!m_process.waitForStarted(10000) || !m_process.waitForReadyRead(10000)) {
            *error = QStringLiteral("fake_redis.py did not start");
            return false;
        }
        m_port = m_process.readLine().trimmed().toUShort();
        if (m_port == 0)
            *error = QStringLiteral("fake_redis.py printed no port");
        return m_port != 0;
    }
    ~FakeRedis()
    {
        m_process.kill();
        m_process.waitForFinished();
    }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_port); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

QJsonObject drainWorkload(const QString &url)
{
    return coroscope::testing::redisDrainWorkload(QStringLiteral("q"), url, QStringLiteral("q"),
                                                  {{QStringLiteral("idleStopMs"), 600000},
                                                   {QStringLiteral("consumers"), 2},
                                                   {QStringLiteral("commandTimeoutMs"), 500},
                                                   {QStringLiteral("setupTimeoutMs"), 1500}});
}

// Duration + drain timeout + start-up and a margin for a machine shared with other builds.
constexpr qint64 kMarginMs = 4000;
constexpr qint64 kRssBoundKb = 400 * 1024;

} // namespace

class TestRedisHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hostileRepliesDuringTheRun_data();
    void hostileRepliesDuringTheRun();
    void hostileSetUpEndsWithAClearError_data();
    void hostileSetUpEndsWithAClearError();
    void cancelDuringSetUpEndsItAtOnce();
    void unboundedQueueWithNoLimitStaysBounded();
    void hourOfCpuWorkIsCancelledInTime_data();
    void hourOfCpuWorkIsCancelledInTime();
};

void TestRedisHostile::initTestCase()
{
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
        QSKIP("python3 is not installed (scripts/bootstrap installs it)");
}

void TestRedisHostile::hostileRepliesDuringTheRun_data()
{
    using coroscope::ErrorKind;
    coroscope::testing::DataRows<QString, ErrorKind>("mode", "kind")
        .row("arrays nested 100 000 deep", "nested", ErrorKind::ProtocolError)
        .row("bulk length int64 max", "hugebulk", ErrorKind::ProtocolError)
        .row("bulk of 999999999999", "bigbulk", ErrorKind::ProtocolError)
        .row("array of 999999999999", "bigarray", ErrorKind::ProtocolError)
        .row("garbage without CRLF", "garbage", ErrorKind::ProtocolError)
        .row("silent", "silent", ErrorKind::Timeout)
        .row("one byte per second", "slowbyte", ErrorKind::Timeout)
        .row("huge bulk then a stream", "flood", ErrorKind::ProtocolError);
}

void TestRedisHostile::hostileRepliesDuringTheRun()
{
    QFETCH(QString, mode);
    QFETCH(coroscope::ErrorKind, kind);
    FakeRedis fake;
    QString error;
    QVERIFY2(fake.start(mode, &error), qPrintable(error));
    constexpr double kDuration = 2;
    const Outcome o = runHeadless(drainWorkload(fake.url()), kDuration, 20000);
    qInfo("%s: %lld ms, peak RSS %lld KiB, %s %g", qPrintable(mode), o.wallMs, o.peakRssKb,
          qPrintable(coroscope::errorKindKey(kind)), errorCount(o, kind));
    QVERIFY2(o.finished, qPrintable(QStringLiteral("still running after %1 ms").arg(o.wallMs)));
    QVERIFY2(!o.crashed, o.stderrText.constData());
    QVERIFY2(o.exitCode == 0 || o.exitCode == 1, o.stderrText.constData());
    QVERIFY2(o.wallMs < qint64(kDuration * 1000) + 1000 + kMarginMs, qPrintable(QString::number(o.wallMs)));
    QVERIFY2(
        errorCount(o, kind) > 0,
        qPrintable(QString::fromUtf8(QJsonDocument(o.report.value(QStringLiteral("workloads")).toArray()).toJson())));
    QVERIFY2(o.peakRssKb < kRssBoundKb, qPrintable(QStringLiteral("peak RSS %1 KiB").arg(o.peakRssKb)));
}

void TestRedisHostile::hostileSetUpEndsWithAClearError_data()
{
    coroscope::testing::DataRows<QString, QString>("mode", "message")
        // SCAN finds an orphaned processing list whose LMOVE always has one more item.
        .row("endless requeue", "setup-lmove-loop", "cannot requeue q:processing:other:0")
        .row("PING one byte per second", "setup-slowbyte", "did not answer PING");
}

void TestRedisHostile::hostileSetUpEndsWithAClearError()
{
    QFETCH(QString, mode);
    QFETCH(QString, message);
    FakeRedis fake;
    QString error;
    QVERIFY2(fake.start(mode, &error), qPrintable(error));
    const Outcome o = runHeadless(drainWorkload(fake.url()), 30);
    QVERIFY2(o.finished && !o.crashed, qPrintable(QString::number(o.wallMs)));
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.stderrText.contains(message.toUtf8()), o.stderrText.constData());
    // The set-up's own deadline (1.5 s) ends it, not the 30 s run.
    QVERIFY2(o.wallMs < 1500 + kMarginMs, qPrintable(QString::number(o.wallMs)));
}

void TestRedisHostile::cancelDuringSetUpEndsItAtOnce()
{
    // Set-up waits in a local event loop, so a cancel (a signal, the window's Stop) gets through:
    // prepare() returns at once with a message instead of waiting out the set-up's deadline.
    FakeRedis fake;
    QString error;
    QVERIFY2(fake.start(QStringLiteral("setup-slowbyte"), &error), qPrintable(error));
    QJsonObject params = drainWorkload(fake.url());
    params[QStringLiteral("setupTimeoutMs")] = 20000;
    coroscope::WorkloadSpec w;
    w.type = QStringLiteral("queue");
    w.name = QStringLiteral("q");
    w.params = params;
    coroscope::RunSpec spec;
    spec.workloads.push_back(w);
    QList<coroscope::JsonIssue> issues;
    auto workloads = coroscope::WorkloadRegistry::buildAll(spec, &issues);
    QCOMPARE(workloads.size(), size_t(1));
    coroscope::TaskTracker tracker;
    coroscope::LoopScheduler scheduler;
    coroscope::Workload *workload = workloads.front().get();
    workload->attach(&tracker, &scheduler, tracker.addWorkload(QStringLiteral("q"), QStringLiteral("queue")));
    QTimer::singleShot(300, workload, [workload] { workload->cancelAll(); });
    QElapsedTimer t;
    t.start();
    QVERIFY(!workload->prepare(&error));
    QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    QVERIFY2(error.contains(QLatin1String("cancelled")), qPrintable(error));
}

void TestRedisHostile::unboundedQueueWithNoLimitStaysBounded()
{
    // Valid, and once a runaway: producers that never suspended, 1.8 GB in 10 s, signals ignored.
    const QJsonObject w{{QStringLiteral("type"), QStringLiteral("queue")},
                        {QStringLiteral("name"), QStringLiteral("q")},
                        {QStringLiteral("capacity"), 0},
                        {QStringLiteral("items"), 0}};
    const Outcome o = runHeadless(w, 2);
    QVERIFY2(o.finished && !o.crashed, qPrintable(QString::number(o.wallMs)));
    QCOMPARE(o.exitCode, 0);
    QVERIFY2(o.wallMs < 2000 + 1000 + kMarginMs, qPrintable(QString::number(o.wallMs)));
    QVERIFY2(o.peakRssKb < kRssBoundKb, qPrintable(QStringLiteral("peak RSS %1 KiB").arg(o.peakRssKb)));
    const QJsonObject totals = o.report.value(QStringLiteral("totals")).toObject();
    QVERIFY(totals.value(QStringLiteral("succeeded")).toDouble() > 0);
}

void TestRedisHostile::hourOfCpuWorkIsCancelledInTime_data()
{
    coroscope::testing::DataRows<QString>("kind")
        .row("on the thread pool", "cpu")
        .row("inline, blocking the loop", "cpu-inline");
}

void TestRedisHostile::hourOfCpuWorkIsCancelledInTime()
{
    QFETCH(QString, kind);
    const QJsonObject w{
        {QStringLiteral("type"), QStringLiteral("queue")},
        {QStringLiteral("name"), QStringLiteral("q")},
        {QStringLiteral("items"), 4},
        {QStringLiteral("consumers"), 2},
        {QStringLiteral("work"), QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("ms"), 3600000}}}};
    const Outcome o = runHeadless(w, 1);
    QVERIFY2(o.finished && !o.crashed, qPrintable(QString::number(o.wallMs)));
    QVERIFY2(o.wallMs < 1000 + 1000 + kMarginMs, qPrintable(QString::number(o.wallMs)));
    const QJsonObject totals = o.report.value(QStringLiteral("totals")).toObject();
    QCOMPARE(totals.value(QStringLiteral("cancelled")).toDouble(), 4.0);
    QCOMPARE(totals.value(QStringLiteral("running")).toDouble(), 0.0);
}

QTEST_GUILESS_MAIN(TestRedisHostile)
#include "tst_redis_hostile.moc"
