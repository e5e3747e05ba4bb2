// Echo framing: which complete messages sit at the front of a buffer, for lines and for
// length-prefixed messages, and when a message is too long to wait for.
#include "net/EchoFraming.h"

#include "support/DataRows.h"

#include <QTest>

using namespace coroscope;

Q_DECLARE_METATYPE(EchoFraming)
Q_DECLARE_METATYPE(EchoFrameScanner::Status)

namespace {
QByteArray prefixed(const QByteArray &payload, quint32 announced)
{
    QByteArray m(4, '\0');
    m[0] = char(announced >> 24);
    m[1] = char(announced >> 16);
    m[2] = char(announced >> 8);
    m[3] = char(announced);
    return m + payload;
}
QByteArray prefixed(const QByteArray &payload)
{
    return prefixed(payload, quint32(payload.size()));
}
} // namespace

class TestEchoFraming : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scan_data()
    {
        using S = EchoFrameScanner::Status;
        const auto L = EchoFraming::Line;
        const auto P = EchoFraming::LengthPrefixed;
        testing::DataRows<EchoFraming, QByteArray, int, S, int, int>("framing", "input", "maxMessage", "status",
                                                                     "completeBytes", "messages")
            .row("line: empty", L, QByteArray(), 64, S::NeedMore, 0, 0)
            .row("line: one", L, QByteArray("abc\n"), 64, S::Complete, 4, 1)
            .row("line: two and a half", L, QByteArray("a\nbb\nccc"), 64, S::Complete, 5, 2)
            .row("line: partial", L, QByteArray("abc"), 64, S::NeedMore, 0, 0)
            .row("line: bare newline", L, QByteArray("\n"), 64, S::Complete, 1, 1)
            .row("line: exactly the limit", L, QByteArray("abc\n"), 4, S::Complete, 4, 1)
            .row("line: complete over the limit", L, QByteArray("abcd\n"), 4, S::TooLong, 0, 0)
            .row("line: partial over the limit", L, QByteArray("ok\nabcde"), 4, S::TooLong, 3, 1)
            .row("line: binary bytes", L, QByteArray("\0\x01\xff\n", 4), 64, S::Complete, 4, 1)
            .row("length: one", P, prefixed("hello"), 64, S::Complete, 9, 1)
            .row("length: empty payload", P, prefixed(""), 64, S::Complete, 4, 1)
            .row("length: two", P, prefixed("ab") + prefixed("cde"), 64, S::Complete, 13, 2)
            .row("length: partial prefix", P, QByteArray("\0\0", 2), 64, S::NeedMore, 0, 0)
            .row("length: partial payload", P, prefixed("abc", 10), 64, S::NeedMore, 0, 0)
            .row("length: one and a partial", P, prefixed("x") + prefixed("ab", 3), 64, S::Complete, 5, 1)
            .row("length: announced over the limit", P, prefixed("", 65), 64, S::TooLong, 0, 0)
            .row("length: 4 GiB announced", P, prefixed("", 0xffffffffu), 1024, S::TooLong, 0, 0)
            .row("length: exactly the limit", P, prefixed(QByteArray(64, 'z')), 64, S::Complete, 68, 1);
    }

    void scan()
    {
        QFETCH(EchoFraming, framing);
        QFETCH(QByteArray, input);
        QFETCH(int, maxMessage);
        QFETCH(EchoFrameScanner::Status, status);
        QFETCH(int, completeBytes);
        QFETCH(int, messages);
        qsizetype complete = -1, count = -1;
        QCOMPARE(EchoFrameScanner::scan(framing, input.constData(), input.size(), maxMessage, &complete, &count),
                 status);
        if (status == EchoFrameScanner::Status::TooLong)
            return; // what came before is not used once the connection is closed
        QCOMPARE(complete, qsizetype(completeBytes));
        QCOMPARE(count, qsizetype(messages));
    }

    void keys()
    {
        for (const QString &k : echoFramingKeys())
            QCOMPARE(echoFramingKeys().at(int(echoFramingFromKey(k))), k);
    }
};

QTEST_GUILESS_MAIN(TestEchoFraming)
#include "tst_echo_framing.moc"
