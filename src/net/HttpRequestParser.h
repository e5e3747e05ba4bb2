#pragma once

#include <QByteArray>

#include <http_parser.h>

namespace coroscope {

// Incremental HTTP/1.1 request parser for the built-in target, on Debian's http-parser, with limits:
// the request line and headers together may not exceed maxHeaderBytes, a body maxBodyBytes.
class HttpRequestParser
{
public:
    enum class Result { NeedMore, Complete, Error, TooLarge };

    explicit HttpRequestParser(qsizetype maxHeaderBytes = 16 * 1024, qint64 maxBodyBytes = 1024 * 1024);
    void reset();
    Result feed(const char *data, qsizetype size, qsizetype *consumed);

    const QByteArray &url() const { return m_url; }
    const char *method() const { return http_method_str(http_method(m_parser.method)); }
    bool keepAlive() const { return m_keepAlive; }

private:
    static int onUrl(http_parser *p, const char *at, size_t length);
    static int onHeaderData(http_parser *p, const char *at, size_t length);
    static int onBody(http_parser *p, const char *at, size_t length);
    static int onMessageComplete(http_parser *p);

    http_parser m_parser;
    http_parser_settings m_settings;
    QByteArray m_url;
    qsizetype m_headerBytes = 0;
    qint64 m_bodyBytes = 0;
    qsizetype m_maxHeaderBytes;
    qint64 m_maxBodyBytes;
    bool m_complete = false;
    bool m_keepAlive = true;
    bool m_tooLarge = false;
};

} // namespace coroscope
