#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class QUrl;

namespace coroscope {

// The HTTP/1.1 upgrade of RFC 6455 section 4, both sides, without compression or subprotocols:
// the client's request and the check of the server's answer (101, Upgrade, Connection and
// Sec-WebSocket-Accept), the server's check of a request and its answer (101, or an HTTP error).
// Heads are bounded: past kMaxHeadBytes without the blank line the handshake fails.
class WebSocketHandshake
{
public:
    static constexpr qsizetype kMaxHeadBytes = 16 * 1024;

    enum class Result { NeedMore, Done, Failed };

    // Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + the RFC's GUID)).
    static QByteArray acceptFor(QByteArrayView key);

    // Client: a fresh random key and the GET request that carries it.
    static QByteArray newKey();
    static QByteArray request(const QUrl &url, QByteArrayView key);
    // Checks the server's answer in `data`; on Done `consumed` is the head's length (frames may
    // follow it in the same read). On Failed, status() is the HTTP status when the server answered
    // with another (a refused upgrade), 0 when the answer is not HTTP or not a valid upgrade.
    Result readResponse(const char *data, qsizetype size, QByteArrayView key, qsizetype *consumed);

    // Server: checks a client's request; on Failed, status() is the HTTP status to answer with.
    Result readRequest(const char *data, qsizetype size, qsizetype *consumed);
    // The 101 answer to the request read last.
    QByteArray response() const;
    // An HTTP error answer for a request refused with `status`.
    static QByteArray refusal(int status, QByteArrayView reason);

    int status() const { return m_status; }
    QString errorText() const { return m_errorText; }

private:
    Result fail(int status, QString text);
    // Finds the head's end; NeedMore or Failed (too long) when it is not there.
    Result findHead(const char *data, qsizetype size, qsizetype *headBytes);

    int m_status = 0;
    QString m_errorText;
    QByteArray m_clientKey;
};

} // namespace coroscope
