// Random mutations of valid HTTP requests and responses (fixed seed, a few thousand cases each)
// through both parsers, fed whole and in random pieces, as the built-in target and the fast engine
// feed them. Under ASan/UBSan this is where an out-of-bounds read or an overflow would show; here
// the parsers must stay within their limits and agree with themselves however the bytes are split.
#include "net/HttpRequestParser.h"
#include "net/HttpResponseHead.h"
#include "net/HttpResponseParser.h"
#include "support/DataRows.h"

#include <QRandomGenerator>
#include <QTest>

using namespace coroscope;

namespace {

constexpr int kCases = 4000;
constexpr qsizetype kMaxHeader = 2048;
constexpr qint64 kMaxBody = 4096;

const QList<QByteArray> &requestSeeds()
{
    static const QList<QByteArray> seeds{
        "GET /delay?ms=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\n\r\n",
        "HEAD /bytes/10 HTTP/1.1\r\nConnection: close\r\nX-A: b\r\n\r\n",
        "PUT /u HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc",
    };
    return seeds;
}

const QList<QByteArray> &responseSeeds()
{
    static const QList<QByteArray> seeds{
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n",
        "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.0 200 OK\r\n\r\nclose delimited",
        "HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
    };
    return seeds;
}

QByteArray mutate(QByteArray s, const QList<QByteArray> &seeds, QRandomGenerator &rng)
{
    static const QList<QByteArray> tokens{"\r\n",
                                          "\r\n\r\n",
                                          ":",
                                          " ",
                                          "\0",
                                          "\n",
                                          "Content-Length: ",
                                          "Transfer-Encoding: chunked\r\n",
                                          "99999999999999999999",
                                          "-1",
                                          "ffffffffffffffff\r\n",
                                          "HTTP/1.1",
                                          "\xff\xfe",
                                          "0\r\n\r\n"};
    const int rounds = 1 + int(rng.bounded(6));
    for (int i = 0; i < rounds; ++i) {
        const qsizetype at = s.isEmpty() ? 0 : qsizetype(rng.bounded(quint32(s.size() + 1)));
        switch (rng.bounded(7)) {
        case 0: // flip a byte
            if (!s.isEmpty())
                s[qMin(at, s.size() - 1)] = char(rng.bounded(256));
            break;
        case 1: // insert a token
            s.insert(at, tokens.at(qsizetype(rng.bounded(quint32(tokens.size())))));
            break;
        case 2: { // delete a range
            const qsizetype n = qsizetype(rng.bounded(quint32(qMax<qsizetype>(1, s.size() - at))));
            s.remove(at, n);
            break;
        }
        case 3: { // duplicate a range
            const qsizetype n = qsizetype(rng.bounded(quint32(qMax<qsizetype>(1, s.size() - at))));
            s.insert(at, s.mid(at, n));
            break;
        }
        case 4: // splice in another seed
            s.insert(at, seeds.at(qsizetype(rng.bounded(quint32(seeds.size())))));
            break;
        case 5: // a long run of one byte (limits)
            s.insert(at, QByteArray(qsizetype(rng.bounded(6000u)), "ax:\r"[rng.bounded(4)]));
            break;
        default: // truncate
            s.truncate(at);
            break;
        }
    }
    return s;
}

struct Outcome {
    QList<int> results; // one per message, the final one NeedMore/Error/...
    QList<QByteArray> urls;
    int completes = 0; // messages parsed whole
    bool refused = false;
    bool operator==(const Outcome &o) const { return results == o.results && urls == o.urls; }
};

QString describe(const Outcome &o)
{
    QStringList parts;
    for (int r : o.results)
        parts << QString::number(r);
    return parts.join(u',');
}

// Feeds `input` to `parser` as the target's read buffer would hold it: in pieces of random size up to
// `maxPiece`, or all at once when rng is null. `onDone(result)` is called for every result but NeedMore; it records
// it and says whether parsing goes on. False when onDone stopped it, true when the input ran out.
template<typename Parser, typename OnDone>
bool feedInPieces(Parser &parser, const QByteArray &input, QRandomGenerator *rng, qsizetype maxPiece, OnDone onDone)
{
    QByteArray pending;
    qsizetype at = 0;
    // Each pass takes a piece or ends a message: a bound that holds a byte-by-byte feed of any input.
    for (qsizetype guard = 0; guard < 2 * input.size() + 10'000; ++guard) {
        if (at < input.size()) {
            const qsizetype n = rng ? 1 + qsizetype(rng->bounded(quint32(qMin<qsizetype>(maxPiece, input.size() - at))))
                                    : input.size() - at;
            pending += input.mid(at, n);
            at += n;
        }
        qsizetype used = 0;
        const auto r = parser.feed(pending.constData(), pending.size(), &used);
        if (used < 0 || used > pending.size())
            qFatal("consumed %lld of %lld", qint64(used), qint64(pending.size()));
        pending.remove(0, used);
        if (r != Parser::Result::NeedMore) {
            if (!onDone(r))
                return false;
            continue;
        }
        if (at >= input.size() && (pending.isEmpty() || used == 0))
            break;
    }
    return true;
}

// Parses every request in `input`, fed in pieces.
Outcome parseRequests(const QByteArray &input, QRandomGenerator *rng, qsizetype maxPiece)
{
    Outcome out;
    HttpRequestParser parser(kMaxHeader, kMaxBody);
    const bool ranOut = feedInPieces(parser, input, rng, maxPiece, [&](HttpRequestParser::Result r) {
        out.results << int(r);
        if (r != HttpRequestParser::Result::Complete)
            return false;
        if (parser.url().size() > kMaxHeader)
            qFatal("a URL over the header limit was accepted");
        out.urls << parser.url();
        parser.reset();
        return true;
    });
    if (ranOut)
        out.results << int(HttpRequestParser::Result::NeedMore);
    out.completes = int(out.results.count(int(HttpRequestParser::Result::Complete)));
    out.refused = out.results.last() != int(HttpRequestParser::Result::NeedMore);
    return out;
}

Outcome parseResponses(const QByteArray &input, QRandomGenerator *rng, bool head, qsizetype maxPiece)
{
    Outcome out;
    HttpResponseParser parser;
    parser.reset(head);
    const bool ranOut = feedInPieces(parser, input, rng, maxPiece, [&](HttpResponseParser::Result r) {
        out.results << int(r);
        if (r != HttpResponseParser::Result::Complete)
            return false;
        out.results << parser.statusCode() << int(parser.bodyBytes()) << int(parser.keepAlive());
        parser.reset(head);
        return true;
    });
    if (ranOut) {
        const auto last = parser.finish();
        out.results << int(last);
        if (last == HttpResponseParser::Result::Complete)
            out.results << parser.statusCode() << int(parser.bodyBytes()) << int(parser.keepAlive());
    }
    out.completes = int(out.results.count(int(HttpResponseParser::Result::Complete)));
    out.refused = out.results.contains(int(HttpResponseParser::Result::Error));
    return out;
}

// Parses `input` as requests, or as responses (to a HEAD request when `head`), fed in pieces of up to
// `maxPiece` bytes.
Outcome parse(bool responses, const QByteArray &input, QRandomGenerator *rng, bool head, qsizetype maxPiece = 64)
{
    return responses ? parseResponses(input, rng, head, maxPiece) : parseRequests(input, rng, maxPiece);
}

} // namespace

class TestHttpParserFuzz : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitAnyWayParsesTheSame_data();
    void splitAnyWayParsesTheSame();
};

void TestHttpParserFuzz::splitAnyWayParsesTheSame_data()
{
    testing::DataRows<bool, quint32>("responses", "rngSeed")
        .row("requests", false, 20261129)
        .row("responses", true, 11292026);
}

void TestHttpParserFuzz::splitAnyWayParsesTheSame()
{
    const auto [responses, rngSeed] = testing::fetch<bool, quint32>("responses", "rngSeed");
    const QList<QByteArray> &seeds = responses ? responseSeeds() : requestSeeds();
    QRandomGenerator rng(rngSeed);
    int completes = 0, refused = 0, scanned = 0;
    for (int i = 0; i < kCases; ++i) {
        const QByteArray input = mutate(seeds.at(i % seeds.size()), seeds, rng);
        const bool head = i % 7 == 0;
        const Outcome whole = parse(responses, input, nullptr, head);
        const Outcome split = parse(responses, input, &rng, head);
        if (!(whole == split))
            QFAIL(qPrintable(QStringLiteral("case %1 parses differently split (%2 / %3): %4")
                                 .arg(i)
                                 .arg(describe(whole), describe(split))
                                 .arg(QString::fromLatin1(input.left(200).toPercentEncoding()))));
        // Whole, a plain response head is read by HttpResponseHead; byte by byte, by http-parser.
        const Outcome bytewise = parse(responses, input, &rng, head, 1);
        if (!(whole == bytewise))
            QFAIL(qPrintable(QStringLiteral("case %1 parses differently whole and byte by byte (%2 / %3): %4")
                                 .arg(i)
                                 .arg(describe(whole), describe(bytewise))
                                 .arg(QString::fromLatin1(input.left(200).toPercentEncoding()))));
        HttpResponseHead h;
        scanned += responses && HttpResponseHead::scan(input.constData(), input.size(), &h);
        completes += whole.completes;
        refused += whole.refused;
    }
    // The mutations reach both sides: some cases still parse, many do not; and a tenth of the
    // responses have a head the scanner reads.
    QVERIFY2(completes > kCases / 10 && refused > kCases / 10 && (!responses || scanned > kCases / 10),
             qPrintable(QStringLiteral("%1 complete %2, %3 refused, %4 heads scanned")
                            .arg(completes)
                            .arg(QLatin1String(QTest::currentDataTag()))
                            .arg(refused)
                            .arg(scanned)));
}

QTEST_GUILESS_MAIN(TestHttpParserFuzz)
#include "tst_http_parser_fuzz.moc"
