#pragma once

#include <QtGlobal>

#include <vector>

namespace coroscope {

// Log-linear (HDR-style) histogram of durations in nanoseconds: values below 256 ns are exact, above
// that each power of two is split into 128 linear sub-buckets, so a bucket is at most 1/128 of its
// value wide and a reported percentile (the bucket's midpoint) is within 0.4 % of the truth.
// Fixed memory (~37 KiB) from 1 ns to beyond an hour; values above the top are clamped.
class LatencyHistogram
{
public:
    static constexpr int kSubBucketBits = 7;
    static constexpr int kSubBuckets = 1 << kSubBucketBits;
    static constexpr int kTopExponent = 42; // 2^43 ns ~ 2.4 h
    static constexpr int kBucketCount = 2 * kSubBuckets + (kTopExponent - kSubBucketBits) * kSubBuckets;

    LatencyHistogram();

    void record(qint64 valueNs);
    void merge(const LatencyHistogram &other);
    // Rebuilding a histogram from another's buckets (a fleet agent's deltas): `count` samples into
    // bucket `index` without their exact values, then the exact extremes and sum restored.
    void addToBucket(int index, qint64 count);
    void setExtremes(qint64 minNs, qint64 maxNs, double sumNs);
    double sumNs() const { return m_sum; }
    void reset();

    qint64 count() const { return m_count; }
    qint64 minNs() const { return m_count ? m_min : 0; }
    qint64 maxNs() const { return m_max; }
    double meanNs() const { return m_count ? m_sum / double(m_count) : 0.0; }
    // q in [0, 1]; 0 when empty. The maximum is exact, other quantiles bucket midpoints.
    qint64 quantileNs(double q) const;

    // For drawing: bucket bounds and counts.
    static int bucketIndex(qint64 valueNs);
    static qint64 bucketLowerBound(int index);
    static qint64 bucketUpperBound(int index); // exclusive
    qint64 bucketCount(int index) const { return m_counts[size_t(index)]; }

private:
    std::vector<qint64> m_counts;
    qint64 m_count = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
    double m_sum = 0.0;
};

} // namespace coroscope
