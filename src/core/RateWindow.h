#pragma once

#include <QtGlobal>

#include <array>

namespace coroscope {

// Events per second over a sliding window, from a ring of 100 ms buckets: fixed memory whatever
// the run length.
class RateWindow
{
public:
    static constexpr qint64 kBucketNs = 100'000'000;
    static constexpr int kBuckets = 64; // 6.4 s of history

    void add(qint64 nowNs, qint64 n = 1);
    // Rate over the last `windowNs` of whole buckets before `nowNs`.
    double perSecond(qint64 nowNs, qint64 windowNs = 1'000'000'000) const;
    qint64 total() const { return m_total; }

private:
    void advanceTo(qint64 bucket);

    std::array<qint64, kBuckets> m_counts{};
    qint64 m_currentBucket = -1;
    qint64 m_total = 0;
};

} // namespace coroscope
