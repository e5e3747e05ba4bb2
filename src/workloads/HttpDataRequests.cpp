#include "workloads/HttpDataRequests.h"

namespace coroscope {

void HttpDataRequests::prepare(std::shared_ptr<const DataFeed> feed, bool random, const QStringList &written,
                               const std::vector<const HttpRequestBuilder *> &targets, const HttpHeaders &headers,
                               const QByteArray &body, UrlBreakdown *breakdown)
{
    m_feed = std::move(feed);
    m_random = random;
    m_targets.clear();
    m_urls.clear();
    m_names.clear();
    m_headers.clear();
    m_urlsVary = false;
    m_fixedSlots.clear();
    if (m_feed) {
        for (size_t i = 0; i < targets.size(); ++i) {
            m_targets.push_back(m_feed->compile(targets[i]->target()));
            m_urls.push_back(m_feed->compile(targets[i]->url().toUtf8()));
            m_names.push_back(m_feed->compile(written[qsizetype(i)].toUtf8()));
            m_urlsVary = m_urlsVary || !DataFeed::columnsOf(m_targets.back()).isEmpty();
        }
        for (const auto &h : headers)
            m_headers.emplace_back(h.first, m_feed->compile(h.second));
        m_body = m_feed->compile(body);
    }
    m_breakdown = targets.size() > 1 || m_urlsVary;
    for (qsizetype i = 0; m_breakdown && !m_urlsVary && i < qsizetype(targets.size()); ++i)
        m_fixedSlots.push_back(breakdown->slotFor(written[i]));
}

int HttpDataRequests::urlSlot(UrlBreakdown *breakdown, size_t target, qint64 row) const
{
    if (!m_breakdown)
        return -1;
    return m_urlsVary ? breakdown->slotFor(urlName(target, row)) : m_fixedSlots[target];
}

qint64 HttpDataRequests::rowFor(quint64 index, QRandomGenerator &rng) const
{
    if (!m_feed)
        return -1;
    const quint64 rows = quint64(m_feed->rowCount());
    return qint64(m_random ? rng.bounded(quint32(rows)) : index % rows);
}

HttpHeaders HttpDataRequests::headers(qint64 row, quint64 index) const
{
    HttpHeaders out;
    out.reserve(qsizetype(m_headers.size()));
    for (const auto &h : m_headers)
        out.append(qMakePair(h.first, m_feed->expand(h.second, row, index)));
    return out;
}

QByteArray HttpDataRequests::body(qint64 row, quint64 index) const
{
    return m_feed->expand(m_body, row, index);
}

QByteArray HttpDataRequests::raw(size_t target, const HttpRequestBuilder &b, qint64 row, quint64 index) const
{
    return b.compose(m_feed->expand(m_targets[target], row, index, DataFeed::Encoding::Url), headers(row, index),
                     body(row, index));
}

QNetworkRequest HttpDataRequests::qnam(size_t target, qint64 row, quint64 index) const
{
    QNetworkRequest request(
        QUrl::fromEncoded(m_feed->expand(m_urls[target], row, index, DataFeed::Encoding::Url), QUrl::TolerantMode));
    for (const auto &h : headers(row, index))
        request.setRawHeader(h.first, h.second);
    return request;
}

QString HttpDataRequests::urlName(size_t target, qint64 row) const
{
    return QString::fromUtf8(m_feed->expand(m_names[target], row, DataFeed::kKeepIndex, DataFeed::Encoding::Url));
}

} // namespace coroscope
