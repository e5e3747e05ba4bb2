// What the window shows during and after a run, checked offscreen: the charts (history per workload,
// interval latency, scales), the Overview's figures, the status bar, opening idle.
#include "gui/ChartsPage.h"
#include "gui/LatencyHistogramChart.h"
#include "gui/MainWindow.h"
#include "gui/RunStatusLabels.h"
#include "gui/StateCountsModel.h"
#include "gui/TaskTableModel.h"
#include "gui/TaskTablePage.h"
#include "gui/TimeSeriesChart.h"
#include "gui/WorkloadsEditor.h"
#include "profile/ProfileLoader.h"
#include "support/ProfileJson.h"

#include "support/DataRows.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace coroscope;

class TestWindowFigures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void opensIdleWithStartFocusedAndTheDescriptionShown();
    void selectingAWorkloadKeepsItsChartHistory();
    void latencyChartShowsTheLastIntervalOrTheWholeRun();
    void latencyIsNotDrawnBeforeATaskFinished();
    void percentileLinesHaveDistinctStylesAndP95();
    void tasksNotSucceededHaveTheirOwnScale();
    void queueServiceHasItsOwnAxisAboveTheFold();
    void queueChartsComeFirstWhenAQueueIsSelected();
    void histogramLabelsEveryDecadeAndCountsWholeSteps_data();
    void histogramLabelsEveryDecadeAndCountsWholeSteps();
    void overviewShowsFinishTimesAndRatesOverActiveTime();
    void figuresDoNotGoStaleAfterTheRun();
    void recentTaskRingSizeIsASettingForTheNextRun();
};

namespace {

LatencySummary latency(qint64 count, double p50, double p90, double p95, double p99)
{
    LatencySummary l;
    l.count = count;
    l.p50Ms = p50;
    l.p90Ms = p90;
    l.p95Ms = p95;
    l.p99Ms = p99;
    return l;
}

// A snapshot of one workload "w" at `seconds`.
SnapshotPtr snapshotAt(double seconds, const LatencySummary &interval, const LatencySummary &cumulative)
{
    auto s = std::make_shared<Snapshot>();
    s->elapsedNs = qint64(seconds * 1e9);
    s->running = true;
    WorkloadSnapshot w;
    w.name = QStringLiteral("w");
    w.type = QStringLiteral("sleep");
    w.intervalLatency = interval;
    w.latency = cumulative;
    s->workloads.push_back(w);
    return s;
}

} // namespace

void TestWindowFigures::opensIdleWithStartFocusedAndTheDescriptionShown()
{
    // What `coroscope PROFILE.json` does without --start: the profile is shown, nothing runs.
    MainWindow w;
    QVERIFY(w.openProfile(QStringLiteral(":/profiles/scenario-1-gather-vs-sequential.json")));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QApplication::setActiveWindow(&w);
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));
    QVERIFY(!w.isRunning());
    QVERIFY(start->isEnabled());
    QTRY_COMPARE(QApplication::focusWidget(), start);
    // Opened again from the menu while the editor had the focus: Start has it again.
    w.workloadsEditor()->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setFocus();
    QTRY_VERIFY(QApplication::focusWidget() != start);
    QVERIFY(w.openProfile(QStringLiteral(":/profiles/scenario-1-gather-vs-sequential.json")));
    QTRY_COMPARE(QApplication::focusWidget(), start);
    QTest::qWait(300);
    QVERIFY(!w.isRunning()); // still idle: opening never starts load
    QCOMPARE(w.findChild<QLabel *>(QStringLiteral("stateLabel"))->text(), QStringLiteral("Idle"));
    // The description is on screen, not only in a tooltip.
    auto *description = w.findChild<QLabel *>(QStringLiteral("descriptionLabel"));
    QVERIFY(description);
    QVERIFY(description->isVisible());
    QCOMPARE(description->text(), w.runSpec()->description);
    QVERIFY(description->text().contains(QStringLiteral("FIRST_COMPLETED")));
    // The scripted start (`--start`) is the public slot.
    w.startRun();
    QVERIFY(w.isRunning());
    w.cancelAll();
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 10000);
}

void TestWindowFigures::selectingAWorkloadKeepsItsChartHistory()
{
    // Long enough (about half a second) for several snapshots even on a loaded machine, where a
    // snapshot round waits for every loop thread's answer and a late one skips a tick.
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"two","workloads":[
        {"type":"sleep","name":"a","tasks":1000,"concurrency":10,"delayMs":{"dist":"uniform","min":2,"max":6}},
        {"type":"sleep","name":"b","tasks":1000,"concurrency":10,"delayMs":{"dist":"uniform","min":2,"max":6}}]})"));
    w.show();
    w.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QVERIFY(finished.wait(20000));
    TimeSeriesChart *throughput = w.chartsPage()->throughputChart();
    TimeSeriesChart *latencyChart = w.chartsPage()->latencyChart();
    const qsizetype frames = w.chartsPage()->statesChart()->pointCount(0);
    QVERIFY2(frames >= 3, qPrintable(QString::number(frames)));
    // Selected after the run: the whole run of that workload, not a restart from the click.
    w.workloadsEditor()->setCurrentIndex(1);
    QCOMPARE(w.selectedWorkload(), QStringLiteral("b"));
    QCOMPARE(throughput->pointCount(1), frames);
    QCOMPARE(throughput->drawnPoints(1).size(), frames);
    QVERIFY(latencyChart->pointCount(ChartsPage::P99) >= 2);
    w.workloadsEditor()->setCurrentIndex(0);
    QCOMPARE(throughput->pointCount(1), frames);
    // Bounded: one set of rings per workload (and per latency mode), each capped.
    QVERIFY(throughput->sourceCount() <= 3);
    QVERIFY(latencyChart->sourceCount() <= 6);
    QVERIFY(throughput->pointCount(1) <= throughput->capacity());
}

void TestWindowFigures::latencyChartShowsTheLastIntervalOrTheWholeRun()
{
    ChartsPage page;
    page.selectWorkload(QStringLiteral("w"));
    // A slowdown in the last interval: p99 100 ms in it, 12 ms over the whole run.
    page.plot(snapshotAt(0.1, latency(50, 5, 8, 9, 10), latency(50, 5, 8, 9, 10)), 0);
    page.plot(snapshotAt(0.2, latency(50, 60, 80, 90, 100), latency(100, 6, 9, 10, 12)), 0);
    QVERIFY(!page.isCumulativeLatency()); // per interval by default
    page.refresh();
    TimeSeriesChart *chart = page.latencyChart();
    QCOMPARE(chart->drawnPoints(ChartsPage::P99).constLast().y(), 100.0);
    QCOMPARE(chart->drawnPoints(ChartsPage::P95).constLast().y(), 90.0);
    page.cumulativeCheck()->setChecked(true);
    QVERIFY(page.isCumulativeLatency());
    page.refresh();
    QCOMPARE(chart->drawnPoints(ChartsPage::P99).constLast().y(), 12.0);
    QCOMPARE(chart->drawnPoints(ChartsPage::P95).constLast().y(), 10.0);
    QCOMPARE(chart->drawnPoints(ChartsPage::P99).size(), 2);
}

void TestWindowFigures::latencyIsNotDrawnBeforeATaskFinished()
{
    ChartsPage page;
    page.selectWorkload(QStringLiteral("w"));
    for (int i = 1; i <= 3; ++i)
        page.plot(snapshotAt(0.1 * i, LatencySummary{}, LatencySummary{}), 0);
    page.refresh();
    // No task finished: no point at all, rather than a line at 0 ms.
    for (int series = ChartsPage::P50; series <= ChartsPage::P99; ++series)
        QCOMPARE(page.latencyChart()->drawnPoints(series).size(), 0);
    page.plot(snapshotAt(0.4, latency(1, 3, 3, 3, 3), latency(1, 3, 3, 3, 3)), 0);
    page.refresh();
    QCOMPARE(page.latencyChart()->drawnPoints(ChartsPage::P50).size(), 1);
    QCOMPARE(page.latencyChart()->drawnPoints(ChartsPage::P50).constFirst(), QPointF(0.4, 3));
}

void TestWindowFigures::percentileLinesHaveDistinctStylesAndP95()
{
    ChartsPage page;
    TimeSeriesChart *chart = page.latencyChart();
    QCOMPARE(chart->seriesName(ChartsPage::P95), QStringLiteral("p95"));
    // p90 and p99 often lie close together: one must not hide the other.
    const QPen p90 = chart->seriesPen(ChartsPage::P90), p99 = chart->seriesPen(ChartsPage::P99);
    QVERIFY(p90.style() != p99.style() || p90.widthF() != p99.widthF());
    QVERIFY(p90.widthF() < p99.widthF());
}

void TestWindowFigures::tasksNotSucceededHaveTheirOwnScale()
{
    ChartsPage page;
    auto s = std::make_shared<Snapshot>();
    s->elapsedNs = 600'000'000'000; // ten minutes in
    s->totals[stateIndex(TaskState::Succeeded)] = 1'000'000;
    s->totals[stateIndex(TaskState::Running)] = 3;
    s->totals[stateIndex(TaskState::Failed)] = 2;
    s->totals[stateIndex(TaskState::TimedOut)] = 4;
    page.plot(s, 0);
    page.refresh();
    TimeSeriesChart *others = page.notSucceededChart();
    QStringList names;
    for (int i = 0; i < others->seriesCount(); ++i)
        names << others->seriesName(i);
    QVERIFY(!names.contains(QStringLiteral("succeeded")));
    QVERIFY(names.contains(QStringLiteral("timed out")));
    // Scaled to its own figures (4 at most), not to a million: whole steps up to 5.
    QCOMPARE(others->axisTop(), 5.0);
    QVERIFY(page.statesChart()->axisTop() >= 1'000'000);
}

void TestWindowFigures::queueServiceHasItsOwnAxisAboveTheFold()
{
    MainWindow w;
    w.resize(1280, 760);
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"q","workloads":[{"type":"queue","name":"jobs",
        "producers":1,"items":200000,"ratePerSecond":2000,"consumers":2,"work":{"kind":"sleep","ms":1}}]})"));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1);
    w.startRun();
    TimeSeriesChart *times = w.chartsPage()->queueTimesChart();
    QTRY_VERIFY_WITH_TIMEOUT(times->isVisible() && times->pointCount(0) > 3, 10000);
    w.cancelAll();
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 10000);
    // Visible without scrolling: inside the scroll area's viewport as the tab opens.
    QVERIFY(w.chartsPage()->queueChartsFirst());
    auto *scroll = w.chartsPage()->findChild<QScrollArea *>();
    const QRect inViewport(times->mapTo(scroll->viewport(), QPoint(0, 0)), times->size());
    QVERIFY2(scroll->viewport()->rect().contains(inViewport),
             qPrintable(QStringLiteral("chart at %1,%2 %3x%4, viewport %5x%6")
                            .arg(inViewport.x())
                            .arg(inViewport.y())
                            .arg(inViewport.width())
                            .arg(inViewport.height())
                            .arg(scroll->viewport()->width())
                            .arg(scroll->viewport()->height())));
    // Service times (ms of sleep) are scaled on the right axis, not flattened under the wait.
    QVERIFY(times->seriesName(2).contains(QStringLiteral("service")));
    QVERIFY(times->rightAxisTop() > 0);
    double serviceMax = 0;
    for (const QPointF &p : times->drawnPoints(3))
        serviceMax = std::max(serviceMax, p.y());
    QVERIFY(serviceMax > 0);
    QVERIFY2(serviceMax > times->rightAxisTop() / 10,
             qPrintable(QStringLiteral("%1 on an axis to %2").arg(serviceMax).arg(times->rightAxisTop())));
}

void TestWindowFigures::queueChartsComeFirstWhenAQueueIsSelected()
{
    ChartsPage page;
    auto s = std::make_shared<Snapshot>();
    s->elapsedNs = 1'000'000'000;
    WorkloadSnapshot q, other;
    q.name = QStringLiteral("q");
    q.type = QStringLiteral("queue");
    other.name = QStringLiteral("api");
    other.type = QStringLiteral("http-fanout");
    s->workloads = {other, q};
    page.selectWorkload(QStringLiteral("api"));
    page.plot(s, 0);
    QVERIFY(!page.queueChartsFirst()); // the selected workload's charts stay on top
    QVERIFY(!page.queueTimesChart()->isHidden());
    page.selectWorkload(QStringLiteral("q"));
    QVERIFY(page.queueChartsFirst());
    page.selectWorkload(QStringLiteral("api"));
    QVERIFY(!page.queueChartsFirst());
}

void TestWindowFigures::histogramLabelsEveryDecadeAndCountsWholeSteps_data()
{
    testing::DataRows<QList<double>, int>("samplesMs", "decadeLabels")
        .row("1 ms to 10 s", QList<double>{1.5, 20, 300, 4000, 9000}, 5)
        .row("two samples", QList<double>{2, 3}, 2)
        .row("0.01 to 50 ms", QList<double>{0.012, 0.5, 7, 50}, 5);
}

void TestWindowFigures::histogramLabelsEveryDecadeAndCountsWholeSteps()
{
    QFETCH(QList<double>, samplesMs);
    QFETCH(int, decadeLabels);
    LatencyHistogramChart chart;
    LatencyHistogram h;
    for (double ms : samplesMs)
        h.record(qint64(ms * 1e6));
    chart.show(h);
    const QStringList labels = chart.axisLabels();
    // Every power of ten between the fastest and the slowest has its label.
    int decades = 0;
    for (const QString &l : labels) {
        const double v = QLocale().toDouble(l);
        const double exponent = std::log10(v);
        if (std::abs(exponent - std::round(exponent)) < 1e-9)
            ++decades;
    }
    QVERIFY2(decades >= decadeLabels, qPrintable(labels.join(u' ')));
    QVERIFY(QLocale().toDouble(labels.constFirst()) <= samplesMs.constFirst());
    QVERIFY(QLocale().toDouble(labels.constLast()) >= samplesMs.constLast());
    // Counts on whole steps: no grid line at half a task.
    const double step = chart.countAxisTop() / (chart.countAxisTicks() - 1);
    QCOMPARE(step, std::round(step));
}

void TestWindowFigures::overviewShowsFinishTimesAndRatesOverActiveTime()
{
    // Scenario 1's lesson in small: "late" starts 400 ms in and runs 300 ms; over the run's time
    // its rate would look lower than it was.
    MainWindow w;
    QAbstractItemModelTester tester(w.countsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"o","workloads":[
        {"type":"sleep","name":"early","tasks":3,"delayMs":{"dist":"list","values":[100,200,300]}},
        {"type":"sleep","name":"late","tasks":3,"startAfterMs":400,"delayMs":300}]})"));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QVERIFY(finished.wait(10000));
    StateCountsModel *m = w.countsModel();
    const double earlyEnd = m->data(m->index(0, StateCountsModel::FinishedAt)).toDouble();
    const double lateEnd = m->data(m->index(1, StateCountsModel::FinishedAt)).toDouble();
    QVERIFY2(earlyEnd >= 0.29 && earlyEnd < lateEnd, qPrintable(QStringLiteral("%1 %2").arg(earlyEnd).arg(lateEnd)));
    QVERIFY(lateEnd >= 0.69);
    QCOMPARE(m->headerData(StateCountsModel::P95, Qt::Horizontal).toString(), QStringLiteral("p95 ms"));
    // 3 tasks over late's own ~0.3 s, not over the run's ~0.7 s.
    const double lateRate = m->activeRate(1);
    QVERIFY2(lateRate > 3 / lateEnd * 1.5, qPrintable(QString::number(lateRate)));
    QCOMPARE(m->data(m->index(1, StateCountsModel::ActiveRate)).toString(), QString::number(lateRate, 'f', 1));
}

void TestWindowFigures::figuresDoNotGoStaleAfterTheRun()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"stale","workloads":[
        {"type":"sleep","name":"s","tasks":3000,"concurrency":100,"delayMs":{"dist":"uniform","min":1,"max":3}},
        {"type":"sleep","name":"slow","tasks":20,"delayMs":60000}]})"));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    StateCountsModel *m = w.countsModel();
    QTRY_VERIFY_WITH_TIMEOUT(m->rowCount() == 3 && m->data(m->index(0, StateCountsModel::Succeeded)).toLongLong() > 500,
                             10000);
    w.cancelAll();
    QVERIFY(finished.wait(10000));
    // Nothing completes any more: Done/s says 0, though the last second had completions.
    const int total = m->rowCount() - 1;
    QCOMPARE(m->data(m->index(total, StateCountsModel::Rate)).toString(), QStringLiteral("0.0"));
    QCOMPARE(m->data(m->index(0, StateCountsModel::Rate)).toString(), QStringLiteral("0.0"));
    // The status bar counts every task that ended, the cancelled ones too.
    const qint64 cancelled = m->data(m->index(total, StateCountsModel::Cancelled)).toLongLong();
    const qint64 ended = cancelled + m->data(m->index(total, StateCountsModel::Succeeded)).toLongLong() +
                         m->data(m->index(total, StateCountsModel::Failed)).toLongLong() +
                         m->data(m->index(total, StateCountsModel::TimedOut)).toLongLong();
    QVERIFY(cancelled >= 20);
    const QString status = w.statusLabels()->tasksText();
    QVERIFY2(status.contains(QLocale().toString(ended)) || status.contains(QString::number(ended)), qPrintable(status));
    QVERIFY2(status.contains(QLocale().toString(cancelled)), qPrintable(status));
    QVERIFY(!w.statusLabels()->lagText().isEmpty());
    // Another profile: the old run's count and lag go with it.
    w.setRunSpec(
        testing::specOf(R"({"schemaVersion":1,"name":"next","workloads":[{"type":"sleep","tasks":1,"delayMs":1}]})"));
    QVERIFY2(!w.statusLabels()->tasksText().contains(QString::number(cancelled)),
             qPrintable(w.statusLabels()->tasksText()));
    QVERIFY(w.statusLabels()->lagText().isEmpty());
    QCOMPARE(m->rowCount(), 0);
}

void TestWindowFigures::recentTaskRingSizeIsASettingForTheNextRun()
{
    QSettings().clear();
    {
        MainWindow w;
        QSpinBox *ring = w.tasksPage()->recentCapacitySpin();
        QCOMPARE(ring->value(), 1000);
        ring->setValue(150);
        w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"ring","workloads":[
            {"type":"sleep","name":"s","tasks":400,"concurrency":100,"delayMs":1}]})"));
        w.show();
        w.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(2);
        QSignalSpy finished(&w, &MainWindow::runFinished);
        w.startRun();
        QVERIFY(finished.wait(10000));
        w.tasksPage()->refresh();
        QComboBox *states = w.tasksPage()->stateFilter();
        states->setCurrentIndex(states->findText(QStringLiteral("Succeeded")));
        QCOMPARE(w.tasksPage()->model()->rowCount(), 150);
    }
    MainWindow again; // stored: the next session keeps it
    QCOMPARE(again.tasksPage()->recentCapacity(), 150);
    QSettings().clear();
}

QTEST_MAIN(TestWindowFigures)
#include "tst_window_figures.moc"
