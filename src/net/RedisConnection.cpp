#include "net/RedisConnection.h"

#include "core/Clock.h"
#include "net/ClientSocket.h"
#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QRegularExpression>
#include <QTcpSocket>

namespace coroscope {

bool RedisAddress::parse(const QString &url, RedisAddress *out, QString *error)
{
    static const QRegularExpression re(QStringLiteral("^redis://([^:/]+)(?::(\\d+))?(?:/(\\d+))?$"));
    const auto m = re.match(url);
    if (!m.hasMatch()) {
        *error = tr("expected redis://host:port/db, found \"%1\"").arg(url);
        return false;
    }
    const QString host = m.captured(1);
    out->host = host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (out->host.isNull()) {
        *error = tr("expected an IP address or localhost as the Redis host, found \"%1\"").arg(host);
        return false;
    }
    const int port = m.captured(2).isEmpty() ? 6379 : m.captured(2).toInt();
    if (port < 1 || port > 65535) {
        *error = tr("expected a Redis port from 1 to 65535, found %1").arg(m.captured(2));
        return false;
    }
    out->port = quint16(port);
    out->db = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
    return true;
}

RedisConnection::RedisConnection(LoopScheduler &scheduler) : m_scheduler(&scheduler) {}

RedisConnection::~RedisConnection()
{
    close();
}

bool RedisConnection::isOpen() const
{
    return m_client.isOpen();
}

void RedisConnection::close()
{
    m_client.reset();
    m_in.clear();
}

QCoro::Task<RedisConnection::Result> RedisConnection::open(RedisConnection *self, RedisAddress address,
                                                           CancellationToken *token, qint64 timeoutMs)
{
    self->close();
    self->m_client.connectTo(address.host, address.port);
    const qint64 deadline = timeoutMs > 0 ? nowNs() + timeoutMs * kNsPerMs : 0;
    Result r;
    const ConnectOutcome connected =
        co_await SocketEvents::connected(self->m_client.events(), *self->m_scheduler, token, deadline);
    if (connected != ConnectOutcome::Connected) {
        r.cancelled = connected == ConnectOutcome::Cancelled;
        const QString where = QStringLiteral("%1:%2").arg(address.host.toString()).arg(address.port);
        r.error = r.cancelled ? QStringLiteral("cancelled")
                  : connected == ConnectOutcome::TimedOut
                      ? QStringLiteral("cannot connect to Redis at %1 within %2 ms").arg(where).arg(timeoutMs)
                      : QStringLiteral("cannot connect to Redis at %1: %2")
                            .arg(where, self->m_client.socket()->errorString());
        self->close();
        co_return r;
    }
    QList<QList<QByteArray>> hello;
    if (!address.password.isEmpty())
        hello << QList<QByteArray>{"AUTH", address.password};
    hello << QList<QByteArray>{"SELECT", QByteArray::number(address.db)};
    r = co_await run(self, hello, token, deadline);
    if (r.ok) {
        for (const RespReply &reply : r.replies) {
            if (reply.isError()) {
                r.ok = false;
                r.error = QStringLiteral("Redis refused the connection set-up: %1").arg(QString::fromUtf8(reply.text));
                self->close();
                break;
            }
        }
    }
    co_return r;
}

QCoro::Task<RedisConnection::Result> RedisConnection::run(RedisConnection *self, QList<QList<QByteArray>> commands,
                                                          CancellationToken *token, qint64 deadlineNs)
{
    Result r;
    if (!self->isOpen()) {
        r.error = QStringLiteral("not connected to Redis");
        co_return r;
    }
    QByteArray out;
    for (const auto &c : commands)
        out += RespReply::encode(c);
    QTcpSocket *socket = self->m_client.socket();
    socket->write(out);
    socket->flush();
    r.replies.reserve(commands.size());
    qsizetype at = 0;
    while (r.replies.size() < commands.size()) {
        RespReply reply;
        const qsizetype used = RespReply::parse(self->m_in.constData() + at, self->m_in.size() - at, &reply);
        if (used < 0) {
            r.error = QStringLiteral("Redis sent something that is not RESP");
            self->close();
            co_return r;
        }
        if (used > 0) {
            at += used;
            r.replies.push_back(std::move(reply));
            continue;
        }
        if (socket->bytesAvailable() > 0) {
            self->m_in.remove(0, at);
            at = 0;
            self->m_in += socket->readAll();
            continue;
        }
        if (socket->state() != QAbstractSocket::ConnectedState) {
            r.error = QStringLiteral("the connection to Redis closed: %1").arg(socket->errorString());
            self->close();
            co_return r;
        }
        const WakeReason w = co_await self->m_client.events()->next(*self->m_scheduler, token, deadlineNs);
        if (w == WakeReason::Cancelled || w == WakeReason::TimedOut) {
            r.cancelled = w == WakeReason::Cancelled;
            r.error = r.cancelled ? QStringLiteral("cancelled") : QStringLiteral("Redis did not answer in time");
            self->close(); // replies may still come: the connection cannot be reused
            co_return r;
        }
    }
    self->m_in.remove(0, at);
    r.ok = true;
    co_return r;
}

} // namespace coroscope
