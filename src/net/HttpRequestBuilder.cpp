#include "net/HttpRequestBuilder.h"

#include <cstring>

namespace coroscope {

namespace {

// RFC 9110 token characters: what a method and a header name may be made of.
bool isToken(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
        if (!ok || c == 0)
            return false;
    }
    return true;
}

bool hasLineBreak(const QByteArray &s)
{
    return s.contains('\r') || s.contains('\n') || s.contains('\0');
}

} // namespace

HttpRequestBuilder::HttpRequestBuilder(QByteArray method, HttpHeaders headers, QByteArray body)
    : m_method(std::move(method)), m_headers(std::move(headers)), m_body(std::move(body))
{}

bool HttpRequestBuilder::setUrl(const QString &url, QString *error, Engine engine)
{
    m_url = url;
    m_templated = url.contains(QStringLiteral("{i}"));
    const QUrl parsed(QString(url).replace(QStringLiteral("{i}"), QStringLiteral("0")));
    const QString scheme = parsed.scheme();
    const bool https = scheme == QLatin1String("https");
    if (!parsed.isValid() || parsed.host().isEmpty() || (scheme != QLatin1String("http") && !https)) {
        *error = tr("expected an http:// URL with a host, found \"%1\"").arg(url);
        return false;
    }
    if (https && engine == Engine::RawSocket) {
        *error = tr("expected an http:// URL (https needs the qnam engine), found \"%1\"").arg(url);
        return false;
    }
    const QString host = parsed.host();
    m_endpoint.address =
        host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    m_endpoint.port = quint16(parsed.port(https ? 443 : 80));
    if (m_endpoint.address.isNull() && engine == Engine::RawSocket) {
        *error = tr("expected an IP address or localhost as the host, found \"%1\" in \"%2\"").arg(host, url);
        return false;
    }
    if (!isToken(m_method)) {
        *error = tr("expected an HTTP method such as GET or POST, found \"%1\"").arg(QString::fromUtf8(m_method));
        return false;
    }
    for (const auto &h : m_headers) {
        if (!isToken(h.first) || hasLineBreak(h.second)) {
            *error = tr("the header \"%1\" is malformed (a name of letters, digits and -, a value on one line)")
                         .arg(QString::fromUtf8(h.first));
            return false;
        }
    }
    // The request target exactly as written after the authority, "{i}" kept for templating.
    const qsizetype authority = url.indexOf(QStringLiteral("//")) + 2;
    qsizetype targetAt = authority;
    while (targetAt < url.size() && url[targetAt] != u'/' && url[targetAt] != u'?' && url[targetAt] != u'#')
        ++targetAt;
    QString target = url.mid(targetAt).section(u'#', 0, 0);
    if (!target.startsWith(u'/'))
        target.prepend(u'/');
    m_target = target.toUtf8();
    if (hasLineBreak(m_target) || m_target.contains(' ')) {
        *error = tr("expected a URL without spaces or line breaks, found \"%1\"").arg(url);
        return false;
    }
    const QString hostPart = host.contains(u':') ? u'[' + host + u']' : host;
    m_hostHeader = (hostPart + (parsed.port() > 0 ? u':' + QString::number(parsed.port()) : QString())).toUtf8();
    m_fixed = m_templated ? QByteArray() : build(m_target);
    return true;
}

QByteArray HttpRequestBuilder::build(const QByteArray &target) const
{
    return compose(target, m_headers, m_body);
}

QByteArray HttpRequestBuilder::compose(const QByteArray &target, const HttpHeaders &headers,
                                       const QByteArray &body) const
{
    QByteArray r;
    r.reserve(128 + target.size() + body.size());
    r += m_method + ' ' + target + " HTTP/1.1\r\nHost: " + m_hostHeader + "\r\n";
    for (const auto &h : headers)
        r += h.first + ": " + h.second + "\r\n";
    if (!body.isEmpty() || m_method == "POST" || m_method == "PUT" || m_method == "PATCH")
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    r += "\r\n" + body;
    return r;
}

QByteArray HttpRequestBuilder::request(quint64 index) const
{
    if (!m_templated)
        return m_fixed;
    QByteArray target = m_target;
    target.replace("{i}", QByteArray::number(index));
    return build(target);
}

QUrl HttpRequestBuilder::urlFor(quint64 index) const
{
    return QUrl(m_templated ? QString(m_url).replace(QStringLiteral("{i}"), QString::number(index)) : m_url);
}

} // namespace coroscope
