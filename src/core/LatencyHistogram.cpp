#include "core/LatencyHistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace coroscope {

namespace {
constexpr qint64 kMaxTrackable = (qint64(1) << (LatencyHistogram::kTopExponent + 1)) - 1;
}

LatencyHistogram::LatencyHistogram() : m_counts(size_t(kBucketCount), 0) {}

int LatencyHistogram::bucketIndex(qint64 valueNs)
{
    const quint64 v = quint64(std::clamp<qint64>(valueNs, 0, kMaxTrackable));
    if (v < quint64(2 * kSubBuckets))
        return int(v);
    const int exponent = 63 - std::countl_zero(v); // >= kSubBucketBits + 1
    const int shift = exponent - kSubBucketBits;
    const int sub = int(v >> shift) - kSubBuckets;
    return 2 * kSubBuckets + (exponent - kSubBucketBits - 1) * kSubBuckets + sub;
}

qint64 LatencyHistogram::bucketLowerBound(int index)
{
    if (index < 2 * kSubBuckets)
        return index;
    const int rel = index - 2 * kSubBuckets;
    const int exponent = rel / kSubBuckets + kSubBucketBits + 1;
    const int sub = rel % kSubBuckets;
    return qint64(kSubBuckets + sub) << (exponent - kSubBucketBits);
}

qint64 LatencyHistogram::bucketUpperBound(int index)
{
    if (index < 2 * kSubBuckets)
        return index + 1;
    const int rel = index - 2 * kSubBuckets;
    const int exponent = rel / kSubBuckets + kSubBucketBits + 1;
    return bucketLowerBound(index) + (qint64(1) << (exponent - kSubBucketBits));
}

void LatencyHistogram::record(qint64 valueNs)
{
    valueNs = std::max<qint64>(valueNs, 0);
    ++m_counts[size_t(bucketIndex(valueNs))];
    if (m_count == 0 || valueNs < m_min)
        m_min = valueNs;
    m_max = std::max(m_max, valueNs);
    ++m_count;
    m_sum += double(valueNs);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (size_t i = 0; i < m_counts.size(); ++i)
        m_counts[i] += other.m_counts[i];
    m_min = m_count ? std::min(m_min, other.m_min) : other.m_min;
    m_max = std::max(m_max, other.m_max);
    m_count += other.m_count;
    m_sum += other.m_sum;
}

void LatencyHistogram::addToBucket(int index, qint64 count)
{
    Q_ASSERT(index >= 0 && index < kBucketCount && count >= 0);
    m_counts[size_t(index)] += count;
    m_count += count;
}

void LatencyHistogram::setExtremes(qint64 minNs, qint64 maxNs, double sumNs)
{
    m_min = minNs;
    m_max = maxNs;
    m_sum = sumNs;
}

void LatencyHistogram::reset()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_count = 0;
    m_min = 0;
    m_max = 0;
    m_sum = 0.0;
}

qint64 LatencyHistogram::quantileNs(double q) const
{
    if (m_count == 0)
        return 0;
    if (q >= 1.0)
        return m_max;
    // Rank of the value at quantile q, 1-based, as in "nearest rank".
    const qint64 rank = std::max<qint64>(1, qint64(std::ceil(std::clamp(q, 0.0, 1.0) * double(m_count))));
    qint64 seen = 0;
    for (int i = 0; i < kBucketCount; ++i) {
        seen += m_counts[size_t(i)];
        if (seen >= rank) {
            const qint64 lo = bucketLowerBound(i);
            const qint64 hi = bucketUpperBound(i);
            const qint64 mid = hi - lo <= 1 ? lo : lo + (hi - lo) / 2;
            return std::clamp(mid, m_min, m_max);
        }
    }
    return m_max;
}

} // namespace coroscope
