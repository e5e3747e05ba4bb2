#include "net/WebSocketFrameReader.h"

#include "net/WebSocketFrameWriter.h"

#include <cstring>

namespace coroscope {

WebSocketFrameReader::WebSocketFrameReader(Role role, qint64 maxFrameBytes, qint64 maxMessageBytes)
    : m_role(role), m_maxFrame(maxFrameBytes), m_maxMessage(maxMessageBytes)
{}

WebSocketFrameReader::Event WebSocketFrameReader::fail(quint16 code, QString text)
{
    m_failed = true;
    m_closeCode = code;
    m_errorText = std::move(text);
    m_payload = {};
    return Event::Error;
}

WebSocketFrameReader::Event WebSocketFrameReader::messageDone()
{
    m_inMessage = false;
    m_payload = QByteArrayView(m_message.constData(), m_messageSize);
    // Qt's check is the strict one section 8.1 asks for: no overlong forms, surrogates or code
    // points past U+10FFFF (tst_websocket_frames::utf8).
    if (m_text && !m_payload.isValidUtf8())
        return fail(WebSocketClose::InvalidPayload, QStringLiteral("a text message that is not UTF-8"));
    return Event::Message;
}

WebSocketFrameReader::Event WebSocketFrameReader::controlFrame(quint8 opcode, const char *payload, qsizetype size,
                                                               quint32 key)
{
    m_control.resize(size);
    if (size > 0)
        std::memcpy(m_control.data(), payload, size_t(size));
    if (m_masked)
        WebSocketFrameWriter::mask(m_control.data(), size, key);
    m_payload = QByteArrayView(m_control.constData(), size);
    switch (WebSocketOpcode(opcode)) {
    case WebSocketOpcode::Ping:
        return Event::Ping;
    case WebSocketOpcode::Pong:
        return Event::Pong;
    default:
        break;
    }
    // Close: no payload, or a valid code then a UTF-8 reason.
    m_closeReason = {};
    if (size == 0) {
        m_closeCode = WebSocketClose::NoStatus;
        return Event::Close;
    }
    if (size == 1)
        return fail(WebSocketClose::ProtocolError, QStringLiteral("a close frame of one byte"));
    const quint16 code = quint16((quint8(m_control[0]) << 8) | quint8(m_control[1]));
    if (!WebSocketClose::isValidOnWire(code))
        return fail(WebSocketClose::ProtocolError,
                    QStringLiteral("close code %1 is not allowed on the wire").arg(code));
    m_closeReason = m_payload.sliced(2);
    if (!m_closeReason.isValidUtf8())
        return fail(WebSocketClose::InvalidPayload, QStringLiteral("a close reason that is not UTF-8"));
    m_closeCode = code;
    return Event::Close;
}

WebSocketFrameReader::Event WebSocketFrameReader::next(const char *data, qsizetype size, qsizetype *consumed)
{
    *consumed = 0;
    if (m_failed)
        return Event::Error;
    qsizetype pos = 0;
    for (;;) {
        if (!m_inFrame) {
            const auto *p = reinterpret_cast<const unsigned char *>(data + pos);
            const qsizetype avail = size - pos;
            if (avail < 2)
                break;
            const quint8 opcode = p[0] & 0x0f;
            const bool final = p[0] & 0x80;
            const bool masked = p[1] & 0x80;
            qsizetype header = 2 + (masked ? 4 : 0);
            quint64 length = p[1] & 0x7f;
            if (length == 126)
                header += 2;
            else if (length == 127)
                header += 8;
            if (avail < header)
                break;
            if (length == 126) {
                length = (quint64(p[2]) << 8) | p[3];
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = (length << 8) | p[2 + i];
                if (length >> 63)
                    return fail(WebSocketClose::ProtocolError, QStringLiteral("a frame length with its top bit set"));
            }
            if (p[0] & 0x70)
                return fail(WebSocketClose::ProtocolError, QStringLiteral("reserved bits set (no extension agreed)"));
            if (m_role == Role::Server && !masked)
                return fail(WebSocketClose::ProtocolError, QStringLiteral("an unmasked frame from a client"));
            if (m_role == Role::Client && masked)
                return fail(WebSocketClose::ProtocolError, QStringLiteral("a masked frame from a server"));
            quint32 key = 0;
            if (masked)
                std::memcpy(&key, p + header - 4, 4);
            m_masked = masked;
            if (opcode & 0x8) {
                if (opcode > quint8(WebSocketOpcode::Pong))
                    return fail(WebSocketClose::ProtocolError, QStringLiteral("reserved opcode %1").arg(opcode));
                if (!final)
                    return fail(WebSocketClose::ProtocolError, QStringLiteral("a fragmented control frame"));
                if (length > 125)
                    return fail(WebSocketClose::ProtocolError,
                                QStringLiteral("a control frame of %1 bytes (125 at most)").arg(length));
                if (avail < header + qsizetype(length))
                    break; // control frames are taken whole: 139 bytes at most
                pos += header + qsizetype(length);
                *consumed = pos;
                return controlFrame(opcode, data + pos - qsizetype(length), qsizetype(length), key);
            }
            if (opcode == quint8(WebSocketOpcode::Continuation)) {
                if (!m_inMessage)
                    return fail(WebSocketClose::ProtocolError,
                                QStringLiteral("a continuation frame outside a message"));
            } else if (opcode == quint8(WebSocketOpcode::Text) || opcode == quint8(WebSocketOpcode::Binary)) {
                if (m_inMessage)
                    return fail(WebSocketClose::ProtocolError,
                                QStringLiteral("a new message before the last fragment of the previous one"));
                m_inMessage = true;
                m_text = opcode == quint8(WebSocketOpcode::Text);
                m_messageSize = 0;
            } else {
                return fail(WebSocketClose::ProtocolError, QStringLiteral("reserved opcode %1").arg(opcode));
            }
            if (length > quint64(m_maxFrame))
                return fail(WebSocketClose::TooBig,
                            QStringLiteral("a frame of %1 bytes, over the limit of %2").arg(length).arg(m_maxFrame));
            if (quint64(m_messageSize) + length > quint64(m_maxMessage))
                return fail(WebSocketClose::TooBig,
                            QStringLiteral("a message of more than %1 bytes, over the limit").arg(m_maxMessage));
            pos += header;
            if (opcode != 0 && final && !masked && avail - header >= qsizetype(length)) {
                // A whole unmasked message in the caller's buffer: handed out where it lies.
                m_inMessage = false;
                pos += qsizetype(length);
                *consumed = pos;
                m_payload = QByteArrayView(data + pos - qsizetype(length), qsizetype(length));
                if (m_text && !m_payload.isValidUtf8())
                    return fail(WebSocketClose::InvalidPayload, QStringLiteral("a text message that is not UTF-8"));
                return Event::Message;
            }
            m_inFrame = true;
            m_final = final;
            m_key = key;
            m_remaining = length;
            m_maskOffset = 0;
        }
        // The payload of a data frame, as much as has arrived.
        const qsizetype take = qsizetype(std::min<quint64>(m_remaining, quint64(size - pos)));
        if (take > 0) {
            if (m_message.size() < m_messageSize + take)
                m_message.resize(m_messageSize + take);
            char *dst = m_message.data() + m_messageSize;
            std::memcpy(dst, data + pos, size_t(take));
            if (m_masked)
                WebSocketFrameWriter::mask(dst, take, m_key, m_maskOffset);
            m_maskOffset += take;
            m_messageSize += take;
            m_remaining -= quint64(take);
            pos += take;
        }
        if (m_remaining > 0)
            break;
        m_inFrame = false;
        if (m_final) {
            *consumed = pos;
            return messageDone();
        }
    }
    *consumed = pos;
    return Event::NeedMore;
}

} // namespace coroscope
