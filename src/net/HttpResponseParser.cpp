#include "net/HttpResponseParser.h"

#include "net/HttpResponseCapture.h"
#include "net/HttpResponseHead.h"

#include <algorithm>

namespace coroscope {

HttpResponseParser::HttpResponseParser()
{
    m_settings.on_headers_complete = &HttpResponseParser::onHeadersComplete;
    m_settings.on_body = &HttpResponseParser::onBody;
    reset();
}

void HttpResponseParser::reset(bool headRequest)
{
    start(HTTP_RESPONSE);
    m_head = headRequest;
    m_status = 0;
    m_parserStarted = false;
    m_bodyLeft = -1;
    m_scanError = nullptr;
    if (m_capture)
        m_capture->begin();
}

void HttpResponseParser::setCapture(HttpResponseCapture *capture)
{
    m_capture = capture;
    // Without a capture the parser skips header callbacks altogether: the fast path stays as it was.
    m_settings.on_header_field = capture && capture->wantsHeaders() ? &HttpResponseParser::onHeaderField : nullptr;
    m_settings.on_header_value = capture && capture->wantsHeaders() ? &HttpResponseParser::onHeaderValue : nullptr;
}

int HttpResponseParser::onHeaderField(http_parser *p, const char *at, size_t length)
{
    owner<HttpResponseParser>(p)->m_capture->headerField(at, qsizetype(length));
    return 0;
}

int HttpResponseParser::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    owner<HttpResponseParser>(p)->m_capture->headerValue(at, qsizetype(length));
    return 0;
}

int HttpResponseParser::onHeadersComplete(http_parser *p)
{
    auto *self = owner<HttpResponseParser>(p);
    self->m_headersComplete = true;
    self->m_status = int(p->status_code);
    if (self->m_capture)
        self->m_capture->headersEnd();
    // 1 tells http-parser there is no body (HEAD).
    return self->m_head ? 1 : 0;
}

int HttpResponseParser::onBody(http_parser *p, const char *at, size_t length)
{
    auto *self = owner<HttpResponseParser>(p);
    self->m_bodyBytes += qint64(length);
    if (self->m_capture)
        self->m_capture->body(at, qsizetype(length));
    return 0;
}

HttpResponseParser::Result HttpResponseParser::feed(const char *data, qsizetype size, qsizetype *consumed)
{
    if (m_bodyLeft >= 0)
        return countBody(data, size, consumed);
    if (Result r; !m_parserStarted && scanHead(data, size, consumed, &r))
        return r;
    *consumed = qsizetype(http_parser_execute(&m_parser, &m_settings, data, size_t(size)));
    m_parserStarted = m_parserStarted || *consumed > 0 || failed();
    if (takeComplete())
        return Result::Complete;
    if (failed())
        return Result::Error;
    return Result::NeedMore;
}

bool HttpResponseParser::scanHead(const char *data, qsizetype size, qsizetype *consumed, Result *result)
{
    // Checks see every header as http-parser hands it over; they keep to the parser's path.
    if (m_capture && m_capture->wantsHeaders())
        return false;
    HttpResponseHead h;
    if (!HttpResponseHead::scan(data, size, &h) || (h.contentLength < 0 && !m_head))
        return false;
    m_status = h.status;
    m_keepAlive = h.keepAlive;
    m_headersComplete = true;
    if (m_capture)
        m_capture->headersEnd();
    m_bodyLeft = m_head ? 0 : h.contentLength;
    qsizetype bodyUsed = 0;
    *result = countBody(data + h.size, size - h.size, &bodyUsed);
    *consumed = h.size + bodyUsed;
    return true;
}

HttpResponseParser::Result HttpResponseParser::countBody(const char *data, qsizetype size, qsizetype *consumed)
{
    const qsizetype n = qsizetype(std::min<qint64>(m_bodyLeft, size));
    if (n > 0) {
        m_bodyBytes += n;
        m_bodyLeft -= n;
        if (m_capture)
            m_capture->body(data, n);
    }
    *consumed = n;
    if (m_bodyLeft > 0)
        return Result::NeedMore;
    m_bodyLeft = -1;
    m_complete = true;
    return Result::Complete;
}

HttpResponseParser::Result HttpResponseParser::finish()
{
    if (m_complete)
        return Result::Complete;
    if (m_bodyLeft >= 0) {
        m_scanError = "HPE_INVALID_EOF_STATE"; // http-parser's name for a body cut short
        return Result::Error;
    }
    // A zero-length feed signals EOF: completes a body delimited by the connection's close.
    http_parser_execute(&m_parser, &m_settings, nullptr, 0);
    if (m_complete) {
        m_keepAlive = false;
        return Result::Complete;
    }
    return Result::Error;
}

const char *HttpResponseParser::errorName() const
{
    return m_scanError ? m_scanError : http_errno_name(HTTP_PARSER_ERRNO(&m_parser));
}

} // namespace coroscope
