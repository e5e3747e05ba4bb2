#include "core/RateWindow.h"

#include <algorithm>

namespace coroscope {

void RateWindow::advanceTo(qint64 bucket)
{
    if (m_currentBucket < 0 || bucket - m_currentBucket >= kBuckets) {
        m_counts.fill(0);
    } else {
        for (qint64 b = m_currentBucket + 1; b <= bucket; ++b)
            m_counts[size_t(b % kBuckets)] = 0;
    }
    m_currentBucket = bucket;
}

void RateWindow::add(qint64 nowNs, qint64 n)
{
    const qint64 bucket = nowNs / kBucketNs;
    if (bucket > m_currentBucket)
        advanceTo(bucket);
    // An event stamped in an older bucket still counts, in the current one.
    m_counts[size_t(m_currentBucket % kBuckets)] += n;
    m_total += n;
}

double RateWindow::perSecond(qint64 nowNs, qint64 windowNs) const
{
    if (m_currentBucket < 0)
        return 0.0;
    const qint64 current = nowNs / kBucketNs;
    const qint64 wanted = std::clamp<qint64>(windowNs / kBucketNs, 1, kBuckets - 1);
    qint64 sum = 0;
    // Whole buckets only: [current - wanted, current).
    for (qint64 b = current - wanted; b < current; ++b) {
        if (b > m_currentBucket || b <= m_currentBucket - kBuckets || b < 0)
            continue;
        sum += m_counts[size_t(b % kBuckets)];
    }
    return double(sum) * 1e9 / double(wanted * kBucketNs);
}

} // namespace coroscope
