#pragma once

#include <QByteArray>
#include <QList>

namespace coroscope {

// What response checks need from an answer, taken as it streams past and never the body itself:
// the values of a few named headers, whether the body contains one byte string (searched across
// chunk boundaries with only needle-1 bytes kept), and how long the body was. Both HTTP engines fill
// it (HttpResponseParser on the raw path, QnamAttempt on the QNetworkAccessManager path), so memory
// stays bounded by the header limit and the needle whatever the peer sends.
class HttpResponseCapture
{
public:
    // Kept header values are cut at this length: a check compares short values.
    static constexpr qsizetype kMaxHeaderValueBytes = 8 * 1024;

    // What to look for; names are matched case-insensitively. Clears what an earlier answer left.
    void expect(QList<QByteArray> headerNames, QByteArray needle);
    // Forgets the answer seen so far (a new attempt), keeping what to look for.
    void begin();

    // Raw-parser callbacks: a header's name or value may arrive in pieces.
    void headerField(const char *at, qsizetype length);
    void headerValue(const char *at, qsizetype length);
    void headersEnd();
    // A whole header at once (the QNetworkAccessManager path).
    void header(const QByteArray &name, const QByteArray &value);
    void body(const char *at, qsizetype length);

    bool wantsHeaders() const { return !m_names.isEmpty(); }
    // The value of the i-th expected header; null when the answer did not have it.
    const QByteArray &headerValueAt(qsizetype i) const { return m_values[i]; }
    bool found() const { return m_found; }
    qint64 bodyBytes() const { return m_bodyBytes; }

private:
    void endHeader();

    QList<QByteArray> m_names; // lower case
    QList<QByteArray> m_values;
    QByteArray m_needle;
    QByteArray m_tail; // the last needle-1 bytes of the body so far
    QByteArray m_field, m_value;
    bool m_inValue = false;
    bool m_found = false;
    qint64 m_bodyBytes = 0;
};

} // namespace coroscope
