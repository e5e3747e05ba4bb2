#pragma once

#include <QtGlobal>

#include <http_parser.h>

namespace coroscope {

// What the request and the response parsers share on Debian's http-parser: the parser and its
// callbacks, one message at a time (the parser pauses at the end of each, so the next stays in the
// caller's buffer), keep-alive, the body count, and the way back from a callback to the parser.
class HttpParserCore
{
public:
    bool keepAlive() const { return m_keepAlive; }
    // The start line and every header of the current message have arrived.
    bool headersComplete() const { return m_headersComplete; }
    qint64 bodyBytes() const { return m_bodyBytes; }

protected:
    HttpParserCore();
    ~HttpParserCore() = default;
    HttpParserCore(const HttpParserCore &) = delete;
    HttpParserCore &operator=(const HttpParserCore &) = delete;

    // Starts a new message of `type` (HTTP_REQUEST, HTTP_RESPONSE).
    void start(http_parser_type type);
    // Whether the last execute ended a message; if so, unpauses the parser for the next one.
    bool takeComplete();
    bool failed() const { return HTTP_PARSER_ERRNO(&m_parser) != HPE_OK; }

    // The parser a callback was called for.
    template<typename Parser> static Parser *owner(http_parser *p)
    {
        return static_cast<Parser *>(static_cast<HttpParserCore *>(p->data));
    }

    http_parser m_parser;
    http_parser_settings m_settings;
    qint64 m_bodyBytes = 0;
    bool m_headersComplete = false;
    bool m_complete = false;
    bool m_keepAlive = true;

private:
    static int onMessageComplete(http_parser *p);
};

} // namespace coroscope
