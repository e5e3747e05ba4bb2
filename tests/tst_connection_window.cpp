// The window's live control on a connection workload: the bar offers an echo workload's connections
// as a whole number and changes them while it runs; the charts mark the change and draw the target.
#include "LiveChangeSteps.h"
#include "gui/ChartsPage.h"
#include "gui/LiveChangeBar.h"
#include "gui/MainWindow.h"
#include "gui/RunShapeControls.h"
#include "gui/TimeSeriesChart.h"
#include "support/ProfileJson.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace coroscope;

class TestConnectionWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectionsChangeFromTheWindow();
};

void TestConnectionWindow::connectionsChangeFromTheWindow()
{
    MainWindow window;
    window.setRunSpec(testing::specOf(R"({"schemaVersion": 1, "name": "chat", "run": {"durationSeconds": 2.5},
        "workloads": [{"type": "echo", "name": "chat", "connections": 2, "messagesPerConnection": 0,
                       "thinkTimeMs": 30}]})"));
    window.show();
    QSignalSpy runEnded(&window, &MainWindow::runFinished);
    window.startRun();
    LiveChangeBar *liveBar = window.shapeControls()->liveChangeBar();
    QVERIFY(liveBar->isEnabled());
    QCOMPARE(liveBar->workloadBox()->currentText(), QStringLiteral("chat"));
    QCOMPARE(LiveKey(liveBar->keyBox()->currentData().toInt()), LiveKey::Connections);
    QCOMPARE(liveBar->valueBox()->decimals(), 0); // connections are whole
    testing::applyFromLiveBar(window, 2, 7, QStringLiteral("chat connections: 2 → 7"));
    if (QTest::currentTestFailed())
        return;
    QVERIFY(runEnded.wait(20'000));
    const SnapshotPtr last = runEnded.first().first().value<SnapshotPtr>();
    QCOMPARE(last->workloads.front().loadTarget, 7.0);
    QCOMPARE(last->workloads.front().gauges.value(Gauge::ConnectionsClosed), 7.0);
    // The workload's dashed target line went from 2 to 7 connections (on the right axis).
    TimeSeriesChart *chart = window.chartsPage()->throughputChart();
    chart->setSource(QStringLiteral("chat"));
    chart->refresh();
    const QList<QPointF> target = chart->drawnPoints(ChartsPage::TargetWorkers);
    QVERIFY(!target.isEmpty());
    QCOMPARE(target.first().y(), 2.0);
    const auto highest = std::max_element(target.begin(), target.end(),
                                          [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
    QCOMPARE(highest->y(), 7.0);
}

QTEST_MAIN(TestConnectionWindow)
#include "tst_connection_window.moc"
