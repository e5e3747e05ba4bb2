#pragma once

#include <QByteArray>
#include <QList>

namespace coroscope {

// A Redis (RESP2) reply.
struct RespReply {
    enum class Type { Status, Error, Integer, Bulk, Nil, Array };
    Type type = Type::Nil;
    QByteArray text; // status, error or bulk
    qint64 integer = 0;
    QList<RespReply> elements;

    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }

    // Parses one complete reply from the front of data; returns the bytes used, 0 when incomplete,
    // -1 when the bytes are not RESP.
    static qsizetype parse(const char *data, qsizetype size, RespReply *out);
    static QByteArray encode(const QList<QByteArray> &args);
};

} // namespace coroscope
