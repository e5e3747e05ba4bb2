#include "net/HttpResponseCapture.h"

#include <algorithm>

namespace coroscope {

void HttpResponseCapture::expect(QList<QByteArray> headerNames, QByteArray needle)
{
    for (QByteArray &n : headerNames)
        n = n.toLower();
    m_names = std::move(headerNames);
    m_needle = std::move(needle);
    begin();
}

void HttpResponseCapture::begin()
{
    m_values = QList<QByteArray>(m_names.size());
    m_tail.clear();
    m_field.clear();
    m_value.clear();
    m_inValue = false;
    m_found = m_needle.isEmpty();
    m_bodyBytes = 0;
}

void HttpResponseCapture::endHeader()
{
    if (!m_field.isEmpty()) {
        const qsizetype i = m_names.indexOf(m_field.toLower());
        // The first occurrence counts, as QNetworkReply::rawHeader() gives the first too.
        if (i >= 0 && m_values[i].isNull())
            m_values[i] = m_value.isNull() ? QByteArray("") : m_value.trimmed();
    }
    m_field.clear();
    m_value.clear();
    m_inValue = false;
}

void HttpResponseCapture::headerField(const char *at, qsizetype length)
{
    if (m_inValue)
        endHeader();
    if (m_field.size() < kMaxHeaderValueBytes)
        m_field.append(at, std::min(length, kMaxHeaderValueBytes - m_field.size()));
}

void HttpResponseCapture::headerValue(const char *at, qsizetype length)
{
    m_inValue = true;
    if (m_value.size() < kMaxHeaderValueBytes)
        m_value.append(at, std::min(length, kMaxHeaderValueBytes - m_value.size()));
}

void HttpResponseCapture::headersEnd()
{
    if (m_inValue || !m_field.isEmpty())
        endHeader();
}

void HttpResponseCapture::header(const QByteArray &name, const QByteArray &value)
{
    m_field = name.left(kMaxHeaderValueBytes);
    m_value = value.left(kMaxHeaderValueBytes);
    endHeader();
}

void HttpResponseCapture::body(const char *at, qsizetype length)
{
    m_bodyBytes += length;
    if (m_found || length <= 0)
        return;
    const qsizetype n = m_needle.size();
    // A match that straddles the previous chunk: the kept tail and this chunk's first n-1 bytes.
    if (!m_tail.isEmpty()) {
        const QByteArray seam = m_tail + QByteArray::fromRawData(at, std::min(length, n - 1));
        if (seam.contains(m_needle)) {
            m_found = true;
            return;
        }
    }
    if (QByteArrayView(at, length).contains(m_needle)) {
        m_found = true;
        return;
    }
    if (length >= n - 1) {
        m_tail = QByteArray(at + length - (n - 1), n - 1);
    } else {
        m_tail.append(at, length);
        m_tail = m_tail.right(n - 1);
    }
}

} // namespace coroscope
