// The window's side of http-fanout's checks and data files: the Overview's table of checks and per-URL
// figures from a real run, and the editor's fields for the new keys, round-tripped through a file.
#include "gui/MainWindow.h"
#include "gui/ResponseBreakdownModel.h"
#include "gui/ResponseBreakdownView.h"
#include "gui/StateCountsModel.h"
#include "gui/WorkloadsEditor.h"
#include "profile/ProfileLoader.h"
#include "support/ProfileJson.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

class TestResponseBreakdown : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void shownOnlyForWorkloadsThatHaveIt();
    void editorRoundTripsChecksAndDataFile();
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

void TestResponseBreakdown::editorRoundTripsChecksAndDataFile()
{
    // A profile with a data file beside it (a relative path) opens valid, shows every new key, and
    // saves what was shown plus one edit.
    QTemporaryDir dir;
    QFile rows(dir.filePath(QStringLiteral("rows.csv")));
    QVERIFY(rows.open(QIODevice::WriteOnly));
    rows.write("user\nann\n");
    rows.close();
    const QString path = dir.filePath(QStringLiteral("p.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schemaVersion":1,"name":"rt","workloads":[{"type":"http-fanout","name":"api",
        "url":"builtin:/echo/{user}","dataFile":"rows.csv","dataOrder":"random",
        "checks":{"status":[200,204],"header":{"Content-Type":"json"},"bodyContains":"{user}","maxBodyBytes":4096}}]})");
    f.close();
    MainWindow w;
    QVERIFY(w.openProfile(path));
    QVERIFY2(w.startBlockedReason().isEmpty(), qPrintable(w.startBlockedReason()));
    WorkloadsEditor *editor = w.workloadsEditor();
    const auto text = [editor](const char *key) {
        return qobject_cast<QLineEdit *>(editor->field(QLatin1String(key)))->text();
    };
    QCOMPARE(text("dataFile"), QStringLiteral("rows.csv"));
    QCOMPARE(qobject_cast<QComboBox *>(editor->field(QStringLiteral("dataOrder")))->currentText(),
             QStringLiteral("random"));
    QCOMPARE(text("checks.bodyContains"), QStringLiteral("{user}"));
    QCOMPARE(qobject_cast<QSpinBox *>(editor->field(QStringLiteral("checks.maxBodyBytes")))->value(), 4096);
    QVERIFY(text("checks.status").contains(QStringLiteral("204")));
    auto *body = qobject_cast<QLineEdit *>(editor->field(QStringLiteral("checks.bodyContains")));
    body->setFocus();
    QTest::keyClick(body, Qt::Key_End);
    QTest::keyClicks(body, QStringLiteral("!"));
    QVERIFY(w.saveProfileAs(path));

    const auto saved = ProfileLoader::loadFile(path);
    QVERIFY(saved.ok());
    const QJsonObject api = saved.spec->workloads[0].params;
    const QJsonObject checks = api.value(QStringLiteral("checks")).toObject();
    QCOMPARE(checks.value(QStringLiteral("bodyContains")).toString(), QStringLiteral("{user}!"));
    QCOMPARE(checks.value(QStringLiteral("status")).toArray(), (QJsonArray{200, 204}));
    QCOMPARE(checks.value(QStringLiteral("header")).toObject().value(QStringLiteral("Content-Type")).toString(),
             QStringLiteral("json"));
    QCOMPARE(checks.value(QStringLiteral("maxBodyBytes")).toInt(), 4096);
    QCOMPARE(api.value(QStringLiteral("dataFile")).toString(), QStringLiteral("rows.csv"));
    QCOMPARE(api.value(QStringLiteral("dataOrder")).toString(), QStringLiteral("random"));
}

QTEST_MAIN(TestResponseBreakdown)
#include "tst_response_breakdown.moc"
