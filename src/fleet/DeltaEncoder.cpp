#include "fleet/DeltaEncoder.h"

#include "fleet/WireBytes.h"

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {

quint64 micros(double ms)
{
    return quint64(std::llround(std::max(0.0, ms) * 1000.0));
}

} // namespace

QByteArray DeltaEncoder::encode(const Snapshot &s)
{
    WireWriter w;
    w.byte(kFormatVersion);
    w.varint(++m_sequence);
    w.varint(quint64(std::max<qint64>(0, s.elapsedNs)));
    w.byte(s.running ? 1 : 0);
    w.varint(micros(s.loopLag.p50Ms));
    w.varint(micros(s.loopLag.p99Ms));
    w.varint(micros(s.loopLag.maxMs));
    w.varint(micros(s.loopLag.recentMaxMs));
    w.varint(s.workloads.size());
    m_sent.resize(s.workloads.size());
    for (size_t i = 0; i < s.workloads.size(); ++i) {
        const WorkloadSnapshot &ws = s.workloads[i];
        for (qint64 c : ws.counts)
            w.varint(quint64(std::max<qint64>(0, c)));
        w.varint(quint64(std::max<qint64>(0, ws.created)));
        w.varint(micros(ws.throughputPerSecond)); // thousandths of a task per second
        w.byte(ws.finished ? 1 : 0);
        w.varint(ws.finishedAtSeconds < 0 ? 0 : quint64(std::llround(ws.finishedAtSeconds * 1000.0)) + 1);

        // Only the buckets that grew: a steady run sends a few dozen, not all 4736.
        LatencyHistogram &before = m_sent[i];
        std::vector<std::pair<int, qint64>> changed;
        for (int b = 0; b < LatencyHistogram::kBucketCount; ++b) {
            const qint64 grew = ws.histogram.bucketCount(b) - before.bucketCount(b);
            if (grew > 0)
                changed.emplace_back(b, grew);
        }
        w.varint(changed.size());
        int previous = 0;
        for (const auto &[bucket, grew] : changed) {
            w.varint(quint64(bucket - previous));
            w.varint(quint64(grew));
            previous = bucket;
        }
        before = ws.histogram;
        w.varint(quint64(ws.histogram.minNs()));
        w.varint(quint64(ws.histogram.maxNs()));
        w.varint(quint64(std::llround(ws.histogram.sumNs())));

        w.varint(quint64(ws.errors.size()));
        for (auto it = ws.errors.cbegin(); it != ws.errors.cend(); ++it) {
            w.varint(quint64(it.key()));
            w.varint(quint64(it->count));
            w.text(it->lastMessage.left(200).toUtf8());
        }
        w.varint(quint64(ws.httpStatus.size()));
        for (auto it = ws.httpStatus.cbegin(); it != ws.httpStatus.cend(); ++it) {
            w.varint(quint64(it.key()));
            w.varint(quint64(it.value()));
        }
        w.varint(quint64(ws.gauges.size()));
        for (auto it = ws.gauges.cbegin(); it != ws.gauges.cend(); ++it) {
            w.varint(quint64(it.key()));
            w.signedVarint(std::llround(std::clamp(it.value(), -1e15, 1e15) * 1000.0));
        }
    }
    return w.take();
}

} // namespace coroscope
