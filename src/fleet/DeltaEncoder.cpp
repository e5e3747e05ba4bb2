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
    m_sentUrls.resize(s.workloads.size());
    for (size_t i = 0; i < s.workloads.size(); ++i) {
        const WorkloadSnapshot &ws = s.workloads[i];
        for (qint64 c : ws.counts)
            w.varint(quint64(std::max<qint64>(0, c)));
        w.varint(quint64(std::max<qint64>(0, ws.created)));
        w.varint(micros(ws.throughputPerSecond)); // thousandths of a task per second
        w.byte(ws.finished ? 1 : 0);
        w.varint(ws.finishedAtSeconds < 0 ? 0 : quint64(std::llround(ws.finishedAtSeconds * 1000.0)) + 1);

        // Only the buckets that grew: a steady run sends a few dozen, not all 4736.
        writeGrowth(w, ws.histogram, m_sent[i]);
        keep(m_sent[i], ws.histogram);

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
        writeChecksAndUrls(w, ws, m_sentUrls[i]);
    }
    return w.take();
}

void DeltaEncoder::writeGrowth(WireWriter &w, const LatencyHistogram &now, const LatencyHistogram &before)
{
    std::vector<std::pair<int, qint64>> changed;
    // Cumulative counts only grow: the same total means no bucket did, and the scan is skipped.
    for (int b = 0; b < LatencyHistogram::kBucketCount && now.count() != before.count(); ++b) {
        const qint64 grew = now.bucketCount(b) - before.bucketCount(b);
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
    w.varint(quint64(now.minNs()));
    w.varint(quint64(now.maxNs()));
    w.varint(quint64(std::llround(now.sumNs())));
}

void DeltaEncoder::keep(LatencyHistogram &sent, const LatencyHistogram &now)
{
    // A histogram is 37 KiB: copied only when it changed, not for every URL on every snapshot.
    if (sent.count() != now.count())
        sent = now;
}

void DeltaEncoder::writeChecksAndUrls(WireWriter &w, const WorkloadSnapshot &ws, SentUrls &sent)
{
    // Checks are few and their tallies absolute: sent whole every time.
    const qsizetype checks = std::min<qsizetype>(ws.checks.size(), kMaxChecks);
    w.varint(quint64(checks));
    for (const CheckTally &c : ws.checks.first(checks)) {
        w.text(c.name.left(kMaxCheckNameChars).toUtf8());
        w.varint(quint64(std::max<qint64>(0, c.passed)));
        w.varint(quint64(std::max<qint64>(0, c.failed)));
    }
    // URLs (at most UrlBreakdown's bound): counts absolute, histograms as their growth.
    static const LatencyHistogram empty;
    w.varint(quint64(ws.urls.size()));
    for (const UrlSummary &u : ws.urls) {
        auto it = sent.ids.constFind(u.url);
        const bool fresh = it == sent.ids.cend();
        const int id = fresh ? int(sent.histograms.size()) : *it;
        w.varint(quint64(id));
        if (fresh) {
            w.text(u.url.left(kMaxUrlChars).toUtf8());
            sent.ids.insert(u.url, id);
            sent.histograms.emplace_back();
        }
        w.varint(quint64(std::max<qint64>(0, u.succeeded)));
        w.varint(quint64(std::max<qint64>(0, u.failed)));
        w.varint(quint64(std::max<qint64>(0, u.timedOut)));
        const LatencyHistogram &now = u.histogram ? *u.histogram : empty;
        writeGrowth(w, now, sent.histograms[size_t(id)]);
        keep(sent.histograms[size_t(id)], now);
    }
}

} // namespace coroscope
