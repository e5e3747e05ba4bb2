// The window's side of the load's shape: the live-change bar, its annotations and report entry,
// the rules' live states, and "Find max rate…".
#include "LiveChangeSteps.h"
#include "cli/MaxRateSearch.h"
#include "core/Run.h"
#include "gui/ChartsPage.h"
#include "gui/LiveChangeBar.h"
#include "gui/MainWindow.h"
#include "gui/MaxRateChart.h"
#include "gui/MaxRateDialog.h"
#include "gui/RulesPanel.h"
#include "gui/RunShapeControls.h"
#include "gui/TimeSeriesChart.h"
#include "support/ProfileJson.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

class TestShapeWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveChangeFromTheWindowIsAppliedAnnotatedAndReported();
    void rulesShowTheirLiveState();
    void findMaxRateDialogDrawsTheCurve();
};

void TestShapeWindow::liveChangeFromTheWindowIsAppliedAnnotatedAndReported()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion": 1, "name": "live", "run": {"durationSeconds": 3},
        "workloads": [{"type": "http-fanout", "name": "api", "url": "builtin:/delay?ms=1", "ratePerSecond": 20,
                       "concurrency": 16, "requests": 0}]})"));
    w.show();
    LiveChangeBar *bar = w.shapeControls()->liveChangeBar();
    QVERIFY(!bar->isEnabled()); // nothing runs yet
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QVERIFY(w.isRunning());
    QVERIFY(bar->isEnabled());
    QCOMPARE(bar->workloadBox()->currentText(), QStringLiteral("api"));
    QCOMPARE(bar->keyBox()->count(), 1);
    QCOMPARE(LiveKey(bar->keyBox()->currentData().toInt()), LiveKey::Rate);
    // The current value is offered; the throughput chart gets the change as a marker.
    testing::applyFromLiveBar(w, 20, 250, QStringLiteral("20 → 250"));
    if (QTest::currentTestFailed())
        return;
    QVERIFY(finished.wait(20'000));
    QVERIFY(!bar->isEnabled());
    const SnapshotPtr last = finished.first().first().value<SnapshotPtr>();
    QCOMPARE(last->workloads.front().loadTarget, 250.0);
    QTemporaryDir dir;
    QString error;
    const QString path = dir.filePath(QStringLiteral("report.json"));
    QVERIFY2(w.writeReport(path, false, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray changes = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("changes")).toArray();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().toObject().value(QStringLiteral("new")).toDouble(), 250.0);
    QCOMPARE(changes.first().toObject().value(QStringLiteral("old")).toDouble(), 20.0);
}

void TestShapeWindow::rulesShowTheirLiveState()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion": 1, "name": "rules", "run": {"durationSeconds": 2.5},
        "workloads": [{"type": "http-fanout", "name": "api", "url": "builtin:/delay?ms=1", "concurrency": 2,
                       "requests": 0}],
        "rules": [{"workload": "api", "metric": "failed", "op": "<", "value": 1},
                  {"workload": "api", "metric": "failed", "op": "<", "value": 1, "afterSeconds": 60}]})"));
    w.show();
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QListWidget *list = w.findChild<RulesPanel *>()->list();
    QCOMPARE(list->count(), 2);
    // Judged every second: the first rule passes live, the second waits for its 60 s.
    QTRY_VERIFY_WITH_TIMEOUT(list->item(0)->text().startsWith(QStringLiteral("pass")), 5000);
    QVERIFY2(list->item(1)->text().contains(QStringLiteral("not yet judged")), qPrintable(list->item(1)->text()));
    QVERIFY(finished.wait(20'000));
    QVERIFY2(list->item(0)->text().startsWith(QStringLiteral("PASS")), qPrintable(list->item(0)->text()));
}

void TestShapeWindow::findMaxRateDialogDrawsTheCurve()
{
    MainWindow w;
    // 2 slots of 20 ms: 100/s at most; a first step at 50/s is good, 100/s or 200/s is not.
    w.setRunSpec(testing::specOf(R"({"schemaVersion": 1, "name": "knee", "workloads": [
        {"type": "http-fanout", "name": "api", "url": "builtin:/work?ms=20&slots=2", "concurrency": 32,
         "ratePerSecond": 50, "requests": 0}]})"));
    w.show();
    QAction *action = w.shapeControls()->findMaxRateAction();
    QVERIFY(action->isEnabled());
    action->trigger();
    auto *dialog = w.findChild<MaxRateDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->workloadBox()->currentText(), QStringLiteral("api"));
    dialog->p99Box()->setValue(200);
    dialog->stepSecondsBox()->setValue(0.5);
    QTest::mouseClick(dialog->startButton(), Qt::LeftButton);
    QVERIFY(dialog->search()->isRunning());
    QVERIFY(!dialog->startButton()->isEnabled());
    // The window's thread runs the steps: the curve grows while the event loop keeps turning. How
    // many steps there are depends on the machine's load (a loaded generator's step is not good).
    QTRY_VERIFY_WITH_TIMEOUT(dialog->chart()->pointCount() >= 1, 30'000);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->search()->isRunning(), 120'000);
    QVERIFY(!dialog->search()->steps().isEmpty());
    QCOMPARE(dialog->chart()->pointCount(), dialog->search()->steps().size());
    const QString result = dialog->resultLabel()->text();
    if (dialog->search()->maxRate() > 0)
        QVERIFY2(result == QStringLiteral("max rate: %1/s").arg(dialog->search()->maxRate(), 0, 'f', 1),
                 qPrintable(result));
    else
        QVERIFY2(result.startsWith(QStringLiteral("No rate met")), qPrintable(result));
    QVERIFY(dialog->startButton()->isEnabled());
    dialog->close();
}

QTEST_MAIN(TestShapeWindow)
#include "tst_shape_window.moc"
