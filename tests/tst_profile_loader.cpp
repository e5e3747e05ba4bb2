// Profiles in, RunSpecs out; broken profiles refused with the JSON path and what was expected.
#include "profile/JsonKeyOrder.h"
#include "profile/ProfileLoader.h"
#include "profile/ProfileValidator.h"
#include "profile/ProfileWriter.h"

#include "workloads/WorkloadRegistry.h"
#include <QDir>
#include <QJsonDocument>

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace coroscope;

class TestProfileLoader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bundledDefaultIsValid();
    void minimalProfile();
    void brokenProfilesAreRefused_data();
    void brokenProfilesAreRefused();
    void unknownKeysAreWarnings();
    void fileProblems();
    void loadThenSaveGivesTheSameDocument_data();
    void loadThenSaveGivesTheSameDocument();
    void savingKeepsTheKeyOrderOfTheFile();
    void withoutAnOrderTheLayoutIsQts_data();
    void withoutAnOrderTheLayoutIsQts();
    void directoryIsCalledADirectory();
    void validatorChecksWorkloadKeysAndEnabled();
};

namespace {

QString allErrors(const QByteArray &json)
{
    const auto r = ProfileLoader::parse(json, QStringLiteral("p.json"));
    if (!r.ok())
        return r.errorText(QStringLiteral("p.json"));
    QList<JsonIssue> issues;
    WorkloadRegistry::buildAll(*r.spec, &issues);
    QStringList errors;
    for (const auto &i : issues) {
        if (!i.warning)
            errors << QStringLiteral("p.json: ") + i.toString();
    }
    return errors.join(u'\n');
}

} // namespace

void TestProfileLoader::bundledDefaultIsValid()
{
    const QString path =
        qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/resources/profiles/default.json");
    const auto r = ProfileLoader::loadFile(path);
    QVERIFY2(r.ok(), qPrintable(r.errorText(path)));
    QVERIFY(r.warnings(path).isEmpty());
    QList<JsonIssue> issues;
    QVERIFY(!WorkloadRegistry::buildAll(*r.spec, &issues).empty());
    QVERIFY(issues.isEmpty());
}

void TestProfileLoader::minimalProfile()
{
    const auto r = ProfileLoader::parse(
        R"({"schemaVersion":1,"workloads":[{"type":"sleep","tasks":2,"delayMs":5}],
            "rules":[{"metric":"p99_ms","op":"<","value":50}]})",
        QStringLiteral("/tmp/mini.json"));
    QVERIFY(r.ok());
    QCOMPARE(r.spec->name, QStringLiteral("mini"));
    QCOMPARE(r.spec->workloads.size(), size_t(1));
    QCOMPARE(r.spec->workloads[0].name, QStringLiteral("sleep1"));
    QCOMPARE(r.spec->drainTimeoutMs, 1000);
    QCOMPARE(r.spec->threads, 0); // one loop thread per core
    QCOMPARE(r.spec->resolvedThreads(), std::max(1, QThread::idealThreadCount()));
    QCOMPARE(r.spec->rules.size(), 1);
    QCOMPARE(r.spec->rules[0].text(), QStringLiteral("total p99_ms < 50"));
}

void TestProfileLoader::brokenProfilesAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const QByteArray head = R"({"schemaVersion":1,"workloads":[)";
    QTest::newRow("truncated") << QByteArray(R"({"schemaVersion":1,"workl)") << "p.json: not valid JSON at line 1";
    QTest::newRow("array at top") << QByteArray("[1,2]") << "expected a JSON object at the top level";
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF{}") << "byte-order mark";
    QTest::newRow("binary") << QByteArray("\x01\x02\xff\xfe", 4) << "not valid JSON";
    QTest::newRow("no schemaVersion") << QByteArray(R"({"workloads":[{"type":"sleep"}]})")
                                      << "p.json: schemaVersion: expected 1, found nothing";
    QTest::newRow("newer schema") << QByteArray(R"({"schemaVersion":7,"workloads":[{"type":"sleep"}]})")
                                  << "schemaVersion: schema version 7 is newer than this Coroscope understands (1)";
    QTest::newRow("schema as string") << QByteArray(R"({"schemaVersion":"1","workloads":[{"type":"sleep"}]})")
                                      << R"(schemaVersion: expected an integer from 1 to 1000000, found "1")";
    QTest::newRow("no workloads") << QByteArray(R"({"schemaVersion":1})") << "workloads: expected a non-empty array";
    QTest::newRow("negative threads")
        << QByteArray(R"({"schemaVersion":1,"run":{"threads":-1},"workloads":[{"type":"sleep"}]})") << "run.threads";
    QTest::newRow("fractional threads")
        << QByteArray(R"({"schemaVersion":1,"run":{"threads":1.5},"workloads":[{"type":"sleep"}]})") << "run.threads";
    QTest::newRow("workload not object") << head + "3]}"
                                         << "workloads[0]: expected a workload object, found 3";
    QTest::newRow("missing type") << head + R"({"tasks":3}]})"
                                  << "workloads[0].type: expected a string, found nothing";
    QTest::newRow("unknown type")
        << head + R"({"type":"sleepy"}]})"
        << R"(p.json: workloads[0].type: expected one of sleep, http-fanout, echo, queue, websocket, found "sleepy")";
    QTest::newRow("negative tasks") << head + R"({"type":"sleep"},{"type":"sleep","tasks":-3}]})"
                                    << "p.json: workloads[1].tasks: expected an integer from 1 to 10000000, found -3";
    QTest::newRow("huge concurrency")
        << head + R"({"type":"sleep","concurrency":1e12}]})"
        << "workloads[0].concurrency: expected an integer from 0 to 10000000, found 1000000000000";
    QTest::newRow("fractional tasks") << head + R"({"type":"sleep","tasks":2.5}]})"
                                      << "workloads[0].tasks: expected an integer from 1 to 10000000, found 2.5";
    QTest::newRow("bad mode") << head + R"({"type":"sleep","mode":"fastest"}]})"
                              << R"(workloads[0].mode: expected one of all, first, as-completed, found "fastest")";
    QTest::newRow("bad dist")
        << head + R"({"type":"sleep","delayMs":{"dist":"normal"}}]})"
        << R"(workloads[0].delayMs.dist: expected one of fixed, list, uniform, exponential, found "normal")";
    QTest::newRow("bad list element") << head + R"({"type":"sleep","delayMs":{"dist":"list","values":[1,"x"]}}]})"
                                      << R"(workloads[0].delayMs.values[1]: expected a number from 0 to)";
    QTest::newRow("uniform max below min")
        << head + R"({"type":"sleep","delayMs":{"dist":"uniform","min":5,"max":1}}]})"
        << "workloads[0].delayMs.max: expected a number not below min (5), found 1";
    QTest::newRow("duplicate names") << head + R"({"type":"sleep","name":"a"},{"type":"sleep","name":"a"}]})"
                                     << R"(workloads[1].name: expected a name no other workload has, found "a" again)";
    QTest::newRow("queue bad redis port")
        << head + R"({"type":"queue","backend":"redis","redis":"redis://127.0.0.1:70000/0"}]})"
        << "workloads[0].redis: expected a Redis port from 1 to 65535, found 70000";
    QTest::newRow("queue bad work")
        << head + R"({"type":"queue","work":{"kind":"dance"}}]})"
        << R"(workloads[0].work.kind: expected one of none, sleep, cpu, cpu-inline, http, postgres, found "dance")";
    QTest::newRow("builtin bad path") << head + R"({"type":"http-fanout","url":"builtin:/nowhere"}]})"
                                      << R"(workloads[0].url: expected a built-in endpoint)";
    QTest::newRow("echo bad server")
        << head + R"({"type":"echo","server":"localhost:99999"}]})"
        << R"(workloads[0].server: expected "builtin" or host:port with a port from 1 to 65535, found "localhost:99999")";
    QTest::newRow("echo zero connections") << head + R"({"type":"echo","connections":0}]})"
                                           << "workloads[0].connections: expected an integer from 1 to 100000, found 0";
    QTest::newRow("run not object") << QByteArray(R"({"schemaVersion":1,"run":5,"workloads":[{"type":"sleep"}]})")
                                    << "run: expected an object, found 5";
    QTest::newRow("negative duration")
        << QByteArray(R"({"schemaVersion":1,"run":{"durationSeconds":-1},"workloads":[{"type":"sleep"}]})")
        << "run.durationSeconds: expected a number from 0 to 604800, found -1";
    QTest::newRow("rule bad metric") << head + R"({"type":"sleep"}],"rules":[{"metric":"p42","op":"<","value":1}]})"
                                     << R"(rules[0].metric: expected one of p50_ms)";
    QTest::newRow("rule unknown workload")
        << head + R"({"type":"sleep"}],"rules":[{"workload":"nope","metric":"p99_ms","op":"<","value":1}]})"
        << R"(rules[0].workload: expected the name of a workload of this profile, found "nope")";
}

void TestProfileLoader::brokenProfilesAreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString errors = allErrors(json);
    QVERIFY2(errors.contains(expected), qPrintable(QStringLiteral("got: ") + errors));
}

void TestProfileLoader::unknownKeysAreWarnings()
{
    const auto r = ProfileLoader::parse(R"({"schemaVersion":1,"colour":"red","run":{"speed":2},
        "workloads":[{"type":"sleep","sleepyness":3}]})",
                                        QStringLiteral("p.json"));
    QVERIFY(r.ok());
    const QStringList warnings = r.warnings(QStringLiteral("p.json"));
    QCOMPARE(warnings.size(), 2);
    QVERIFY(warnings.join(u'\n').contains(
        QStringLiteral("p.json: warning: colour: unknown key: not used, kept when saved")));
    QVERIFY(warnings.join(u'\n').contains(QStringLiteral("run.speed")));
    QList<JsonIssue> issues;
    QVERIFY(!WorkloadRegistry::buildAll(*r.spec, &issues).empty());
    QCOMPARE(issues.size(), 1);
    QVERIFY(issues[0].warning);
    QCOMPARE(issues[0].path, QStringLiteral("workloads[0].sleepyness"));
}

void TestProfileLoader::fileProblems()
{
    auto r = ProfileLoader::loadFile(QStringLiteral("/nonexistent/profile.json"));
    QVERIFY(!r.ok());
    QCOMPARE(r.errorText(QStringLiteral("x.json")), QStringLiteral("x.json: no such file"));
    QTemporaryDir dir;
    QFile big(dir.filePath(QStringLiteral("big.json")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(QByteArray(10 * 1024 * 1024, ' '));
    big.close();
    r = ProfileLoader::loadFile(big.fileName());
    QVERIFY(!r.ok());
    QVERIFY(r.errorText(QStringLiteral("big.json")).contains(QStringLiteral("a profile may have at most")));
}

void TestProfileLoader::loadThenSaveGivesTheSameDocument_data()
{
    QTest::addColumn<QString>("file");
    const QDir dir(qEnvironmentVariable("COROSCOPE_SOURCE_DIR") + QStringLiteral("/resources/profiles"));
    for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(f)) << dir.filePath(f);
    QTemporaryDir tmp;
    tmp.setAutoRemove(false);
    const QString extra = tmp.filePath(QStringLiteral("extra.json"));
    QFile out(extra);
    out.open(QIODevice::WriteOnly);
    out.write(R"({"schemaVersion": 1, "name": "keeps", "x-team": {"owner": "ops"}, "run": {"future": 1},
        "workloads": [{"type": "sleep", "name": "a", "enabled": false, "startAfterMs": 5, "later": [1, 2]}],
        "rules": [{"workload": "a", "metric": "p99_ms", "op": "<=", "value": 2.5}]})");
    out.close();
    QTest::newRow("unknown keys kept") << extra;
}

void TestProfileLoader::loadThenSaveGivesTheSameDocument()
{
    QFETCH(QString, file);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject original = QJsonDocument::fromJson(f.readAll()).object();
    const auto loaded = ProfileLoader::loadFile(file);
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText(file)));
    QCOMPARE(ProfileWriter::toJson(*loaded.spec), original);
    // And saving what was saved changes nothing, byte for byte.
    const QByteArray once = ProfileWriter::toBytes(*loaded.spec);
    const auto again = ProfileLoader::parse(once, file);
    QVERIFY(again.ok());
    QCOMPARE(ProfileWriter::toBytes(*again.spec), once);
}

void TestProfileLoader::savingKeepsTheKeyOrderOfTheFile()
{
    // Keys in an order QJsonObject would not keep (it sorts them), in every nested object.
    const QByteArray text = R"({
    "schemaVersion": 1,
    "name": "ordered",
    "run": {
        "snapshotIntervalMs": 100,
        "durationSeconds": 5
    },
    "workloads": [
        {
            "type": "sleep",
            "name": "w",
            "tasks": 10,
            "delayMs": {
                "max": 5,
                "min": 1,
                "dist": "uniform"
            },
            "concurrency": 2
        }
    ],
    "rules": [
        {
            "workload": "w",
            "metric": "p99_ms",
            "op": "<",
            "value": 50
        }
    ]
}
)";
    const auto loaded = ProfileLoader::parse(text, QStringLiteral("ordered.json"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.errorText(QStringLiteral("ordered.json"))));
    QCOMPARE(ProfileWriter::toBytes(*loaded.spec), text); // unchanged: the same bytes

    // One field changed: one line of the file changes.
    RunSpec changed = *loaded.spec;
    changed.durationSeconds = 7;
    const QList<QByteArray> before = text.split('\n');
    const QList<QByteArray> after = ProfileWriter::toBytes(changed).split('\n');
    QCOMPARE(after.size(), before.size());
    int differing = 0;
    for (qsizetype i = 0; i < before.size(); ++i) {
        if (before[i] != after[i]) {
            ++differing;
            QCOMPARE(after[i], QByteArray("        \"durationSeconds\": 7"));
        }
    }
    QCOMPARE(differing, 1);

    // A new key comes after the ones the file had.
    changed.workloads[0].params.insert(QStringLiteral("timeoutMs"), 100);
    const QByteArray saved = ProfileWriter::toBytes(changed);
    QVERIFY2(saved.indexOf("\"concurrency\": 2") < saved.indexOf("\"timeoutMs\": 100"), saved.constData());
    QVERIFY2(saved.indexOf("\"max\": 5") < saved.indexOf("\"dist\": \"uniform\""), saved.constData());
}

void TestProfileLoader::withoutAnOrderTheLayoutIsQts_data()
{
    loadThenSaveGivesTheSameDocument_data();
}

void TestProfileLoader::withoutAnOrderTheLayoutIsQts()
{
    QFETCH(QString, file);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject document = QJsonDocument::fromJson(f.readAll()).object();
    // A file Qt wrote (sorted keys) keeps its bytes: the writer's layout is QJsonDocument::Indented's.
    const QByteArray qt = QJsonDocument(document).toJson(QJsonDocument::Indented);
    QCOMPARE(JsonKeyOrder().write(document), qt);
    QCOMPARE(JsonKeyOrder::of(qt).write(document), qt);
}

void TestProfileLoader::directoryIsCalledADirectory()
{
    QTemporaryDir dir;
    const auto r = ProfileLoader::loadFile(dir.path());
    QVERIFY(!r.ok());
    QCOMPARE(r.errorText(QStringLiteral("d")), QStringLiteral("d: is a directory; expected a profile file (JSON)"));
}

void TestProfileLoader::validatorChecksWorkloadKeysAndEnabled()
{
    auto r = ProfileValidator::checkText(R"({"schemaVersion":1,"workloads":[{"type":"sleep","tasks":-3}]})", "v.json");
    QVERIFY(!r.ok());
    QVERIFY2(r.errorText(QStringLiteral("v.json")).startsWith(QStringLiteral("v.json: workloads[0].tasks: expected")),
             qPrintable(r.errorText(QStringLiteral("v.json"))));
    r = ProfileValidator::checkText(R"({"schemaVersion":1,"workloads":[{"type":"sleep","enabled":false}]})", "v.json");
    QVERIFY(!r.ok());
    QCOMPARE(r.errorText(QStringLiteral("v.json")),
             QStringLiteral("v.json: workloads: expected at least one enabled workload, found none"));
    // A disabled workload is not checked, and a rule that names it is a warning.
    r = ProfileValidator::checkText(R"({"schemaVersion":1,"workloads":[{"type":"sleep","name":"on"},
        {"type":"sleep","name":"off","enabled":false,"tasks":-1}],
        "rules":[{"workload":"off","metric":"failed","op":"<","value":1}]})",
                                    "v.json");
    QVERIFY2(r.ok(), qPrintable(r.errorText(QStringLiteral("v.json"))));
    QCOMPARE(r.warnings(QStringLiteral("v.json")).size(), 1);
    QVERIFY(r.warnings(QStringLiteral("v.json")).first().contains(QStringLiteral("rules[0].workload")));
    // An unknown key of a workload is a warning with its path.
    r = ProfileValidator::checkText(R"({"schemaVersion":1,"workloads":[{"type":"sleep","sleepyness":1}]})", "v.json");
    QVERIFY(r.ok());
    QCOMPARE(r.warnings(QStringLiteral("v.json")).size(), 1);
    QVERIFY(r.warnings(QStringLiteral("v.json")).first().contains(QStringLiteral("workloads[0].sleepyness")));
}

QTEST_GUILESS_MAIN(TestProfileLoader)
#include "tst_profile_loader.moc"
