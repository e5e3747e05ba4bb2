#include "fleet/DeltaDecoder.h"

#include "fleet/DeltaEncoder.h"
#include "fleet/WireBytes.h"

#include "core/UrlBreakdown.h"

namespace coroscope {

namespace {

// Bounds a well-formed payload never reaches; they keep a hostile one from allocating or
// overflowing anything.
constexpr quint64 kMaxCount = quint64(1) << 53;
constexpr quint64 kMaxNs = quint64(1) << 62;
constexpr quint64 kMaxLagUs = quint64(24) * 3600 * 1000 * 1000;
constexpr qsizetype kMaxMessageBytes = 1024;
constexpr quint64 kMaxStatuses = 1000;

double ms(quint64 us)
{
    return double(us) / 1000.0;
}

// The interval histogram holds only bucket counts: its extremes and sum come from bucket bounds.
void closeInterval(LatencyHistogram &h, int first, int last)
{
    double sum = 0;
    for (int b = first; b <= last && h.count(); ++b)
        sum += double(h.bucketCount(b)) *
               (double(LatencyHistogram::bucketLowerBound(b)) + double(LatencyHistogram::bucketUpperBound(b))) / 2;
    if (h.count())
        h.setExtremes(LatencyHistogram::bucketLowerBound(first), LatencyHistogram::bucketUpperBound(last) - 1, sum);
}

} // namespace

DeltaDecoder::DeltaDecoder(const QList<QPair<QString, QString>> &workloads) : m_snapshot(std::make_shared<Snapshot>())
{
    for (const auto &[name, type] : workloads) {
        WorkloadSnapshot w;
        w.name = name;
        w.type = type;
        m_snapshot->workloads.push_back(std::move(w));
    }
}

bool DeltaDecoder::apply(QByteArrayView payload, QString *error)
{
    WireReader r(payload);
    auto next = std::make_shared<Snapshot>(*m_snapshot); // the last good one survives a bad payload
    const quint8 version = r.byte("the format version");
    if (r.ok() && version != DeltaEncoder::kFormatVersion) {
        *error = tr("delta format %1, this controller reads format %2").arg(version).arg(DeltaEncoder::kFormatVersion);
        return false;
    }
    const quint64 sequence = r.varint("the sequence number", kMaxCount);
    if (r.ok() && sequence != m_sequence + 1) {
        *error = tr("delta %1 where %2 was expected (a delta was lost or repeated)").arg(sequence).arg(m_sequence + 1);
        return false;
    }
    next->sequence = sequence;
    next->elapsedNs = qint64(r.varint("the elapsed time", kMaxNs));
    next->running = r.byte("the running flag") & 1;
    next->loopLag.p50Ms = ms(r.varint("the loop lag p50", kMaxLagUs));
    next->loopLag.p99Ms = ms(r.varint("the loop lag p99", kMaxLagUs));
    next->loopLag.maxMs = ms(r.varint("the loop lag max", kMaxLagUs));
    next->loopLag.recentMaxMs = ms(r.varint("the recent loop lag", kMaxLagUs));
    const quint64 workloads = r.varint("the workload count", 4096);
    if (r.ok() && workloads != next->workloads.size()) {
        *error = tr("a delta for %1 workloads, the run has %2").arg(workloads).arg(next->workloads.size());
        return false;
    }
    next->totals = {};
    next->throughputPerSecond = 0;
    for (size_t i = 0; i < next->workloads.size() && r.ok(); ++i) {
        WorkloadSnapshot &w = next->workloads[i];
        for (qint64 &c : w.counts)
            c = qint64(r.varint("a state count", kMaxCount));
        w.created = qint64(r.varint("the created count", kMaxCount));
        w.throughputPerSecond = ms(r.varint("the throughput", kMaxCount));
        w.finished = r.byte("the finished flag") & 1;
        const quint64 finishedAt = r.varint("the finish time", kMaxNs / 1000);
        w.finishedAtSeconds = finishedAt == 0 ? -1 : double(finishedAt - 1) / 1000.0;

        const Growth growth = readGrowth(r);
        w.intervalHistogram.reset();
        growth.applyTo(w.histogram);
        for (const auto &[bucket, grew] : growth.buckets)
            w.intervalHistogram.addToBucket(bucket, grew);
        if (!growth.buckets.empty())
            closeInterval(w.intervalHistogram, growth.buckets.front().first, growth.buckets.back().first);
        w.latency = LatencySummary::of(w.histogram);
        w.intervalLatency = LatencySummary::of(w.intervalHistogram);

        w.errors.clear();
        const quint64 errors = r.varint("the error kind count", kErrorKindCount);
        for (quint64 k = 0; k < errors && r.ok(); ++k) {
            const auto kind = ErrorKind(r.varint("an error kind", kErrorKindCount - 1));
            ErrorSummary e;
            e.count = qint64(r.varint("an error count", kMaxCount));
            e.lastMessage = QString::fromUtf8(r.text("an error message", kMaxMessageBytes));
            w.errors.insert(kind, e);
        }
        w.httpStatus.clear();
        const quint64 statuses = r.varint("the HTTP status count", kMaxStatuses);
        for (quint64 k = 0; k < statuses && r.ok(); ++k) {
            const int status = int(r.varint("an HTTP status", 999));
            w.httpStatus.insert(status, qint64(r.varint("an HTTP status count", kMaxCount)));
        }
        w.gauges.clear();
        const quint64 gauges = r.varint("the gauge count", kGaugeCount);
        for (quint64 k = 0; k < gauges && r.ok(); ++k) {
            const auto gauge = Gauge(r.varint("a gauge", kGaugeCount - 1));
            w.gauges.insert(gauge, double(r.signedVarint("a gauge value", qint64(1e18))) / 1000.0);
        }
        readChecksAndUrls(r, w);
        for (size_t s = 0; s < next->totals.size(); ++s)
            next->totals[s] += w.counts[s];
        next->throughputPerSecond += w.throughputPerSecond;
    }
    if (r.ok() && !r.atEnd())
        r.fail(tr("%1 bytes left after the last workload").arg(payload.size() - r.offset()));
    if (!r.ok()) {
        *error = r.error();
        return false;
    }
    m_snapshot = std::move(next);
    m_sequence = sequence;
    return true;
}

DeltaDecoder::Growth DeltaDecoder::readGrowth(WireReader &r)
{
    Growth g;
    const quint64 changed = r.varint("the changed bucket count", LatencyHistogram::kBucketCount);
    int bucket = 0;
    for (quint64 k = 0; k < changed && r.ok(); ++k) {
        const quint64 gap = r.varint("a bucket gap", LatencyHistogram::kBucketCount);
        const qint64 grew = qint64(r.varint("a bucket count", kMaxCount));
        if (!r.ok())
            break;
        if ((k > 0 && gap == 0) || quint64(bucket) + gap >= quint64(LatencyHistogram::kBucketCount) || grew == 0) {
            r.fail(tr("bucket %1 + %2 with %3 samples is not a bucket that grew").arg(bucket).arg(gap).arg(grew));
            break;
        }
        bucket += int(gap);
        g.buckets.emplace_back(bucket, grew);
    }
    g.minNs = qint64(r.varint("the latency minimum", kMaxNs));
    g.maxNs = qint64(r.varint("the latency maximum", kMaxNs));
    g.sumNs = qint64(r.varint("the latency sum", kMaxNs));
    if (r.ok() && (!g.buckets.empty() || g.maxNs > 0) && g.minNs > g.maxNs)
        r.fail(tr("the latency minimum %1 ns is above the maximum %2 ns").arg(g.minNs).arg(g.maxNs));
    return g;
}

void DeltaDecoder::Growth::applyTo(LatencyHistogram &h) const
{
    for (const auto &[bucket, grew] : buckets)
        h.addToBucket(bucket, grew);
    h.setExtremes(minNs, maxNs, double(sumNs));
}

void DeltaDecoder::readChecksAndUrls(WireReader &r, WorkloadSnapshot &w)
{
    const quint64 checks = r.varint("the check count", DeltaEncoder::kMaxChecks);
    QList<CheckTally> tallies;
    for (quint64 k = 0; k < checks && r.ok(); ++k) {
        CheckTally c;
        c.name = QString::fromUtf8(r.text("a check name", 3 * DeltaEncoder::kMaxCheckNameChars));
        c.passed = qint64(r.varint("a check's passed count", kMaxCount));
        c.failed = qint64(r.varint("a check's failed count", kMaxCount));
        tallies << c;
    }
    if (r.ok())
        w.checks = tallies;

    // A URL's id is its position in w.urls: an id one past the end is a new URL, with its text.
    constexpr quint64 kMaxUrls = quint64(UrlBreakdown::kMaxUrls) + 1;
    const quint64 urls = r.varint("the URL count", kMaxUrls);
    std::vector<bool> seen(kMaxUrls, false);
    for (quint64 k = 0; k < urls && r.ok(); ++k) {
        const quint64 id = r.varint("a URL id", quint64(w.urls.size()));
        if (r.ok() && (id >= kMaxUrls || seen[size_t(id)])) {
            r.fail(tr("URL %1 is beyond the bound or twice in one delta").arg(id));
            break;
        }
        if (!r.ok())
            break;
        seen[size_t(id)] = true;
        if (id == quint64(w.urls.size())) {
            UrlSummary fresh;
            fresh.url = QString::fromUtf8(r.text("a URL", 3 * DeltaEncoder::kMaxUrlChars));
            w.urls << fresh;
        }
        UrlSummary &u = w.urls[qsizetype(id)];
        u.succeeded = qint64(r.varint("a URL's succeeded count", kMaxCount));
        u.failed = qint64(r.varint("a URL's failed count", kMaxCount));
        u.timedOut = qint64(r.varint("a URL's timed-out count", kMaxCount));
        const Growth growth = readGrowth(r);
        if (!r.ok())
            break;
        if (u.histogram && growth.buckets.empty())
            continue; // nothing grew: the histogram and its summary stand, and no 37 KiB copy is made
        // The histogram is shared with the last good Snapshot: changed on a copy.
        auto h = u.histogram ? std::make_shared<LatencyHistogram>(*u.histogram) : std::make_shared<LatencyHistogram>();
        growth.applyTo(*h);
        u.latency = LatencySummary::of(*h);
        u.histogram = std::move(h);
    }
}

} // namespace coroscope
