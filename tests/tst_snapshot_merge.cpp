#include "core/CancellationToken.h"
#include "core/SnapshotMerge.h"
#include "core/TaskTracker.h"
#include "core/UrlBreakdown.h"

#include "support/DataRows.h"

#include <QRandomGenerator>
#include <QTest>

using namespace coroscope;

// Parts of a run (threads of one process, agents of a fleet) merge into the figures one tracker
// holding every task would have shown.
class TestSnapshotMerge : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergedFiguresEqualOneTrackerWithEveryTask_data();
    void mergedFiguresEqualOneTrackerWithEveryTask();
    void loopLagIsTheWorstPartsAndEachPartIsKept();
    void recentRowsAreTheNewestOfAllParts();
    void checksAndUrlsAddByName();
};

namespace {

struct Outcome {
    TaskState state;
    ErrorKind kind;
    qint64 latencyNs;
};

// Runs `outcomes` through `tracker` (workloads "a" and "b", alternating), leaving `live` tasks running.
void play(TaskTracker &tracker, const std::vector<Outcome> &outcomes, int live)
{
    CancellationToken token;
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const TaskRef ref = tracker.create(int(i % 2), &token);
        tracker.start(ref);
        tracker.setPhase(ref, tracker.internPhase(QStringLiteral("waiting")));
        tracker.finish(ref, outcomes[i].state, outcomes[i].kind, QStringLiteral("task %1").arg(i),
                       outcomes[i].latencyNs);
    }
    for (int i = 0; i < live; ++i) {
        const TaskRef ref = tracker.create(i % 2, &token);
        tracker.start(ref);
        tracker.setPhase(ref, tracker.internPhase(QStringLiteral("reading")));
    }
}

TaskTracker *newTracker()
{
    auto *t = new TaskTracker(50);
    t->addWorkload(QStringLiteral("a"), QStringLiteral("sleep"));
    t->addWorkload(QStringLiteral("b"), QStringLiteral("echo"));
    return t;
}

std::vector<Outcome> randomOutcomes(int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::vector<Outcome> out;
    for (int i = 0; i < n; ++i) {
        const int pick = rng.bounded(10);
        const qint64 latency = qint64(rng.bounded(1000, 50'000'000));
        if (pick < 7)
            out.push_back({TaskState::Succeeded, ErrorKind::None, latency});
        else if (pick < 9)
            out.push_back({TaskState::Failed, ErrorKind::ConnectionRefused, latency});
        else
            out.push_back({TaskState::TimedOut, ErrorKind::Timeout, latency});
    }
    return out;
}

} // namespace

void TestSnapshotMerge::mergedFiguresEqualOneTrackerWithEveryTask_data()
{
    testing::DataRows<int, int>("parts", "tasksPerPart")
        .row("one part", 1, 500)
        .row("two threads", 2, 800)
        .row("sixteen agents", 16, 300);
}

void TestSnapshotMerge::mergedFiguresEqualOneTrackerWithEveryTask()
{
    const auto [parts, tasksPerPart] = testing::fetch<int, int>("parts", "tasksPerPart");
    std::unique_ptr<TaskTracker> whole(newTracker());
    std::vector<std::unique_ptr<TaskTracker>> trackers;
    std::vector<SnapshotPtr> snapshots;
    for (int p = 0; p < parts; ++p) {
        const auto outcomes = randomOutcomes(tasksPerPart, quint32(p + 1));
        trackers.emplace_back(newTracker());
        play(*trackers.back(), outcomes, p + 1);
        play(*whole, outcomes, p + 1);
        auto s = std::make_shared<Snapshot>();
        trackers.back()->fillSnapshot(*s, 0);
        snapshots.push_back(s);
    }
    Snapshot expected;
    whole->fillSnapshot(expected, 0);
    const Snapshot merged = mergeSnapshots(snapshots, 50);

    QCOMPARE(merged.totals, expected.totals);
    QCOMPARE(merged.workloads.size(), expected.workloads.size());
    for (size_t w = 0; w < merged.workloads.size(); ++w) {
        const WorkloadSnapshot &m = merged.workloads[w];
        const WorkloadSnapshot &e = expected.workloads[w];
        QCOMPARE(m.name, e.name);
        QCOMPARE(m.counts, e.counts);
        QCOMPARE(m.created, e.created);
        QCOMPARE(m.runningByPhase, e.runningByPhase);
        QCOMPARE(m.latency.count, e.latency.count);
        QCOMPARE(m.latency.p50Ms, e.latency.p50Ms);
        QCOMPARE(m.latency.p99Ms, e.latency.p99Ms);
        QCOMPARE(m.latency.maxMs, e.latency.maxMs);
        QCOMPARE(m.intervalLatency.p95Ms, e.intervalLatency.p95Ms);
        QCOMPARE(m.errors.keys(), e.errors.keys());
        for (auto it = e.errors.cbegin(); it != e.errors.cend(); ++it)
            QCOMPARE(m.errors.value(it.key()).count, it->count);
    }
    QCOMPARE(merged.recentFinished.size(), qMin(50, parts * 50));
}

void TestSnapshotMerge::loopLagIsTheWorstPartsAndEachPartIsKept()
{
    auto a = std::make_shared<Snapshot>();
    auto b = std::make_shared<Snapshot>();
    a->loopLag = {0.2, 1.5, 4.0, 2.0};
    b->loopLag = {0.4, 0.9, 9.0, 1.0};
    const Snapshot merged = mergeSnapshots({a, b}, 10);
    QCOMPARE(merged.loopLagPerThread.size(), size_t(2));
    QCOMPARE(merged.loopLagPerThread[1].maxMs, 9.0);
    QCOMPARE(merged.loopLag.p50Ms, 0.4);
    QCOMPARE(merged.loopLag.p99Ms, 1.5);
    QCOMPARE(merged.loopLag.maxMs, 9.0);
    QCOMPARE(merged.loopLag.recentMaxMs, 2.0);
}

void TestSnapshotMerge::recentRowsAreTheNewestOfAllParts()
{
    auto a = std::make_shared<Snapshot>();
    auto b = std::make_shared<Snapshot>();
    for (int i = 0; i < 6; ++i) {
        TaskRow row;
        row.id = quint64(i);
        row.finishedNs = i * 10;
        (i % 2 ? b : a)->recentFinished.append(row);
    }
    const Snapshot merged = mergeSnapshots({a, b}, 4);
    QCOMPARE(merged.recentFinished.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(merged.recentFinished[i].id, quint64(i + 2));
}

void TestSnapshotMerge::checksAndUrlsAddByName()
{
    // Two parts met different URLs: the merged breakdown keeps the bound of one UrlBreakdown
    // (kMaxUrls named entries, then "other") and its percentiles are those of every sample.
    std::vector<SnapshotPtr> parts;
    UrlBreakdown whole;
    for (int p = 0; p < 2; ++p) {
        UrlBreakdown part;
        for (int u = 0; u < UrlBreakdown::kMaxUrls + 10; ++u) {
            const QString url = QStringLiteral("/p%1/u%2").arg(u < 60 ? 0 : p).arg(u);
            for (UrlBreakdown *b : {&part, &whole})
                b->record(b->slotFor(url), TaskState::Succeeded, qint64(1000 * (u + 1) * (p + 1)));
        }
        auto s = std::make_shared<Snapshot>();
        s->workloads.resize(1);
        s->workloads[0].urls = part.summaries();
        s->workloads[0].checks = {{QStringLiteral("status"), 10 * (p + 1), p}, {QStringLiteral("bodyContains"), 3, 1}};
        parts.push_back(s);
    }
    const Snapshot merged = mergeSnapshots(parts, 10);
    const QList<UrlSummary> &urls = merged.workloads[0].urls;
    QCOMPARE(urls.size(), UrlBreakdown::kMaxUrls + 1);
    QCOMPARE(urls.back().url, UrlBreakdown::kOther);
    qint64 total = 0;
    for (const UrlSummary &u : urls)
        total += u.succeeded;
    QCOMPARE(total, qint64(2 * (UrlBreakdown::kMaxUrls + 10)));
    QCOMPARE(urls.front().url, QStringLiteral("/p0/u0"));
    QCOMPARE(urls.front().succeeded, qint64(2));
    QCOMPARE(urls.front().latency.maxMs, whole.summaries().front().latency.maxMs);
    QCOMPARE(merged.workloads[0].checks.size(), 2);
    QCOMPARE(merged.workloads[0].checks[0].passed, qint64(30));
    QCOMPARE(merged.workloads[0].checks[0].failed, qint64(1));
    QCOMPARE(merged.workloads[0].checks[1].passed, qint64(6));
}

QTEST_GUILESS_MAIN(TestSnapshotMerge)
#include "tst_snapshot_merge.moc"
