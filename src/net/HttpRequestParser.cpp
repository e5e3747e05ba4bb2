#include "net/HttpRequestParser.h"

#include <algorithm>
#include <climits>

namespace coroscope {

namespace {

bool isEchoTarget(const QByteArray &url)
{
    return url == "/echo" || url.startsWith("/echo?") || url.startsWith("/echo/");
}

} // namespace

HttpRequestParser::HttpRequestParser(qsizetype maxHeaderBytes, qint64 maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes), m_maxBodyBytes(maxBodyBytes)
{
    m_settings.on_url = &HttpRequestParser::onUrl;
    m_settings.on_headers_complete = &HttpRequestParser::onHeadersComplete;
    m_settings.on_body = &HttpRequestParser::onBody;
    m_settings.on_header_field = &HttpRequestParser::onHeaderField;
    m_settings.on_header_value = &HttpRequestParser::onHeaderValue;
    reset();
}

void HttpRequestParser::reset()
{
    start(HTTP_REQUEST);
    m_url.clear();
    m_bodyTooLarge = false;
    m_echo = false;
    m_inValue = false;
    m_headers.clear();
    m_body.clear();
}

int HttpRequestParser::onHeaderField(http_parser *p, const char *at, size_t length)
{
    auto *self = owner<HttpRequestParser>(p);
    // The URL is complete once the first header starts: only /echo keeps its headers and body.
    if (self->m_headers.isEmpty() && !self->m_inValue)
        self->m_echo = isEchoTarget(self->m_url);
    if (!self->m_echo)
        return 0;
    if (self->m_inValue || self->m_headers.isEmpty())
        self->m_headers.append(QPair<QByteArray, QByteArray>());
    self->m_inValue = false;
    self->m_headers.last().first.append(at, qsizetype(length)); // bounded by maxHeaderBytes
    return 0;
}

int HttpRequestParser::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    auto *self = owner<HttpRequestParser>(p);
    if (self->m_echo) {
        self->m_inValue = true;
        self->m_headers.last().second.append(at, qsizetype(length));
    }
    return 0;
}

int HttpRequestParser::onUrl(http_parser *p, const char *at, size_t length)
{
    owner<HttpRequestParser>(p)->m_url.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onHeadersComplete(http_parser *p)
{
    auto *self = owner<HttpRequestParser>(p);
    self->m_headersComplete = true;
    if (self->m_headers.isEmpty()) // a request without headers
        self->m_echo = isEchoTarget(self->m_url);
    // An announced body over the limit is refused before any of it is read.
    if (!(p->flags & F_CHUNKED) && p->content_length != ULLONG_MAX &&
        p->content_length > quint64(self->m_maxBodyBytes)) {
        self->m_bodyTooLarge = true;
        return -1; // http-parser: any value but 0, 1 and 2 is an error
    }
    return 0;
}

int HttpRequestParser::onBody(http_parser *p, const char *at, size_t length)
{
    auto *self = owner<HttpRequestParser>(p);
    self->m_bodyBytes += qint64(length);
    if (self->m_bodyBytes > self->m_maxBodyBytes) {
        self->m_bodyTooLarge = true;
        return 1;
    }
    if (self->m_echo)
        self->m_body.append(at, qsizetype(length));
    return 0;
}

HttpRequestParser::Result HttpRequestParser::feed(const char *data, qsizetype size, qsizetype *consumed)
{
    // The header limit is on http-parser's own count of the request line and headers (nread), which
    // it updates only when it returns. So while the headers are incomplete it is given no more than
    // one byte past the limit at a time: the verdict (too large, bad, complete) is then the same
    // however the bytes arrive, and no more than the limit is ever taken as a request line.
    qsizetype done = 0;
    for (;;) {
        qsizetype n = size - done;
        if (!m_headersComplete)
            n = std::min<qsizetype>(n, std::max<qsizetype>(0, m_maxHeaderBytes + 1 - qsizetype(m_parser.nread)));
        const qsizetype used = qsizetype(http_parser_execute(&m_parser, &m_settings, data + done, size_t(n)));
        done += used;
        *consumed = done;
        if (takeComplete())
            return Result::Complete;
        if (m_bodyTooLarge)
            return Result::BodyTooLarge;
        if (!m_headersComplete && qsizetype(m_parser.nread) > m_maxHeaderBytes)
            return Result::HeadersTooLarge;
        if (failed())
            return Result::Error;
        if (done >= size || used < n || n == 0)
            return Result::NeedMore;
    }
}

} // namespace coroscope
