#include "core/RuleEvaluator.h"

#include "core/Clock.h"

namespace coroscope {

std::optional<double> RuleEvaluator::metricValue(const QString &metric, const Snapshot &s, int workload)
{
    StateCounts counts = s.totals;
    LatencyHistogram merged;
    const LatencyHistogram *hist = &merged;
    if (workload >= 0) {
        counts = s.workloads[size_t(workload)].counts;
        hist = &s.workloads[size_t(workload)].histogram;
    } else {
        for (const auto &w : s.workloads)
            merged.merge(w.histogram);
    }
    const auto c = [&](TaskState st) { return double(counts[stateIndex(st)]); };
    const double done = c(TaskState::Succeeded) + c(TaskState::Failed) + c(TaskState::TimedOut);
    const double seconds = double(s.elapsedNs) / double(kNsPerSecond);
    const auto ms = [](qint64 ns) { return double(ns) / 1e6; };

    if (metric == QLatin1String("p50_ms"))
        return ms(hist->quantileNs(0.5));
    if (metric == QLatin1String("p90_ms"))
        return ms(hist->quantileNs(0.9));
    if (metric == QLatin1String("p95_ms"))
        return ms(hist->quantileNs(0.95));
    if (metric == QLatin1String("p99_ms"))
        return ms(hist->quantileNs(0.99));
    if (metric == QLatin1String("p999_ms"))
        return ms(hist->quantileNs(0.999));
    if (metric == QLatin1String("max_ms"))
        return ms(hist->maxNs());
    if (metric == QLatin1String("mean_ms"))
        return hist->meanNs() / 1e6;
    if (metric == QLatin1String("error_rate"))
        return done > 0 ? (c(TaskState::Failed) + c(TaskState::TimedOut)) / done : 0.0;
    if (metric == QLatin1String("throughput"))
        return seconds > 0 ? done / seconds : 0.0;
    if (metric == QLatin1String("succeeded"))
        return c(TaskState::Succeeded);
    if (metric == QLatin1String("failed"))
        return c(TaskState::Failed);
    if (metric == QLatin1String("timed_out"))
        return c(TaskState::TimedOut);
    if (metric == QLatin1String("cancelled"))
        return c(TaskState::Cancelled);
    if (metric == QLatin1String("loop_lag_p99_ms"))
        return s.loopLag.p99Ms;
    return std::nullopt;
}

RuleResult RuleEvaluator::evaluate(const PassFailRule &rule, const Snapshot &s)
{
    RuleResult r;
    r.rule = rule.text();
    int index = -1;
    if (!rule.workload.isEmpty()) {
        for (size_t i = 0; i < s.workloads.size(); ++i) {
            if (s.workloads[i].name == rule.workload)
                index = int(i);
        }
        if (index < 0) {
            r.problem = tr("no workload named \"%1\"").arg(rule.workload);
            return r;
        }
    }
    const auto value = metricValue(rule.metric, s, index);
    if (!value) {
        r.problem = tr("unknown metric \"%1\"").arg(rule.metric);
        return r;
    }
    r.actual = *value;
    if (rule.op == QLatin1String("<"))
        r.passed = r.actual < rule.value;
    else if (rule.op == QLatin1String("<="))
        r.passed = r.actual <= rule.value;
    else if (rule.op == QLatin1String(">"))
        r.passed = r.actual > rule.value;
    else if (rule.op == QLatin1String(">="))
        r.passed = r.actual >= rule.value;
    else
        r.problem = tr("unknown operator \"%1\"").arg(rule.op);
    return r;
}

QList<RuleResult> RuleEvaluator::evaluateAll(const QList<PassFailRule> &rules, const Snapshot &s)
{
    QList<RuleResult> out;
    for (const auto &rule : rules)
        out << evaluate(rule, s);
    return out;
}

} // namespace coroscope
