// The RFC 6455 codec on its own: frame encoding (7-, 16- and 64-bit lengths, masking), decoding
// byte by byte and in one piece, fragmentation with control frames between the fragments, close
// codes and reasons, UTF-8, size limits, every malformed frame a protocol error with its close
// code; and the upgrade handshake, both sides.
#include "net/WebSocketFrameReader.h"
#include "net/WebSocketFrameWriter.h"
#include "net/WebSocketHandshake.h"

#include <QTest>
#include <QUrl>

using namespace coroscope;

namespace {

using Reader = WebSocketFrameReader;

struct Decoded {
    Reader::Event event;
    QByteArray payload; // Message, Ping, Pong; the close reason for Close
    bool text = false;
    quint16 code = 0;
};

// Feeds `wire` to a reader in pieces of `chunk` bytes (the way a socket delivers them), keeping
// unconsumed bytes at the front as the streams do; stops at an error.
QList<Decoded> decodeAll(Reader &reader, const QByteArray &wire, qsizetype chunk, qsizetype *left = nullptr)
{
    QList<Decoded> out;
    QByteArray buffer;
    qsizetype fed = 0;
    for (int guard = 0; guard < 1'000'000; ++guard) {
        qsizetype used = 0;
        const Reader::Event e = reader.next(buffer.constData(), buffer.size(), &used);
        if (e != Reader::Event::NeedMore) {
            Decoded d{e, {}, reader.isText(), reader.closeCode()};
            d.payload = e == Reader::Event::Close ? reader.closeReason().toByteArray() : reader.payload().toByteArray();
            out.append(d);
        }
        buffer.remove(0, used);
        if (e == Reader::Event::Error)
            break;
        if (e == Reader::Event::NeedMore) {
            if (fed == wire.size())
                break;
            const qsizetype n = std::min(chunk, wire.size() - fed);
            buffer.append(wire.constData() + fed, n);
            fed += n;
        }
    }
    if (left)
        *left = buffer.size();
    return out;
}

QByteArray frame(WebSocketOpcode op, const QByteArray &payload, bool masked, bool final = true)
{
    QByteArray out;
    WebSocketFrameWriter(masked).append(out, op, payload, final);
    return out;
}

QByteArray bytes(std::initializer_list<int> list)
{
    QByteArray out;
    for (int b : list)
        out.append(char(b));
    return out;
}

QByteArray payloadOf(qsizetype n)
{
    QByteArray p(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        p[i] = char('a' + i % 26);
    return p;
}

} // namespace

class TestWebSocketFrames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lengths_data();
    void lengths();
    void maskingIsItsOwnInverse_data();
    void maskingIsItsOwnInverse();
    void fragmentsWithControlFramesBetween_data();
    void fragmentsWithControlFramesBetween();
    void closeCodesAndReasons_data();
    void closeCodesAndReasons();
    void closeReasonIsCutAtACharacter();
    void protocolErrors_data();
    void protocolErrors();
    void utf8_data();
    void utf8();
    void largeFrameNeverBufferedWhole();
    void handshakeBothSides();
    void acceptKeyOfTheRfc();
    void handshakeResponses_data();
    void handshakeResponses();
    void handshakeRequests_data();
    void handshakeRequests();
};

void TestWebSocketFrames::lengths_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("masked");
    QTest::addColumn<int>("headerBytes");
    for (bool masked : {false, true}) {
        const int key = masked ? 4 : 0;
        const char *side = masked ? "client" : "server";
        QTest::addRow("%s, empty", side) << 0 << masked << 2 + key;
        QTest::addRow("%s, 125: 7-bit", side) << 125 << masked << 2 + key;
        QTest::addRow("%s, 126: 16-bit", side) << 126 << masked << 4 + key;
        QTest::addRow("%s, 65535: 16-bit", side) << 65535 << masked << 4 + key;
        QTest::addRow("%s, 65536: 64-bit", side) << 65536 << masked << 10 + key;
        QTest::addRow("%s, 200000: 64-bit", side) << 200000 << masked << 10 + key;
    }
}

void TestWebSocketFrames::lengths()
{
    QFETCH(int, size);
    QFETCH(bool, masked);
    QFETCH(int, headerBytes);
    const QByteArray payload = payloadOf(size);
    const QByteArray wire = frame(WebSocketOpcode::Binary, payload, masked);
    QCOMPARE(wire.size(), qsizetype(headerBytes + size));
    QCOMPARE(quint8(wire[0]), quint8(0x82));
    QCOMPARE(bool(quint8(wire[1]) & 0x80), masked);
    if (masked && size >= 8)
        QVERIFY(wire.right(size) != payload); // masked on the wire
    if (!masked)
        QCOMPARE(wire.right(size), payload);
    for (qsizetype chunk : {qsizetype(1), qsizetype(7), wire.size()}) {
        Reader reader(masked ? Reader::Role::Server : Reader::Role::Client, 1 << 20, 1 << 20);
        const QList<Decoded> got = decodeAll(reader, wire, chunk);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].event, Reader::Event::Message);
        QVERIFY(!got[0].text);
        QCOMPARE(got[0].payload, payload);
    }
}

void TestWebSocketFrames::maskingIsItsOwnInverse_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("offset");
    QTest::newRow("3 bytes") << 3 << 0;
    QTest::newRow("64 bytes") << 64 << 0;
    QTest::newRow("67 bytes from offset 1") << 67 << 1;
    QTest::newRow("1000 bytes from offset 3") << 1000 << 3;
}

void TestWebSocketFrames::maskingIsItsOwnInverse()
{
    QFETCH(int, size);
    QFETCH(int, offset);
    const QByteArray original = payloadOf(size);
    const quint32 key = 0x37fa213d;
    // Masking in two pieces (the second continuing the key's cycle) equals masking at once.
    QByteArray whole = original, pieces = original;
    WebSocketFrameWriter::mask(whole.data(), size, key, offset);
    const int split = size / 3;
    WebSocketFrameWriter::mask(pieces.data(), split, key, offset);
    WebSocketFrameWriter::mask(pieces.data() + split, size - split, key, offset + split);
    QCOMPARE(pieces, whole);
    // Byte i is XORed with key byte (offset + i) mod 4.
    unsigned char k[4];
    std::memcpy(k, &key, 4);
    for (int i = 0; i < size; ++i)
        QCOMPARE(quint8(whole[i]), quint8(quint8(original[i]) ^ k[(offset + i) % 4]));
    WebSocketFrameWriter::mask(whole.data(), size, key, offset);
    QCOMPARE(whole, original);
}

void TestWebSocketFrames::fragmentsWithControlFramesBetween_data()
{
    QTest::addColumn<int>("chunk");
    QTest::newRow("byte by byte") << 1;
    QTest::newRow("5 bytes at a time") << 5;
    QTest::newRow("all at once") << 4096;
}

void TestWebSocketFrames::fragmentsWithControlFramesBetween()
{
    QFETCH(int, chunk);
    // A text message in three fragments with a ping and a pong between them, then a binary one.
    QByteArray wire = frame(WebSocketOpcode::Text, "Hel", true, false);
    wire += frame(WebSocketOpcode::Ping, "p1", true);
    wire += frame(WebSocketOpcode::Continuation, "lo, \xe4\xb8", true, false); // a character split in two
    wire += frame(WebSocketOpcode::Pong, "p2", true);
    wire += frame(WebSocketOpcode::Continuation, "\x96\xe7\x95\x8c", true, true);
    wire += frame(WebSocketOpcode::Binary, QByteArray("\x00\xff", 2), true);
    Reader reader(Reader::Role::Server, 1024, 1024);
    const QList<Decoded> got = decodeAll(reader, wire, chunk);
    QCOMPARE(got.size(), 4);
    QCOMPARE(got[0].event, Reader::Event::Ping);
    QCOMPARE(got[0].payload, QByteArray("p1"));
    QCOMPARE(got[1].event, Reader::Event::Pong);
    QCOMPARE(got[1].payload, QByteArray("p2"));
    QCOMPARE(got[2].event, Reader::Event::Message);
    QVERIFY(got[2].text);
    QCOMPARE(QString::fromUtf8(got[2].payload), QStringLiteral("Hello, 世界"));
    QCOMPARE(got[3].event, Reader::Event::Message);
    QVERIFY(!got[3].text);
    QCOMPARE(got[3].payload, QByteArray("\x00\xff", 2));
}

void TestWebSocketFrames::closeCodesAndReasons_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("normal, no reason") << 1000 << QByteArray();
    QTest::newRow("going away") << 1001 << QByteArray("bye");
    QTest::newRow("too big") << 1009 << QByteArray("message too big");
    QTest::newRow("application code, UTF-8 reason") << 4000 << QByteArray("\xe5\x86\x8d\xe8\xa7\x81");
    QTest::newRow("no status: empty frame") << int(WebSocketClose::NoStatus) << QByteArray();
}

void TestWebSocketFrames::closeCodesAndReasons()
{
    QFETCH(int, code);
    QFETCH(QByteArray, reason);
    QByteArray wire;
    WebSocketFrameWriter(true).appendClose(wire, quint16(code), reason);
    QCOMPARE(quint8(wire[0]), quint8(0x88));
    QCOMPARE(quint8(wire[1]) & 0x7f, code == WebSocketClose::NoStatus ? 0 : 2 + reason.size());
    Reader reader(Reader::Role::Server, 1024, 1024);
    const QList<Decoded> got = decodeAll(reader, wire, 3);
    QCOMPARE(got.size(), 1);
    QCOMPARE(got[0].event, Reader::Event::Close);
    QCOMPARE(got[0].code, quint16(code));
    QCOMPARE(got[0].payload, reason);
}

void TestWebSocketFrames::closeReasonIsCutAtACharacter()
{
    // 40 four-byte characters: 160 bytes, over the 123 a close frame has room for.
    QByteArray reason;
    for (int i = 0; i < 40; ++i)
        reason += "\xf0\x9f\x98\x80";
    QByteArray wire;
    WebSocketFrameWriter(false).appendClose(wire, 1011, reason);
    QCOMPARE(quint8(wire[1]), quint8(2 + 120)); // 30 whole characters, not 30 and three quarters
    Reader reader(Reader::Role::Client, 1024, 1024);
    const QList<Decoded> got = decodeAll(reader, wire, wire.size());
    QCOMPARE(got.size(), 1);
    QCOMPARE(got[0].event, Reader::Event::Close);
    QCOMPARE(got[0].payload, reason.left(120));
}

void TestWebSocketFrames::protocolErrors_data()
{
    QTest::addColumn<bool>("serverReads");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    const QByteArray m = bytes({0, 0, 0, 0}); // a zero mask key: payload bytes read as written
    QTest::newRow("unmasked frame from a client")
        << true << frame(WebSocketOpcode::Text, "hi", false) << 1002 << "unmasked";
    QTest::newRow("masked frame from a server")
        << false << frame(WebSocketOpcode::Text, "hi", true) << 1002 << "masked frame";
    QTest::newRow("reserved bit") << false << bytes({0xc1, 0x01, 'x'}) << 1002 << "reserved bits";
    QTest::newRow("reserved data opcode") << false << bytes({0x83, 0x00}) << 1002 << "reserved opcode 3";
    QTest::newRow("reserved control opcode") << false << bytes({0x8b, 0x00}) << 1002 << "reserved opcode 11";
    QTest::newRow("fragmented ping") << false << bytes({0x09, 0x00}) << 1002 << "fragmented control";
    QTest::newRow("ping over 125 bytes") << false << bytes({0x89, 126, 0, 126}) << 1002 << "control frame of 126";
    QTest::newRow("continuation first") << false << bytes({0x80, 0x01, 'x'}) << 1002 << "continuation frame outside";
    QTest::newRow("new message inside a fragmented one")
        << false << bytes({0x01, 0x01, 'a', 0x81, 0x01, 'b'}) << 1002 << "new message before the last fragment";
    QTest::newRow("64-bit length with its top bit")
        << false << bytes({0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 1}) << 1002 << "top bit";
    QTest::newRow("close of one byte") << false << bytes({0x88, 0x01, 0x03}) << 1002 << "one byte";
    QTest::newRow("close code 1005 on the wire") << false << bytes({0x88, 0x02, 0x03, 0xed}) << 1002 << "1005";
    QTest::newRow("close code 999") << false << bytes({0x88, 0x02, 0x03, 0xe7}) << 1002 << "999";
    QTest::newRow("close code 2000") << false << bytes({0x88, 0x02, 0x07, 0xd0}) << 1002 << "2000";
    QTest::newRow("close reason not UTF-8")
        << false << bytes({0x88, 0x04, 0x03, 0xe8, 0xc0, 0x80}) << 1007 << "close reason";
    QTest::newRow("text not UTF-8") << false << bytes({0x81, 0x02, 0xc3, 0x28}) << 1007 << "not UTF-8";
    QTest::newRow("text not UTF-8 across fragments")
        << true << QByteArray(bytes({0x01, 0x81}) + m + "a" + bytes({0x80, 0x81}) + m + "\xff") << 1007 << "not UTF-8";
    QTest::newRow("frame over the limit")
        << false << frame(WebSocketOpcode::Binary, payloadOf(101), false) << 1009 << "over the limit of 100";
    QTest::newRow("message over the limit in fragments")
        << false
        << QByteArray(frame(WebSocketOpcode::Binary, payloadOf(60), false, false) +
                      frame(WebSocketOpcode::Continuation, payloadOf(60), false))
        << 1009 << "more than 100 bytes";
}

void TestWebSocketFrames::protocolErrors()
{
    QFETCH(bool, serverReads);
    QFETCH(QByteArray, wire);
    QFETCH(int, code);
    QFETCH(QString, text);
    for (qsizetype chunk : {qsizetype(1), wire.size()}) {
        Reader reader(serverReads ? Reader::Role::Server : Reader::Role::Client, 100, 100);
        const QList<Decoded> got = decodeAll(reader, wire, chunk);
        QVERIFY(!got.isEmpty());
        QCOMPARE(got.last().event, Reader::Event::Error);
        QCOMPARE(got.last().code, quint16(code));
        QVERIFY2(reader.errorText().contains(text), qPrintable(reader.errorText()));
        // Sticky: nothing is decoded after an error.
        qsizetype used = 0;
        const QByteArray more = frame(WebSocketOpcode::Text, "ok", serverReads);
        QCOMPARE(reader.next(more.constData(), more.size(), &used), Reader::Event::Error);
    }
}

void TestWebSocketFrames::utf8_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("ASCII, long") << QByteArray(100, 'x') << true;
    QTest::newRow("two-byte") << QByteArray("caf\xc3\xa9") << true;
    QTest::newRow("three-byte") << QByteArray("\xe4\xb8\x96\xe7\x95\x8c") << true;
    QTest::newRow("four-byte") << QByteArray("\xf0\x9f\x98\x80 ok") << true;
    QTest::newRow("U+10FFFF") << QByteArray("\xf4\x8f\xbf\xbf") << true;
    QTest::newRow("overlong NUL") << QByteArray("\xc0\x80") << false;
    QTest::newRow("overlong three-byte") << QByteArray("\xe0\x80\xaf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
    QTest::newRow("truncated at the end") << QByteArray("abcdefgh\xe4\xb8") << false;
    QTest::newRow("stray continuation") << QByteArray("abc\x80") << false;
    QTest::newRow("0xFF") << QByteArray("\xff") << false;
}

void TestWebSocketFrames::utf8()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, valid);
    QCOMPARE(data.isValidUtf8(), valid);
}

void TestWebSocketFrames::largeFrameNeverBufferedWhole()
{
    // A 1 MiB masked frame fed 4 KiB at a time: each piece is taken as it comes, so what waits
    // unconsumed in the caller's buffer stays below one header.
    const QByteArray payload = payloadOf(1 << 20);
    const QByteArray wire = frame(WebSocketOpcode::Binary, payload, true);
    Reader reader(Reader::Role::Server, 2 << 20, 2 << 20);
    QByteArray buffer;
    qsizetype fed = 0, maxLeft = 0;
    bool done = false;
    while (fed < wire.size() || !buffer.isEmpty()) {
        const qsizetype n = std::min<qsizetype>(4096, wire.size() - fed);
        buffer.append(wire.constData() + fed, n);
        fed += n;
        qsizetype used = 0;
        const Reader::Event e = reader.next(buffer.constData(), buffer.size(), &used);
        buffer.remove(0, used);
        maxLeft = std::max(maxLeft, buffer.size());
        if (e == Reader::Event::Message) {
            QCOMPARE(reader.payload().toByteArray(), payload);
            done = true;
        } else {
            QCOMPARE(e, Reader::Event::NeedMore);
        }
        if (n == 0 && used == 0)
            break;
    }
    QVERIFY(done);
    QVERIFY2(maxLeft < 14, qPrintable(QString::number(maxLeft)));
}

void TestWebSocketFrames::handshakeBothSides()
{
    const QByteArray key = WebSocketHandshake::newKey();
    QCOMPARE(QByteArray::fromBase64(key).size(), qsizetype(16));
    QVERIFY(key != WebSocketHandshake::newKey());
    const QByteArray request =
        WebSocketHandshake::request(QUrl(QStringLiteral("ws://127.0.0.1:8765/chat?room=1")), key);
    QVERIFY2(request.startsWith("GET /chat?room=1 HTTP/1.1\r\nHost: 127.0.0.1:8765\r\n"), request.constData());
    WebSocketHandshake server;
    qsizetype used = 0;
    // Not all there yet, then all there with the first frame behind it.
    QCOMPARE(server.readRequest(request.constData(), request.size() - 1, &used), WebSocketHandshake::Result::NeedMore);
    const QByteArray withFrame = request + "\x81\x80";
    QCOMPARE(server.readRequest(withFrame.constData(), withFrame.size(), &used), WebSocketHandshake::Result::Done);
    QCOMPARE(used, request.size());
    const QByteArray response = server.response();
    WebSocketHandshake client;
    QCOMPARE(client.readResponse(response.constData(), response.size(), key, &used), WebSocketHandshake::Result::Done);
    QCOMPARE(used, response.size());
    // Another key's answer is not ours.
    WebSocketHandshake other;
    QCOMPARE(other.readResponse(response.constData(), response.size(), WebSocketHandshake::newKey(), &used),
             WebSocketHandshake::Result::Failed);
    QCOMPARE(other.status(), 0);
    QVERIFY2(other.errorText().contains(QLatin1String("Sec-WebSocket-Accept")), qPrintable(other.errorText()));
}

void TestWebSocketFrames::acceptKeyOfTheRfc()
{
    // RFC 6455 section 1.3's example.
    QCOMPARE(WebSocketHandshake::acceptFor("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void TestWebSocketFrames::handshakeResponses_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("result");
    QTest::addColumn<int>("status");
    const QByteArray accept = WebSocketHandshake::acceptFor("dGhlIHNhbXBsZSBub25jZQ==");
    QTest::newRow("101, any case") << QByteArray(
                                          "HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\nCONNECTION: "
                                          "keep-alive, Upgrade\r\nsec-websocket-accept: " +
                                          accept + "\r\n\r\n")
                                   << int(WebSocketHandshake::Result::Done) << 0;
    QTest::newRow("403") << QByteArray("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                         << int(WebSocketHandshake::Result::Failed) << 403;
    QTest::newRow("404 without a reason phrase")
        << QByteArray("HTTP/1.0 404\r\n\r\n") << int(WebSocketHandshake::Result::Failed) << 404;
    QTest::newRow("101 without Upgrade")
        << QByteArray("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept +
                      "\r\n\r\n")
        << int(WebSocketHandshake::Result::Failed) << 0;
    QTest::newRow("an extension nobody asked for")
        << QByteArray("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
                      accept + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
        << int(WebSocketHandshake::Result::Failed) << 0;
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << int(WebSocketHandshake::Result::Failed) << 0;
    QTest::newRow("half a head") << QByteArray("HTTP/1.1 101 Switching") << int(WebSocketHandshake::Result::NeedMore)
                                 << 0;
    QTest::newRow("a head without end") << QByteArray("HTTP/1.1 101 OK\r\nX: " +
                                                      QByteArray(WebSocketHandshake::kMaxHeadBytes, 'a'))
                                        << int(WebSocketHandshake::Result::Failed) << 0;
}

void TestWebSocketFrames::handshakeResponses()
{
    QFETCH(QByteArray, response);
    QFETCH(int, result);
    QFETCH(int, status);
    WebSocketHandshake client;
    qsizetype used = 0;
    QCOMPARE(int(client.readResponse(response.constData(), response.size(), "dGhlIHNhbXBsZSBub25jZQ==", &used)),
             result);
    QCOMPARE(client.status(), status);
    if (status > 0)
        QVERIFY2(client.errorText().contains(QString::number(status)), qPrintable(client.errorText()));
}

void TestWebSocketFrames::handshakeRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status"); // 0: accepted
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    QTest::newRow("valid") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n" + upgrade + key +
                                         "Sec-WebSocket-Version: 13\r\n\r\n")
                           << 0;
    QTest::newRow("POST") << QByteArray("POST / HTTP/1.1\r\n" + upgrade + key + "Sec-WebSocket-Version: 13\r\n\r\n")
                          << 400;
    QTest::newRow("plain GET") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 426;
    QTest::newRow("version 8") << QByteArray("GET / HTTP/1.1\r\n" + upgrade + key + "Sec-WebSocket-Version: 8\r\n\r\n")
                               << 426;
    QTest::newRow("short key") << QByteArray("GET / HTTP/1.1\r\n" + upgrade +
                                             "Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n")
                               << 400;
    QTest::newRow("head too long") << QByteArray("GET / HTTP/1.1\r\nX: " +
                                                 QByteArray(WebSocketHandshake::kMaxHeadBytes, 'a'))
                                   << 431;
}

void TestWebSocketFrames::handshakeRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    WebSocketHandshake server;
    qsizetype used = 0;
    const auto r = server.readRequest(request.constData(), request.size(), &used);
    if (status == 0) {
        QCOMPARE(r, WebSocketHandshake::Result::Done);
        QVERIFY(server.response().contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    } else {
        QCOMPARE(r, WebSocketHandshake::Result::Failed);
        QCOMPARE(server.status(), status);
        const QByteArray refusal = WebSocketHandshake::refusal(status, "No");
        QVERIFY(refusal.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + " No\r\n")));
    }
}

QTEST_GUILESS_MAIN(TestWebSocketFrames)
#include "tst_websocket_frames.moc"
