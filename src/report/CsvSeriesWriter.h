#pragma once

#include "core/Snapshot.h"

#include <QFile>
#include <QString>

namespace coroscope {

// The 1-second time series, streamed: one row per workload per second, written as it happens so a
// long run keeps no series in memory.
class CsvSeriesWriter
{
public:
    bool open(const QString &path, QString *error);
    // Writes rows for every whole second that passed since the last call.
    void offer(const Snapshot &s);
    // Writes a last row for the final snapshot, even within a second.
    void finish(const Snapshot &s);
    bool isOpen() const { return m_file.isOpen(); }

    // The series' format, shared with the GUI's export of a finished run. New columns go at the end
    // (p95_ms came last), so scripts that read columns by position keep working.
    static QByteArray header();
    static QByteArray row(double seconds, const QString &workload, const StateCounts &counts, double rate, double p50Ms,
                          double p99Ms, double lagP99Ms, double lagRecentMaxMs, double depth, double p95Ms = 0,
                          double loadTarget = -1);

private:
    void writeRows(const Snapshot &s);

    QFile m_file;
    qint64 m_nextSecond = 1;
    quint64 m_lastSequence = 0;
};

} // namespace coroscope
