#include "cli/CommandLine.h"
#include "cli/HeadlessRunner.h"
#include "cli/SummaryTable.h"

#include "support/DataRows.h"

#include <QTest>

using namespace coroscope;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void durations_data()
    {
        testing::DataRows<QString, double>("text", "seconds")
            .row("seconds", "30s", 30.0)
            .row("minutes", "2m", 120.0)
            .row("millis", "500ms", 0.5)
            .row("hours", "1h", 3600.0)
            .row("bare", "12", 12.0)
            .row("fraction", "1.5s", 1.5)
            .row("garbage", "soon", -1.0)
            .row("negative", "-3s", -1.0);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(double, seconds);
        const auto d = CommandLine::parseDuration(text);
        if (seconds < 0)
            QVERIFY(!d);
        else
            QCOMPARE(*d, seconds);
    }

    void flags()
    {
        const auto c = CommandLine::parse(
            {QStringLiteral("coroscope"), QStringLiteral("--headless"), QStringLiteral("p.json"),
             QStringLiteral("--duration"), QStringLiteral("2m"), QStringLiteral("--report=r.json"),
             QStringLiteral("--csv"), QStringLiteral("c.csv"), QStringLiteral("--junit"), QStringLiteral("j.xml"),
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

    void errors_data()
    {
        testing::DataRows<QStringList, QString>("args", "expected")
            .row("no profile", QStringList{"--headless"}, "--headless needs a PROFILE.json")
            .row("unknown flag", QStringList{"--headless", "p.json", "--fast"}, "unknown option --fast")
            .row("missing value", QStringList{"--headless", "p.json", "--report"}, "--report needs a value")
            .row("bad duration", QStringList{"--headless", "p.json", "--duration", "later"},
                 "--duration: expected a positive duration")
            .row("two profiles", QStringList{"a.json", "b.json"}, "one profile only");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto c = CommandLine::parse(QStringList{QStringLiteral("coroscope")} + args);
        QVERIFY2(c.error.contains(expected), qPrintable(c.error));
    }

    void startFlag()
    {
        const QString bin = QStringLiteral("coroscope");
        QVERIFY(!CommandLine::parse({bin, QStringLiteral("p.json")}).startsAtOnce());
        QVERIFY(CommandLine::parse({bin, QStringLiteral("p.json"), QStringLiteral("--start")}).startsAtOnce());
        QVERIFY(CommandLine::parse({bin, QStringLiteral("--exit-when-done")}).startsAtOnce());
        QVERIFY(CommandLine::helpText().contains(QStringLiteral("--start")));
    }

    void descriptorWarning()
    {
        QVERIFY(HeadlessRunner::descriptorWarning(100, 1024).isEmpty());
        QVERIFY(HeadlessRunner::descriptorWarning(1024, 1024).isEmpty());
        QVERIFY(HeadlessRunner::descriptorWarning(5000, -1).isEmpty()); // unlimited or unknown
        const QString w = HeadlessRunner::descriptorWarning(2002, 1024);
        QVERIFY2(w.contains(QStringLiteral("2002")) && w.contains(QStringLiteral("1024")), qPrintable(w));
    }

    void displayWidth_data()
    {
        testing::DataRows<QString, int>("text", "columns")
            .row("ascii", "p95 ms", 6)
            .row("chinese", QStringLiteral("\u5de5\u4f5c\u8d1f\u8f7d"), 8)
            .row("mixed", QStringLiteral("p95 \u6beb\u79d2"), 8)
            .row("fullwidth parenthesis", QStringLiteral("\uff08s\uff09"), 5)
            .row("empty", QString(), 0);
    }

    void displayWidth()
    {
        QFETCH(QString, text);
        QFETCH(int, columns);
        QCOMPARE(SummaryTable::displayWidth(text), qsizetype(columns));
    }

    void summaryColumnsAlignInTerminalColumns()
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
        const qsizetype asciiAt =
            SummaryTable::displayWidth(lines[3].left(lines[3].indexOf(QStringLiteral("123.456"))));
        QCOMPARE(wideAt + 5, asciiAt + 7); // right-aligned: the numbers end in the same terminal column
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
