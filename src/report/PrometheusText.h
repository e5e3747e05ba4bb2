#pragma once

#include "core/Snapshot.h"

#include <QByteArray>
#include <QString>

namespace coroscope {

// A Snapshot in the Prometheus text exposition format (version 0.0.4): counters per state and
// workload, live gauges, latency as a histogram with fixed `le` buckets, error kinds, loop lag and
// the workloads' own gauges. Base units (seconds), `_total` counters, `coroscope_` prefix.
class PrometheusText
{
public:
    // The latency buckets' upper bounds, in seconds (+Inf is added).
    static const std::vector<double> &latencyBucketsSeconds();
    // Every metric family name this renders (dashboards are checked against it).
    static QStringList metricNames();

    // `extraLabels` is added to every sample, e.g. `agent="a1"` (already escaped, no braces).
    static QByteArray render(const Snapshot &s, const QString &profileName, const QString &extraLabels = {});
    static QString escapeLabelValue(const QString &value);
};

} // namespace coroscope
