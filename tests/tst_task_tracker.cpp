#include "core/CancellationToken.h"
#include "core/TaskTracker.h"

#include "support/DataRows.h"

#include <QRegularExpression>
#include <QTest>

using namespace coroscope;

class TestTaskTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void legalLifecycles();
    void illegalTransitionsAreRejected_data();
    void illegalTransitionsAreRejected();
    void phasesCountRunningTasks();
    void recentRingIsBounded();
    void errorsAreCountedByKind();
    void cancelByIdUsesTheToken();
    void slotsAreReused();
    void collectLiveListsPendingAndRunningOnly();
};

static qint64 count(const TaskTracker &t, TaskState s)
{
    return t.totals()[stateIndex(s)];
}

void TestTaskTracker::legalLifecycles()
{
    TaskTracker t;
    const int w = t.addWorkload(QStringLiteral("w"), QStringLiteral("sleep"));
    CancellationToken tokens[4];
    TaskRef refs[4];
    for (int i = 0; i < 4; ++i)
        refs[i] = t.create(w, &tokens[i]);
    QCOMPARE(count(t, TaskState::Pending), 4);
    QVERIFY(t.finish(refs[0], TaskState::Cancelled)); // cancelled while pending
    for (int i = 1; i < 4; ++i)
        QVERIFY(t.start(refs[i]));
    QCOMPARE(count(t, TaskState::Running), 3);
    QVERIFY(t.finish(refs[1], TaskState::Succeeded));
    QVERIFY(t.finish(refs[2], TaskState::TimedOut));
    QVERIFY(t.finish(refs[3], TaskState::Failed, ErrorKind::ConnectionRefused));
    QCOMPARE(count(t, TaskState::Pending), 0);
    QCOMPARE(count(t, TaskState::Running), 0);
    QCOMPARE(count(t, TaskState::Succeeded), 1);
    QCOMPARE(count(t, TaskState::TimedOut), 1);
    QCOMPARE(count(t, TaskState::Failed), 1);
    QCOMPARE(count(t, TaskState::Cancelled), 1);
    QCOMPARE(t.liveCount(), 0);
    QCOMPARE(t.illegalTransitions(), 0);
    QCOMPARE(t.counts(w), t.totals());
}

void TestTaskTracker::illegalTransitionsAreRejected_data()
{
    testing::DataRows<QString>("path")
        .row("start twice", "start,start")
        .row("succeed while pending", "succeed")
        .row("time out while pending", "timeout")
        .row("finish twice", "start,succeed,succeed")
        .row("start after cancel", "cancel,start")
        .row("cancel after success", "start,succeed,cancel")
        .row("finish as running", "running");
}

void TestTaskTracker::illegalTransitionsAreRejected()
{
    QFETCH(QString, path);
    TaskTracker t;
    const int w = t.addWorkload(QStringLiteral("w"), QStringLiteral("sleep"));
    CancellationToken token;
    const TaskRef ref = t.create(w, &token);
    const QStringList steps = path.split(u',');
    // The one illegal step is logged: expected here, a failure anywhere else.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^illegal transition to ")));
    int rejected = 0;
    for (const QString &step : steps) {
        bool ok = false;
        if (step == QLatin1String("start"))
            ok = t.start(ref);
        else if (step == QLatin1String("succeed"))
            ok = t.finish(ref, TaskState::Succeeded);
        else if (step == QLatin1String("timeout"))
            ok = t.finish(ref, TaskState::TimedOut);
        else if (step == QLatin1String("cancel"))
            ok = t.finish(ref, TaskState::Cancelled);
        else if (step == QLatin1String("running"))
            ok = t.finish(ref, TaskState::Running);
        rejected += ok ? 0 : 1;
    }
    QCOMPARE(rejected, 1);
    QCOMPARE(t.illegalTransitions(), 1);
    // Counts stay consistent: exactly one task, in exactly one state.
    qint64 sum = 0;
    for (qint64 c : t.totals()) {
        QVERIFY(c >= 0);
        sum += c;
    }
    QCOMPARE(sum, 1);
}

void TestTaskTracker::phasesCountRunningTasks()
{
    TaskTracker t;
    const int w = t.addWorkload(QStringLiteral("w"), QStringLiteral("sleep"));
    const quint8 slot = t.internPhase(QStringLiteral("waiting for slot"));
    const quint8 sleeping = t.internPhase(QStringLiteral("sleeping"));
    QCOMPARE(t.internPhase(QStringLiteral("sleeping")), sleeping);
    CancellationToken a, b;
    const TaskRef ra = t.create(w, &a);
    const TaskRef rb = t.create(w, &b);
    t.setPhase(ra, slot); // pending tasks are not counted in running phases
    QVERIFY(t.start(rb));
    t.setPhase(rb, sleeping);
    Snapshot s;
    t.fillSnapshot(s, 0);
    QCOMPARE(s.workloads[0].runningByPhase.value(QStringLiteral("sleeping")), 1);
    QVERIFY(!s.workloads[0].runningByPhase.contains(QStringLiteral("waiting for slot")));
    QVERIFY(t.start(ra));
    t.setPhase(ra, sleeping);
    t.fillSnapshot(s, 0);
    QCOMPARE(s.workloads[0].runningByPhase.value(QStringLiteral("sleeping")), 2);
    QVERIFY(t.finish(ra, TaskState::Succeeded));
    QVERIFY(t.finish(rb, TaskState::Cancelled));
    t.fillSnapshot(s, 0);
    QVERIFY(s.workloads[0].runningByPhase.isEmpty());
    QCOMPARE(s.recentFinished.size(), 2);
    QCOMPARE(s.recentFinished[0].phase, QStringLiteral("sleeping"));
}

void TestTaskTracker::recentRingIsBounded()
{
    TaskTracker t(16);
    const int w = t.addWorkload(QStringLiteral("w"), QStringLiteral("sleep"));
    for (int i = 0; i < 1000; ++i) {
        const TaskRef r = t.create(w, nullptr);
        QVERIFY(t.start(r));
        QVERIFY(t.finish(r, TaskState::Succeeded));
    }
    Snapshot s;
    t.fillSnapshot(s, 0);
    QCOMPARE(s.recentFinished.size(), 16);
    QCOMPARE(s.recentFinished.last().id, quint64(1000));
    QCOMPARE(s.workloads[0].histogram.count(), 1000);
}

void TestTaskTracker::errorsAreCountedByKind()
{
    TaskTracker t;
    const int w = t.addWorkload(QStringLiteral("w"), QStringLiteral("x"));
    const ErrorKind refused = ErrorKind::ConnectionRefused;
    for (int i = 0; i < 3; ++i) {
        const TaskRef r = t.create(w, nullptr);
        QVERIFY(t.start(r));
        QVERIFY(t.finish(r, TaskState::Failed, refused, QStringLiteral("port %1").arg(i)));
    }
    Snapshot s;
    t.fillSnapshot(s, 0);
    QCOMPARE(s.workloads[0].errors.value(ErrorKind::ConnectionRefused).count, 3);
    QCOMPARE(s.workloads[0].errors.value(ErrorKind::ConnectionRefused).lastMessage, QStringLiteral("port 2"));
    QCOMPARE(s.recentFinished.last().error, ErrorKind::ConnectionRefused);
    QCOMPARE(errorKindKey(ErrorKind::ConnectionRefused), QStringLiteral("connection refused"));
    QCOMPARE(errorKindFromKey(QStringLiteral("connection refused")), std::optional(ErrorKind::ConnectionRefused));
}

void TestTaskTracker::cancelByIdUsesTheToken()
{
    TaskTracker t;
    const int w = t.addWorkload(QStringLiteral("w"), QStringLiteral("x"));
    CancellationToken a, b;
    const TaskRef ra = t.create(w, &a);
    t.create(w, &b);
    QVERIFY(t.cancelTask(ra.id));
    QVERIFY(a.isCancelled());
    QVERIFY(!b.isCancelled());
    QVERIFY(!t.cancelTask(999));
    t.cancelWorkload(w, /*pendingOnly=*/true);
    QVERIFY(b.isCancelled());
}

void TestTaskTracker::slotsAreReused()
{
    TaskTracker t;
    const int w = t.addWorkload(QStringLiteral("w"), QStringLiteral("x"));
    const TaskRef first = t.create(w, nullptr);
    QVERIFY(t.finish(first, TaskState::Cancelled));
    const TaskRef second = t.create(w, nullptr);
    QCOMPARE(second.slot, first.slot);
    QVERIFY(second.id != first.id);
    // The old reference no longer reaches the reused slot (and says so in the log).
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^illegal transition to running")));
    QVERIFY(!t.start(first));
    QVERIFY(t.start(second));
}

void TestTaskTracker::collectLiveListsPendingAndRunningOnly()
{
    TaskTracker t;
    t.addWorkload(QStringLiteral("a"), QStringLiteral("sleep"));
    const int b = t.addWorkload(QStringLiteral("b"), QStringLiteral("x"));
    const quint8 sleeping = t.internPhase(QStringLiteral("sleeping"));
    const ErrorKind refused = ErrorKind::ConnectionRefused;
    const TaskRef pending = t.create(0, nullptr);
    const TaskRef running = t.create(b, nullptr);
    const TaskRef done = t.create(b, nullptr);
    QVERIFY(t.start(running));
    t.setPhase(running, sleeping);
    t.setAttempts(running, 3);
    QVERIFY(t.start(done));
    QVERIFY(t.finish(done, TaskState::Failed, refused, QStringLiteral("port 9")));

    std::vector<LiveTask> live{LiveTask{}}; // stale content is replaced
    t.collectLive(live);
    QCOMPARE(live.size(), size_t(2));
    std::sort(live.begin(), live.end(), [](const LiveTask &x, const LiveTask &y) { return x.id < y.id; });
    QCOMPARE(live[0].id, pending.id);
    QCOMPARE(live[0].state, TaskState::Pending);
    QCOMPARE(live[0].startedNs, 0);
    QCOMPARE(live[0].workload, quint16(0));
    QCOMPARE(live[1].id, running.id);
    QCOMPARE(live[1].state, TaskState::Running);
    QCOMPARE(live[1].workload, quint16(b));
    QCOMPARE(t.phaseName(live[1].phase), QStringLiteral("sleeping"));
    QCOMPARE(live[1].attempts, quint8(3));
    QVERIFY(live[1].startedNs >= live[1].createdNs);
    QCOMPARE(t.workloadName(b), QStringLiteral("b"));
    QCOMPARE(t.workloadType(b), QStringLiteral("x"));
    QCOMPARE(t.phaseName(0), QString());

    Snapshot s;
    t.fillSnapshot(s, 0);
    QCOMPARE(s.recentFinished.last().message, QStringLiteral("port 9"));

    // A reused slot shows the new task only.
    QVERIFY(t.finish(pending, TaskState::Cancelled));
    const TaskRef again = t.create(0, nullptr);
    t.collectLive(live);
    QCOMPARE(live.size(), size_t(2));
    QVERIFY(std::any_of(live.begin(), live.end(), [&](const LiveTask &l) { return l.id == again.id; }));
    QVERIFY(std::none_of(live.begin(), live.end(), [&](const LiveTask &l) { return l.id == pending.id; }));
    QVERIFY(t.finish(running, TaskState::Succeeded));
    QVERIFY(t.finish(again, TaskState::Cancelled));
    t.collectLive(live);
    QVERIFY(live.empty());
}

QTEST_GUILESS_MAIN(TestTaskTracker)
#include "tst_task_tracker.moc"
