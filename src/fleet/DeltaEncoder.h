#pragma once

#include "core/Snapshot.h"

#include <QByteArray>

#include <vector>

namespace coroscope {

// An agent's side of the fleet wire format (docs/fleet-wire-format.md): one compact payload per
// Snapshot holding its counts, rates, errors, loop lag and only the histogram buckets that changed
// since the payload before. Keeps the histograms it last sent to compute that difference.
class DeltaEncoder
{
public:
    static constexpr quint8 kFormatVersion = 1;

    QByteArray encode(const Snapshot &s);
    quint64 sent() const { return m_sequence; }

private:
    std::vector<LatencyHistogram> m_sent; // per workload, cumulative as of the previous payload
    quint64 m_sequence = 0;
};

} // namespace coroscope
