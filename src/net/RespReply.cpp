#include "net/RespReply.h"

#include <cstring>
#include <vector>

namespace coroscope {

namespace {

// The end of the line at data[0..) (the offset of its CR): -1 when incomplete, -2 when a lone CR.
qsizetype lineEnd(const char *data, qsizetype size)
{
    const void *cr = std::memchr(data, '\r', size_t(size));
    if (!cr)
        return -1;
    const qsizetype at = static_cast<const char *>(cr) - data;
    if (at + 1 >= size)
        return -1;
    return data[at + 1] == '\n' ? at : -2;
}

// A decimal integer with an optional sign, checked for overflow; false when not one.
bool toInteger(const char *s, qsizetype n, qint64 *out)
{
    if (n <= 0 || n > 20)
        return false;
    bool negative = false;
    qsizetype i = 0;
    if (s[0] == '-' || s[0] == '+') {
        negative = s[0] == '-';
        i = 1;
        if (n == 1)
            return false;
    }
    const quint64 limit = negative ? quint64(INT64_MAX) + 1 : quint64(INT64_MAX);
    quint64 v = 0;
    for (; i < n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        const quint64 digit = quint64(s[i] - '0');
        if (v > (limit - digit) / 10)
            return false;
        v = v * 10 + digit;
    }
    *out = !negative ? qint64(v) : v == limit ? INT64_MIN : -qint64(v);
    return true;
}

struct Frame {
    RespReply array;
    qint64 remaining;
};

// What a bulk's or an array's length line is called in an error.
struct LengthTexts {
    const char *notANumber;
    const char *negative;
    const char *tooLarge; // %1 the length, %2 the most accepted
};

constexpr LengthTexts kBulkTexts{"a bulk length that is not a number", "a negative bulk length",
                                 "a bulk of %1 bytes (the most accepted is %2)"};
constexpr LengthTexts kArrayTexts{"an array length that is not a number", "a negative array length",
                                  "an array of %1 elements (the most accepted is %2)"};

// Reads the length of a bulk or an array into *n: up to `most`, or -1 for nil. Returns why it is
// not one, or an empty string.
QString readLength(const char *line, qsizetype size, qint64 most, const LengthTexts &texts, qint64 *n)
{
    if (!toInteger(line, size, n))
        return QString::fromLatin1(texts.notANumber);
    if (*n < -1)
        return QString::fromLatin1(texts.negative);
    if (*n > most)
        return QString::fromLatin1(texts.tooLarge).arg(*n).arg(most);
    return {};
}

} // namespace

qsizetype RespReply::parse(const char *data, qsizetype size, RespReply *out, const RespLimits &limits, QString *why)
{
    auto fail = [why](const QString &message) -> qsizetype {
        if (why)
            *why = message;
        return -1;
    };
    std::vector<Frame> stack; // the arrays being filled, innermost last
    qsizetype at = 0;
    for (;;) {
        if (size - at < 1)
            return 0;
        const qsizetype searchable = std::min<qsizetype>(size - at - 1, limits.maxLineBytes + 2);
        const qsizetype end = lineEnd(data + at + 1, searchable);
        if (end == -2)
            return fail(QStringLiteral("a CR without LF"));
        if (end < 0) {
            if (searchable >= limits.maxLineBytes + 2)
                return fail(QStringLiteral("a line longer than %1 bytes").arg(limits.maxLineBytes));
            return 0;
        }
        const char type = data[at];
        const char *line = data + at + 1;
        qsizetype used = 1 + end + 2;
        RespReply value;
        qint64 n = 0; // a bulk's or an array's length, read the same way for both; -1 is Nil
        if (type == '$' || type == '*') {
            const bool bulk = type == '$';
            if (const QString why = readLength(line, end, bulk ? limits.maxBulkBytes : limits.maxArrayElements,
                                               bulk ? kBulkTexts : kArrayTexts, &n);
                !why.isEmpty())
                return fail(why);
        }
        switch (type) {
        case '+':
        case '-':
            value.type = type == '+' ? Type::Status : Type::Error;
            value.text = QByteArray(line, end);
            break;
        case ':':
            value.type = Type::Integer;
            if (!toInteger(line, end, &value.integer))
                return fail(QStringLiteral("an integer that is not one"));
            break;
        case '$':
            if (n == -1)
                break; // value is Nil
            if (size - at - used < n + 2)
                return 0; // n <= maxBulkBytes: no overflow
            if (data[at + used + n] != '\r' || data[at + used + n + 1] != '\n')
                return fail(QStringLiteral("a bulk not ended by CRLF"));
            value.type = Type::Bulk;
            value.text = QByteArray(data + at + used, qsizetype(n));
            used += qsizetype(n) + 2;
            break;
        case '*':
            if (n == -1)
                break; // value is Nil
            if (n > 0) {
                if (qsizetype(stack.size()) >= limits.maxDepth)
                    return fail(QStringLiteral("arrays nested deeper than %1").arg(limits.maxDepth));
                at += used;
                Frame f;
                f.array.type = Type::Array;
                f.remaining = n;
                stack.push_back(std::move(f)); // elements are appended as they arrive, never reserved
                continue;
            }
            value.type = Type::Array;
            break;
        default:
            return fail(QStringLiteral("a reply starting with byte %1").arg(int(quint8(type))));
        }
        at += used;
        // A complete value: into the innermost array, closing every array it completes.
        for (;;) {
            if (stack.empty()) {
                *out = std::move(value);
                return at;
            }
            Frame &top = stack.back();
            top.array.elements.push_back(std::move(value));
            if (--top.remaining > 0)
                break;
            value = std::move(top.array);
            stack.pop_back();
        }
    }
}

QByteArray RespReply::encode(const QList<QByteArray> &args)
{
    QByteArray out;
    out.reserve(16 + args.size() * 16);
    out += '*' + QByteArray::number(args.size()) + "\r\n";
    for (const QByteArray &a : args)
        out += '$' + QByteArray::number(a.size()) + "\r\n" + a + "\r\n";
    return out;
}

} // namespace coroscope
