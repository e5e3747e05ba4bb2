#include "net/HttpRequestParser.h"

namespace coroscope {

HttpRequestParser::HttpRequestParser(qsizetype maxHeaderBytes, qint64 maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes), m_maxBodyBytes(maxBodyBytes)
{
    http_parser_settings_init(&m_settings);
    m_settings.on_url = &HttpRequestParser::onUrl;
    m_settings.on_header_field = &HttpRequestParser::onHeaderData;
    m_settings.on_header_value = &HttpRequestParser::onHeaderData;
    m_settings.on_body = &HttpRequestParser::onBody;
    m_settings.on_message_complete = &HttpRequestParser::onMessageComplete;
    reset();
}

void HttpRequestParser::reset()
{
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    m_url.clear();
    m_headerBytes = 0;
    m_bodyBytes = 0;
    m_complete = false;
    m_keepAlive = true;
    m_tooLarge = false;
}

int HttpRequestParser::onUrl(http_parser *p, const char *at, size_t length)
{
    auto *self = static_cast<HttpRequestParser *>(p->data);
    self->m_headerBytes += qsizetype(length);
    if (self->m_headerBytes > self->m_maxHeaderBytes) {
        self->m_tooLarge = true;
        return 1;
    }
    self->m_url.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onHeaderData(http_parser *p, const char *, size_t length)
{
    auto *self = static_cast<HttpRequestParser *>(p->data);
    self->m_headerBytes += qsizetype(length);
    if (self->m_headerBytes > self->m_maxHeaderBytes) {
        self->m_tooLarge = true;
        return 1;
    }
    return 0;
}

int HttpRequestParser::onBody(http_parser *p, const char *, size_t length)
{
    auto *self = static_cast<HttpRequestParser *>(p->data);
    self->m_bodyBytes += qint64(length);
    if (self->m_bodyBytes > self->m_maxBodyBytes) {
        self->m_tooLarge = true;
        return 1;
    }
    return 0;
}

int HttpRequestParser::onMessageComplete(http_parser *p)
{
    auto *self = static_cast<HttpRequestParser *>(p->data);
    self->m_complete = true;
    self->m_keepAlive = http_should_keep_alive(p) != 0;
    http_parser_pause(p, 1); // one request at a time: the next stays in the buffer
    return 0;
}

HttpRequestParser::Result HttpRequestParser::feed(const char *data, qsizetype size, qsizetype *consumed)
{
    *consumed = qsizetype(http_parser_execute(&m_parser, &m_settings, data, size_t(size)));
    if (m_complete) {
        http_parser_pause(&m_parser, 0);
        return Result::Complete;
    }
    if (m_tooLarge)
        return Result::TooLarge;
    // The request line and headers seen so far already exceed the limit, even without a callback.
    if (HTTP_PARSER_ERRNO(&m_parser) != HPE_OK)
        return Result::Error;
    if (m_parser.nread > m_maxHeaderBytes)
        return Result::TooLarge;
    return Result::NeedMore;
}

} // namespace coroscope
