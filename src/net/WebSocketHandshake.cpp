#include "net/WebSocketHandshake.h"

#include <QCryptographicHash>
#include <QList>
#include <QRandomGenerator>
#include <QUrl>

namespace coroscope {

namespace {

const char kGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// The head's lines after the first: name (lower case) and value (trimmed), each found by name.
struct HeadFields {
    QList<QByteArrayView> lines;

    explicit HeadFields(QByteArrayView head)
    {
        while (!head.isEmpty()) {
            const qsizetype eol = head.indexOf("\r\n");
            const QByteArrayView line = eol < 0 ? head : head.first(eol);
            if (!line.isEmpty())
                lines.append(line);
            head = eol < 0 ? QByteArrayView() : head.sliced(eol + 2);
        }
    }
    QByteArrayView firstLine() const { return lines.isEmpty() ? QByteArrayView() : lines.first(); }
    // The value of the field `name` (ASCII, any case); several fields of that name are joined with
    // ", " as HTTP allows.
    QByteArray value(QByteArrayView name) const
    {
        QByteArray joined;
        bool found = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArrayView line = lines[i];
            const qsizetype colon = line.indexOf(':');
            if (colon < 0 || line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) != 0)
                continue;
            if (found)
                joined += ", ";
            joined += line.sliced(colon + 1).trimmed();
            found = true;
        }
        return joined;
    }
    // Whether the comma-separated field `name` holds `token` (any case).
    bool hasToken(QByteArrayView name, QByteArrayView token) const
    {
        const QByteArray v = value(name);
        for (const QByteArray &t : v.split(','))
            if (QByteArrayView(t).trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    }
};

} // namespace

QByteArray WebSocketHandshake::acceptFor(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(QByteArrayView(kGuid));
    return sha1.result().toBase64();
}

QByteArray WebSocketHandshake::newKey()
{
    quint32 bytes[4];
    QRandomGenerator::system()->fillRange(bytes);
    return QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes).toBase64();
}

QByteArray WebSocketHandshake::request(const QUrl &url, QByteArrayView key)
{
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (url.hasQuery())
        path += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    return "GET " + path + " HTTP/1.1\r\nHost: " + host + ':' + QByteArray::number(url.port(80)) +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
           "\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

WebSocketHandshake::Result WebSocketHandshake::fail(int status, QString text)
{
    m_status = status;
    m_errorText = std::move(text);
    return Result::Failed;
}

WebSocketHandshake::Result WebSocketHandshake::findHead(const char *data, qsizetype size, qsizetype *headBytes)
{
    const qsizetype end = QByteArrayView(data, std::min(size, kMaxHeadBytes)).indexOf("\r\n\r\n");
    if (end >= 0) {
        *headBytes = end + 4;
        return Result::Done;
    }
    if (size >= kMaxHeadBytes)
        return fail(431, QStringLiteral("a handshake head over %1 bytes").arg(kMaxHeadBytes));
    return Result::NeedMore;
}

WebSocketHandshake::Result WebSocketHandshake::readResponse(const char *data, qsizetype size, QByteArrayView key,
                                                            qsizetype *consumed)
{
    qsizetype headBytes = 0;
    if (const Result r = findHead(data, size, &headBytes); r != Result::Done) {
        m_status = 0; // an answer too long is no HTTP status of the server's
        return r;
    }
    const HeadFields head(QByteArrayView(data, headBytes));
    // "HTTP/1.1 101 Switching Protocols"
    const QByteArrayView statusLine = head.firstLine();
    const QList<QByteArray> parts = statusLine.toByteArray().split(' ');
    bool ok = false;
    const int status = parts.size() >= 2 && parts[0].startsWith("HTTP/1.") ? parts[1].toInt(&ok) : 0;
    if (!ok || status < 100 || status > 599)
        return fail(0, QStringLiteral("the server's answer is not HTTP"));
    if (status != 101)
        return fail(status, QStringLiteral("upgrade refused with HTTP %1").arg(status));
    if (!head.hasToken("upgrade", "websocket") || !head.hasToken("connection", "upgrade"))
        return fail(0, QStringLiteral("a 101 answer without Upgrade: websocket and Connection: upgrade"));
    if (head.value("sec-websocket-accept") != acceptFor(key))
        return fail(0, QStringLiteral("a 101 answer with a wrong Sec-WebSocket-Accept"));
    if (!head.value("sec-websocket-extensions").isEmpty())
        return fail(0, QStringLiteral("the server chose an extension nobody asked for"));
    *consumed = headBytes;
    return Result::Done;
}

WebSocketHandshake::Result WebSocketHandshake::readRequest(const char *data, qsizetype size, qsizetype *consumed)
{
    qsizetype headBytes = 0;
    if (const Result r = findHead(data, size, &headBytes); r != Result::Done)
        return r;
    const HeadFields head(QByteArrayView(data, headBytes));
    const QByteArrayView requestLine = head.firstLine();
    if (!requestLine.startsWith("GET ") || !requestLine.endsWith(" HTTP/1.1"))
        return fail(400, QStringLiteral("not a GET request in HTTP/1.1"));
    if (!head.hasToken("upgrade", "websocket") || !head.hasToken("connection", "upgrade"))
        return fail(426, QStringLiteral("not an upgrade to websocket"));
    if (head.value("sec-websocket-version") != "13")
        return fail(426, QStringLiteral("WebSocket version %1, not 13")
                             .arg(QString::fromLatin1(head.value("sec-websocket-version"))));
    const QByteArray key = head.value("sec-websocket-key");
    if (QByteArray::fromBase64(key, QByteArray::AbortOnBase64DecodingErrors).size() != 16)
        return fail(400, QStringLiteral("a Sec-WebSocket-Key that is not 16 bytes in base64"));
    m_clientKey = key;
    *consumed = headBytes;
    return Result::Done;
}

QByteArray WebSocketHandshake::response() const
{
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
           acceptFor(m_clientKey) + "\r\n\r\n";
}

QByteArray WebSocketHandshake::refusal(int status, QByteArrayView reason)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    if (status == 426)
        head += "Sec-WebSocket-Version: 13\r\nUpgrade: websocket\r\n";
    return head + "Content-Length: 0\r\nConnection: close\r\n\r\n";
}

} // namespace coroscope
