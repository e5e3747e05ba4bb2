#include "report/PrometheusText.h"

#include <cmath>

namespace coroscope {

namespace {

// One family at a time: HELP and TYPE once, then its samples.
class Writer
{
public:
    explicit Writer(QString common) : m_common(std::move(common)) {}

    void family(const char *name, const char *type, const char *help)
    {
        m_out += "# HELP ";
        m_out += name;
        m_out += ' ';
        m_out += help;
        m_out += "\n# TYPE ";
        m_out += name;
        m_out += ' ';
        m_out += type;
        m_out += '\n';
    }
    void sample(const char *name, const QString &labels, double value)
    {
        m_out += name;
        QString all = m_common;
        if (!labels.isEmpty())
            all = all.isEmpty() ? labels : all + u',' + labels;
        if (!all.isEmpty())
            m_out += '{' + all.toUtf8() + '}';
        m_out += ' ';
        m_out += std::isinf(value) ? QByteArray(value > 0 ? "+Inf" : "-Inf") : QByteArray::number(value, 'g', 15);
        m_out += '\n';
    }
    QByteArray take() { return std::move(m_out); }

private:
    QString m_common;
    QByteArray m_out;
};

QString label(const char *key, const QString &value)
{
    return QString::fromLatin1(key) + QStringLiteral("=\"") + PrometheusText::escapeLabelValue(value) + u'"';
}

} // namespace

const std::vector<double> &PrometheusText::latencyBucketsSeconds()
{
    static const std::vector<double> buckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,    0.5,    1,     2.5,    5,     10,   30,    60};
    return buckets;
}

QStringList PrometheusText::metricNames()
{
    return {QStringLiteral("coroscope_run_running"),           QStringLiteral("coroscope_run_elapsed_seconds"),
            QStringLiteral("coroscope_tasks_total"),           QStringLiteral("coroscope_tasks"),
            QStringLiteral("coroscope_task_latency_seconds"),  QStringLiteral("coroscope_errors_total"),
            QStringLiteral("coroscope_throughput_per_second"), QStringLiteral("coroscope_loop_lag_seconds"),
            QStringLiteral("coroscope_workload_gauge")};
}

QString PrometheusText::escapeLabelValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value) {
        if (c == u'\\')
            out += QStringLiteral("\\\\");
        else if (c == u'"')
            out += QStringLiteral("\\\"");
        else if (c == u'\n')
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out;
}

QByteArray PrometheusText::render(const Snapshot &s, const QString &profileName, const QString &extraLabels)
{
    QString common = label("profile", profileName);
    if (!extraLabels.isEmpty())
        common += u',' + extraLabels;
    Writer w(common);

    w.family("coroscope_run_running", "gauge", "1 while the run goes on, 0 once it ended.");
    w.sample("coroscope_run_running", {}, s.running ? 1 : 0);
    w.family("coroscope_run_elapsed_seconds", "gauge", "Time since the run started.");
    w.sample("coroscope_run_elapsed_seconds", {}, double(s.elapsedNs) / 1e9);

    w.family("coroscope_tasks_total", "counter", "Tasks that reached a final state, by workload and state.");
    for (const WorkloadSnapshot &ws : s.workloads) {
        for (TaskState st : {TaskState::Succeeded, TaskState::Failed, TaskState::TimedOut, TaskState::Cancelled})
            w.sample("coroscope_tasks_total", label("workload", ws.name) + u',' + label("state", stateKey(st)),
                     double(ws.counts[stateIndex(st)]));
    }
    w.family("coroscope_tasks", "gauge", "Live tasks, by workload and state (pending or running).");
    for (const WorkloadSnapshot &ws : s.workloads) {
        for (TaskState st : {TaskState::Pending, TaskState::Running})
            w.sample("coroscope_tasks", label("workload", ws.name) + u',' + label("state", stateKey(st)),
                     double(ws.counts[stateIndex(st)]));
    }

    w.family("coroscope_task_latency_seconds", "histogram",
             "Latency of succeeded and failed tasks (from the intended start in fixed-rate mode).");
    const std::vector<double> &bounds = latencyBucketsSeconds();
    for (const WorkloadSnapshot &ws : s.workloads) {
        // One walk over the fine buckets; each lands in the first `le` bucket its upper bound fits.
        std::vector<qint64> perBound(bounds.size() + 1, 0);
        const LatencyHistogram &h = ws.histogram;
        size_t b = 0;
        for (int i = 0; i < LatencyHistogram::kBucketCount; ++i) {
            const qint64 n = h.bucketCount(i);
            if (!n)
                continue;
            const double upper = double(LatencyHistogram::bucketUpperBound(i)) / 1e9;
            while (b < bounds.size() && upper > bounds[b])
                ++b;
            perBound[b] += n;
        }
        const QString wl = label("workload", ws.name);
        qint64 cumulative = 0;
        for (size_t i = 0; i < bounds.size(); ++i) {
            cumulative += perBound[i];
            w.sample("coroscope_task_latency_seconds_bucket",
                     wl + QStringLiteral(",le=\"") + QString::number(bounds[i], 'g', 10) + u'"', double(cumulative));
        }
        w.sample("coroscope_task_latency_seconds_bucket", wl + QStringLiteral(",le=\"+Inf\""), double(h.count()));
        w.sample("coroscope_task_latency_seconds_sum", wl, h.meanNs() * double(h.count()) / 1e9);
        w.sample("coroscope_task_latency_seconds_count", wl, double(h.count()));
    }

    w.family("coroscope_errors_total", "counter", "Failed tasks by workload and error kind.");
    for (const WorkloadSnapshot &ws : s.workloads) {
        for (auto it = ws.errors.cbegin(); it != ws.errors.cend(); ++it)
            w.sample("coroscope_errors_total",
                     label("workload", ws.name) + u',' + label("kind", errorKindKey(it.key())), double(it->count));
    }
    w.family("coroscope_throughput_per_second", "gauge", "Completions over the last second, by workload.");
    for (const WorkloadSnapshot &ws : s.workloads)
        w.sample("coroscope_throughput_per_second", label("workload", ws.name), ws.throughputPerSecond);

    w.family("coroscope_loop_lag_seconds", "gauge",
             "Event-loop lag of the generator (p50, p99, max): high values mean the generator, not the target, "
             "is the bottleneck.");
    w.sample("coroscope_loop_lag_seconds", QStringLiteral("quantile=\"0.5\""), s.loopLag.p50Ms / 1e3);
    w.sample("coroscope_loop_lag_seconds", QStringLiteral("quantile=\"0.99\""), s.loopLag.p99Ms / 1e3);
    w.sample("coroscope_loop_lag_seconds", QStringLiteral("quantile=\"1\""), s.loopLag.maxMs / 1e3);

    w.family("coroscope_workload_gauge", "gauge",
             "A workload's own figures (queue depth, connections open, ...), named by the report's gauge keys.");
    for (const WorkloadSnapshot &ws : s.workloads) {
        for (auto it = ws.gauges.cbegin(); it != ws.gauges.cend(); ++it)
            w.sample("coroscope_workload_gauge", label("workload", ws.name) + u',' + label("gauge", gaugeKey(it.key())),
                     it.value());
    }
    return w.take();
}

} // namespace coroscope
