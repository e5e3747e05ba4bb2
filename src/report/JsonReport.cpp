#include "report/JsonReport.h"

#include "report/WorkloadRate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace coroscope {

namespace {

double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

QJsonObject countsObject(const StateCounts &c)
{
    QJsonObject o;
    for (int i = 0; i < kTaskStateCount; ++i)
        o.insert(stateKey(TaskState(i)), double(c[size_t(i)]));
    return o;
}

QJsonObject histogramObject(const LatencyHistogram &h)
{
    // Non-empty buckets only: [lower bound in microseconds, count].
    QJsonArray buckets;
    for (int i = 0; i < LatencyHistogram::kBucketCount; ++i) {
        if (const qint64 n = h.bucketCount(i))
            buckets.append(QJsonArray{round3(double(LatencyHistogram::bucketLowerBound(i)) / 1e3), double(n)});
    }
    return QJsonObject{{QStringLiteral("unit"), QStringLiteral("us")},
                       {QStringLiteral("count"), double(h.count())},
                       {QStringLiteral("buckets"), buckets}};
}

QJsonObject latencyObject(const LatencySummary &l)
{
    return QJsonObject{{QStringLiteral("p50"), round3(l.p50Ms)},   {QStringLiteral("p90"), round3(l.p90Ms)},
                       {QStringLiteral("p95"), round3(l.p95Ms)},   {QStringLiteral("p99"), round3(l.p99Ms)},
                       {QStringLiteral("p999"), round3(l.p999Ms)}, {QStringLiteral("max"), round3(l.maxMs)},
                       {QStringLiteral("mean"), round3(l.meanMs)}};
}

// {"status": {"passed": N, "failed": M}, ...}
QJsonObject checksObject(const QList<CheckTally> &checks)
{
    QJsonObject o;
    for (const CheckTally &c : checks)
        o.insert(c.name, QJsonObject{{QStringLiteral("passed"), double(c.passed)},
                                     {QStringLiteral("failed"), double(c.failed)}});
    return o;
}

// [{"url": "...", "counts": {...}, "latencyMs": {...}}, ...], "other" last when there were too many.
QJsonArray urlsArray(const QList<UrlSummary> &urls)
{
    QJsonArray a;
    for (const UrlSummary &u : urls)
        a.append(
            QJsonObject{{QStringLiteral("url"), u.url},
                        {QStringLiteral("counts"), QJsonObject{{stateKey(TaskState::Succeeded), double(u.succeeded)},
                                                               {stateKey(TaskState::Failed), double(u.failed)},
                                                               {stateKey(TaskState::TimedOut), double(u.timedOut)}}},
                        {QStringLiteral("latencyMs"), latencyObject(u.latency)}});
    return a;
}

} // namespace

QJsonObject JsonReport::build(const RunSpec &spec, const Snapshot &s, const QDateTime &startedAt, bool interrupted,
                              const QList<RuleResult> &rules, const QJsonArray &timeSeries)
{
    const double seconds = double(s.elapsedNs) / 1e9;
    QJsonObject totals = countsObject(s.totals);
    totals.insert(QStringLiteral("throughputPerSecond"), round3(seconds > 0 ? double(s.totalDone()) / seconds : 0));
    LatencyHistogram all;
    for (const WorkloadSnapshot &w : s.workloads)
        all.merge(w.histogram);
    totals.insert(QStringLiteral("latencyMs"), latencyObject(LatencySummary::of(all)));

    QJsonArray workloads;
    for (const WorkloadSnapshot &w : s.workloads) {
        QJsonObject errors;
        for (auto it = w.errors.cbegin(); it != w.errors.cend(); ++it)
            errors.insert(errorKindKey(it.key()), double(it->count));
        QJsonObject gauges;
        for (auto it = w.gauges.cbegin(); it != w.gauges.cend(); ++it)
            gauges.insert(gaugeKey(it.key()), it.value());
        for (auto it = w.httpStatus.cbegin(); it != w.httpStatus.cend(); ++it)
            gauges.insert(QStringLiteral("status %1").arg(it.key()), double(it.value()));
        QJsonObject phases;
        for (auto it = w.runningByPhase.cbegin(); it != w.runningByPhase.cend(); ++it)
            phases.insert(it.key(), double(it.value()));
        QJsonObject workload{
            {QStringLiteral("name"), w.name},
            {QStringLiteral("type"), w.type},
            {QStringLiteral("counts"), countsObject(w.counts)},
            {QStringLiteral("throughputPerSecond"), round3(WorkloadRate::donePerSecond(w, s, spec))},
            {QStringLiteral("activeSeconds"), round3(WorkloadRate::activeSeconds(w, s, spec))},
            {QStringLiteral("latencyMs"), latencyObject(w.latency)},
            {QStringLiteral("latencyHistogram"), histogramObject(w.histogram)},
            {QStringLiteral("runningByPhase"), phases},
            {QStringLiteral("target"), w.target},
            {QStringLiteral("finishedAtSeconds"),
             w.finishedAtSeconds >= 0 ? QJsonValue(round3(w.finishedAtSeconds)) : QJsonValue()},
            {QStringLiteral("gauges"), gauges},
            {QStringLiteral("errors"), errors},
        };
        if (!w.checks.isEmpty())
            workload.insert(QStringLiteral("checks"), checksObject(w.checks));
        if (!w.urls.isEmpty())
            workload.insert(QStringLiteral("urls"), urlsArray(w.urls));
        workloads.append(workload);
    }

    QJsonArray ruleArray;
    for (const RuleResult &r : rules) {
        QJsonObject o{{QStringLiteral("rule"), r.rule},
                      {QStringLiteral("passed"), r.passed},
                      {QStringLiteral("actual"), round3(r.actual)}};
        if (!r.problem.isEmpty())
            o.insert(QStringLiteral("problem"), r.problem);
        ruleArray.append(o);
    }

    // The worst loop thread's lag (the generator-stall signal), and each thread's own.
    const auto lagObject = [](const LoopLagSummary &l) {
        return QJsonObject{{QStringLiteral("p50"), round3(l.p50Ms)},
                           {QStringLiteral("p99"), round3(l.p99Ms)},
                           {QStringLiteral("max"), round3(l.maxMs)}};
    };
    QJsonObject loopLag = lagObject(s.loopLag);
    QJsonArray perThread;
    for (const LoopLagSummary &l : s.loopLagPerThread)
        perThread.append(lagObject(l));
    loopLag.insert(QStringLiteral("perThread"), perThread);

    return QJsonObject{
        {QStringLiteral("profile"), spec.name},
        {QStringLiteral("schemaVersion"), spec.schemaVersion},
        {QStringLiteral("startedAt"), startedAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("durationSeconds"), round3(seconds)},
        {QStringLiteral("interrupted"), interrupted},
        {QStringLiteral("totals"), totals},
        {QStringLiteral("workloads"), workloads},
        {QStringLiteral("loopLagMs"), loopLag},
        {QStringLiteral("rules"), ruleArray},
        {QStringLiteral("timeSeries"), timeSeries},
    };
}

bool JsonReport::write(const QString &path, const QJsonObject &report, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    f.write(QJsonDocument(report).toJson(QJsonDocument::Indented));
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace coroscope
