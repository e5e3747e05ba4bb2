#include "net/HttpTargetRouter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstring>

namespace coroscope {

namespace {

// The value of `name` in a query string, or -1.
qint64 queryNumber(const QByteArray &query, const char *name)
{
    const qsizetype n = qsizetype(std::strlen(name));
    for (const QByteArray &pair : query.split('&')) {
        if (pair.size() > n && pair.startsWith(name) && pair[n] == '=') {
            bool ok = false;
            const qint64 v = pair.mid(n + 1).toLongLong(&ok);
            return ok && v >= 0 ? v : -1;
        }
    }
    return -1;
}

} // namespace

HttpTargetRouter::HttpTargetRouter(qint64 maxDelayMs, qint64 maxResponseBytes)
    : m_maxDelayMs(maxDelayMs), m_maxResponseBytes(maxResponseBytes), m_rng(QRandomGenerator::global()->generate())
{}

bool HttpTargetRouter::isEndpoint(const QString &path)
{
    const QString p = path.section(u'?', 0, 0);
    return p == QLatin1String("/") || p == QLatin1String("/delay") || p == QLatin1String("/work") ||
           p == QLatin1String("/drop") || p == QLatin1String("/slow-body") || p.startsWith(QLatin1String("/status/")) ||
           p.startsWith(QLatin1String("/bytes/")) || p == QLatin1String("/echo") ||
           p.startsWith(QLatin1String("/echo/"));
}

HttpTargetReply HttpTargetRouter::echo(const QByteArray &method, const QByteArray &target,
                                       const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    QJsonObject seen;
    for (const auto &h : headers)
        seen.insert(QString::fromLatin1(h.first).toLower(), QString::fromUtf8(h.second));
    HttpTargetReply r;
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("method"), QString::fromLatin1(method)},
                                       {QStringLiteral("target"), QString::fromUtf8(target)},
                                       {QStringLiteral("headers"), seen},
                                       {QStringLiteral("body"), QString::fromUtf8(body)}})
                 .toJson(QJsonDocument::Compact);
    return r;
}

QByteArray HttpTargetRouter::reasonPhrase(int code)
{
    switch (code) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray HttpTargetRouter::head(int status, const QByteArray &contentType, qint64 length, bool keepAlive)
{
    QByteArray h;
    h.reserve(160);
    h += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\nServer: coroscope\r\n";
    h += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(length) + "\r\n";
    if (!keepAlive)
        h += "Connection: close\r\n";
    h += "\r\n";
    return h;
}

QByteArray HttpTargetRouter::errorReply(int status, const QByteArray &message)
{
    const QByteArray body = "{\"error\": \"" + message + "\"}";
    return head(status, "application/json", body.size(), false) + body;
}

HttpTargetReply HttpTargetRouter::route(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    const QByteArray path = q < 0 ? target : target.left(q);
    const QByteArray query = q < 0 ? QByteArray() : target.mid(q + 1);
    HttpTargetReply r;
    if (path == "/delay") {
        qint64 ms = queryNumber(query, "ms");
        const qint64 lo = queryNumber(query, "min_ms"), hi = queryNumber(query, "max_ms");
        if (ms < 0 && lo >= 0 && hi >= lo && hi - lo < 0xffffffffLL)
            ms = lo + qint64(m_rng.bounded(quint32(hi - lo + 1)));
        if (ms < 0 || ms > m_maxDelayMs) {
            r.status = 400;
            r.body = QByteArray("{\"error\": \"expected ms=N or min_ms=A&max_ms=B, at most ") +
                     QByteArray::number(m_maxDelayMs) + " ms\"}";
            return r;
        }
        r.delayMs = ms;
        r.body = "{\"delay_ms\": " + QByteArray::number(ms) + "}";
    } else if (path == "/work") {
        const qint64 ms = queryNumber(query, "ms"), slots = queryNumber(query, "slots");
        if (ms < 0 || ms > m_maxDelayMs || slots < 1 || slots > kMaxSlots) {
            r.status = 400;
            r.body = "{\"error\": \"expected ms=N&slots=K with N up to " + QByteArray::number(m_maxDelayMs) +
                     " and K from 1 to " + QByteArray::number(kMaxSlots) + "\"}";
            return r;
        }
        r.delayMs = ms;
        r.slots = int(slots);
        r.body = "{\"work_ms\": " + QByteArray::number(ms) + "}";
    } else if (path.startsWith("/status/")) {
        bool ok = false;
        const int code = path.mid(8).toInt(&ok);
        if (!ok || code < 200 || code > 599) {
            r.status = 400;
            r.body = "{\"error\": \"expected /status/CODE with CODE from 200 to 599\"}";
            return r;
        }
        r.status = code;
        if (code != 204 && code != 304)
            r.body = "{\"status\": " + QByteArray::number(code) + "}";
    } else if (path.startsWith("/bytes/")) {
        bool ok = false;
        const qint64 n = path.mid(7).toLongLong(&ok);
        if (!ok || n < 0 || n > m_maxResponseBytes) {
            r.status = 400;
            r.body = "{\"error\": \"expected /bytes/N with N up to " + QByteArray::number(m_maxResponseBytes) + "\"}";
            return r;
        }
        r.contentType = "application/octet-stream";
        r.generatedBytes = n;
    } else if (path == "/drop") {
        r.drop = true;
    } else if (path == "/slow-body") {
        const qint64 n = queryNumber(query, "bytes"), ms = queryNumber(query, "ms");
        if (n < 0 || ms < 0 || n > m_maxResponseBytes || ms > m_maxDelayMs) {
            r.status = 400;
            r.body = "{\"error\": \"expected bytes=N&ms=M\"}";
            return r;
        }
        r.contentType = "application/octet-stream";
        r.generatedBytes = n;
        r.trickleMs = ms;
    } else if (path == "/") {
        r.contentType = "text/plain";
        r.body =
            "Coroscope built-in HTTP target: /delay?ms=N, /delay?min_ms=A&max_ms=B, /work?ms=N&slots=K, /status/CODE, "
            "/bytes/N, /drop, /slow-body?bytes=N&ms=M, /echo\n";
    } else {
        r.status = 404;
        r.body = "{\"error\": \"no such endpoint\"}";
    }
    return r;
}

} // namespace coroscope
