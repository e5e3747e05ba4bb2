#pragma once

#include "core/UrlBreakdown.h"
#include "net/HttpRequestBuilder.h"
#include "workloads/DataFeed.h"

#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QStringList>

#include <memory>
#include <vector>

namespace coroscope {

// The requests of an http-fanout workload with a data file: each request takes one row (in order by
// its index, or at random), cycling, and the row fills the {column} placeholders of its URL (values
// percent-encoded), header values and body; {i} is the request's index there too. Without a data file
// it is inactive and the workload's requests are built as before. It also names each request's URL
// for the per-URL breakdown (core/UrlBreakdown), which is on when there are several URLs or the rows
// fill them.
class HttpDataRequests
{
public:
    // `written` are the URLs as the profile gives them (the breakdown's names), `targets` the builders
    // made from them, index for index; fixed URLs take their entries in `breakdown` at once.
    void prepare(std::shared_ptr<const DataFeed> feed, bool random, const QStringList &written,
                 const std::vector<const HttpRequestBuilder *> &targets, const HttpHeaders &headers,
                 const QByteArray &body, UrlBreakdown *breakdown);
    bool isActive() const { return bool(m_feed); }
    // Whether some URL holds a column: then each row may go to its own URL.
    bool urlsVary() const { return m_urlsVary; }
    // The row of request `index`; -1 without a data file.
    qint64 rowFor(quint64 index, QRandomGenerator &rng) const;

    QByteArray raw(size_t target, const HttpRequestBuilder &b, qint64 row, quint64 index) const;
    QNetworkRequest qnam(size_t target, qint64 row, quint64 index) const;
    QByteArray body(qint64 row, quint64 index) const;
    // The URL as written with the row filled in and "{i}" kept: one name per URL the rows make.
    QString urlName(size_t target, qint64 row) const;
    // The breakdown's entry for a request to `target` with `row`; -1 when there is no breakdown.
    int urlSlot(UrlBreakdown *breakdown, size_t target, qint64 row) const;

private:
    HttpHeaders headers(qint64 row, quint64 index) const;

    std::shared_ptr<const DataFeed> m_feed;
    bool m_random = false;
    bool m_urlsVary = false;
    bool m_breakdown = false;
    std::vector<int> m_fixedSlots; // per target, when the rows do not fill the URLs
    std::vector<DataFeed::Template> m_targets, m_urls, m_names;
    std::vector<std::pair<QByteArray, DataFeed::Template>> m_headers;
    DataFeed::Template m_body;
};

} // namespace coroscope
