#pragma once

#include "core/Snapshot.h"

#include <QByteArray>
#include <QHash>

#include <vector>

namespace coroscope {

class WireWriter;

// An agent's side of the fleet wire format (docs/fleet.md): one compact payload per Snapshot
// holding its counts, rates, errors, loop lag, response checks, per-URL figures and only the
// histogram buckets that changed since the payload before. Keeps the histograms it last sent to
// compute that difference.
class DeltaEncoder
{
public:
    // 2: per workload, response checks and per-URL figures after the gauges.
    static constexpr quint8 kFormatVersion = 2;
    // What a payload carries of a check's name and a URL (UTF-16 units; ≤ 3 UTF-8 bytes each).
    static constexpr qsizetype kMaxCheckNameChars = 256;
    static constexpr qsizetype kMaxUrlChars = 2048;
    static constexpr quint64 kMaxChecks = 1024;

    QByteArray encode(const Snapshot &s);
    quint64 sent() const { return m_sequence; }

    // The buckets of `now` that grew since `before` (gap from the previous index, growth), then
    // now's extremes and sum; DeltaDecoder::readGrowth reads it.
    static void writeGrowth(WireWriter &w, const LatencyHistogram &now, const LatencyHistogram &before);

private:
    // What one workload's previous payload held, per URL: a URL's id is its position here, sent
    // with its text the first time only.
    struct SentUrls {
        QHash<QString, int> ids;
        std::vector<LatencyHistogram> histograms;
    };
    void writeChecksAndUrls(WireWriter &w, const WorkloadSnapshot &ws, SentUrls &sent);
    // What the next payload's growth is measured from: `now`, once it differs from `sent`.
    static void keep(LatencyHistogram &sent, const LatencyHistogram &now);

    std::vector<LatencyHistogram> m_sent; // per workload, cumulative as of the previous payload
    std::vector<SentUrls> m_sentUrls;     // per workload
    quint64 m_sequence = 0;
};

} // namespace coroscope
