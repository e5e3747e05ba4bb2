// /metrics for Prometheus: the text format of a snapshot, the server's limits against curl, a real
// Prometheus scraping a run and answering a PromQL query, and the bundled Grafana dashboard only
// asking for metrics that exist.
#include "RunHarness.h"
#include "net/MetricsServer.h"
#include "report/PrometheusText.h"
#include "support/Ports.h"
#include "support/ToolOrSkip.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

namespace {

// curl, run while this loop keeps serving; returns stdout (with -w the status code last).
QByteArray curl(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("curl"),
            QStringList{QStringLiteral("-s"), QStringLiteral("--max-time"), QStringLiteral("10")} + args);
    if (!p.waitForStarted(5000))
        return {};
    QElapsedTimer t;
    t.start();
    while (p.state() != QProcess::NotRunning && t.elapsed() < 15000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return p.readAllStandardOutput();
}

Snapshot sampleSnapshot()
{
    Snapshot s;
    s.running = true;
    s.elapsedNs = 2'500'000'000;
    WorkloadSnapshot w;
    w.name = QStringLiteral("api \"v1\"");
    w.type = QStringLiteral("http-fanout");
    w.counts[stateIndex(TaskState::Succeeded)] = 3;
    w.counts[stateIndex(TaskState::Failed)] = 1;
    w.counts[stateIndex(TaskState::Running)] = 2;
    for (qint64 ns : {200'000LL, 3'000'000LL, 3'000'000LL, 7'000'000'000LL})
        w.histogram.record(ns);
    w.errors.insert(ErrorKind::ConnectionRefused, ErrorSummary{1, QStringLiteral("refused")});
    w.gauges.insert(Gauge::QueueDepth, 12);
    s.workloads.push_back(w);
    s.loopLag.p99Ms = 1.5;
    return s;
}

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textFormatOfASnapshot();
    void serverAnswersAndStaysBounded();
    void prometheusScrapesARun();
    void grafanaDashboardUsesExportedMetrics();
    void headlessRunServesMetrics();
};

void TestPrometheus::textFormatOfASnapshot()
{
    const QString text = QString::fromUtf8(PrometheusText::render(sampleSnapshot(), QStringLiteral("demo")));
    QVERIFY2(text.contains(QStringLiteral("# TYPE coroscope_tasks_total counter\n")), qPrintable(text));
    QVERIFY(text.contains(
        QStringLiteral("coroscope_tasks_total{profile=\"demo\",workload=\"api \\\"v1\\\"\",state=\"succeeded\"} 3\n")));
    QVERIFY(text.contains(
        QStringLiteral("coroscope_tasks{profile=\"demo\",workload=\"api \\\"v1\\\"\",state=\"running\"} 2\n")));
    QVERIFY(text.contains(QStringLiteral("kind=\"connection refused\"} 1\n")));
    QVERIFY(text.contains(QStringLiteral("gauge=\"depth\"} 12\n")));
    QVERIFY(text.contains(QStringLiteral("coroscope_loop_lag_seconds{profile=\"demo\",quantile=\"0.99\"} 0.0015\n")));
    // Buckets are cumulative, end at +Inf with the count, and put each sample where it belongs.
    static const QRegularExpression bucket(
        QStringLiteral("coroscope_task_latency_seconds_bucket\\{[^}]*le=\"([^\"]+)\"\\} (\\d+)"));
    qint64 previous = 0;
    QMap<QString, qint64> byLe;
    for (auto it = bucket.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const qint64 v = m.captured(2).toLongLong();
        QVERIFY(v >= previous);
        previous = v;
        byLe.insert(m.captured(1), v);
    }
    QCOMPARE(byLe.value(QStringLiteral("0.00025")), 1); // 0.2 ms
    QCOMPARE(byLe.value(QStringLiteral("0.0025")), 1);
    QCOMPARE(byLe.value(QStringLiteral("0.005")), 3); // + two of 3 ms
    QCOMPARE(byLe.value(QStringLiteral("5")), 3);
    QCOMPARE(byLe.value(QStringLiteral("10")), 4); // 7 s
    QCOMPARE(byLe.value(QStringLiteral("+Inf")), 4);
    QVERIFY(text.contains(
        QStringLiteral("coroscope_task_latency_seconds_count{profile=\"demo\",workload=\"api \\\"v1\\\"\"} 4\n")));
    // Every family rendered is one the dashboards may name.
    static const QRegularExpression type(QStringLiteral("# TYPE (\\S+) "));
    for (auto it = type.globalMatch(text); it.hasNext();)
        QVERIFY(PrometheusText::metricNames().contains(it.next().captured(1)));
}

void TestPrometheus::serverAnswersAndStaysBounded()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed (scripts/bootstrap installs it)");
    int calls = 0;
    MetricsServer server([&] {
        ++calls;
        return QByteArray("coroscope_run_running 1\n");
    });
    QString error;
    QVERIFY(!server.listen(QStringLiteral("not-an-address"), &error));
    QVERIFY2(error.contains(QStringLiteral("HOST:PORT")), qPrintable(error));
    QVERIFY2(server.listen(QStringLiteral("0"), &error) == false, "port 0 is refused: a user names a port");
    const quint16 port = testing::freePort();
    QVERIFY2(server.listen(QString::number(port), &error), qPrintable(error));
    QCOMPARE(server.address(), QHostAddress(QHostAddress::LocalHost)); // a bare port means loopback
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    QCOMPARE(curl({base + QStringLiteral("/metrics")}), QByteArray("coroscope_run_running 1\n"));
    QCOMPARE(curl({QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                   QStringLiteral("%{http_code}"), base + QStringLiteral("/other")}),
             QByteArray("404"));
    QCOMPARE(
        curl({QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"), QStringLiteral("%{http_code}"),
              QStringLiteral("-X"), QStringLiteral("POST"), base + QStringLiteral("/metrics")}),
        QByteArray("405"));
    const QString huge = QString(9000, u'a');
    QCOMPARE(
        curl({QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"), QStringLiteral("%{http_code}"),
              QStringLiteral("-H"), QStringLiteral("X-Big: ") + huge, base + QStringLiteral("/metrics")}),
        QByteArray("431"));
    QCOMPARE(calls, 1);

    // Clients that connect and say nothing: held to the connection cap, then dropped at the deadline.
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < MetricsServer::kMaxConnections + 8; ++i) {
        idle.push_back(std::make_unique<QTcpSocket>());
        idle.back()->connectToHost(QHostAddress::LocalHost, port);
    }
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(idle.begin(), idle.end(),
                                         [](const auto &s) { return s->state() == QAbstractSocket::UnconnectedState; }),
                             MetricsServer::kRequestTimeoutMs + 5000);
    QCOMPARE(curl({base + QStringLiteral("/metrics")}), QByteArray("coroscope_run_running 1\n"));
}

void TestPrometheus::prometheusScrapesARun()
{
    FIND_TOOL_OR_SKIP(prometheus, "prometheus");
    auto run = testing::makeRun(
        QStringLiteral("sleep"),
        QJsonObject{{QStringLiteral("tasks"), 60},
                    {QStringLiteral("concurrency"), 6},
                    {QStringLiteral("delayMs"),
                     QJsonObject{{QStringLiteral("dist"), QStringLiteral("fixed")}, {QStringLiteral("value"), 20}}}});
    QVERIFY(run);
    MetricsServer metrics([&] { return PrometheusText::render(*run->latestSnapshot(), QStringLiteral("scraped")); });
    QString error;
    const quint16 metricsPort = testing::freePort();
    QVERIFY2(metrics.listen(QStringLiteral("127.0.0.1:%1").arg(metricsPort), &error), qPrintable(error));

    QTemporaryDir dir;
    QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("global:\n  scrape_interval: 200ms\n  scrape_timeout: 200ms\n"
                                "scrape_configs:\n  - job_name: coroscope\n    static_configs:\n"
                                "      - targets: ['127.0.0.1:%1']\n")
                     .arg(metricsPort)
                     .toUtf8());
    config.close();
    const quint16 apiPort = testing::freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(prometheus, {QStringLiteral("--config.file=") + config.fileName(),
                              QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("data")),
                              QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(apiPort)});
    QVERIFY(server.waitForStarted(10000));
    auto stop = qScopeGuard([&] {
        server.terminate();
        if (!server.waitForFinished(10000))
            server.kill();
    });

    QVERIFY(testing::runToEnd(*run, 30000));
    const qint64 succeeded = run->latestSnapshot()->totals[stateIndex(TaskState::Succeeded)];
    QCOMPARE(succeeded, 60);
    // Ask Prometheus until its scrapes of the ended run arrive.
    const QString query = QStringLiteral("http://127.0.0.1:%1/api/v1/query?query=%2")
                              .arg(apiPort)
                              .arg(QString::fromUtf8(QUrl::toPercentEncoding(QStringLiteral(
                                  "sum(coroscope_tasks_total{profile=\"scraped\",state=\"succeeded\"})"))));
    QByteArray answer;
    QElapsedTimer waited;
    waited.start();
    double value = -1;
    while (waited.elapsed() < 30000 && value != double(succeeded)) {
        answer = curl({query});
        const QJsonArray result = QJsonDocument::fromJson(answer)
                                      .object()[QStringLiteral("data")]
                                      .toObject()[QStringLiteral("result")]
                                      .toArray();
        if (!result.isEmpty())
            value = result.first().toObject()[QStringLiteral("value")].toArray().at(1).toString().toDouble();
        QTest::qWait(200);
    }
    QVERIFY2(value == double(succeeded), answer.constData());
    QVERIFY(metrics.scrapes() > 0);
}

void TestPrometheus::grafanaDashboardUsesExportedMetrics()
{
    QFile f(qEnvironmentVariable("COROSCOPE_SOURCE_DIR") +
            QStringLiteral("/resources/grafana/coroscope-dashboard.json"));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
    QVERIFY2(parse.error == QJsonParseError::NoError, qPrintable(parse.errorString()));
    const QJsonArray panels = doc.object()[QStringLiteral("panels")].toArray();
    QVERIFY(panels.size() >= 5);
    static const QRegularExpression metric(QStringLiteral("\\b(coroscope_[a-z_]+)"));
    int expressions = 0;
    for (const QJsonValue &p : panels) {
        for (const QJsonValue &t : p.toObject()[QStringLiteral("targets")].toArray()) {
            const QString expr = t.toObject()[QStringLiteral("expr")].toString();
            QVERIFY2(!expr.isEmpty(), qPrintable(p.toObject()[QStringLiteral("title")].toString()));
            ++expressions;
            for (auto it = metric.globalMatch(expr); it.hasNext();) {
                QString name = it.next().captured(1);
                name.remove(QRegularExpression(QStringLiteral("_(bucket|sum|count)$")));
                QVERIFY2(PrometheusText::metricNames().contains(name),
                         qPrintable(name + QStringLiteral(" in ") + expr));
            }
        }
    }
    QVERIFY(expressions >= 5);
}

void TestPrometheus::headlessRunServesMetrics()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed (scripts/bootstrap installs it)");
    QTemporaryDir dir;
    QFile profile(dir.filePath(QStringLiteral("p.json")));
    QVERIFY(profile.open(QIODevice::WriteOnly));
    profile.write(R"({"schemaVersion": 1, "name": "served", "run": {"durationSeconds": 60},
        "workloads": [{"type": "sleep", "name": "naps", "tasks": 1000000, "concurrency": 20,
                       "delayMs": {"dist": "fixed", "value": 10}}]})");
    profile.close();
    const QString binary = qEnvironmentVariable("COROSCOPE_BINARY");

    QProcess bad;
    bad.start(binary, {QStringLiteral("--headless"), profile.fileName(), QStringLiteral("--metrics"),
                       QStringLiteral("nowhere")});
    QVERIFY(bad.waitForFinished(20000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY2(bad.readAllStandardError().contains("--metrics"), "the message names the option");

    const quint16 port = testing::freePort();
    QProcess run;
    run.start(binary, {QStringLiteral("--headless"), profile.fileName(), QStringLiteral("--quiet"),
                       QStringLiteral("--metrics"), QString::number(port)});
    QVERIFY(run.waitForStarted(10000));
    // Scraped while it runs (a slow, sanitized binary may take seconds to get there), until tasks
    // have finished; then Ctrl+C ends it as it would any run.
    static const QRegularExpression succeeded(
        QStringLiteral("coroscope_tasks_total\\{profile=\"served\",workload=\"naps\",state=\"succeeded\"\\} (\\d+)"));
    QByteArray text;
    QElapsedTimer waited;
    waited.start();
    auto seen = [&] {
        const auto m = succeeded.match(QString::fromUtf8(text));
        return m.hasMatch() && m.captured(1).toLongLong() > 0;
    };
    while (!seen() && waited.elapsed() < 40000 && run.state() == QProcess::Running) {
        text = curl({QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)});
        QTest::qWait(100);
    }
    QVERIFY2(seen(), text.left(2000).constData());
    QVERIFY(text.contains("coroscope_run_running{profile=\"served\"} 1"));
    run.terminate();
    QVERIFY(run.waitForFinished(30000));
    QCOMPARE(run.exitCode(), 130);
}

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
