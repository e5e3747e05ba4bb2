// The task table against real runs: 100 000 live rows, filters, sorting, cancelling with Delete, and the
// model tester watching while rows come and go.
#include "core/Run.h"
#include "gui/TaskTableModel.h"
#include "gui/TaskTablePage.h"
#include "profile/ProfileValidator.h"
#include "workloads/WorkloadRegistry.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace coroscope;

class TestTaskTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hundredThousandLiveRows();
    void rowsComeAndGoWhileTheRunRuns();
    void hiddenPageRebuildsWhenShown();
    void countSaysHowMuchOfTheFinishedItShows();
};

namespace {

std::unique_ptr<Run> startRun(const QByteArray &json)
{
    // Checked and built as the command line does it (HeadlessRunner).
    const auto loaded = ProfileValidator::checkText(json, QStringLiteral("test.json"));
    if (!loaded.spec) {
        qWarning() << loaded.errorText(QStringLiteral("test.json"));
        return nullptr;
    }
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(*loaded.spec, &issues);
    for (const auto &i : issues)
        qWarning() << i.toString();
    if (workloads.empty())
        return nullptr;
    auto run = std::make_unique<Run>(*loaded.spec, std::move(workloads));
    QString error;
    if (!run->prepare(&error)) {
        qWarning() << error;
        return nullptr;
    }
    run->start();
    return run;
}

// Cancels what is left and lets the run finish, so no task outlives the test.
bool finish(Run &run)
{
    run.cancelAll();
    return QTest::qWaitFor([&] { return run.phase() == Run::Phase::Finished; }, 30000);
}

qint64 total(Run &run, TaskState s)
{
    return run.tracker().totals()[stateIndex(s)];
}

void chooseState(TaskTablePage &page, const QString &text)
{
    const int i = page.stateFilter()->findText(text);
    QVERIFY2(i >= 0, qPrintable(text));
    page.stateFilter()->setCurrentIndex(i);
}

void chooseWorkload(TaskTablePage &page, const QString &text)
{
    const int i = page.workloadFilter()->findText(text);
    QVERIFY2(i >= 0, qPrintable(text));
    page.workloadFilter()->setCurrentIndex(i);
}

} // namespace

void TestTaskTable::hundredThousandLiveRows()
{
    TaskTablePage page;
    TaskTableModel *model = page.model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // 100 000 sleeping tasks, and 10 more of which 8 wait for one of 2 slots.
    auto run = startRun(R"({"schemaVersion":1,"name":"big","workloads":[
        {"type":"sleep","name":"naps","tasks":100000,"concurrency":0,"delayMs":60000},
        {"type":"sleep","name":"few","tasks":10,"concurrency":2,"delayMs":60000}]})");
    QVERIFY(run);
    page.setRun(run.get());
    QCOMPARE(page.workloadFilter()->count(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(run->tracker().liveCount(), 100010, 30000);
    QCOMPARE(total(*run, TaskState::Running), 100002);

    QElapsedTimer timer;
    timer.start();
    page.refresh();
    const qint64 withViewAndTesterMs = timer.elapsed();
    QCOMPARE(model->rowCount(), 100010);
    QCOMPARE(model->inFlightCount(), 100010);
    QVERIFY2(page.countLabel()->text().contains(QStringLiteral("in flight")), qPrintable(page.countLabel()->text()));
    {
        // The same rebuild without a view or a tester: what the GUI pays ten times a second.
        TaskTableModel bare;
        bare.setRun(run.get());
        bare.refresh();
        timer.start();
        for (int i = 0; i < 5; ++i)
            bare.refresh();
        qInfo("100 010-row refresh: %.1f ms for the model alone (mean of 5), %lld ms with the view and the "
              "model tester attached",
              double(timer.elapsed()) / 5, withViewAndTesterMs);
        QCOMPARE(bare.rowCount(), 100010);
    }

    // Default order: id ascending.
    QCOMPARE(model->taskId(0), quint64(1));
    QCOMPARE(model->taskId(model->rowCount() - 1), quint64(100010));

    // Filters, one at a time, then combined.
    chooseState(page, QStringLiteral("Pending"));
    QCOMPARE(model->rowCount(), 8);
    QCOMPARE(model->data(model->index(0, TaskTableModel::Phase)).toString(), QStringLiteral("waiting for slot"));
    chooseState(page, QStringLiteral("Running"));
    QCOMPARE(model->rowCount(), 100002);
    chooseState(page, QStringLiteral("Succeeded"));
    QCOMPARE(model->rowCount(), 0);
    chooseState(page, QStringLiteral("In flight"));
    QCOMPARE(model->rowCount(), 100010);
    chooseWorkload(page, QStringLiteral("few"));
    QCOMPARE(model->rowCount(), 10);
    chooseState(page, QStringLiteral("Pending"));
    QCOMPARE(model->rowCount(), 8);
    chooseState(page, QStringLiteral("All"));
    chooseWorkload(page, QStringLiteral("All"));
    QCOMPARE(model->rowCount(), 100010);

    // The text filter waits for the typing to stop.
    page.searchEdit()->setText(QStringLiteral("99999"));
    QCOMPARE(model->rowCount(), 100010);
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->taskId(0), quint64(99999));
    page.searchEdit()->setText(QStringLiteral("WAITING")); // phase, any case
    QTRY_COMPARE(model->rowCount(), 8);
    page.searchEdit()->setText(QStringLiteral("nap")); // workload
    QTRY_COMPARE(model->rowCount(), 100000);
    page.searchEdit()->setText(QStringLiteral("no such task"));
    QTRY_COMPARE(model->rowCount(), 0);
    page.searchEdit()->clear();
    QTRY_COMPARE(model->rowCount(), 100010);

    // Sorting by clicking keeps the selected task selected.
    QTableView *view = page.view();
    view->selectRow(model->rowOfTask(4242));
    QCOMPARE(model->taskId(view->currentIndex().row()), quint64(4242));
    view->sortByColumn(TaskTableModel::Id, Qt::DescendingOrder);
    QCOMPARE(model->taskId(0), quint64(100010));
    QCOMPARE(model->taskId(1), quint64(100009));
    QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(model->taskId(view->selectionModel()->selectedRows().first().row()), quint64(4242));
    QCOMPARE(model->taskId(view->currentIndex().row()), quint64(4242));
    QVERIFY2(page.detailsView()->toPlainText().contains(QStringLiteral("4242")),
             qPrintable(page.detailsView()->toPlainText()));
    view->sortByColumn(TaskTableModel::Workload, Qt::AscendingOrder);
    QCOMPARE(model->data(model->index(0, TaskTableModel::Workload)).toString(), QStringLiteral("few"));
    view->sortByColumn(TaskTableModel::Id, Qt::AscendingOrder);

    // Select three tasks, one of them pending, and press Delete: exactly those are cancelled.
    const quint64 chosen[] = {7, 500, 100005};
    QItemSelection selection;
    for (quint64 id : chosen) {
        const int row = model->rowOfTask(id);
        QVERIFY(row >= 0);
        selection.select(model->index(row, 0), model->index(row, TaskTableModel::ColumnCount - 1));
    }
    view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    view->selectionModel()->setCurrentIndex(model->index(model->rowOfTask(500), 0), QItemSelectionModel::NoUpdate);
    QVERIFY(page.cancelAction()->isEnabled());
    QVERIFY2(page.detailsView()->toPlainText().contains(QStringLiteral("500")),
             qPrintable(page.detailsView()->toPlainText()));
    const qint64 cancelledBefore = total(*run, TaskState::Cancelled);
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE(total(*run, TaskState::Cancelled), cancelledBefore + 3);
    for (quint64 id : chosen)
        QCOMPARE(run->tracker().stateOf(id), TaskState::Cancelled); // gone from the live tasks
    QTest::qWait(200);
    QCOMPARE(total(*run, TaskState::Cancelled), cancelledBefore + 3);
    QCOMPARE(run->tracker().liveCount(), 100007);

    // Once the cancelled tasks are in the snapshot, they come back as finished rows, still selected.
    QTRY_VERIFY(run->latestSnapshot()->totals[stateIndex(TaskState::Cancelled)] == cancelledBefore + 3);
    page.refresh();
    QCOMPARE(model->rowCount(), 100010);
    const int row500 = model->rowOfTask(500);
    QCOMPARE(model->data(model->index(row500, TaskTableModel::State)).toString(), QStringLiteral("Cancelled"));
    QVERIFY(view->selectionModel()->isRowSelected(row500));
    QVERIFY(!page.cancelAction()->isEnabled()); // all three are finished now
    const QString details = page.detailsView()->toPlainText();
    QVERIFY2(details.contains(QStringLiteral("500")) && details.contains(QStringLiteral("Cancelled")),
             qPrintable(details));
    // Refreshes leave the scroll position alone.
    view->verticalScrollBar()->setValue(5000);
    page.refresh();
    QCOMPARE(view->verticalScrollBar()->value(), 5000);

    QVERIFY(finish(*run));
    page.refresh();
    QCOMPARE(model->inFlightCount(), 0);
    QCOMPARE(model->rowCount(), 1000); // the tracker's ring of finished tasks
    page.setRun(nullptr);
    QCOMPARE(model->rowCount(), 0);
}

void TestTaskTable::rowsComeAndGoWhileTheRunRuns()
{
    TaskTablePage page;
    TaskTableModel *model = page.model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto run = startRun(R"({"schemaVersion":1,"name":"churn","workloads":[
        {"type":"sleep","name":"quick","tasks":20000,"concurrency":300,"delayMs":{"dist":"uniform","min":1,"max":30}},
        {"type":"sleep","name":"slow","tasks":50,"concurrency":0,"delayMs":{"dist":"uniform","min":200,"max":900}}]})");
    QVERIFY(run);
    page.setRun(run.get());
    int refreshes = 0;
    int sawInFlight = 0;
    connect(run.get(), &Run::snapshotReady, &page, [&] {
        page.refresh();
        ++refreshes;
        sawInFlight = std::max(sawInFlight, int(model->inFlightCount()));
        // Keep the first row selected, as a user would, so persistent indexes move every time.
        if (model->rowCount() > 0 && !page.view()->selectionModel()->hasSelection())
            page.view()->selectRow(0);
    });
    chooseState(page, QStringLiteral("In flight"));
    QSignalSpy finished(run.get(), &Run::finished);
    QVERIFY(finished.wait(60000));
    QVERIFY2(refreshes >= 3, qPrintable(QString::number(refreshes)));
    QVERIFY(sawInFlight > 0);
    QCOMPARE(model->rowCount(), 0); // nothing in flight any more
    chooseState(page, QStringLiteral("Succeeded"));
    QCOMPARE(model->rowCount(), 1000);
    QCOMPARE(total(*run, TaskState::Succeeded), 20050);
    page.view()->selectRow(0);
    const QString details = page.detailsView()->toPlainText();
    QVERIFY2(details.contains(QString::number(model->taskId(0))) && details.contains(QStringLiteral("Latency")),
             qPrintable(details));
    QVERIFY(!page.cancelAction()->isEnabled());
}

void TestTaskTable::hiddenPageRebuildsWhenShown()
{
    TaskTablePage page;
    TaskTableModel *model = page.model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto run = startRun(R"({"schemaVersion":1,"name":"hidden","workloads":[
        {"type":"sleep","name":"w","tasks":300,"concurrency":0,"delayMs":60000}]})");
    QVERIFY(run);
    page.setRun(run.get());
    QTRY_COMPARE(run->tracker().liveCount(), 300);
    page.refresh();
    QCOMPARE(model->rowCount(), 0); // hidden: no rebuild
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(model->rowCount(), 300);
    QCOMPARE(page.countLabel()->text(), QStringLiteral("300 task(s) shown (300 in flight)"));
    QVERIFY(finish(*run));
    page.refresh();
    QCOMPARE(model->rowCount(), 300);
    QCOMPARE(model->data(model->index(0, TaskTableModel::State)).toString(), QStringLiteral("Cancelled"));
}

void TestTaskTable::countSaysHowMuchOfTheFinishedItShows()
{
    TaskTablePage page;
    QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    // Every task times out; the ring keeps the last 1000 of them.
    auto run = startRun(R"({"schemaVersion":1,"name":"ring","workloads":[
        {"type":"sleep","name":"w","tasks":1473,"concurrency":500,"delayMs":1000,"timeoutMs":5}]})");
    QVERIFY(run);
    page.setRun(run.get());
    QSignalSpy finished(run.get(), &Run::finished);
    QVERIFY(finished.wait(60000));
    page.refresh();
    QCOMPARE(total(*run, TaskState::TimedOut), 1473);
    const QLocale locale;
    chooseState(page, QStringLiteral("Timed out"));
    QCOMPARE(page.model()->rowCount(), 1000);
    QVERIFY2(page.countLabel()->text().contains(
                 QStringLiteral("the last %1 of %2 timed out").arg(locale.toString(1000), locale.toString(1473))),
             qPrintable(page.countLabel()->text()));
    chooseState(page, QStringLiteral("All"));
    QVERIFY2(page.countLabel()->text().contains(
                 QStringLiteral("the last %1 of %2 finished").arg(locale.toString(1000), locale.toString(1473))),
             qPrintable(page.countLabel()->text()));
    // All of them shown: no note.
    chooseState(page, QStringLiteral("Succeeded"));
    QCOMPARE(page.countLabel()->text(), QStringLiteral("0 task(s) shown (0 in flight)"));
}

QTEST_MAIN(TestTaskTable)
#include "tst_task_table.moc"
