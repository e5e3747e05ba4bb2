#include "report/TimeSeriesRecorder.h"

#include "report/CsvSeriesWriter.h"

#include <QJsonObject>

#include <cmath>

namespace coroscope {

void TimeSeriesRecorder::record(const Snapshot &s)
{
    Point p;
    p.seconds = double(s.elapsedNs) / 1e9;
    p.loopLagP99Ms = s.loopLag.p99Ms;
    p.loopLagRecentMaxMs = s.loopLag.recentMaxMs;
    p.totals = s.totals;
    p.throughput = s.throughputPerSecond;
    m_names.clear();
    for (const WorkloadSnapshot &w : s.workloads) {
        m_names << w.name;
        p.workloads.push_back(Point::Workload{w.counts, w.throughputPerSecond, w.latency.p50Ms, w.latency.p95Ms,
                                              w.latency.p99Ms, w.gauges.value(Gauge::QueueDepth, -1), w.loadTarget});
    }
    if (qsizetype(m_points.size()) == m_capacity)
        m_points.pop_front();
    m_points.push_back(std::move(p));
    m_lastSequence = s.sequence;
}

void TimeSeriesRecorder::offer(const Snapshot &s)
{
    if (s.elapsedNs < m_nextSecond * 1'000'000'000)
        return;
    record(s);
    m_nextSecond = s.elapsedNs / 1'000'000'000 + 1;
}

void TimeSeriesRecorder::finish(const Snapshot &s)
{
    if (s.sequence != m_lastSequence)
        record(s);
}

QByteArray TimeSeriesRecorder::toCsv() const
{
    QByteArray out = CsvSeriesWriter::header();
    for (const Point &p : m_points) {
        for (size_t i = 0; i < p.workloads.size() && qsizetype(i) < m_names.size(); ++i) {
            const auto &w = p.workloads[i];
            out += CsvSeriesWriter::row(p.seconds, m_names[qsizetype(i)], w.counts, w.throughput, w.p50Ms, w.p99Ms,
                                        p.loopLagP99Ms, p.loopLagRecentMaxMs, w.depth, w.p95Ms, w.loadTarget);
        }
        out += CsvSeriesWriter::row(p.seconds, QStringLiteral("total"), p.totals, p.throughput, 0, 0, p.loopLagP99Ms,
                                    p.loopLagRecentMaxMs, -1);
    }
    return out;
}

QJsonArray TimeSeriesRecorder::toJson() const
{
    const auto r3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
    QJsonArray out;
    for (const Point &p : m_points) {
        QJsonObject workloads;
        for (size_t i = 0; i < p.workloads.size() && qsizetype(i) < m_names.size(); ++i) {
            const auto &w = p.workloads[i];
            QJsonObject o;
            for (int k = 0; k < kTaskStateCount; ++k)
                o.insert(stateKey(TaskState(k)), double(w.counts[size_t(k)]));
            o.insert(QStringLiteral("throughputPerSecond"), r3(w.throughput));
            o.insert(QStringLiteral("p50Ms"), r3(w.p50Ms));
            o.insert(QStringLiteral("p95Ms"), r3(w.p95Ms));
            o.insert(QStringLiteral("p99Ms"), r3(w.p99Ms));
            if (w.depth >= 0)
                o.insert(QStringLiteral("depth"), w.depth);
            if (w.loadTarget >= 0)
                o.insert(QStringLiteral("target"), r3(w.loadTarget));
            workloads.insert(m_names[qsizetype(i)], o);
        }
        out.append(QJsonObject{{QStringLiteral("seconds"), r3(p.seconds)},
                               {QStringLiteral("loopLagMaxMs"), r3(p.loopLagRecentMaxMs)},
                               {QStringLiteral("workloads"), workloads}});
    }
    return out;
}

} // namespace coroscope
