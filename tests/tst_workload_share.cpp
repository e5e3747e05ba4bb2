#include "workloads/WorkloadRegistry.h"
#include "workloads/WorkloadShare.h"

#include "support/DataRows.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <set>

using namespace coroscope;

// A workload split over loop threads (or fleet agents) does, all parts together, what the whole
// does: its counts add up, per-task figures stay, and every task index is taken exactly once.
class TestWorkloadShare : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsSplitEvenly_data();
    void countsSplitEvenly();
    void sharesCompose_data();
    void sharesCompose();
    void emptyPartBuildsAWorkloadThatDoesNothing();
    void onePartIsTheWorkloadUnchanged();
    void firstCompletedStaysWhole();
};

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

// The value at a dotted path ("intake.connections"), or `fallback`.
QJsonValue at(const QJsonObject &o, const QString &path)
{
    const QStringList keys = path.split(u'.');
    QJsonObject cur = o;
    for (int i = 0; i + 1 < keys.size(); ++i)
        cur = cur.value(keys[i]).toObject();
    return cur.value(keys.last());
}

// The task indices a share takes for its first `count` tasks.
std::vector<qint64> indicesOf(const QJsonObject &share, qint64 count)
{
    const qint64 offset = qint64(share.value(QLatin1String(share_keys::kIndexOffset)).toDouble(0));
    const qint64 stride = qint64(share.value(QLatin1String(share_keys::kIndexStride)).toDouble(1));
    std::vector<qint64> out;
    for (qint64 k = 0; k < count; ++k)
        out.push_back(offset + k * stride);
    return out;
}

// The share's keys without `type`, as a workload spec's params, checked by the registry.
void verifyValidSpec(const QJsonObject &share, int part)
{
    WorkloadSpec spec;
    spec.type = share.value(QLatin1String("type")).toString();
    spec.name = QStringLiteral("w");
    spec.params = share;
    spec.params.remove(QStringLiteral("type"));
    spec.jsonPath = QStringLiteral("workloads[0]");
    QList<JsonIssue> issues;
    std::unique_ptr<Workload> w = WorkloadRegistry::build(spec, &issues);
    QString text;
    for (const JsonIssue &i : issues)
        text += i.path + QStringLiteral(": ") + i.message + u'\n';
    QVERIFY2(w, qPrintable(QStringLiteral("part %1: %2").arg(part).arg(text)));
    QVERIFY2(issues.isEmpty(), qPrintable(QStringLiteral("part %1: %2").arg(part).arg(text)));
}

} // namespace

void TestWorkloadShare::countsSplitEvenly_data()
{
    QTest::addColumn<QJsonObject>("workload");
    QTest::addColumn<int>("parts");
    QTest::addColumn<QString>("countKey");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::addColumn<bool>("indexed"); // the count is of tasks with an index ({i}, list elements)
    QTest::addColumn<QStringList>("untouched");

    QTest::newRow("sleep tasks") << object(R"({"type":"sleep","tasks":10,"delayMs":5,"timeoutMs":7})") << 3 << "tasks"
                                 << QList<qint64>{4, 3, 3} << true << QStringList{"delayMs", "timeoutMs"};
    QTest::newRow("sleep default tasks") << object(R"({"type":"sleep"})") << 2 << "tasks" << QList<qint64>{2, 1} << true
                                         << QStringList{};
    QTest::newRow("sleep concurrency") << object(R"({"type":"sleep","tasks":100,"concurrency":5})") << 2
                                       << "concurrency" << QList<qint64>{3, 2} << false << QStringList{};
    // A semaphore of the whole: never more permits over all parts than it has.
    QTest::newRow("sleep concurrency below parts") << object(R"({"type":"sleep","tasks":10,"concurrency":2})") << 3
                                                   << "tasks" << QList<qint64>{5, 5, 0} << true << QStringList{};
    QTest::newRow("sleep one permit") << object(R"({"type":"sleep","tasks":3,"concurrency":1,"delayMs":7})") << 2
                                      << "tasks" << QList<qint64>{3, 0} << true << QStringList{"delayMs"};
    QTest::newRow("http requests") << object(
                                          R"({"type":"http-fanout","url":"http://127.0.0.1:1/items/{i}","requests":1001,
                                                 "timeoutMs":50,"headers":{"a":"b"}})")
                                   << 2 << "requests" << QList<qint64>{501, 500} << true
                                   << QStringList{"timeoutMs", "headers", "url"};
    QTest::newRow("http default concurrency") << object(R"({"type":"http-fanout","url":"builtin:/"})") << 3
                                              << "concurrency" << QList<qint64>{34, 33, 33} << false << QStringList{};
    QTest::newRow("http unbounded requests") << object(R"({"type":"http-fanout","url":"builtin:/","requests":0,
                                                           "concurrency":4})")
                                             << 2 << "requests" << QList<qint64>{0, 0} << false << QStringList{};
    QTest::newRow("echo connections") << object(R"({"type":"echo","connections":9000,"messagesPerConnection":50,
                                                    "messageBytes":64,"pipeline":4,"serverMaxConnections":20000})")
                                      << 4 << "connections" << QList<qint64>{2250, 2250, 2250, 2250} << false
                                      << QStringList{"messagesPerConnection", "messageBytes", "pipeline",
                                                     "serverMaxConnections"};
    QTest::newRow("websocket connections")
        << object(R"({"type":"websocket","connections":5,"messageBytes":10})") << 2 << "connections"
        << QList<qint64>{3, 2} << false << QStringList{"messageBytes"};
    QTest::newRow("queue items") << object(R"({"type":"queue","items":7,"producers":2,"consumers":4,"batch":8})") << 2
                                 << "items" << QList<qint64>{4, 3} << false << QStringList{"batch"};
    QTest::newRow("queue consumers") << object(R"({"type":"queue","items":7,"producers":2,"consumers":4})") << 2
                                     << "consumers" << QList<qint64>{2, 2} << false << QStringList{};
    QTest::newRow("queue default producers")
        << object(R"({"type":"queue"})") << 2 << "producers" << QList<qint64>{1, 1} << false << QStringList{};
    QTest::newRow("queue intake") << object(R"({"type":"queue","intake":{"connections":5,"linesPerConnection":9}})")
                                  << 2 << "intake.connections" << QList<qint64>{3, 2} << false
                                  << QStringList{"intake.linesPerConnection"};
}

void TestWorkloadShare::countsSplitEvenly()
{
    QFETCH(QJsonObject, workload);
    QFETCH(int, parts);
    QFETCH(QString, countKey);
    QFETCH(QList<qint64>, expected);
    QFETCH(bool, indexed);
    QFETCH(QStringList, untouched);
    QCOMPARE(expected.size(), parts);

    std::multiset<qint64> indices;
    for (int p = 0; p < parts; ++p) {
        const QJsonObject share = workloadShare(workload, p, parts);
        QCOMPARE(qint64(at(share, countKey).toDouble()), expected[p]);
        for (const QString &key : untouched)
            QCOMPARE(at(share, key), at(workload, key));
        verifyValidSpec(share, p);
        if (indexed) {
            for (qint64 i : indicesOf(share, expected[p]))
                indices.insert(i);
        }
    }
    if (indexed) {
        // Every index of the whole, each exactly once.
        qint64 total = 0;
        for (qint64 e : expected)
            total += e;
        QCOMPARE(qint64(indices.size()), total);
        qint64 want = 0;
        for (qint64 i : indices)
            QCOMPARE(i, want++);
    }
}

void TestWorkloadShare::sharesCompose_data()
{
    testing::DataRows<QJsonObject, QString, int, int>("workload", "countKey", "agents", "threads")
        .row("sleep 3 agents x 2 threads", object(R"({"type":"sleep","tasks":1000})"), "tasks", 3, 2)
        .row("http 2 agents x 4 threads",
             object(
                 R"({"type":"http-fanout","url":"http://127.0.0.1:1/items/{i}","requests":999,"ratePerSecond":1000})"),
             "requests", 2, 4)
        .row("sleep more parts than tasks", object(R"({"type":"sleep","tasks":5})"), "tasks", 2, 4)
        .row("queue items 4 x 3", object(R"({"type":"queue","items":100,"ratePerSecond":600})"), "items", 4, 3);
}

void TestWorkloadShare::sharesCompose()
{
    QFETCH(QJsonObject, workload);
    QFETCH(QString, countKey);
    QFETCH(int, agents);
    QFETCH(int, threads);

    const qint64 total = qint64(workload.value(countKey).toDouble());
    const double rate = workload.value(QStringLiteral("ratePerSecond")).toDouble();
    std::multiset<qint64> indices;
    double rateSum = 0;
    for (int a = 0; a < agents; ++a) {
        const QJsonObject agentShare = workloadShare(workload, a, agents);
        for (int t = 0; t < threads; ++t) {
            const QJsonObject share = workloadShare(agentShare, t, threads);
            if (share.value(QLatin1String(share_keys::kEmpty)).toBool()) {
                QCOMPARE(share.value(countKey).toDouble(), 0.0);
                continue;
            }
            verifyValidSpec(share, a * threads + t);
            for (qint64 i : indicesOf(share, qint64(share.value(countKey).toDouble())))
                indices.insert(i);
            rateSum += share.value(QStringLiteral("ratePerSecond")).toDouble();
        }
    }
    QCOMPARE(qint64(indices.size()), total);
    qint64 want = 0;
    for (qint64 i : indices)
        QCOMPARE(i, want++);
    QVERIFY2(qAbs(rateSum - rate) < 1e-6, qPrintable(QString::number(rateSum)));
}

void TestWorkloadShare::emptyPartBuildsAWorkloadThatDoesNothing()
{
    const QJsonObject whole = object(R"({"type":"echo","connections":1})");
    QVERIFY(!workloadShare(whole, 0, 2).contains(QLatin1String(share_keys::kEmpty)));
    const QJsonObject empty = workloadShare(whole, 1, 2);
    QCOMPARE(empty.value(QLatin1String(share_keys::kEmpty)).toBool(), true);
    QCOMPARE(empty.value(QStringLiteral("connections")).toDouble(), 0.0);

    WorkloadSpec spec;
    spec.type = QStringLiteral("echo");
    spec.name = QStringLiteral("e");
    spec.params = empty;
    spec.params.remove(QStringLiteral("type"));
    QList<JsonIssue> issues;
    std::unique_ptr<Workload> w = WorkloadRegistry::build(spec, &issues);
    QVERIFY(issues.isEmpty());
    QVERIFY(w);
    QCOMPARE(w->name(), QStringLiteral("e"));
    QCOMPARE(w->type(), QStringLiteral("echo"));
    QCOMPARE(w->descriptorsNeeded(), qint64(0));
}

void TestWorkloadShare::onePartIsTheWorkloadUnchanged()
{
    const QJsonObject whole = object(R"({"type":"sleep","tasks":10,"concurrency":3})");
    QCOMPARE(workloadShare(whole, 0, 1), whole);
}

void TestWorkloadShare::firstCompletedStaysWhole()
{
    // One task's completion cancels all the others: that cannot be decided in two places.
    const QJsonObject whole = object(R"({"type":"sleep","tasks":10,"mode":"first"})");
    QCOMPARE(workloadShare(whole, 0, 3), whole);
    for (int p = 1; p < 3; ++p) {
        const QJsonObject share = workloadShare(whole, p, 3);
        QCOMPARE(share.value(QLatin1String(share_keys::kEmpty)).toBool(), true);
        QCOMPARE(share.value(QStringLiteral("tasks")).toDouble(), 0.0);
    }
}

QTEST_GUILESS_MAIN(TestWorkloadShare)
#include "tst_workload_share.moc"
