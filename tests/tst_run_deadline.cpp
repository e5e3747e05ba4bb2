// Every run ends by its duration plus its drain timeout (plus the abandon grace), whatever its
// workloads do: one stuck in a wait with no task record (as a Redis set-up or a reconnect can be),
// one that ignores cancellation altogether.
#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/Run.h"
#include "core/Workload.h"

#include <QCoroTask>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace coroscope;

namespace {

// Waits on a token only cancelAll() trips, with no task created: what a workload blocked in its
// set-up looks like to the Run.
class StuckWithoutTasks : public Workload
{
public:
    StuckWithoutTasks() : Workload(QStringLiteral("stuck"), QStringLiteral("test")) {}
    void start() override { wait(this); }
    bool cancelled = false;

private:
    static QCoro::Task<void> wait(StuckWithoutTasks *self)
    {
        co_await DeadlineWait(self->scheduler(), &self->m_cancel, 0);
        self->cancelled = true;
        self->markFinished();
    }
    void onCancelAll() override { m_cancel.cancel(); }
    CancellationToken m_cancel;
};

// Never finishes and ignores every stop: a bug, which the Run must outlast.
class IgnoresCancel : public Workload
{
public:
    IgnoresCancel() : Workload(QStringLiteral("deaf"), QStringLiteral("test")) {}
    void start() override {}
};

// A set-up that waits in a local loop (as a Redis or a database set-up does) until cancelled.
class SlowSetUp : public Workload
{
public:
    SlowSetUp() : Workload(QStringLiteral("slow set-up"), QStringLiteral("test")) {}
    bool prepare(QString *error) override
    {
        QEventLoop wait;
        m_wait = &wait;
        QTimer::singleShot(20000, &wait, &QEventLoop::quit);
        wait.exec();
        m_wait = nullptr;
        *error = QStringLiteral("set-up cancelled");
        return false;
    }
    void start() override { markFinished(); }
    void cancelSetUp()
    {
        if (m_wait)
            m_wait->quit();
    }

private:
    QEventLoop *m_wait = nullptr;
};

std::unique_ptr<Run> runOf(std::unique_ptr<Workload> w, double durationSeconds, int drainMs)
{
    RunSpec spec;
    spec.durationSeconds = durationSeconds;
    spec.drainTimeoutMs = drainMs;
    std::vector<std::unique_ptr<Workload>> ws;
    ws.push_back(std::move(w));
    return std::make_unique<Run>(spec, std::move(ws));
}

} // namespace

class TestRunDeadline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stuckWorkloadWithoutTasksIsCancelledAfterTheDrain();
    void workloadIgnoringCancelIsAbandoned();
    void cancelReachesAWaitingSetUp();
};

void TestRunDeadline::stuckWorkloadWithoutTasksIsCancelledAfterTheDrain()
{
    auto w = std::make_unique<StuckWithoutTasks>();
    StuckWithoutTasks *stuck = w.get();
    auto run = runOf(std::move(w), 0.2, 300);
    QSignalSpy finished(run.get(), &Run::finished);
    QElapsedTimer clock;
    clock.start();
    run->start();
    QVERIFY(finished.wait(10000));
    QVERIFY(stuck->cancelled);
    QVERIFY(run->abandonedWorkloads().isEmpty());
    // duration 200 ms + drain 300 ms, then the cancel ends it at once.
    QVERIFY2(clock.elapsed() >= 450, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(clock.elapsed() < 450 + Run::kAbandonAfterCancelMs, qPrintable(QString::number(clock.elapsed())));
}

void TestRunDeadline::workloadIgnoringCancelIsAbandoned()
{
    auto run = runOf(std::make_unique<IgnoresCancel>(), 0.2, 200);
    QSignalSpy finished(run.get(), &Run::finished);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("workload \"deaf\" did not stop")));
    run->start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(run->abandonedWorkloads(), QStringList{QStringLiteral("deaf")});
    const SnapshotPtr last = finished.first().first().value<SnapshotPtr>();
    QVERIFY(!last->workloads[0].finished);
    QVERIFY(!last->running);
}

void TestRunDeadline::cancelReachesAWaitingSetUp()
{
    auto w = std::make_unique<SlowSetUp>();
    SlowSetUp *slow = w.get();
    auto run = runOf(std::move(w), 1, 100);
    // The workload learns of the cancel through Workload::cancelAll(), as the queue's set-up does.
    QObject::connect(slow, &Workload::finished, slow, [slow] { slow->cancelSetUp(); });
    QTimer::singleShot(100, run.get(), [&] { run->cancelAll(); });
    QElapsedTimer clock;
    clock.start();
    QString error;
    QVERIFY(!run->prepare(&error));
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
    QCOMPARE(run->phase(), Run::Phase::Idle);
}

QTEST_GUILESS_MAIN(TestRunDeadline)
#include "tst_run_deadline.moc"
