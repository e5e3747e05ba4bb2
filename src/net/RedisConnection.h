#pragma once

#include "core/CoroutineFwd.h"
#include "core/ErrorKind.h"
#include "net/ClientSocket.h"
#include "net/RespReply.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHostAddress>
#include <QString>

namespace coroscope {

// Where a Redis is: redis://host:port/db, with an optional password taken from the environment.
struct RedisAddress {
    Q_DECLARE_TR_FUNCTIONS(RedisAddress)

public:
    QHostAddress host = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 6379;
    int db = 0;
    QByteArray password;

    // "redis://127.0.0.1:6379/0"; false with a message when malformed.
    static bool parse(const QString &url, RedisAddress *out, QString *error);
};

// A Redis client connection: RESP2 over QTcpSocket, driven by coroutines on the caller's loop.
// Commands are pipelined: one write for a batch, the replies read back in order. Chosen over
// hiredis so that waits, cancellation and deadlines are the engine's own, like every other socket.
// What it buffers is capped (one reply at most RespLimits allows); a reply that is not RESP, or
// larger than that, is a protocol error that closes the connection.
class RedisConnection
{
    Q_DECLARE_TR_FUNCTIONS(RedisConnection)

public:
    explicit RedisConnection(LoopScheduler &scheduler);
    ~RedisConnection();
    RedisConnection(const RedisConnection &) = delete;
    RedisConnection &operator=(const RedisConnection &) = delete;

    struct Result {
        bool ok = false; // false: connection failure, cancellation or timeout (see error)
        bool cancelled = false;
        ErrorKind kind = ErrorKind::None; // why it failed, unless cancelled
        QString error;
        QList<RespReply> replies;
    };

    // Connects, authenticates and selects the database.
    static QCoro::Task<Result> open(RedisConnection *self, RedisAddress address, CancellationToken *token,
                                    qint64 timeoutMs);
    // Sends the commands in one write and reads every reply, by `deadlineNs` (0: none — avoid).
    static QCoro::Task<Result> run(RedisConnection *self, QList<QList<QByteArray>> commands, CancellationToken *token,
                                   qint64 deadlineNs);
    bool isOpen() const;
    void close();
    // The most unparsed input held at once: the largest reply allowed, and a read's worth more.
    qint64 inputCap() const { return m_limits.maxBulkBytes + m_limits.maxLineBytes + 64 * 1024; }

private:
    LoopScheduler *m_scheduler;
    ClientSocket m_client;
    RespLimits m_limits;
    QByteArray m_in;
};

} // namespace coroscope
