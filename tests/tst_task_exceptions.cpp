// An exception escaping a task's coroutine is caught at the task's root: the task fails with the
// kind "exception" and the message, the workload goes on, the run ends, and it is logged once.
// A consumer's work is the seam: this one throws for every third item, after a suspension.
#include "RunHarness.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "workloads/ItemWork.h"
#include "workloads/QueueSpec.h"
#include "workloads/QueueWorkload.h"

#include <QCoroTask>
#include <QTest>

#include <stdexcept>

using namespace coroscope;

namespace {

class ThrowingWorker : public ItemWorker
{
public:
    explicit ThrowingWorker(LoopScheduler *scheduler) : m_scheduler(scheduler) {}
    QCoro::Task<void> process(WorkBatch *batch) override
    {
        for (const WorkItem &item : std::as_const(batch->items)) {
            // Suspend first: the throw then crosses a resumed coroutine frame, as a real one would.
            co_await DeadlineWait(*m_scheduler, batch->cancel, nowNs() + kNsPerMs);
            if (item.id % 3 == 0)
                throw std::runtime_error("item " + std::to_string(item.id) + " blew up");
            batch->outcomes << WorkOutcome{};
        }
    }

private:
    LoopScheduler *m_scheduler;
};

class ThrowingWork : public ItemWork
{
public:
    QString kind() const override { return QStringLiteral("throwing"); }
    QStringList phaseNames() const override { return {QStringLiteral("throwing")}; }
    std::unique_ptr<ItemWorker> createWorker(LoopScheduler *scheduler) override
    {
        return std::make_unique<ThrowingWorker>(scheduler);
    }
};

} // namespace

class TestTaskExceptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anExceptionFailsItsTaskAndTheRunGoesOn();
};

void TestTaskExceptions::anExceptionFailsItsTaskAndTheRunGoesOn()
{
    QueueSpec spec;
    spec.items = 30;
    spec.producers = 1;
    spec.consumers = 2;
    spec.capacity = 10;
    spec.work = std::make_shared<ThrowingWork>();
    std::vector<std::unique_ptr<Workload>> workloads;
    workloads.push_back(std::make_unique<QueueWorkload>(QStringLiteral("q"), spec));
    RunSpec runSpec;
    runSpec.durationSeconds = 20;
    Run run(runSpec, std::move(workloads));
    // Logged once, however many items threw.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("exception in the queue's work: item \\d+ blew up")));
    const SnapshotPtr s = testing::runToEnd(run, 30000);
    QVERIFY(s);
    // Task ids start at 1: ids 3, 6, ..., 30 throw.
    QCOMPARE(testing::errorsOf(s, ErrorKind::Exception), 10);
    QCOMPARE(testing::countOf(s, TaskState::Failed), 10);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), 20);
    QVERIFY2(s->workloads[0].errors.value(ErrorKind::Exception).lastMessage.contains(QStringLiteral("blew up")),
             qPrintable(s->workloads[0].errors.value(ErrorKind::Exception).lastMessage));
    QVERIFY(s->workloads[0].finished);
}

QTEST_GUILESS_MAIN(TestTaskExceptions)
#include "tst_task_exceptions.moc"
