// Fails on purpose: tst_fail_on_warnings runs single functions of it and checks the outcome.
#include <QTest>

#include <thread>

class WarningProbe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clean() { QVERIFY(true); }
    void emitsWarning() { qWarning("a warning nobody expected"); }
    void emitsCritical() { qCritical("a critical message nobody expected"); }
    void emitsWarningFromAThread()
    {
        std::thread t([] { qWarning("a warning from another thread"); });
        t.join();
    }
    void expectsItsWarning()
    {
        QTest::ignoreMessage(QtWarningMsg, "an expected warning");
        qWarning("an expected warning");
    }
    void emitsDebugAndInfo()
    {
        qDebug("debug output is not a failure");
        qInfo("nor is info");
    }
    void warnsInOneRow_data()
    {
        QTest::addColumn<bool>("warn");
        QTest::newRow("quiet") << false;
        QTest::newRow("warns") << true;
        QTest::newRow("quiet again") << false;
    }
    void warnsInOneRow()
    {
        QFETCH(bool, warn);
        if (warn)
            qWarning("a warning in one data row");
    }
};

QTEST_GUILESS_MAIN(WarningProbe)
#include "warning_probe.moc"
