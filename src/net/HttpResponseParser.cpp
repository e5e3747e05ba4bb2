#include "net/HttpResponseParser.h"

#include "net/HttpResponseCapture.h"

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
    *consumed = qsizetype(http_parser_execute(&m_parser, &m_settings, data, size_t(size)));
    if (takeComplete())
        return Result::Complete;
    if (failed())
        return Result::Error;
    return Result::NeedMore;
}

HttpResponseParser::Result HttpResponseParser::finish()
{
    if (m_complete)
        return Result::Complete;
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
    return http_errno_name(HTTP_PARSER_ERRNO(&m_parser));
}

} // namespace coroscope
