#include "net/WebSocketFrameWriter.h"

#include <QRandomGenerator>

#include <cstring>

namespace coroscope {

bool WebSocketClose::isValidOnWire(quint16 code)
{
    if (code >= 3000 && code <= 4999)
        return true;
    switch (code) {
    case 1000:
    case 1001:
    case 1002:
    case 1003:
    case 1007:
    case 1008:
    case 1009:
    case 1010:
    case 1011:
    case 1012:
    case 1013:
    case 1014:
        return true;
    default:
        return false;
    }
}

WebSocketFrameWriter::WebSocketFrameWriter(bool masking) : m_masking(masking)
{
    if (masking) {
        do
            m_state = QRandomGenerator::system()->generate64();
        while (m_state == 0);
    }
}

quint32 WebSocketFrameWriter::nextKey()
{
    // xorshift64*: cheap per frame; the seed is what makes it unpredictable.
    m_state ^= m_state >> 12;
    m_state ^= m_state << 25;
    m_state ^= m_state >> 27;
    return quint32((m_state * 2685821657736338717ULL) >> 32);
}

void WebSocketFrameWriter::mask(char *data, qsizetype size, quint32 key, qsizetype offset)
{
    unsigned char k[4];
    std::memcpy(k, &key, 4);
    qsizetype i = 0;
    // Aligned to the key's cycle, 8 bytes at a time, then the rest byte by byte.
    for (; i < size && ((offset + i) & 3) != 0; ++i)
        data[i] = char(data[i] ^ k[(offset + i) & 3]);
    if (size - i >= 8) {
        quint64 k8;
        unsigned char kk[8] = {k[0], k[1], k[2], k[3], k[0], k[1], k[2], k[3]};
        std::memcpy(&k8, kk, 8);
        for (; size - i >= 8; i += 8) {
            quint64 w;
            std::memcpy(&w, data + i, 8);
            w ^= k8;
            std::memcpy(data + i, &w, 8);
        }
    }
    for (; i < size; ++i)
        data[i] = char(data[i] ^ k[(offset + i) & 3]);
}

void WebSocketFrameWriter::append(QByteArray &out, WebSocketOpcode opcode, QByteArrayView payload, bool final)
{
    const quint64 n = quint64(payload.size());
    unsigned char header[14];
    qsizetype h = 0;
    header[h++] = (final ? 0x80 : 0x00) | quint8(opcode);
    const quint8 maskBit = m_masking ? 0x80 : 0x00;
    if (n < 126) {
        header[h++] = maskBit | quint8(n);
    } else if (n <= 0xffff) {
        header[h++] = maskBit | 126;
        header[h++] = quint8(n >> 8);
        header[h++] = quint8(n);
    } else {
        header[h++] = maskBit | 127;
        for (int shift = 56; shift >= 0; shift -= 8)
            header[h++] = quint8(n >> shift);
    }
    quint32 key = 0;
    if (m_masking) {
        key = nextKey();
        std::memcpy(header + h, &key, 4);
        h += 4;
    }
    const qsizetype start = out.size();
    out.resize(start + h + payload.size());
    char *p = out.data() + start;
    std::memcpy(p, header, size_t(h));
    if (!payload.isEmpty())
        std::memcpy(p + h, payload.data(), size_t(payload.size()));
    if (m_masking)
        mask(p + h, payload.size(), key);
}

void WebSocketFrameWriter::appendClose(QByteArray &out, quint16 code, QByteArrayView reason)
{
    if (code == WebSocketClose::NoStatus) {
        append(out, WebSocketOpcode::Close, {});
        return;
    }
    char payload[125];
    payload[0] = char(code >> 8);
    payload[1] = char(code & 0xff);
    qsizetype n = std::min<qsizetype>(reason.size(), 123);
    // Never cut a character in two: a continuation byte is 10xxxxxx.
    while (n > 0 && n < reason.size() && (quint8(reason[n]) & 0xc0) == 0x80)
        --n;
    if (n > 0)
        std::memcpy(payload + 2, reason.data(), size_t(n));
    append(out, WebSocketOpcode::Close, QByteArrayView(payload, 2 + n));
}

} // namespace coroscope
