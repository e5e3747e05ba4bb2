#pragma once

#include <QtGlobal>

namespace coroscope {

// The head of a plain HTTP/1.x response, read in one pass once it has arrived whole. http-parser
// walks a head byte by byte through its state machine: about 6 100 instructions for nginx's
// 230-byte answer, half of what a whole request cost the fast engine (callgrind). This reads the
// common case (HTTP/1.0 or 1.1, status 2xx-5xx, Content-Length, plain header lines) with a memmem
// and a few comparisons; anything else (chunked, no length, upgrades, odd bytes, a head split over
// reads) it declines, and http-parser reads the message from its first byte as before.
struct HttpResponseHead {
    int status = 0;
    qint64 contentLength = -1; // -1: none given
    bool keepAlive = true;
    qsizetype size = 0; // the head's bytes, blank line included

    // Reads the head at the start of `data`: false when it has not arrived whole (within the first
    // 8 KiB) or is not of the plain kind.
    static bool scan(const char *data, qsizetype size, HttpResponseHead *out);
};

} // namespace coroscope
