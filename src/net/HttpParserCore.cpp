#include "net/HttpParserCore.h"

namespace coroscope {

HttpParserCore::HttpParserCore()
{
    http_parser_settings_init(&m_settings);
    m_settings.on_message_complete = &HttpParserCore::onMessageComplete;
}

void HttpParserCore::start(http_parser_type type)
{
    http_parser_init(&m_parser, type);
    m_parser.data = this;
    m_bodyBytes = 0;
    m_headersComplete = false;
    m_complete = false;
    m_keepAlive = true;
}

bool HttpParserCore::takeComplete()
{
    if (!m_complete)
        return false;
    http_parser_pause(&m_parser, 0);
    return true;
}

int HttpParserCore::onMessageComplete(http_parser *p)
{
    auto *self = owner<HttpParserCore>(p);
    self->m_complete = true;
    self->m_keepAlive = http_should_keep_alive(p) != 0;
    http_parser_pause(p, 1); // one message at a time: the next stays in the buffer
    return 0;
}

} // namespace coroscope
