// The main window offscreen, driven as a user drives it: Start, watch the counts, Cancel all.
#include "gui/ErrorsModel.h"
#include "gui/LatencyHistogramChart.h"
#include "gui/MainWindow.h"
#include "gui/PngExport.h"
#include "gui/StateCountsModel.h"
#include "gui/StateTiles.h"
#include "gui/TaskTableModel.h"
#include "gui/TaskTablePage.h"
#include "gui/TimeSeriesChart.h"
#include "gui/WorkloadsEditor.h"
#include "profile/ProfileLoader.h"
#include "support/ProfileJson.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDockWidget>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace coroscope;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Settings (recent files, window state) go to a test location, not the user's.
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void startShowsLiveCountsAndCancelAllCancels();
    void bundledDefaultProfileRunsFromTheButton();
    void chartsExportAsPng();
    void layoutPersistsAcrossSessions();
    void brokenProfileKeepsTheCurrentOne();
    void modelPassesTheTester();
    void editingRulesMarksModifiedAndSaveClearsIt();
    void scenariosAreInTheFileMenu();
    void droppingAProfileOpensIt();
    void finishedRunShowsRuleResults();
    void chartsFollowTheRunAndStayBounded();
    void errorsPanelListsKindsWithTheirLastMessage();
    void loopLagPast50msWarnsInTheStatusBar();
};

namespace {

qint64 totalCount(StateCountsModel *m, int column)
{
    return m->data(m->index(m->rowCount() - 1, column)).toLongLong();
}

// A snapshot with one empty workload per name, for the models' own tests.
std::shared_ptr<Snapshot> snapshotOf(const QStringList &workloadNames)
{
    auto s = std::make_shared<Snapshot>();
    for (const QString &name : workloadNames)
        s->workloads.emplace_back().name = name;
    return s;
}

} // namespace

void TestMainWindow::startShowsLiveCountsAndCancelAllCancels()
{
    MainWindow w;
    QAbstractItemModelTester tester(w.countsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    w.setRunSpec(testing::specOf(R"({"schemaVersion":1,"name":"gui","workloads":[
        {"type":"sleep","name":"quick","tasks":100000,"concurrency":50,"delayMs":{"dist":"uniform","min":1,"max":5}},
        {"type":"sleep","name":"long","tasks":300,"delayMs":60000}]})"));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));
    auto *cancel = w.findChild<QPushButton *>(QStringLiteral("cancelAllButton"));
    QVERIFY(start && cancel);
    QVERIFY(start->isEnabled());
    QVERIFY(!cancel->isEnabled());

    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(w.isRunning());
    QVERIFY(!start->isEnabled());
    QVERIFY(cancel->isEnabled());
    StateCountsModel *m = w.countsModel();
    QTRY_VERIFY_WITH_TIMEOUT(totalCount(m, StateCountsModel::Succeeded) > 100, 10000);
    const qint64 first = totalCount(m, StateCountsModel::Succeeded);
    QTRY_VERIFY_WITH_TIMEOUT(totalCount(m, StateCountsModel::Succeeded) > first, 10000); // counts move
    QVERIFY(totalCount(m, StateCountsModel::Running) >= 300);
    QCOMPARE(m->data(m->index(1, StateCountsModel::Name)).toString(), QStringLiteral("long"));

    // The task table lists the window's in-flight tasks once its tab is shown.
    w.findChild<QTabWidget *>(QStringLiteral("tabs"))
        ->setCurrentWidget(w.findChild<QWidget *>(QStringLiteral("tasksPage")));
    QTRY_VERIFY_WITH_TIMEOUT(w.tasksPage()->model()->inFlightCount() >= 300, 5000);
    QVERIFY(w.tasksPage()->model()->rowCount() >= 300);

    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!w.isRunning(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(totalCount(m, StateCountsModel::Running), 0, 5000);
    QCOMPARE(totalCount(m, StateCountsModel::Pending), 0);
    QVERIFY(totalCount(m, StateCountsModel::Cancelled) >= 300);
    QVERIFY(start->isEnabled());
    QCOMPARE(w.findChild<QLabel *>(QStringLiteral("stateLabel"))->text(), QStringLiteral("Finished"));
    // The tiles show the same totals; the second row follows the workload selected in the list.
    auto *tiles = w.findChild<StateTiles *>();
    QCOMPARE(tiles->text(0, TaskState::Running), QStringLiteral("0"));
    QCOMPARE(QLocale().toLongLong(tiles->text(0, TaskState::Cancelled)), totalCount(m, StateCountsModel::Cancelled));
    w.workloadsEditor()->setCurrentIndex(1);
    QCOMPARE(w.selectedWorkload(), QStringLiteral("long"));
    QCOMPARE(tiles->text(1, TaskState::Cancelled), QLocale().toString(300));
    QCOMPARE(w.tasksPage()->model()->inFlightCount(), 0);
}

void TestMainWindow::bundledDefaultProfileRunsFromTheButton()
{
    // What `scripts/run` opens: the bundled default, every workload type, built-in targets.
    MainWindow w;
    QVERIFY(w.openProfile(QStringLiteral(":/profiles/default.json")));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *start = w.findChild<QPushButton *>(QStringLiteral("startButton"));
    QVERIFY2(start->isEnabled(), qPrintable(start->toolTip()));
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(w.isRunning());
    StateCountsModel *m = w.countsModel();
    QTRY_VERIFY_WITH_TIMEOUT(totalCount(m, StateCountsModel::Succeeded) > 0, 10000);
    const qint64 first = totalCount(m, StateCountsModel::Succeeded);
    QTRY_VERIFY_WITH_TIMEOUT(totalCount(m, StateCountsModel::Succeeded) > first, 10000);
    QVERIFY(totalCount(m, StateCountsModel::Running) > 0);
    // runFinished(), not !isRunning(): the run's phase is Finished a snapshot round before the final
    // figures reach the window, and a loaded machine stretches that round.
    QSignalSpy finished(&w, &MainWindow::runFinished);
    QTest::mouseClick(w.findChild<QPushButton *>(QStringLiteral("cancelAllButton")), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QVERIFY(!w.isRunning());
    QCOMPARE(totalCount(m, StateCountsModel::Running), 0);
    QCOMPARE(totalCount(m, StateCountsModel::Pending), 0);
    QVERIFY(totalCount(m, StateCountsModel::Cancelled) > 0);
}

void TestMainWindow::chartsExportAsPng()
{
    TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("ms"), {QStringLiteral("a")});
    chart.resize(400, 250);
    for (int i = 0; i < 20; ++i)
        chart.append(i * 0.1, {double(i % 5)});
    chart.refresh();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chart.png"));
    QString error;
    QVERIFY2(PngExport::save(&chart, path, &error), qPrintable(error));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(400, 250) * chart.devicePixelRatio());
    // A directory that does not exist: a message, no file.
    QVERIFY(!PngExport::save(&chart, dir.filePath(QStringLiteral("missing/chart.png")), &error));
    QVERIFY(!error.isEmpty());
}

void TestMainWindow::layoutPersistsAcrossSessions()
{
    QSettings().clear();
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(2);
        w.findChild<QDockWidget *>(QStringLiteral("rulesDock"))->hide();
        w.tasksPage()->splitter()->setSizes({150, 450}); // the details pane made the larger
        w.close();
    }
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.findChild<QTabWidget *>(QStringLiteral("tabs"))->currentIndex(), 2);
    QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("rulesDock"))->isHidden());
    const QList<int> sizes = again.tasksPage()->splitter()->sizes();
    QVERIFY2(sizes.value(1) > sizes.value(0),
             qPrintable(QStringLiteral("%1 %2").arg(sizes.value(0)).arg(sizes.value(1))));
    QSettings().clear();
}

void TestMainWindow::brokenProfileKeepsTheCurrentOne()
{
    MainWindow w;
    w.setRunSpec(
        testing::specOf(R"({"schemaVersion":1,"name":"keeper","workloads":[{"type":"sleep","tasks":1,"delayMs":1}]})"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"schemaVersion":1,"workloads":[{"type":"sleep","tasks":-1}]})");
    f.close();
    w.show();
    QVERIFY(!w.openProfile(path));
    QVERIFY(w.windowTitle().startsWith(QStringLiteral("keeper")));
    auto *box = w.findChild<QMessageBox *>(QStringLiteral("errorBox"));
    QVERIFY(box);
    QVERIFY2(
        box->text().contains(QStringLiteral("workloads[0].tasks: expected an integer from 1 to 10000000, found -1")),
        qPrintable(box->text()));
    box->close();
}

void TestMainWindow::modelPassesTheTester()
{
    StateCountsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto s = snapshotOf({QStringLiteral("a"), QStringLiteral("b")});
    s->workloads[1].runningByPhase.insert(QStringLiteral("sleeping"), 4);
    s->totals[stateIndex(TaskState::Running)] = 4;
    model.setSnapshot(s);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(1, StateCountsModel::WaitingOn)).toString(), QStringLiteral("sleeping: 4"));
    QCOMPARE(model.data(model.index(2, StateCountsModel::Running)).toLongLong(), 4);
    model.setSnapshot(s); // same shape: dataChanged only
    auto smaller = snapshotOf({QString()});
    model.setSnapshot(smaller); // shape changed: reset
    QCOMPARE(model.rowCount(), 2);
    model.setSnapshot(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestMainWindow::editingRulesMarksModifiedAndSaveClearsIt()
{
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        R"({"schemaVersion":1,"name":"edited","x-keep":"me","workloads":[{"type":"sleep","name":"w","tasks":1,"delayMs":1}]})");
    f.close();
    MainWindow w;
    QVERIFY(w.openProfile(path));
    auto *warning = w.findChild<QMessageBox *>(QStringLiteral("warningBox"));
    QVERIFY(warning);
    QVERIFY2(warning->text().contains(QStringLiteral("x-keep: unknown key: not used, kept when saved")),
             qPrintable(warning->text()));
    warning->close();
    QVERIFY(!w.isWindowModified());
    QVERIFY(w.windowTitle().contains(QStringLiteral("[*]")));
    w.setRules({PassFailRule{QStringLiteral("w"), QStringLiteral("p99_ms"), QStringLiteral("<"), 50}});
    QVERIFY(w.isWindowModified());
    QVERIFY(w.saveProfileAs(path));
    QVERIFY(!w.isWindowModified());
    QCOMPARE(w.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
    const auto reloaded = ProfileLoader::loadFile(path);
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded.spec->rules.size(), 1);
    QCOMPARE(reloaded.spec->rules[0].text(), QStringLiteral("w p99_ms < 50"));
    QCOMPARE(reloaded.spec->sourceDocument.value(QStringLiteral("x-keep")).toString(), QStringLiteral("me"));
}

void TestMainWindow::scenariosAreInTheFileMenu()
{
    MainWindow w;
    auto *menu = w.findChild<QMenu *>(QStringLiteral("menuScenarios"));
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 7); // scenarios 1-6 and 3b
    menu->actions().first()->trigger();
    QVERIFY(w.runSpec()->name.startsWith(QStringLiteral("Scenario 1")));
    QVERIFY(w.profilePath().isEmpty()); // bundled: Save asks where
}

void TestMainWindow::droppingAProfileOpensIt()
{
    MainWindow w;
    w.setRunSpec(
        testing::specOf(R"({"schemaVersion":1,"name":"before","workloads":[{"type":"sleep","tasks":1,"delayMs":1}]})"));
    QTemporaryDir dir;
    auto drop = [&](const QByteArray &json) {
        const QString path = dir.filePath(QStringLiteral("dropped.json"));
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(json);
        f.close();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        w.openDropped(&mime);
    };
    drop(R"({"schemaVersion":1,"workloads":[{"type":"sleep","tasks":"many"}]})");
    QCOMPARE(w.runSpec()->name, QStringLiteral("before")); // refused: the current profile stays
    if (auto *box = w.findChild<QMessageBox *>(QStringLiteral("errorBox")))
        box->close();
    drop(R"({"schemaVersion":1,"name":"after","workloads":[{"type":"sleep","tasks":1,"delayMs":1}]})");
    QCOMPARE(w.runSpec()->name, QStringLiteral("after"));
}

void TestMainWindow::finishedRunShowsRuleResults()
{
    MainWindow w;
    w.setRunSpec(testing::specOf(
        R"({"schemaVersion":1,"name":"rules","workloads":[{"type":"sleep","name":"s","tasks":2,"delayMs":5}],
        "rules":[{"workload":"s","metric":"succeeded","op":">=","value":2},{"metric":"failed","op":">","value":0}]})"));
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QVERIFY(finished.wait(10000));
    auto *list = w.findChild<QListWidget *>(QStringLiteral("rulesList"));
    QCOMPARE(list->count(), 2);
    QVERIFY(list->item(0)->text().startsWith(QStringLiteral("PASS  s succeeded >= 2")));
    QVERIFY(list->item(1)->text().startsWith(QStringLiteral("FAIL  total failed > 0")));
    QVERIFY(w.findChild<QAction *>(QStringLiteral("actionExportReport"))->isEnabled());
}

void TestMainWindow::chartsFollowTheRunAndStayBounded()
{
    TimeSeriesChart chart(QStringLiteral("t"), QStringLiteral("ms"), {QStringLiteral("a"), QStringLiteral("b")},
                          TimeSeriesChart::Style::Lines, 50);
    for (int i = 0; i < 500; ++i)
        chart.append(i * 0.1, {double(i), 1.0});
    chart.refresh();
    QCOMPARE(chart.pointCount(0), 50); // a ring: memory bounded whatever the run length
    QCOMPARE(chart.pointCount(1), 50);

    MainWindow w;
    w.setRunSpec(
        testing::specOf(R"({"schemaVersion":1,"name":"c","workloads":[{"type":"sleep","tasks":200,"concurrency":20,
        "delayMs":{"dist":"uniform","min":1,"max":5}}]})"));
    w.show();
    w.findChild<QTabWidget *>(QStringLiteral("tabs"))->setCurrentIndex(1); // charts visible
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QVERIFY(finished.wait(10000));
    for (TimeSeriesChart *c : w.charts()) {
        // The queue charts only appear when the run has a queue workload.
        if (!c->isHidden())
            QVERIFY(c->pointCount(0) >= 1);
    }
    QVERIFY(w.charts().constLast()->isHidden());
    QVERIFY(w.histogramChart()->binCount() > 0);
}

void TestMainWindow::errorsPanelListsKindsWithTheirLastMessage()
{
    ErrorsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto s = snapshotOf({QStringLiteral("api"), QStringLiteral("echo")});
    s->workloads[0].errors.insert(ErrorKind::Http5xx, ErrorSummary{3, QStringLiteral("HTTP status 503")});
    s->workloads[1].errors.insert(ErrorKind::ClosedByPeer, ErrorSummary{1, QStringLiteral("bye")});
    model.setSnapshot(s);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.data(model.index(0, ErrorsModel::Kind)).toString(), QStringLiteral("http 5xx"));
    QCOMPARE(model.data(model.index(0, ErrorsModel::Count)).toLongLong(), 3);
    QCOMPARE(model.data(model.index(1, ErrorsModel::LastMessage)).toString(), QStringLiteral("bye"));
    auto more = std::make_shared<Snapshot>(*s);
    more->workloads[0].errors[ErrorKind::Http5xx].count = 7; // same rows: dataChanged only
    model.setSnapshot(more);
    QCOMPARE(model.data(model.index(0, ErrorsModel::Count)).toLongLong(), 7);
    model.setSnapshot(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestMainWindow::loopLagPast50msWarnsInTheStatusBar()
{
    // cpu-inline work blocks the loop for 80 ms at a time: the lag label turns into a warning.
    MainWindow w;
    w.setRunSpec(
        testing::specOf(R"({"schemaVersion":1,"name":"lag","workloads":[{"type":"queue","name":"q","producers":1,
        "items":6,"consumers":1,"work":{"kind":"cpu-inline","ms":80}}]})"));
    bool warned = false;
    connect(w.countsModel(), &QAbstractItemModel::dataChanged, this, [&] {
        for (QLabel *l : w.statusBar()->findChildren<QLabel *>())
            warned = warned || (l->property("lagging").toBool() && l->toolTip().contains(QStringLiteral("bottleneck")));
    });
    QSignalSpy finished(&w, &MainWindow::runFinished);
    w.startRun();
    QVERIFY(finished.wait(20000));
    QVERIFY(warned);
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
