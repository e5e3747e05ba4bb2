#include "cli/CommandLine.h"
#include "cli/HeadlessRunner.h"
#include "cli/SummaryTable.h"

#include <QTest>

using namespace coroscope;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void durations_data();
    void durations();
    void flags();
    void errors_data();
    void errors();
    void startFlag();
    void descriptorWarning();
    void displayWidth_data();
    void displayWidth();
    void summaryColumnsAlignInTerminalColumns();
};

void TestCommandLine::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("seconds");
    QTest::newRow("seconds") << "30s" << 30.0;
    QTest::newRow("minutes") << "2m" << 120.0;
    QTest::newRow("millis") << "500ms" << 0.5;
    QTest::newRow("hours") << "1h" << 3600.0;
    QTest::newRow("bare") << "12" << 12.0;
    QTest::newRow("fraction") << "1.5s" << 1.5;
    QTest::newRow("garbage") << "soon" << -1.0;
    QTest::newRow("negative") << "-3s" << -1.0;
}

void TestCommandLine::durations()
{
    QFETCH(QString, text);
    QFETCH(double, seconds);
    const auto d = CommandLine::parseDuration(text);
    if (seconds < 0)
        QVERIFY(!d);
    else
        QCOMPARE(*d, seconds);
}

void TestCommandLine::flags()
{
    const auto c = CommandLine::parse({QStringLiteral("coroscope"), QStringLiteral("--headless"),
                                       QStringLiteral("p.json"), QStringLiteral("--duration"), QStringLiteral("2m"),
                                       QStringLiteral("--report=r.json"), QStringLiteral("--csv"),
                                       QStringLiteral("c.csv"), QStringLiteral("--junit"), QStringLiteral("j.xml"),
                                       QStringLiteral("--quiet"), QStringLiteral("--lang"), QStringLiteral("zh_CN")});
    QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
    QVERIFY(c.headless);
    QVERIFY(c.quiet);
    QCOMPARE(c.profile, QStringLiteral("p.json"));
    QCOMPARE(*c.durationSeconds, 120.0);
    QCOMPARE(c.reportFile, QStringLiteral("r.json"));
    QCOMPARE(c.csvFile, QStringLiteral("c.csv"));
    QCOMPARE(c.junitFile, QStringLiteral("j.xml"));
    QCOMPARE(c.language, QStringLiteral("zh_CN"));
}

void TestCommandLine::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no profile") << QStringList{"--headless"} << "--headless needs a PROFILE.json";
    QTest::newRow("unknown flag") << QStringList{"--headless", "p.json", "--fast"} << "unknown option --fast";
    QTest::newRow("missing value") << QStringList{"--headless", "p.json", "--report"} << "--report needs a value";
    QTest::newRow("bad duration") << QStringList{"--headless", "p.json", "--duration", "later"}
                                  << "--duration: expected a positive duration";
    QTest::newRow("two profiles") << QStringList{"a.json", "b.json"} << "one profile only";
}

void TestCommandLine::errors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const auto c = CommandLine::parse(QStringList{QStringLiteral("coroscope")} + args);
    QVERIFY2(c.error.contains(expected), qPrintable(c.error));
}

void TestCommandLine::startFlag()
{
    const QString bin = QStringLiteral("coroscope");
    QVERIFY(!CommandLine::parse({bin, QStringLiteral("p.json")}).startsAtOnce());
    QVERIFY(CommandLine::parse({bin, QStringLiteral("p.json"), QStringLiteral("--start")}).startsAtOnce());
    QVERIFY(CommandLine::parse({bin, QStringLiteral("--exit-when-done")}).startsAtOnce());
    QVERIFY(CommandLine::helpText().contains(QStringLiteral("--start")));
}

void TestCommandLine::descriptorWarning()
{
    QVERIFY(HeadlessRunner::descriptorWarning(100, 1024).isEmpty());
    QVERIFY(HeadlessRunner::descriptorWarning(1024, 1024).isEmpty());
    QVERIFY(HeadlessRunner::descriptorWarning(5000, -1).isEmpty()); // unlimited or unknown
    const QString w = HeadlessRunner::descriptorWarning(2002, 1024);
    QVERIFY2(w.contains(QStringLiteral("2002")) && w.contains(QStringLiteral("1024")), qPrintable(w));
}

void TestCommandLine::displayWidth_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("columns");
    QTest::newRow("ascii") << "p95 ms" << 6;
    QTest::newRow("chinese") << QStringLiteral("\u5de5\u4f5c\u8d1f\u8f7d") << 8;
    QTest::newRow("mixed") << QStringLiteral("p95 \u6beb\u79d2") << 8;
    QTest::newRow("fullwidth parenthesis") << QStringLiteral("\uff08s\uff09") << 5;
    QTest::newRow("empty") << QString() << 0;
}

void TestCommandLine::displayWidth()
{
    QFETCH(QString, text);
    QFETCH(int, columns);
    QCOMPARE(SummaryTable::displayWidth(text), qsizetype(columns));
}

void TestCommandLine::summaryColumnsAlignInTerminalColumns()
{
    RunSpec spec;
    spec.name = QStringLiteral("p");
    Snapshot s;
    s.elapsedNs = 2'000'000'000;
    for (const QString &name : {QStringLiteral("\u961f\u5217"), QStringLiteral("api")}) {
        WorkloadSnapshot w;
        w.name = name;
        w.type = QStringLiteral("sleep");
        w.counts[stateIndex(TaskState::Succeeded)] = 7;
        w.latency.p50Ms = name == QStringLiteral("api") ? 123.456 : 0.5;
        w.latency.p95Ms = 2;
        w.finishedAtSeconds = 1.5;
        s.workloads.push_back(w);
    }
    const QStringList lines = SummaryTable::render(spec, s, false, {}).split(u'\n');
    // Header, two workloads, total: every line of the table has its p50 column ending at one terminal column.
    QVERIFY(lines.size() > 4);
    QList<qsizetype> ends;
    for (int i = 1; i <= 3; ++i) {
        const QStringList cells = lines[i].split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY(cells.size() >= 2);
        ends << SummaryTable::displayWidth(lines[i]);
    }
    QCOMPARE(ends[1], ends[2]); // the two workload rows end in the same column
    // One precision per column: 0.500 and 123.456 both with three decimals.
    QVERIFY2(lines[2].contains(QStringLiteral(" 0.500 ")), qPrintable(lines[2]));
    QVERIFY2(lines[3].contains(QStringLiteral(" 123.456 ")), qPrintable(lines[3]));
    const qsizetype wideAt = SummaryTable::displayWidth(lines[2].left(lines[2].indexOf(QStringLiteral("0.500"))));
    const qsizetype asciiAt = SummaryTable::displayWidth(lines[3].left(lines[3].indexOf(QStringLiteral("123.456"))));
    QCOMPARE(wideAt + 5, asciiAt + 7); // right-aligned: the numbers end in the same terminal column
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
