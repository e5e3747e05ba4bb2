#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace coroscope {

// How echo messages are delimited on the wire: '\n'-terminated lines (the seeds' protocol) or a
// 4-byte big-endian length before each payload.
enum class EchoFraming { Line, LengthPrefixed };

inline QStringList echoFramingKeys()
{
    return {QStringLiteral("line"), QStringLiteral("length")};
}

inline EchoFraming echoFramingFromKey(const QString &key)
{
    return key == QLatin1String("length") ? EchoFraming::LengthPrefixed : EchoFraming::Line;
}

// Splits complete messages off the front of a buffer.
struct EchoFrameScanner {
    enum class Status { NeedMore, Complete, TooLong };
    // Size (framing included) of the complete messages at the start of `data`, and their count;
    // TooLong when an incomplete or announced message exceeds maxMessageBytes.
    static Status scan(EchoFraming framing, const char *data, qsizetype size, qsizetype maxMessageBytes,
                       qsizetype *completeBytes, qsizetype *messages);
};

} // namespace coroscope
