#include "net/RespReply.h"

#include <cstring>

namespace coroscope {

namespace {

// The line at data[0..) up to CRLF, without it; -1 when incomplete.
qsizetype lineEnd(const char *data, qsizetype size)
{
    const void *cr = std::memchr(data, '\r', size_t(size));
    if (!cr)
        return -1;
    const qsizetype at = static_cast<const char *>(cr) - data;
    if (at + 1 >= size)
        return -1;
    return data[at + 1] == '\n' ? at : -2; // -2: a lone CR is not RESP
}

} // namespace

qsizetype RespReply::parse(const char *data, qsizetype size, RespReply *out)
{
    if (size < 3)
        return 0;
    const qsizetype end = lineEnd(data + 1, size - 1);
    if (end == -2)
        return -1;
    if (end < 0)
        return 0;
    const QByteArray line(data + 1, end);
    qsizetype used = 1 + end + 2;
    bool ok = true;
    switch (data[0]) {
    case '+':
        out->type = Type::Status;
        out->text = line;
        return used;
    case '-':
        out->type = Type::Error;
        out->text = line;
        return used;
    case ':':
        out->type = Type::Integer;
        out->integer = line.toLongLong(&ok);
        return ok ? used : -1;
    case '$': {
        const qint64 n = line.toLongLong(&ok);
        if (!ok)
            return -1;
        if (n < 0) {
            out->type = Type::Nil;
            return used;
        }
        if (size - used < n + 2)
            return 0;
        out->type = Type::Bulk;
        out->text = QByteArray(data + used, qsizetype(n));
        return used + qsizetype(n) + 2;
    }
    case '*': {
        const qint64 n = line.toLongLong(&ok);
        if (!ok)
            return -1;
        if (n < 0) {
            out->type = Type::Nil;
            return used;
        }
        out->type = Type::Array;
        out->elements.clear();
        out->elements.reserve(qsizetype(n));
        for (qint64 i = 0; i < n; ++i) {
            RespReply e;
            const qsizetype k = parse(data + used, size - used, &e);
            if (k <= 0)
                return k;
            used += k;
            out->elements.push_back(std::move(e));
        }
        return used;
    }
    default:
        return -1;
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
