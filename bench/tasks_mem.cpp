// Benchmark `tasks-mem`: resident memory per pending task with N sleep tasks waiting on a 60 s delay,
// tracker on, and the event-loop lag while they sleep. Prints one JSON line, like the peers.
//   coroscope_bench_tasks_mem [--tasks N] [--lag-seconds S]
#include "core/LoopLagProbe.h"
#include "core/Run.h"
#include "workloads/WorkloadRegistry.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

using namespace coroscope;

namespace {

qint64 rssKib()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    // /proc files report size 0, so read everything instead of testing atEnd().
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Runs the event loop until `done` holds or `timeoutMs` passes.
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start(5);
    loop.exec();
    return done();
}

void sleepFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 tasks = 100000;
    int lagSeconds = 3;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--tasks"))
            tasks = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--lag-seconds"))
            lagSeconds = args[i + 1].toInt();
    }

    RunSpec spec;
    spec.name = QStringLiteral("tasks-mem");
    WorkloadSpec w;
    w.type = QStringLiteral("sleep");
    w.name = QStringLiteral("sleepers");
    w.params = QJsonObject{{QStringLiteral("tasks"), double(tasks)},
                           {QStringLiteral("concurrency"), 0},
                           {QStringLiteral("delayMs"), 60000}};
    spec.workloads.push_back(w);
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(spec, &issues);
    if (workloads.empty())
        return 2;

    const qint64 before = rssKib();
    Run run(spec, std::move(workloads));
    QElapsedTimer clock;
    clock.start();
    run.start();
    const auto running = [&] { return run.tracker().totals()[stateIndex(TaskState::Running)] == tasks; };
    if (!spinUntil(running, 60000)) {
        std::fprintf(stderr, "tasks did not all start\n");
        return 1;
    }
    const double spawnMs = double(clock.nsecsElapsed()) / 1e6;
    sleepFor(500); // as the asyncio peer does before reading its RSS
    const qint64 after = rssKib();

    LoopLagProbe probe;
    probe.start();
    sleepFor(lagSeconds * 1000);
    probe.stop();
    const LoopLagSummary lag = probe.takeSummary();

    clock.restart();
    run.cancelAll();
    spinUntil([&] { return run.phase() == Run::Phase::Finished; }, 60000);
    const double cancelMs = double(clock.nsecsElapsed()) / 1e6;
    const qint64 cancelled = run.tracker().totals()[stateIndex(TaskState::Cancelled)];

    const QJsonObject out{
        {QStringLiteral("peer"), QStringLiteral("coroscope-sleep")},
        {QStringLiteral("tasks"), double(tasks)},
        {QStringLiteral("bytes_per_task"), double(qRound64(double(after - before) * 1024.0 / double(tasks)))},
        {QStringLiteral("rss_before_kib"), double(before)},
        {QStringLiteral("rss_after_kib"), double(after)},
        {QStringLiteral("spawn_ms"), qRound(spawnMs)},
        {QStringLiteral("loop_lag_p50_ms"), lag.p50Ms},
        {QStringLiteral("loop_lag_p99_ms"), lag.p99Ms},
        {QStringLiteral("loop_lag_max_ms"), lag.maxMs},
        {QStringLiteral("cancel_all_ms"), qRound(cancelMs)},
        {QStringLiteral("cancelled"), double(cancelled)}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return cancelled == tasks ? 0 : 1;
}
