#pragma once

#include "net/HttpParserCore.h"

namespace coroscope {

class HttpResponseCapture;

// Incremental HTTP/1.1 response parser on Debian's http-parser (the parser wrk uses): status,
// Content-Length, chunked bodies, close-delimited bodies, keep-alive. Body bytes are counted, not kept.
// A plain head that arrives whole is read by HttpResponseHead instead, and its Content-Length body
// counted here: the same results for a fraction of the instructions.
class HttpResponseParser : public HttpParserCore
{
public:
    enum class Result { NeedMore, Complete, Error };

    HttpResponseParser();
    // Starts a new response; `headRequest` for responses without a body.
    void reset(bool headRequest = false);
    // Feeds bytes; stops at the end of one response. `consumed` is how much of `data` was used.
    Result feed(const char *data, qsizetype size, qsizetype *consumed);
    // The peer closed the connection: completes a close-delimited body, else an error.
    Result finish();

    int statusCode() const { return m_status; }
    const char *errorName() const;
    // Hands headers and body to `capture` (checks) from the next reset() on; nullptr stops that.
    void setCapture(HttpResponseCapture *capture);

private:
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);

    // Reads the head with HttpResponseHead when it can; false leaves the message to http-parser.
    bool scanHead(const char *data, qsizetype size, qsizetype *consumed, Result *result);
    Result countBody(const char *data, qsizetype size, qsizetype *consumed);

    bool m_head = false;
    int m_status = 0;
    bool m_parserStarted = false; // http-parser has seen bytes of this message
    qint64 m_bodyLeft = -1;       // a scanned head's body still to come; -1: not scanning
    const char *m_scanError = nullptr;
    HttpResponseCapture *m_capture = nullptr;
};

} // namespace coroscope
