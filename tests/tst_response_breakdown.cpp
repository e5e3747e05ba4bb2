// The Overview's table of response checks and per-URL figures, from a real run in the window.
#include "gui/MainWindow.h"
#include "gui/ResponseBreakdownModel.h"
#include "gui/ResponseBreakdownView.h"
#include "gui/StateCountsModel.h"
#include "support/ProfileJson.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace coroscope;

class TestResponseBreakdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void shownOnlyForWorkloadsThatHaveIt();
};

void TestResponseBreakdown::shownOnlyForWorkloadsThatHaveIt()
{
    MainWindow w;
    auto *view = w.findChild<ResponseBreakdownView *>();
    QVERIFY(view);
    ResponseBreakdownModel *m = view->breakdown();
    QAbstractItemModelTester tester(m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.show();
    QVERIFY(!view->isVisible());
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"b","workloads":[
        {"type":"sleep","name":"s","tasks":3,"delayMs":1},
        {"type":"http-fanout","name":"api","urls":["builtin:/status/200","builtin:/status/418"],"requests":10,
         "concurrency":2,"checks":{"status":[200]}}]})"));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(m->rowCount(), 3, 5000); // one check, two URLs; the sleep workload has none
    QVERIFY(view->isVisible());
    const auto cell = [m](int row, int column) { return m->data(m->index(row, column)).toString(); };
    QCOMPARE(cell(0, ResponseBreakdownModel::Workload), QStringLiteral("api"));
    QCOMPARE(cell(0, ResponseBreakdownModel::Item), QStringLiteral("check status"));
    QCOMPARE(cell(0, ResponseBreakdownModel::Passed), QStringLiteral("5"));
    QCOMPARE(cell(0, ResponseBreakdownModel::Failed), QStringLiteral("5"));
    QCOMPARE(cell(2, ResponseBreakdownModel::Item), QStringLiteral("builtin:/status/418"));
    QCOMPARE(cell(2, ResponseBreakdownModel::Failed), QStringLiteral("5"));
    QVERIFY(!cell(1, ResponseBreakdownModel::P95).isEmpty());
    // A profile without checks or several URLs: the table goes away again.
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"n","workloads":[{"type":"sleep","name":"s","tasks":2,"delayMs":1}]})"));
    w.startRun();
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(m->rowCount(), 0, 5000);
    QVERIFY(!view->isVisible());
}

QTEST_MAIN(TestResponseBreakdown)
#include "tst_response_breakdown.moc"
