#pragma once

#include "core/LatencyHistogram.h"
#include "core/Snapshot.h"
#include "core/TaskState.h"

#include <QHash>
#include <QString>

#include <memory>
#include <vector>

namespace coroscope {

// Counts and latency per URL for a workload that sends to several: the first kMaxUrls distinct URLs
// each get their own entry, every later one shares "other". Memory is bounded whatever the URLs: at
// most kMaxUrls + 1 full LatencyHistograms (~37 KiB each, so ~3.7 MiB per workload at the bound),
// made only when a URL first appears. A coarser histogram would save memory but break the ≤ 1 %
// promise the workload's own percentiles keep, and per-URL figures are compared with those.
class UrlBreakdown
{
public:
    static constexpr int kMaxUrls = 100;
    static inline const QString kOther = QStringLiteral("other");

    // The entry of `url`: its own while fewer than kMaxUrls exist, else "other".
    int slotFor(const QString &url);
    // One finished task; `latencyNs` < 0 when it has none (a timeout).
    void record(int slot, TaskState state, qint64 latencyNs);
    bool isEmpty() const { return m_entries.empty(); }
    // Every entry in order of first appearance, "other" last. Percentiles are recomputed only for
    // entries that changed since the previous call (a snapshot asks ten times a second).
    QList<UrlSummary> summaries() const;

private:
    struct Entry {
        QString url;
        qint64 succeeded = 0, failed = 0, timedOut = 0;
        LatencyHistogram histogram;
        mutable LatencySummary cached;
        // A copy for the snapshot, so parts of a run merge exactly; made only when the entry changed.
        mutable std::shared_ptr<const LatencyHistogram> cachedHistogram;
        mutable qint64 cachedAt = -1; // histogram count when `cached` was computed
    };
    std::vector<std::unique_ptr<Entry>> m_entries;
    QHash<QString, int> m_slots;
    int m_other = -1;
};

} // namespace coroscope
