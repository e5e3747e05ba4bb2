#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include "net/HttpParserCore.h"

namespace coroscope {

// Incremental HTTP/1.1 request parser for the built-in target, on Debian's http-parser, with limits:
// the request line and headers together may not exceed maxHeaderBytes (HeadersTooLarge: 431), a
// body maxBodyBytes (BodyTooLarge: 413). One request at a time: feed() stops after a complete one.
class HttpRequestParser : public HttpParserCore
{
public:
    enum class Result { NeedMore, Complete, Error, HeadersTooLarge, BodyTooLarge };

    explicit HttpRequestParser(qsizetype maxHeaderBytes = 16 * 1024, qint64 maxBodyBytes = 1024 * 1024);
    void reset();
    Result feed(const char *data, qsizetype size, qsizetype *consumed);

    const QByteArray &url() const { return m_url; }
    const char *method() const { return http_method_str(http_method(m_parser.method)); }
    // For the built-in target's /echo only (so other requests keep nothing): the headers as
    // (name, value) pairs and the body, within the same limits as above.
    bool isEcho() const { return m_echo; }
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }

private:
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeadersComplete(http_parser *p);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onHeaderField(http_parser *p, const char *at, size_t length);
    static int onHeaderValue(http_parser *p, const char *at, size_t length);

    qsizetype m_maxHeaderBytes;
    qint64 m_maxBodyBytes;
    bool m_bodyTooLarge = false;
    bool m_inValue = false;
    // The request read so far.
    QByteArray m_url;
    bool m_echo = false;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
};

} // namespace coroscope
