#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace coroscope {

// Decodes RFC 6455 frames incrementally and assembles messages: fragmentation and continuation,
// control frames between the fragments of a message, masking as the role demands (a server reads
// masked frames only, a client unmasked ones), limits on frame and message size (close code 1009),
// UTF-8 of text messages and close reasons (1007); anything else malformed is a protocol error
// (1002). Memory is bounded by the limits: a frame's payload is taken as it arrives, so the
// caller's buffer never needs to hold a whole large frame.
class WebSocketFrameReader
{
public:
    enum class Role { Server, Client };
    enum class Event {
        NeedMore, // everything given is consumed or waits for more bytes
        Message,  // payload() and isText()
        Ping,     // payload()
        Pong,     // payload()
        Close,    // closeCode() (NoStatus when the frame had none) and closeReason()
        Error,    // closeCode() to close with, errorText(); sticky
    };

    WebSocketFrameReader(Role role, qint64 maxFrameBytes, qint64 maxMessageBytes);

    // Reads from `data` up to one event; `consumed` is how many bytes it used (the caller drops
    // them from the front of its buffer — after using payload(), which may point into `data`).
    Event next(const char *data, qsizetype size, qsizetype *consumed);

    QByteArrayView payload() const { return m_payload; }
    bool isText() const { return m_text; }
    quint16 closeCode() const { return m_closeCode; }
    QByteArrayView closeReason() const { return m_closeReason; }
    QString errorText() const { return m_errorText; }

private:
    Event fail(quint16 code, QString text);
    Event controlFrame(quint8 opcode, const char *payload, qsizetype size, quint32 key);
    Event messageDone();

    Role m_role;
    qint64 m_maxFrame;
    qint64 m_maxMessage;
    // The data frame being read.
    bool m_inFrame = false;
    bool m_final = false;
    bool m_masked = false;
    quint32 m_key = 0;
    quint64 m_remaining = 0;
    qsizetype m_maskOffset = 0;
    // The message being assembled (across frames, or a frame that arrived in pieces).
    bool m_inMessage = false;
    bool m_text = false;
    QByteArray m_message;
    qsizetype m_messageSize = 0;
    QByteArray m_control;
    QByteArrayView m_payload;
    quint16 m_closeCode = 0;
    QByteArrayView m_closeReason;
    bool m_failed = false;
    QString m_errorText;
};

} // namespace coroscope
