#include "report/CsvSeriesWriter.h"

namespace coroscope {

namespace {

QString csvField(const QString &s)
{
    if (!s.contains(u',') && !s.contains(u'"') && !s.contains(u'\n'))
        return s;
    QString q = s;
    q.replace(u'"', QStringLiteral("\"\""));
    return u'"' + q + u'"';
}

} // namespace

QByteArray CsvSeriesWriter::header()
{
    return "elapsed_s,workload,pending,running,succeeded,failed,timed_out,cancelled,"
           "throughput_per_s,p50_ms,p99_ms,loop_lag_p99_ms,loop_lag_max_recent_ms,queue_depth,p95_ms,load_target\n";
}

QByteArray CsvSeriesWriter::row(double seconds, const QString &workload, const StateCounts &counts, double rate,
                                double p50Ms, double p99Ms, double lagP99Ms, double lagRecentMaxMs, double depth,
                                double p95Ms, double loadTarget)
{
    QString line = QString::number(seconds, 'f', 3) + u',' + csvField(workload);
    for (qint64 v : counts)
        line += u',' + QString::number(v);
    line += u',' + QString::number(rate, 'f', 1) + u',' + QString::number(p50Ms, 'f', 3) + u',' +
            QString::number(p99Ms, 'f', 3) + u',' + QString::number(lagP99Ms, 'f', 3) + u',' +
            QString::number(lagRecentMaxMs, 'f', 3) + u',' + (depth >= 0 ? QString::number(depth, 'f', 0) : QString()) +
            u',' + QString::number(p95Ms, 'f', 3) + u',' +
            (loadTarget >= 0 ? QString::number(loadTarget, 'f', 1) : QString()) + u'\n';
    return line.toUtf8();
}

bool CsvSeriesWriter::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = m_file.errorString();
        return false;
    }
    m_file.write(header());
    return true;
}

void CsvSeriesWriter::writeRows(const Snapshot &s)
{
    const double seconds = double(s.elapsedNs) / 1e9;
    for (const auto &w : s.workloads)
        m_file.write(row(seconds, w.name, w.counts, w.throughputPerSecond, w.latency.p50Ms, w.latency.p99Ms,
                         s.loopLag.p99Ms, s.loopLag.recentMaxMs, w.gauges.value(Gauge::QueueDepth, -1), w.latency.p95Ms,
                         w.loadTarget));
    m_file.write(row(seconds, QStringLiteral("total"), s.totals, s.throughputPerSecond, 0, 0, s.loopLag.p99Ms,
                     s.loopLag.recentMaxMs, -1));
    m_file.flush();
    m_lastSequence = s.sequence;
}

void CsvSeriesWriter::offer(const Snapshot &s)
{
    if (!m_file.isOpen() || s.elapsedNs < m_nextSecond * 1'000'000'000)
        return;
    writeRows(s);
    m_nextSecond = s.elapsedNs / 1'000'000'000 + 1;
}

void CsvSeriesWriter::finish(const Snapshot &s)
{
    if (m_file.isOpen() && s.sequence != m_lastSequence)
        writeRows(s);
    m_file.close();
}

} // namespace coroscope
