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

bool CsvSeriesWriter::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = m_file.errorString();
        return false;
    }
    m_file.write("elapsed_s,workload,pending,running,succeeded,failed,timed_out,cancelled,"
                 "throughput_per_s,p50_ms,p99_ms,loop_lag_p99_ms,loop_lag_max_recent_ms,queue_depth\n");
    return true;
}

void CsvSeriesWriter::writeRows(const Snapshot &s)
{
    const QString elapsed = QString::number(double(s.elapsedNs) / 1e9, 'f', 3);
    auto row = [&](const QString &name, const StateCounts &c, double rate, double p50, double p99, const QString &depth) {
        QString line = elapsed + u',' + csvField(name);
        for (qint64 v : c)
            line += u',' + QString::number(v);
        line += u',' + QString::number(rate, 'f', 1) + u',' + QString::number(p50, 'f', 3) + u',' +
                QString::number(p99, 'f', 3) + u',' + QString::number(s.loopLag.p99Ms, 'f', 3) + u',' +
                QString::number(s.loopLag.recentMaxMs, 'f', 3) + u',' + depth + u'\n';
        m_file.write(line.toUtf8());
    };
    for (const auto &w : s.workloads) {
        const auto depth = w.gauges.constFind(QStringLiteral("depth"));
        row(w.name, w.counts, w.throughputPerSecond, w.latency.p50Ms, w.latency.p99Ms,
            depth == w.gauges.cend() ? QString() : QString::number(*depth, 'f', 0));
    }
    row(QStringLiteral("total"), s.totals, s.throughputPerSecond, 0, 0, QString());
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
