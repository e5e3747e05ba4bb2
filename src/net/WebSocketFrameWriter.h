#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace coroscope {

// RFC 6455 opcodes (section 5.2); the others are reserved and a protocol error.
enum class WebSocketOpcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// The close codes this code sends or tells apart (section 7.4.1).
namespace WebSocketClose {
constexpr quint16 Normal = 1000;
constexpr quint16 GoingAway = 1001;
constexpr quint16 ProtocolError = 1002;
constexpr quint16 UnsupportedData = 1003;
constexpr quint16 NoStatus = 1005; // never on the wire: a close frame without a code
constexpr quint16 Abnormal = 1006; // never on the wire: the connection ended without a close frame
constexpr quint16 InvalidPayload = 1007;
constexpr quint16 PolicyViolated = 1008;
constexpr quint16 TooBig = 1009;
// A code a peer may put in a close frame: the registered ones and the ranges for libraries and
// applications; 1005, 1006, 1015 and unassigned codes are a protocol error.
bool isValidOnWire(quint16 code);
} // namespace WebSocketClose

// Encodes frames (section 5.2) into an output batch: several frames appended one after the other
// leave in one write. A client masks every frame with a fresh key (section 5.3); a server never
// masks. The key source is xorshift seeded per writer from the system generator: masking exists to
// keep intermediaries from caching, and an unpredictable seed per connection serves that.
class WebSocketFrameWriter
{
public:
    explicit WebSocketFrameWriter(bool masking);

    bool isMasking() const { return m_masking; }
    // One frame: header (7-, 16- or 64-bit length, as short as the payload allows), then the
    // payload, masked when this writer masks.
    void append(QByteArray &out, WebSocketOpcode opcode, QByteArrayView payload, bool final = true);
    // A close frame: the code then the reason (cut to fit the 125-byte control frame limit at a
    // UTF-8 boundary); NoStatus sends an empty close frame.
    void appendClose(QByteArray &out, quint16 code, QByteArrayView reason = {});

    // XORs `data` with the 4-byte `key`, starting `offset` bytes into the key's cycle.
    static void mask(char *data, qsizetype size, quint32 key, qsizetype offset = 0);

private:
    quint32 nextKey();

    bool m_masking;
    quint64 m_state = 0;
};

} // namespace coroscope
