#pragma once

#include "core/Snapshot.h"

#include <QJsonArray>

#include <deque>

namespace coroscope {

// The 1-second time series of a run for the JSON report: one point per whole second, in a ring
// of the last `capacity` seconds, so a day-long run keeps bounded memory (the CSV streams all).
class TimeSeriesRecorder
{
public:
    explicit TimeSeriesRecorder(qsizetype capacity = 3600) : m_capacity(capacity) {}

    void offer(const Snapshot &s);
    void finish(const Snapshot &s);
    QJsonArray toJson() const;
    QByteArray toCsv() const; // the same columns as CsvSeriesWriter's file
    qsizetype size() const { return qsizetype(m_points.size()); }
    qsizetype capacity() const { return m_capacity; }

private:
    struct Point {
        double seconds;
        double loopLagP99Ms;
        double loopLagRecentMaxMs;
        StateCounts totals;
        double throughput;
        struct Workload {
            StateCounts counts;
            double throughput, p50Ms, p95Ms, p99Ms, depth;
            double loadTarget; // the stages' or live target of its load key, -1: none
        };
        std::vector<Workload> workloads;
    };
    void record(const Snapshot &s);

    qsizetype m_capacity;
    std::deque<Point> m_points;
    QStringList m_names;
    qint64 m_nextSecond = 1;
    quint64 m_lastSequence = 0;
};

} // namespace coroscope
