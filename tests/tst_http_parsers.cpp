// The built-in target's request parser and the fast engine's response parser, case by case, each
// fed whole and one byte at a time; the plain-head scanner in front of the response parser; and the
// request builder the HTTP clients send with.
#include "net/HttpRequestBuilder.h"
#include "net/HttpRequestParser.h"
#include "net/HttpResponseHead.h"
#include "net/HttpResponseParser.h"
#include "support/DataRows.h"

#include <QTest>

using namespace coroscope;

Q_DECLARE_METATYPE(HttpRequestParser::Result)
Q_DECLARE_METATYPE(HttpResponseParser::Result)

namespace {

// Feeds `input` in pieces of `step` bytes (0 = whole) until the parser stops asking for more.
template<typename Parser, typename Result>
Result feedAll(Parser &parser, const QByteArray &input, int step, qsizetype *consumed)
{
    Result r = Result::NeedMore;
    qsizetype at = 0;
    while (at < input.size()) {
        const qsizetype n = step > 0 ? std::min<qsizetype>(step, input.size() - at) : input.size() - at;
        qsizetype used = 0;
        r = parser.feed(input.constData() + at, n, &used);
        if (used < 0 || used > n)
            break;
        at += used;
        if (r != Result::NeedMore)
            break;
        if (used < n) // a parser that stops early without saying why
            break;
    }
    *consumed = at;
    return r;
}

} // namespace

class TestHttpParsers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void request_data()
    {
        using R = HttpRequestParser::Result;
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("step");
        QTest::addColumn<R>("expected");
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("keepAlive");

        const QByteArray big(20 * 1024, 'a');
        struct Case {
            const char *name;
            QByteArray input;
            R expected;
            QByteArray url, method;
            bool keepAlive;
        };
        const Case cases[] = {
            {"get", "GET /delay?ms=5 HTTP/1.1\r\nHost: x\r\n\r\n", R::Complete, "/delay?ms=5", "GET", true},
            {"http/1.0 closes", "GET / HTTP/1.0\r\n\r\n", R::Complete, "/", "GET", false},
            {"http/1.0 keep-alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", R::Complete, "/", "GET", true},
            {"connection close", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", R::Complete, "/", "GET", false},
            {"head", "HEAD /bytes/5 HTTP/1.1\r\n\r\n", R::Complete, "/bytes/5", "HEAD", true},
            {"post with body", "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", R::Complete, "/x", "POST", true},
            {"chunked body", "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", R::Complete,
             "/c", "POST", true},
            {"incomplete headers", "GET / HTTP/1.1\r\nHost: x\r\n", R::NeedMore, "", "", true},
            {"incomplete body", "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", R::NeedMore, "", "", true},
            {"garbage", "\x01\x02 nonsense\r\n\r\n", R::Error, "", "", true},
            {"bad version", "GET / HTTP/9\r\n\r\n", R::Error, "", "", true},
            {"control byte in header name", "GET / HTTP/1.1\r\nBad\x01Header: x\r\n\r\n", R::Error, "", "", true},
            {"headers too large", "GET / HTTP/1.1\r\nX: " + big + "\r\n\r\n", R::HeadersTooLarge, "", "", true},
            {"url too large", "GET /" + big + " HTTP/1.1\r\n\r\n", R::HeadersTooLarge, "", "", true},
            {"announced body too large", "POST / HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", R::BodyTooLarge, "", "",
             true},
            {"chunked body too large",
             "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n" + QByteArray(1024 * 1024 + 10, 'b'),
             R::BodyTooLarge, "", "", true},
            {"huge content-length", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", R::Error, "", "",
             true},
        };
        for (const Case &c : cases) {
            for (int step : {0, 1}) {
                if (step == 1 && c.input.size() > 64 * 1024)
                    continue; // a byte at a time adds nothing there but time
                QTest::addRow("%s, %s", c.name, step ? "byte by byte" : "whole")
                    << c.input << step << c.expected << c.url << c.method << c.keepAlive;
            }
        }
    }

    void request()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, step);
        QFETCH(HttpRequestParser::Result, expected);
        QFETCH(QByteArray, url);
        QFETCH(QByteArray, method);
        QFETCH(bool, keepAlive);
        HttpRequestParser parser(16 * 1024, 1024 * 1024);
        qsizetype consumed = 0;
        const auto r = feedAll<HttpRequestParser, HttpRequestParser::Result>(parser, input, step, &consumed);
        QCOMPARE(r, expected);
        QVERIFY(consumed <= input.size());
        if (expected == HttpRequestParser::Result::Complete) {
            QCOMPARE(consumed, input.size());
            QCOMPARE(parser.url(), url);
            QCOMPARE(QByteArray(parser.method()), method);
            QCOMPARE(parser.keepAlive(), keepAlive);
            QVERIFY(parser.headersComplete());
        }
    }

    void pipelinedRequestsOneAtATime()
    {
        const QByteArray two = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n";
        HttpRequestParser parser;
        qsizetype used = 0;
        QCOMPARE(parser.feed(two.constData(), two.size(), &used), HttpRequestParser::Result::Complete);
        QCOMPARE(parser.url(), QByteArray("/a"));
        QVERIFY(used < two.size());
        parser.reset();
        qsizetype used2 = 0;
        QCOMPARE(parser.feed(two.constData() + used, two.size() - used, &used2), HttpRequestParser::Result::Complete);
        QCOMPARE(parser.url(), QByteArray("/b"));
        QCOMPARE(used + used2, two.size());
        QVERIFY(!parser.keepAlive());
    }

    void response_data()
    {
        using R = HttpResponseParser::Result;
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("step");
        QTest::addColumn<bool>("head");
        QTest::addColumn<bool>("peerCloses"); // finish() after the bytes
        QTest::addColumn<R>("expected");
        QTest::addColumn<int>("status");
        QTest::addColumn<qint64>("bodyBytes");
        QTest::addColumn<bool>("keepAlive");

        struct Case {
            const char *name;
            QByteArray input;
            bool head, peerCloses;
            R expected;
            int status;
            qint64 body;
            bool keepAlive;
        };
        const Case cases[] = {
            {"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, false, R::Complete, 200, 5,
             true},
            {"empty body", "HTTP/1.1 204 No Content\r\n\r\n", false, false, R::Complete, 204, 0, true},
            {"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n2\r\nef\r\n0\r\n\r\n", false,
             false, R::Complete, 200, 6, true},
            {"close-delimited", "HTTP/1.1 200 OK\r\n\r\nsome body", false, true, R::Complete, 200, 9, false},
            {"close-delimited, open", "HTTP/1.1 200 OK\r\n\r\nsome body", false, false, R::NeedMore, 200, 9, true},
            {"head with length", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", true, false, R::Complete, 200, 0,
             true},
            {"connection close", "HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false, false,
             R::Complete, 503, 0, false},
            {"http/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false, false, R::Complete, 200, 2, false},
            {"truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, true, R::Error, 200, 3, true},
            {"truncated headers", "HTTP/1.1 200 OK\r\nContent-Le", false, true, R::Error, 200, 0, true},
            {"garbage", "hello there\r\n\r\n", false, false, R::Error, 0, 0, true},
            {"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, false, R::Error,
             200, 0, true},
        };
        for (const Case &c : cases) {
            for (int step : {0, 1})
                QTest::addRow("%s, %s", c.name, step ? "byte by byte" : "whole")
                    << c.input << step << c.head << c.peerCloses << c.expected << c.status << c.body << c.keepAlive;
        }
    }

    void response()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, step);
        QFETCH(bool, head);
        QFETCH(bool, peerCloses);
        QFETCH(HttpResponseParser::Result, expected);
        QFETCH(int, status);
        QFETCH(qint64, bodyBytes);
        QFETCH(bool, keepAlive);
        HttpResponseParser parser;
        parser.reset(head);
        qsizetype consumed = 0;
        auto r = feedAll<HttpResponseParser, HttpResponseParser::Result>(parser, input, step, &consumed);
        if (r == HttpResponseParser::Result::NeedMore && peerCloses)
            r = parser.finish();
        QVERIFY2(r == expected, parser.errorName());
        if (expected == HttpResponseParser::Result::Error)
            return;
        QCOMPARE(parser.statusCode(), status);
        QCOMPARE(parser.bodyBytes(), bodyBytes);
        if (expected == HttpResponseParser::Result::Complete)
            QCOMPARE(parser.keepAlive(), keepAlive);
    }

    void responseHead_data()
    {
        const QByteArray nginx = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 29 Nov 2026 18:00:00 GMT\r\n"
                                 "Content-Type: text/plain\r\nContent-Length: 13\r\n"
                                 "Last-Modified: Sun, 29 Nov 2026 17:00:00 GMT\r\nConnection: keep-alive\r\n"
                                 "ETag: \"6fd0-d\"\r\nAccept-Ranges: bytes\r\n\r\nHello, world\n";
        // scanned: whether the scanner takes the head (else http-parser reads the message); then what it read.
        testing::DataRows<QByteArray, bool, int, qint64, bool, int>("input", "scanned", "status", "length", "keepAlive",
                                                                    "size")
            .row("nginx", nginx, true, 200, 13, true, int(nginx.indexOf("\r\n\r\n") + 4))
            .row("no reason phrase", "HTTP/1.1 503\r\nContent-Length: 0\r\n\r\n", true, 503, 0, true, 35)
            .row("no headers", "HTTP/1.1 200 OK\r\n\r\nbody", true, 200, -1, true, 19)
            .row("1.1 told to close", "HTTP/1.1 200 OK\r\ncOnNeCtIoN:  Close \r\ncontent-length:2\r\n\r\nok", true, 200,
                 2, false, 58)
            .row("1.0 closes", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", true, 200, 2, false, 38)
            .row("1.0 asked to stay", "HTTP/1.0 404 No\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n", true,
                 404, 2, true, 62)
            .row("not whole yet", nginx.left(60), false, 0, 0, false, 0)
            .row("chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false, 0, 0, false, 0)
            .row("continue first", "HTTP/1.1 100 Continue\r\n\r\n", false, 0, 0, false, 0)
            .row("no content", "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\n", false, 0, 0, false, 0)
            .row("two lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n", false, 0, 0, false,
                 0)
            .row("signed length", "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\n", false, 0, 0, false, 0)
            .row("huge length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", false, 0, 0, false,
                 0)
            .row("bare LF", "HTTP/1.1 200 OK\nContent-Length: 2\n\n", false, 0, 0, false, 0)
            .row("folded line", "HTTP/1.1 200 OK\r\nX-A: b\r\n c\r\nContent-Length: 0\r\n\r\n", false, 0, 0, false, 0)
            .row("space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", false, 0, 0, false, 0)
            .row("byte over 0x7f", "HTTP/1.1 200 OK\r\nX-A: \xe4\r\nContent-Length: 0\r\n\r\n", false, 0, 0, false, 0)
            .row("NUL in a value", QByteArray("HTTP/1.1 200 OK\r\nX-A: \0\r\nContent-Length: 0\r\n\r\n", 44), false, 0,
                 0, false, 0)
            .row("upgrade", "HTTP/1.1 200 OK\r\nUpgrade: h2c\r\nContent-Length: 0\r\n\r\n", false, 0, 0, false, 0)
            .row("connection list", "HTTP/1.1 200 OK\r\nConnection: close, x\r\nContent-Length: 0\r\n\r\n", false, 0, 0,
                 false, 0)
            .row("HTTP/2 status line", "HTTP/2 200\r\nContent-Length: 0\r\n\r\n", false, 0, 0, false, 0)
            .row("head past 8 KiB",
                 "HTTP/1.1 200 OK\r\nX-A: " + QByteArray(9000, 'a') + "\r\nContent-Length: 0\r\n\r\n", false, 0, 0,
                 false, 0);
    }

    void responseHead()
    {
        const auto [input, scanned, status, length, keepAlive, size] =
            testing::fetch<QByteArray, bool, int, qint64, bool, int>("input", "scanned", "status", "length",
                                                                     "keepAlive", "size");
        HttpResponseHead h;
        QCOMPARE(HttpResponseHead::scan(input.constData(), input.size(), &h), scanned);
        if (!scanned)
            return;
        QCOMPARE(h.status, status);
        QCOMPARE(h.contentLength, length);
        QCOMPARE(h.keepAlive, keepAlive);
        QCOMPARE(h.size, qsizetype(size));
        // What http-parser makes of the same bytes, one at a time (so the scanner never sees a whole head).
        HttpResponseParser parser;
        parser.reset();
        qsizetype consumed = 0;
        const auto r = feedAll<HttpResponseParser, HttpResponseParser::Result>(parser, input, 1, &consumed);
        QVERIFY2(r != HttpResponseParser::Result::Error, parser.errorName());
        QCOMPARE(parser.statusCode(), status);
        QVERIFY(parser.headersComplete());
        if (r == HttpResponseParser::Result::Complete)
            QCOMPARE(parser.keepAlive(), keepAlive);
    }

    void builder_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("qnam");
        QTest::addColumn<QByteArray>("request"); // empty: refused
        QTest::addColumn<QString>("error");      // a part of the message when refused
        QTest::addColumn<quint16>("port");

        QTest::newRow("path and query") << "http://127.0.0.1:8080/a/b?x=1" << QByteArray("GET") << false
                                        << QByteArray("GET /a/b?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n")
                                        << QString() << quint16(8080);
        QTest::newRow("no path") << "http://localhost" << QByteArray("GET") << false
                                 << QByteArray("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n") << QString() << quint16(80);
        QTest::newRow("query without path")
            << "http://127.0.0.1:81?q=2" << QByteArray("HEAD") << false
            << QByteArray("HEAD /?q=2 HTTP/1.1\r\nHost: 127.0.0.1:81\r\n\r\n") << QString() << quint16(81);
        QTest::newRow("fragment dropped")
            << "http://127.0.0.1:82/p#frag" << QByteArray("GET") << false
            << QByteArray("GET /p HTTP/1.1\r\nHost: 127.0.0.1:82\r\n\r\n") << QString() << quint16(82);
        QTest::newRow("ipv6") << "http://[::1]:9000/" << QByteArray("GET") << false
                              << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:9000\r\n\r\n") << QString() << quint16(9000);
        QTest::newRow("post has a length")
            << "http://127.0.0.1:1/" << QByteArray("POST") << false
            << QByteArray("POST / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nContent-Length: 0\r\n\r\n") << QString()
            << quint16(1);
        QTest::newRow("https on a raw socket") << "https://127.0.0.1/" << QByteArray("GET") << false << QByteArray()
                                               << "https needs the qnam engine" << quint16(0);
        QTest::newRow("host name on a raw socket") << "http://example.invalid/" << QByteArray("GET") << false
                                                   << QByteArray() << "IP address or localhost" << quint16(0);
        QTest::newRow("host name with qnam")
            << "https://example.invalid/x" << QByteArray("GET") << true
            << QByteArray("GET /x HTTP/1.1\r\nHost: example.invalid\r\n\r\n") << QString() << quint16(443);
        QTest::newRow("other scheme") << "ftp://127.0.0.1/" << QByteArray("GET") << true << QByteArray()
                                      << "expected an http:// URL" << quint16(0);
        QTest::newRow("no host") << "http:///path" << QByteArray("GET") << false << QByteArray()
                                 << "expected an http:// URL" << quint16(0);
        QTest::newRow("method with a space")
            << "http://127.0.0.1/" << QByteArray("GE T") << false << QByteArray() << "HTTP method" << quint16(0);
        QTest::newRow("line break in url")
            << "http://127.0.0.1/a\r\nX: y" << QByteArray("GET") << false << QByteArray() << "" << quint16(0);
    }

    void builder()
    {
        QFETCH(QString, url);
        QFETCH(QByteArray, method);
        QFETCH(bool, qnam);
        QFETCH(QByteArray, request);
        QFETCH(QString, error);
        QFETCH(quint16, port);
        HttpRequestBuilder b(method);
        QString why;
        const bool ok =
            b.setUrl(url, &why, qnam ? HttpRequestBuilder::Engine::Qnam : HttpRequestBuilder::Engine::RawSocket);
        if (request.isEmpty()) {
            QVERIFY2(!ok, qPrintable(QString::fromUtf8(b.request())));
            QVERIFY2(why.contains(error), qPrintable(why));
            return;
        }
        QVERIFY2(ok, qPrintable(why));
        QCOMPARE(b.request(), request);
        QCOMPARE(b.endpoint().port, port);
        // What the builder sends, the target's parser reads back.
        HttpRequestParser parser;
        qsizetype used = 0;
        const QByteArray bytes = b.request();
        QCOMPARE(parser.feed(bytes.constData(), bytes.size(), &used), HttpRequestParser::Result::Complete);
        QCOMPARE(QByteArray(parser.method()), method);
    }

    void builderTemplatesEachRequest()
    {
        HttpRequestBuilder b("PUT", {{"X-Test", "1"}}, "body");
        QString why;
        QVERIFY2(b.setUrl(QStringLiteral("http://127.0.0.1:7000/items/{i}?v={i}"), &why), qPrintable(why));
        QVERIFY(b.isTemplated());
        QCOMPARE(b.request(42), QByteArray("PUT /items/42?v=42 HTTP/1.1\r\nHost: 127.0.0.1:7000\r\nX-Test: 1\r\n"
                                           "Content-Length: 4\r\n\r\nbody"));
        QCOMPARE(b.urlFor(7).toString(), QStringLiteral("http://127.0.0.1:7000/items/7?v=7"));
        HttpRequestBuilder bad("GET", {{"X-Evil", "a\r\nInjected: 1"}});
        QVERIFY(!bad.setUrl(QStringLiteral("http://127.0.0.1/"), &why));
        QVERIFY2(why.contains(QStringLiteral("X-Evil")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestHttpParsers)
#include "tst_http_parsers.moc"
