#include "core/UrlBreakdown.h"

namespace coroscope {

int UrlBreakdown::slotFor(const QString &url)
{
    if (const auto it = m_slots.constFind(url); it != m_slots.constEnd())
        return it.value();
    if (int(m_slots.size()) >= kMaxUrls) {
        if (m_other < 0) {
            m_other = int(m_entries.size());
            m_entries.push_back(std::make_unique<Entry>());
            m_entries.back()->url = kOther;
        }
        return m_other;
    }
    const int slot = int(m_entries.size());
    m_entries.push_back(std::make_unique<Entry>());
    m_entries.back()->url = url;
    m_slots.insert(url, slot);
    return slot;
}

void UrlBreakdown::record(int slot, TaskState state, qint64 latencyNs)
{
    Entry &e = *m_entries[size_t(slot)];
    switch (state) {
    case TaskState::Succeeded:
        ++e.succeeded;
        break;
    case TaskState::Failed:
        ++e.failed;
        break;
    case TaskState::TimedOut:
        ++e.timedOut;
        break;
    default:
        return; // cancelled tasks are not counted per URL
    }
    if (latencyNs >= 0)
        e.histogram.record(latencyNs);
}

QList<UrlSummary> UrlBreakdown::summaries() const
{
    QList<UrlSummary> out;
    out.reserve(qsizetype(m_entries.size()));
    for (const auto &e : m_entries) {
        if (e->cachedAt != e->histogram.count()) {
            e->cached = LatencySummary::of(e->histogram);
            e->cachedHistogram = std::make_shared<const LatencyHistogram>(e->histogram);
            e->cachedAt = e->histogram.count();
        }
        out << UrlSummary{e->url, e->succeeded, e->failed, e->timedOut, e->cached, e->cachedHistogram};
    }
    // "other" goes last whenever it appeared.
    if (m_other >= 0 && m_other != qsizetype(out.size()) - 1)
        out.move(m_other, out.size() - 1);
    return out;
}

} // namespace coroscope
