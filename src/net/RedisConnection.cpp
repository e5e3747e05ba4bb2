#include "net/RedisConnection.h"

#include "core/Clock.h"
#include "net/ClientSocket.h"
#include "net/ErrorKinds.h"
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
    // Qt stops reading from the kernel once this much waits in its buffer: a flood cannot grow it.
    self->m_client.socket()->setReadBufferSize(256 * 1024);
    const qint64 deadline = timeoutMs > 0 ? nowNs() + timeoutMs * kNsPerMs : 0;
    Result r;
    const ConnectOutcome connected =
        co_await SocketEvents::connected(self->m_client.events(), *self->m_scheduler, token, deadline);
    if (connected != ConnectOutcome::Connected) {
        r.cancelled = connected == ConnectOutcome::Cancelled;
        const QString where = QStringLiteral("%1:%2").arg(address.host.toString()).arg(address.port);
        if (r.cancelled) {
            r.error = tr("cancelled");
        } else if (connected == ConnectOutcome::TimedOut) {
            r.kind = ErrorKind::ConnectTimeout;
            r.error = tr("cannot connect to Redis at %1 within %2 ms").arg(where).arg(timeoutMs);
        } else {
            r.kind = connectErrorKindOf(*self->m_client.socket());
            r.error = tr("cannot connect to Redis at %1: %2").arg(where, self->m_client.socket()->errorString());
        }
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
                r.kind = reply.text.startsWith("WRONGPASS") || reply.text.startsWith("NOAUTH")
                             ? ErrorKind::AuthenticationFailed
                             : ErrorKind::RedisError;
                r.error = tr("Redis refused the connection set-up: %1").arg(QString::fromUtf8(reply.text));
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
        r.kind = ErrorKind::ClosedByPeer;
        r.error = tr("not connected to Redis");
        co_return r;
    }
    QByteArray out;
    for (const auto &c : commands)
        out += RespReply::encode(c);
    QTcpSocket *socket = self->m_client.socket();
    socket->write(out);
    socket->flush();
    qsizetype at = 0;
    const qint64 cap = self->inputCap();
    while (r.replies.size() < commands.size()) {
        RespReply reply;
        QString why;
        const qsizetype used =
            RespReply::parse(self->m_in.constData() + at, self->m_in.size() - at, &reply, self->m_limits, &why);
        if (used < 0) {
            r.kind = ErrorKind::ProtocolError;
            r.error = tr("Redis sent something that is not RESP: %1").arg(why);
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
            const qint64 room = cap - self->m_in.size();
            if (room <= 0) {
                r.kind = ErrorKind::ProtocolError;
                r.error = tr("a Redis reply larger than %1 bytes").arg(cap);
                self->close();
                co_return r;
            }
            self->m_in += socket->read(std::min<qint64>(room, socket->bytesAvailable()));
            continue;
        }
        if (socket->state() != QAbstractSocket::ConnectedState) {
            r.kind = socket->error() == QAbstractSocket::RemoteHostClosedError ? ErrorKind::ClosedByPeer
                                                                               : errorKindOf(socket->error());
            r.error = tr("the connection to Redis closed: %1").arg(socket->errorString());
            self->close();
            co_return r;
        }
        const WakeReason w = co_await self->m_client.events()->next(*self->m_scheduler, token, deadlineNs);
        if (w == WakeReason::Cancelled || w == WakeReason::TimedOut) {
            r.cancelled = w == WakeReason::Cancelled;
            r.kind = r.cancelled ? ErrorKind::None : ErrorKind::Timeout;
            r.error = r.cancelled ? tr("cancelled") : tr("Redis did not answer in time");
            self->close(); // replies may still come: the connection cannot be reused
            co_return r;
        }
    }
    self->m_in.remove(0, at);
    r.ok = true;
    co_return r;
}

} // namespace coroscope
