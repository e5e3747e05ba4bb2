// http-fanout's response checks, data files and per-URL breakdown, end to end against the built-in
// target (its /echo shows what arrived) and a real nginx, on both HTTP engines.
#include "NginxServer.h"
#include "RunHarness.h"
#include "cli/OpenFileLimit.h"
#include "cli/SummaryTable.h"
#include "core/UrlBreakdown.h"
#include "net/HttpResponseCapture.h"
#include "profile/ProfileValidator.h"
#include "report/JsonReport.h"
#include "support/StartServer.h"
#include "workloads/DataFeed.h"

#include "support/DataRows.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

namespace {

SnapshotPtr runFanout(const QJsonObject &params, const QString &baseDir = {})
{
    RunSpec spec;
    WorkloadSpec w;
    w.type = QStringLiteral("http-fanout");
    w.name = QStringLiteral("api");
    w.params = params;
    w.baseDir = baseDir;
    spec.workloads.push_back(w);
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(spec, &issues);
    for (const JsonIssue &i : std::as_const(issues))
        qWarning() << i.toString();
    if (workloads.empty())
        return nullptr;
    Run run(spec, std::move(workloads));
    return testing::runToEnd(run);
}

// `requests` over `urls` (request i to URL i mod n) with `checks`, on `engine`.
SnapshotPtr runChecked(const QJsonArray &urls, int requests, int concurrency, const QString &engine,
                       const QJsonObject &checks)
{
    return runFanout({{QStringLiteral("urls"), urls},
                      {QStringLiteral("requests"), requests},
                      {QStringLiteral("concurrency"), concurrency},
                      {QStringLiteral("engine"), engine},
                      {QStringLiteral("checks"), checks}});
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

qint64 tallyOf(const WorkloadSnapshot &w, const QString &name, bool passed)
{
    for (const CheckTally &t : w.checks) {
        if (t.name == name)
            return passed ? t.passed : t.failed;
    }
    return -1;
}

} // namespace

class TestHttpChecks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { raiseOpenFileLimit(); }
    void captureFindsTextAcrossChunks();
    void eachCheckFailsItsTasks_data();
    void eachCheckFailsItsTasks();
    void checksAgainstNginx_data();
    void checksAgainstNginx();
    void csvFields_data();
    void csvFields();
    void badDataFilesAreRefused_data();
    void badDataFilesAreRefused();
    void dataRowsReachTheTarget_data();
    void dataRowsReachTheTarget();
    void urlBreakdownIsBoundedAndAddsUp();
    void reportAndSummaryCarryChecksAndUrls();
};

void TestHttpChecks::captureFindsTextAcrossChunks()
{
    // Every way of cutting the body in two or three: the needle is found exactly when it is there.
    const QByteArray body = "xxabcdefyy";
    for (qsizetype a = 0; a <= body.size(); ++a) {
        for (qsizetype b = a; b <= body.size(); ++b) {
            for (const QByteArray &needle : {QByteArray("abcdef"), QByteArray("cdefy"), QByteArray("abd")}) {
                HttpResponseCapture c;
                c.expect({}, needle);
                c.body(body.constData(), a);
                c.body(body.constData() + a, b - a);
                c.body(body.constData() + b, body.size() - b);
                QCOMPARE(c.found(), body.contains(needle));
                QCOMPARE(c.bodyBytes(), body.size());
            }
        }
    }
}

void TestHttpChecks::eachCheckFailsItsTasks_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QStringList>("urls"); // the first passes the check, the second fails it
    QTest::addColumn<QJsonObject>("checks");
    QTest::addColumn<QString>("check");
    QTest::addColumn<QString>("seen"); // in the failed tasks' message
    for (const QString &engine : {QStringLiteral("fast"), QStringLiteral("qnam")}) {
        const QByteArray e = engine.toLatin1();
        QTest::addRow("%s status", e.constData())
            << engine << QStringList{QStringLiteral("builtin:/status/204"), QStringLiteral("builtin:/status/404")}
            << QJsonObject{{QStringLiteral("status"), QJsonArray{200, 204}}} << QStringLiteral("status")
            << QStringLiteral("check status: expected 200, 204, got 404");
        QTest::addRow("%s header", e.constData())
            << engine << QStringList{QStringLiteral("builtin:/status/200"), QStringLiteral("builtin:/bytes/10")}
            << QJsonObject{{QStringLiteral("header"),
                            QJsonObject{{QStringLiteral("Content-Type"), QStringLiteral("application/json")}}}}
            << QStringLiteral("header Content-Type") << QStringLiteral("got \"application/octet-stream\"");
        QTest::addRow("%s bodyContains", e.constData())
            << engine << QStringList{QStringLiteral("builtin:/delay?ms=0"), QStringLiteral("builtin:/status/200")}
            << QJsonObject{{QStringLiteral("bodyContains"), QStringLiteral("delay_ms")}}
            << QStringLiteral("bodyContains") << QStringLiteral("\"delay_ms\" not in the 15-byte body");
        // A body far longer than any buffer: the check counts it, nothing holds it.
        QTest::addRow("%s maxBodyBytes", e.constData())
            << engine << QStringList{QStringLiteral("builtin:/bytes/1000"), QStringLiteral("builtin:/bytes/3000000")}
            << QJsonObject{{QStringLiteral("maxBodyBytes"), 1000}} << QStringLiteral("maxBodyBytes")
            << QStringLiteral("expected at most 1000 bytes, got 3000000");
    }
}

void TestHttpChecks::eachCheckFailsItsTasks()
{
    QFETCH(QString, engine);
    QFETCH(QStringList, urls);
    QFETCH(QJsonObject, checks);
    QFETCH(QString, check);
    QFETCH(QString, seen);
    const auto s = runChecked(QJsonArray::fromStringList(urls), 40, 4, engine, checks);
    QVERIFY(s);
    const WorkloadSnapshot &w = s->workloads[0];
    // Request i goes to URL i mod 2: the second URL's twenty fail, as "check failed", and only they.
    QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Failed, TaskState::TimedOut}),
             (QList<qint64>{20, 20, 0}));
    QCOMPARE(w.errors.keys(), QList<ErrorKind>{ErrorKind::CheckFailed});
    QVERIFY2(w.errors.value(ErrorKind::CheckFailed).lastMessage.contains(seen),
             qPrintable(w.errors.value(ErrorKind::CheckFailed).lastMessage));
    QCOMPARE(w.checks.size(), 1);
    QCOMPARE(tallyOf(w, check, true), 20);
    QCOMPARE(tallyOf(w, check, false), 20);
    // Two URLs: the breakdown splits the same counts.
    QCOMPARE(w.urls.size(), 2);
    QCOMPARE(w.urls[0].url, urls[0]);
    QCOMPARE(w.urls[0].succeeded + w.urls[1].succeeded, 20);
    QCOMPARE(w.urls[1].failed, 20);
}

void TestHttpChecks::checksAgainstNginx_data()
{
    testing::DataRows<QString>("engine").row("fast", QStringLiteral("fast")).row("qnam", QStringLiteral("qnam"));
}

void TestHttpChecks::checksAgainstNginx()
{
    // A server nobody here wrote: its own headers and bodies, every check at once.
    QFETCH(QString, engine);
    testing::NginxServer nginx;
    if (testing::NginxServer::binary().isEmpty())
        QSKIP("nginx is not installed (scripts/bootstrap installs nginx-light)");
    START_OR_FAIL(nginx);
    const QJsonObject checks{
        {QStringLiteral("status"), QJsonArray{200}},
        {QStringLiteral("header"), QJsonObject{{QStringLiteral("server"), QStringLiteral("nginx")},
                                               {QStringLiteral("Content-Type"), QStringLiteral("text/plain")}}},
        {QStringLiteral("bodyContains"), QStringLiteral("world")},
        {QStringLiteral("maxBodyBytes"), 13}};
    const auto s = runChecked(QJsonArray{nginx.url(QStringLiteral("/hello.txt")), nginx.url(QStringLiteral("/503"))},
                              60, 6, engine, checks);
    QVERIFY(s);
    const WorkloadSnapshot &w = s->workloads[0];
    QCOMPARE(testing::countsOf(s, {TaskState::Succeeded, TaskState::Failed}), (QList<qint64>{30, 30}));
    QCOMPARE(w.errors.keys(), QList<ErrorKind>{ErrorKind::CheckFailed});
    // nginx's 503 page is HTML and no "world": status, Content-Type and bodyContains fail there.
    const QString message = w.errors.value(ErrorKind::CheckFailed).lastMessage;
    QVERIFY2(message.contains(QStringLiteral("got 503")) && message.contains(QStringLiteral("text/html")),
             qPrintable(message));
    QCOMPARE(tallyOf(w, QStringLiteral("status"), false), 30);
    QCOMPARE(tallyOf(w, QStringLiteral("header server"), true), 60);
    QCOMPARE(tallyOf(w, QStringLiteral("header Content-Type"), true), 30);
    QCOMPARE(tallyOf(w, QStringLiteral("bodyContains"), true), 30);
    QCOMPARE(tallyOf(w, QStringLiteral("maxBodyBytes"), true) + tallyOf(w, QStringLiteral("maxBodyBytes"), false), 60);
    QVERIFY(tallyOf(w, QStringLiteral("maxBodyBytes"), false) > 0); // nginx's error page is longer than 13 bytes
}

void TestHttpChecks::csvFields_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QList<QByteArray>>("fields"); // row by row
    QTest::newRow("plain") << QByteArray("a,b\n1,2\n3,4\n") << QStringList{"a", "b"}
                           << QList<QByteArray>{"1", "2", "3", "4"};
    QTest::newRow("quotes") << QByteArray("name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nx,\"two\nlines\"")
                            << QStringList{"name", "note"}
                            << QList<QByteArray>{"Smith, J", "said \"hi\"", "x", "two\nlines"};
    QTest::newRow("empty fields, blank lines, BOM")
        << QByteArray("\xEF\xBB\xBFq,r\n\n,\n\"\",z\n") << QStringList{"q", "r"} << QList<QByteArray>{"", "", "", "z"};
}

void TestHttpChecks::csvFields()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, columns);
    QFETCH(QList<QByteArray>, fields);
    QString error;
    const auto feed = DataFeed::parse(text, QStringLiteral("t.csv"), false, &error);
    QVERIFY2(feed, qPrintable(error));
    QCOMPARE(feed->columns(), columns);
    QCOMPARE(feed->rowCount() * columns.size(), fields.size());
    for (qsizetype k = 0; k < fields.size(); ++k)
        QCOMPARE(feed->field(k / columns.size(), int(k % columns.size())), fields[k]);
}

void TestHttpChecks::badDataFilesAreRefused_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("field count") << QStringLiteral("p.csv") << QByteArray("user,city\nann,Oslo\nbob\n")
                                 << QStringLiteral("p.csv:3: expected 2 fields, as the header row has, found 1");
    QTest::newRow("unclosed quote") << QStringLiteral("p.csv") << QByteArray("user\nann\n\"bob\ncid\n")
                                    << QStringLiteral("p.csv:3: a quoted field is not closed");
    QTest::newRow("after a quote") << QStringLiteral("p.csv") << QByteArray("user\n\"ann\"x\n")
                                   << QStringLiteral("p.csv:2: expected a comma or the end of the line");
    QTest::newRow("json lines") << QStringLiteral("p.jsonl") << QByteArray("{\"user\": \"ann\"}\n{\"user\": \n")
                                << QStringLiteral("p.jsonl:2: not valid JSON");
    QTest::newRow("json lines key") << QStringLiteral("p.jsonl")
                                    << QByteArray("{\"user\": \"ann\"}\n\n{\"usr\": \"bob\"}\n")
                                    << QStringLiteral("p.jsonl:3: the key \"usr\" is not among");
    QTest::newRow("column i") << QStringLiteral("p.csv") << QByteArray("i,user\n1,ann\n")
                              << QStringLiteral("p.csv:1: a column may not be named \"i\"");
    QTest::newRow("no rows") << QStringLiteral("p.csv") << QByteArray("user\n") << QStringLiteral("no rows");
    QTest::newRow("unknown column") << QStringLiteral("p.csv") << QByteArray("name\nann\n")
                                    << QStringLiteral("\"{user}\" names no column of the data file (columns: name)");
    QTest::newRow("line break into a header") << QStringLiteral("p.csv") << QByteArray("user,city\nann,\"Os\nlo\"\n")
                                              << QStringLiteral("row 1 of column \"city\" holds a line break");
    QTest::newRow("missing") << QStringLiteral("") << QByteArray() << QStringLiteral("p.csv: no such file");
    QByteArray many("user,city\n");
    for (int i = 0; i <= DataFeed::kMaxRows; ++i)
        many += "u,c\n";
    QTest::newRow("too many rows") << QStringLiteral("p.csv") << many << QStringLiteral("more than 1000000 rows");
}

void TestHttpChecks::badDataFilesAreRefused()
{
    // Through the same check the command line and the window use, with the path relative to the profile.
    QFETCH(QString, file);
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    if (!file.isEmpty())
        QVERIFY(writeFile(dir.filePath(file), text));
    const QString dataFile = file.isEmpty() ? QStringLiteral("p.csv") : file;
    const QByteArray profile = R"({"schemaVersion": 1, "name": "d", "workloads": [{"type": "http-fanout",
        "name": "api", "url": "builtin:/echo/{user}", "headers": {"X-City": "{city}"},
        "dataFile": ")" + dataFile.toUtf8() +
                               R"("}]})";
    QVERIFY(writeFile(dir.filePath(QStringLiteral("profile.json")), profile));
    const auto r = ProfileValidator::checkFile(dir.filePath(QStringLiteral("profile.json")));
    QVERIFY(!r.ok());
    const QString text2 = r.errorText(QStringLiteral("profile.json"));
    QVERIFY2(text2.contains(QStringLiteral("workloads[0].dataFile")) && text2.contains(error), qPrintable(text2));
}

void TestHttpChecks::dataRowsReachTheTarget_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("order");
    QTest::addColumn<QString>("needle"); // what /echo must have seen, with the row's placeholders
    const QByteArray csv = "user,path,city,n\nann,ann,\"Oslo, Norway\",1\nbob,bob,Lima,2\n\"c d\",c%20d,Pune,3\n";
    const QByteArray jsonl = "{\"user\": \"ann\", \"path\": \"ann\", \"city\": \"Oslo, Norway\", \"n\": 1}\n"
                             "{\"user\": \"bob\", \"path\": \"bob\", \"city\": \"Lima\", \"n\": 2}\n"
                             "{\"user\": \"c d\", \"path\": \"c%20d\", \"city\": \"Pune\", \"n\": 3}\n";
    const QList<QPair<const char *, QString>> needles{
        {"body", QStringLiteral(R"("body":"n={n} i={i}","headers":{)")},
        {"header", QStringLiteral(R"("x-city":"{city}"})")},
        {"target", QStringLiteral(R"("method":"POST","target":"/echo/{path}?i={i}"})")}};
    for (const QString &engine : {QStringLiteral("fast"), QStringLiteral("qnam")}) {
        const QByteArray e = engine.toLatin1();
        for (const auto &[what, needle] : needles) {
            QTest::addRow("%s csv %s", e.constData(), what)
                << engine << QStringLiteral("rows.csv") << csv << QStringLiteral("sequential") << needle;
            QTest::addRow("%s json lines %s", e.constData(), what)
                << engine << QStringLiteral("rows.jsonl") << jsonl << QStringLiteral("sequential") << needle;
        }
        QTest::addRow("%s random", e.constData())
            << engine << QStringLiteral("rows.txt") << jsonl << QStringLiteral("random") << needles[0].second;
    }
}

void TestHttpChecks::dataRowsReachTheTarget()
{
    // /echo answers with what it got; the check compares that with the row the request took, so a
    // row that did not arrive in the URL, a header or the body fails its task.
    QFETCH(QString, engine);
    QFETCH(QString, file);
    QFETCH(QByteArray, text);
    QFETCH(QString, order);
    QFETCH(QString, needle);
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(file), text));
    const QJsonObject checks{
        {QStringLiteral("status"), QJsonArray{200}},
        {QStringLiteral("bodyContains"), needle},
        {QStringLiteral("header"), QJsonObject{{QStringLiteral("Content-Type"), QStringLiteral("json")}}}};
    const auto s =
        runFanout({{QStringLiteral("url"), QStringLiteral("builtin:/echo/{user}?i={i}")},
                   {QStringLiteral("method"), QStringLiteral("POST")},
                   {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-City"), QStringLiteral("{city}")}}},
                   {QStringLiteral("body"), QStringLiteral("n={n} i={i}")},
                   {QStringLiteral("requests"), 30},
                   {QStringLiteral("concurrency"), 3},
                   {QStringLiteral("engine"), engine},
                   {QStringLiteral("dataFile"), file},
                   {QStringLiteral("dataOrder"), order},
                   {QStringLiteral("checks"), checks}},
                  dir.path());
    QVERIFY(s);
    const WorkloadSnapshot &w = s->workloads[0];
    QVERIFY2(w.errors.isEmpty(), qPrintable(w.errors.isEmpty() ? QString() : w.errors.first().lastMessage));
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 30);
    QCOMPARE(tallyOf(w, QStringLiteral("bodyContains"), true), 30);
    // One URL per row (the value percent-encoded, {i} kept): the breakdown names the rows' URLs.
    QStringList names;
    qint64 sum = 0;
    for (const UrlSummary &u : w.urls) {
        names << u.url;
        sum += u.succeeded;
    }
    names.sort();
    QCOMPARE(sum, 30);
    if (order == QLatin1String("sequential")) {
        QCOMPARE(names,
                 (QStringList{QStringLiteral("builtin:/echo/ann?i={i}"), QStringLiteral("builtin:/echo/bob?i={i}"),
                              QStringLiteral("builtin:/echo/c%20d?i={i}")}));
        QCOMPARE(w.urls[0].succeeded, 10);
    } else {
        QVERIFY(names.size() >= 1 && names.size() <= 3);
    }
}

void TestHttpChecks::urlBreakdownIsBoundedAndAddsUp()
{
    // 150 distinct URLs, each requested twice: the first hundred seen keep their own entry, the
    // fifty others share "other", and the entries add up to the workload's counts.
    QTemporaryDir dir;
    QByteArray rows("n\n");
    for (int i = 0; i < 150; ++i)
        rows += QByteArray::number(i) + '\n';
    QVERIFY(writeFile(dir.filePath(QStringLiteral("n.csv")), rows));
    const auto s = runFanout({{QStringLiteral("urls"), QJsonArray{QStringLiteral("builtin:/status/{n}0"),
                                                                  QStringLiteral("builtin:/status/{n}0")}},
                              {QStringLiteral("requests"), 300},
                              {QStringLiteral("concurrency"), 20},
                              {QStringLiteral("dataFile"), QStringLiteral("n.csv")}},
                             dir.path());
    QVERIFY(s);
    const WorkloadSnapshot &w = s->workloads[0];
    QCOMPARE(w.urls.size(), UrlBreakdown::kMaxUrls + 1);
    QCOMPARE(w.urls.last().url, QStringLiteral("other"));
    qint64 succeeded = 0, failed = 0, latencies = 0;
    for (const UrlSummary &u : w.urls) {
        QCOMPARE(u.timedOut, 0);
        succeeded += u.succeeded;
        failed += u.failed;
        latencies += u.latency.count;
        if (u.url != QLatin1String("other"))
            QCOMPARE(u.succeeded + u.failed, 2);
    }
    QCOMPARE(w.urls.last().succeeded + w.urls.last().failed, 100);
    // /status/00 .. /status/1490: 200 to 599 are answered as asked, the rest are refused with 400.
    QCOMPARE(succeeded, testing::countOf(s, TaskState::Succeeded));
    QCOMPARE(failed, testing::countOf(s, TaskState::Failed));
    QCOMPARE(succeeded + failed, 300);
    QCOMPARE(latencies, 300);
}

void TestHttpChecks::reportAndSummaryCarryChecksAndUrls()
{
    const auto s = runFanout({{QStringLiteral("urls"), QJsonArray{QStringLiteral("builtin:/status/200"),
                                                                  QStringLiteral("builtin:/status/503")}},
                              {QStringLiteral("requests"), 10},
                              {QStringLiteral("checks"), QJsonObject{{QStringLiteral("status"), QJsonArray{200}}}}});
    QVERIFY(s);
    RunSpec spec;
    spec.name = QStringLiteral("r");
    const QJsonObject report = JsonReport::build(spec, *s, QDateTime::currentDateTimeUtc(), false, {}, {});
    const QJsonObject w = report.value(QStringLiteral("workloads")).toArray().at(0).toObject();
    const QJsonObject status = w.value(QStringLiteral("checks")).toObject().value(QStringLiteral("status")).toObject();
    QCOMPARE(status.value(QStringLiteral("passed")).toInt(), 5);
    QCOMPARE(status.value(QStringLiteral("failed")).toInt(), 5);
    const QJsonArray urls = w.value(QStringLiteral("urls")).toArray();
    QCOMPARE(urls.size(), 2);
    const QJsonObject second = urls.at(1).toObject();
    QCOMPARE(second.value(QStringLiteral("url")).toString(), QStringLiteral("builtin:/status/503"));
    QCOMPARE(second.value(QStringLiteral("counts")).toObject().value(QStringLiteral("failed")).toInt(), 5);
    QVERIFY(second.value(QStringLiteral("latencyMs")).toObject().contains(QStringLiteral("p95")));
    QCOMPARE(w.value(QStringLiteral("errors")).toObject().value(QStringLiteral("check failed")).toInt(), 5);

    const QString summary = SummaryTable::render(spec, *s, false, {});
    QVERIFY2(summary.contains(QStringLiteral("check status in api: 5 passed, 5 failed")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("builtin:/status/503")), qPrintable(summary));
}

QTEST_GUILESS_MAIN(TestHttpChecks)
#include "tst_http_checks.moc"
