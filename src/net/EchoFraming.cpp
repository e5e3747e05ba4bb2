#include "net/EchoFraming.h"

#include <cstring>

namespace coroscope {

EchoFrameScanner::Status EchoFrameScanner::scan(EchoFraming framing, const char *data, qsizetype size,
                                                qsizetype maxMessageBytes, qsizetype *completeBytes,
                                                qsizetype *messages)
{
    *completeBytes = 0;
    *messages = 0;
    if (framing == EchoFraming::Line) {
        const char *p = data;
        const char *end = data + size;
        while (p < end) {
            const void *nl = std::memchr(p, '\n', size_t(end - p));
            if (!nl)
                break;
            const char *next = static_cast<const char *>(nl) + 1;
            if (next - p > maxMessageBytes)
                return Status::TooLong;
            ++*messages;
            p = next;
        }
        *completeBytes = p - data;
        if (end - p > maxMessageBytes)
            return Status::TooLong;
    } else {
        qsizetype at = 0;
        while (size - at >= 4) {
            const auto *u = reinterpret_cast<const unsigned char *>(data + at);
            const quint32 len = (quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) | quint32(u[3]);
            if (qsizetype(len) > maxMessageBytes)
                return Status::TooLong;
            if (size - at - 4 < qsizetype(len))
                break;
            at += 4 + qsizetype(len);
            ++*messages;
        }
        *completeBytes = at;
    }
    return *messages > 0 ? Status::Complete : Status::NeedMore;
}

} // namespace coroscope
