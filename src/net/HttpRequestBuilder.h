#pragma once

#include "net/HttpAttempt.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace coroscope {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// A raw HTTP/1.1 request from a URL: the endpoint to connect to and the bytes to send, ready for
// HttpConnection::exchange(). "{i}" anywhere in the URL becomes the request's index.
//
//     HttpRequestBuilder b("GET");
//     if (!b.setUrl("http://127.0.0.1:8080/items/{i}", &error)) ...;  // error says why not
//     co_await HttpConnection::exchange(&conn, b.endpoint(), b.request(index), ...);
class HttpRequestBuilder
{
    Q_DECLARE_TR_FUNCTIONS(HttpRequestBuilder)
public:
    // What a URL must be: for a raw socket, http:// with an IP address or localhost; for
    // QNetworkAccessManager, http:// or https:// with any host.
    enum class Engine { RawSocket, Qnam };

    explicit HttpRequestBuilder(QByteArray method = "GET", HttpHeaders headers = {}, QByteArray body = {});

    // False with `error` (translated, naming the URL) when the URL cannot be sent by `engine`, or when
    // the method or a header is malformed (a CR or LF in one would inject headers).
    bool setUrl(const QString &url, QString *error, Engine engine = Engine::RawSocket);

    const QString &url() const { return m_url; }
    const HttpEndpoint &endpoint() const { return m_endpoint; }
    bool isTemplated() const { return m_templated; }
    bool isHead() const { return m_method == "HEAD"; }
    const QByteArray &method() const { return m_method; }
    const HttpHeaders &headers() const { return m_headers; }
    const QByteArray &body() const { return m_body; }

    // The bytes of request `index` (built once when the URL has no "{i}").
    QByteArray request(quint64 index = 0) const;
    // The URL of request `index`, for QNetworkAccessManager.
    QUrl urlFor(quint64 index) const;
    // The request target as written (placeholders kept), and a request with every part given: what
    // a data file's rows fill in (workloads/HttpDataRequests).
    const QByteArray &target() const { return m_target; }
    QByteArray compose(const QByteArray &target, const HttpHeaders &headers, const QByteArray &body) const;

private:
    QByteArray build(const QByteArray &target) const;

    QByteArray m_method;
    HttpHeaders m_headers;
    QByteArray m_body;
    QString m_url;
    HttpEndpoint m_endpoint;
    QByteArray m_target; // request target as written, "{i}" kept
    QByteArray m_hostHeader;
    QByteArray m_fixed; // the whole request when not templated
    bool m_templated = false;
};

} // namespace coroscope
