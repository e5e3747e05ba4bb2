#include "cli/CommandLine.h"

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
    const auto c = CommandLine::parse({QStringLiteral("coroscope"), QStringLiteral("--headless"), QStringLiteral("p.json"),
                                       QStringLiteral("--duration"), QStringLiteral("2m"), QStringLiteral("--report=r.json"),
                                       QStringLiteral("--csv"), QStringLiteral("c.csv"), QStringLiteral("--junit"),
                                       QStringLiteral("j.xml"), QStringLiteral("--quiet"), QStringLiteral("--lang"),
                                       QStringLiteral("zh_CN")});
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

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
