// Proves the mechanism every test executable links (support/FailOnWarnings): a Qt warning or
// critical during a test fails exactly that test; expected warnings, debug and info do not.
#include <QProcess>
#include <QTest>

class TestFailOnWarnings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void outcomeOfEachProbe_data();
    void outcomeOfEachProbe();
};

void TestFailOnWarnings::outcomeOfEachProbe_data()
{
    QTest::addColumn<QString>("function");
    QTest::addColumn<int>("failures");
    QTest::addColumn<QString>("failedRow"); // the data row named as failed, if any
    QTest::newRow("clean") << "clean" << 0 << QString();
    QTest::newRow("warning") << "emitsWarning" << 1 << QString();
    QTest::newRow("critical") << "emitsCritical" << 1 << QString();
    QTest::newRow("warning from a thread") << "emitsWarningFromAThread" << 1 << QString();
    QTest::newRow("expected warning") << "expectsItsWarning" << 0 << QString();
    QTest::newRow("debug and info") << "emitsDebugAndInfo" << 0 << QString();
    QTest::newRow("one data row of three") << "warnsInOneRow" << 1 << "warnsInOneRow(warns)";
}

void TestFailOnWarnings::outcomeOfEachProbe()
{
    QFETCH(QString, function);
    QFETCH(int, failures);
    QFETCH(QString, failedRow);
    QProcess probe;
    probe.setProcessChannelMode(QProcess::MergedChannels);
    probe.start(QStringLiteral(WARNING_PROBE), {function});
    QVERIFY2(probe.waitForFinished(30000), "the probe did not finish");
    const QString output = QString::fromLocal8Bit(probe.readAll());
    QCOMPARE(probe.exitStatus(), QProcess::NormalExit);
    QVERIFY2(probe.exitCode() == failures, qPrintable(output));
    const QString failed = QStringLiteral("FAIL!  : WarningProbe::") + (failedRow.isEmpty() ? function : failedRow);
    QVERIFY2(output.contains(failed) == (failures > 0), qPrintable(output));
    QVERIFY2(output.count(QStringLiteral("FAIL!")) == failures, qPrintable(output));
    if (failures)
        QVERIFY2(output.contains(QStringLiteral("Received a warning that resulted in a failure")), qPrintable(output));
}

QTEST_GUILESS_MAIN(TestFailOnWarnings)
#include "tst_fail_on_warnings.moc"
