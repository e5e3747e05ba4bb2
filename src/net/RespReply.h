#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace coroscope {

// The most a Redis reply may announce before the reader refuses it: a bulk holds at most the largest
// payload a profile allows (16 MiB) with room for the value's tag; an array at most what one command
// of ours can answer; nesting never goes deeper than two in what we send.
struct RespLimits {
    qint64 maxBulkBytes = 16 * 1024 * 1024 + 64 * 1024;
    qint64 maxArrayElements = 1'000'000;
    int maxDepth = 16;
    qint64 maxLineBytes = 64 * 1024; // status, error and length lines
};

// A Redis (RESP2) reply.
struct RespReply {
    enum class Type { Status, Error, Integer, Bulk, Nil, Array };
    Type type = Type::Nil;
    QByteArray text; // status, error or bulk
    qint64 integer = 0;
    QList<RespReply> elements;

    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }

    // Parses one complete reply from the front of data, iteratively (no recursion, whatever the
    // nesting): the bytes used, 0 when incomplete, -1 when the bytes are not RESP or exceed
    // `limits` (then `why` says which). Nothing is allocated for an announced length before its data
    // has arrived.
    static qsizetype parse(const char *data, qsizetype size, RespReply *out, const RespLimits &limits = {},
                           QString *why = nullptr);
    static QByteArray encode(const QList<QByteArray> &args);
};

} // namespace coroscope
