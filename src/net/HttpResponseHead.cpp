#include "net/HttpResponseHead.h"

#include <QByteArray>
#include <QByteArrayView>

#include <algorithm>
#include <array>
#include <string_view>

#include <cstring>

namespace coroscope {

namespace {

// A head longer than this goes to http-parser, which enforces its own limit.
constexpr qsizetype kScanLimit = 8 * 1024;
// More digits than this in a Content-Length go to http-parser too (it knows about overflow).
constexpr qsizetype kMaxLengthDigits = 15;

enum CharClass : unsigned char { Token = 1, Text = 2 };

// Per byte: whether it may stand in a header name (RFC 9110 tchar) and in a plain header value or
// reason phrase (visible ASCII, space, tab). One lookup per byte: the scan's inner loops.
constexpr std::array<unsigned char, 256> kClasses = [] {
    std::array<unsigned char, 256> t{};
    for (int ch = 0x20; ch < 0x7f; ++ch)
        t[ch] = Text;
    t['\t'] = Text;
    for (int ch = '0'; ch <= '9'; ++ch)
        t[ch] |= Token;
    for (int ch = 'a'; ch <= 'z'; ++ch)
        t[ch] |= Token, t[ch - 'a' + 'A'] |= Token;
    for (char ch : std::string_view("!#$%&'*+-.^_`|~"))
        t[uchar(ch)] |= Token;
    return t;
}();

bool is(CharClass cls, char ch)
{
    return kClasses[uchar(ch)] & cls;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A header name against a lowercase one: `| 0x20` folds exactly the letters, and a name holds
// only token bytes, none of which folds onto '-' or a lowercase letter by accident.
template<qsizetype N> bool isNamed(QByteArrayView name, const char (&lower)[N])
{
    if (name.size() != N - 1)
        return false;
    for (qsizetype i = 0; i < N - 1; ++i) {
        if ((name[i] | 0x20) != lower[i])
            return false;
    }
    return true;
}

// The first CRLF CRLF in [data, data + size), or null. A hop per line (memchr for '\r') costs a
// third of what memmem's general search does on a 230-byte head.
const char *findBlankLine(const char *data, qsizetype size)
{
    const char *const limit = data + size;
    for (const char *p = data; limit - p >= 4;) {
        p = static_cast<const char *>(std::memchr(p, '\r', size_t(limit - p - 3)));
        if (!p)
            return nullptr;
        if (p[1] == '\n' && p[2] == '\r' && p[3] == '\n')
            return p;
        ++p;
    }
    return nullptr;
}

template<qsizetype N> bool equalsIgnoringCase(QByteArrayView value, const char (&lower)[N])
{
    return value.size() == N - 1 && qstrnicmp(value.data(), lower, uint(N - 1)) == 0;
}

} // namespace

bool HttpResponseHead::scan(const char *data, qsizetype size, HttpResponseHead *out)
{
    const char *const blank = findBlankLine(data, std::min(size, kScanLimit));
    if (!blank)
        return false;
    // Every line before `end` ends with CRLF, and a scan for '\r' stops at `blank` at the latest.
    const char *const end = blank + 2;
    const char *p = data;
    if (end - p < 14 || std::memcmp(p, "HTTP/1.", 7) != 0 || (p[7] != '0' && p[7] != '1') || p[8] != ' ' ||
        !isDigit(p[9]) || !isDigit(p[10]) || !isDigit(p[11]))
        return false;
    const bool http11 = p[7] == '1';
    const int status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
    // 1xx answers come before the real one, and 204 and 304 have rules of their own about bodies:
    // http-parser's cases.
    if (status < 200 || status > 599 || status == 204 || status == 304)
        return false;
    p += 12;
    if (*p == ' ') {
        for (++p; *p != '\r'; ++p) {
            if (!is(Text, *p))
                return false;
        }
    }
    if (p[0] != '\r' || p[1] != '\n')
        return false;
    p += 2;

    qint64 length = -1;
    bool close = false, keepAliveAsked = false;
    while (p < end) {
        const char *const name = p;
        while (is(Token, *p))
            ++p;
        if (p == name || *p != ':')
            return false;
        const QByteArrayView field(name, p - name);
        for (++p; *p == ' ' || *p == '\t'; ++p) {
        }
        const char *const value = p;
        for (; *p != '\r'; ++p) {
            if (!is(Text, *p))
                return false;
        }
        if (p[1] != '\n')
            return false;
        const char *valueEnd = p;
        while (valueEnd > value && (valueEnd[-1] == ' ' || valueEnd[-1] == '\t'))
            --valueEnd;
        const QByteArrayView v(value, valueEnd - value);
        p += 2;
        if (isNamed(field, "content-length")) {
            if (length >= 0 || v.isEmpty() || v.size() > kMaxLengthDigits)
                return false;
            length = 0;
            for (char c : v) {
                if (!isDigit(c))
                    return false;
                length = length * 10 + (c - '0');
            }
        } else if (isNamed(field, "connection")) {
            if (equalsIgnoringCase(v, "close"))
                close = true;
            else if (equalsIgnoringCase(v, "keep-alive"))
                keepAliveAsked = true;
            else
                return false;
        } else if (isNamed(field, "transfer-encoding") || isNamed(field, "upgrade") ||
                   isNamed(field, "proxy-connection")) {
            return false;
        }
    }
    out->status = status;
    out->contentLength = length;
    // As http-parser decides it: HTTP/1.1 stays open unless told to close, 1.0 closes unless asked not to.
    out->keepAlive = http11 ? !close : keepAliveAsked;
    out->size = end + 2 - data;
    return true;
}

} // namespace coroscope
