#include "net/PgConnection.h"

#include "core/Clock.h"

#include <QCoroTask>
#include <QSocketNotifier>

#include <libpq-fe.h>

namespace coroscope {

ErrorKind pgConnectErrorKind(const QString &message)
{
    if (message.contains(QLatin1String("Connection refused")))
        return ErrorKind::ConnectionRefused;
    if (message.contains(QLatin1String("authentication failed")) ||
        message.contains(QLatin1String("no password supplied")) ||
        message.contains(QLatin1String("pg_hba.conf rejects")) || message.contains(QLatin1String("SCRAM")))
        return ErrorKind::AuthenticationFailed;
    if (message.contains(QLatin1String("timeout expired")))
        return ErrorKind::ConnectTimeout;
    if (message.contains(QLatin1String("could not translate host name")))
        return ErrorKind::HostNotFound;
    if (message.contains(QLatin1String("Too many open files")))
        return ErrorKind::TooManyOpenFiles;
    // A server starting up, shutting down or in recovery answers but does not let us in yet.
    if (message.contains(QLatin1String("the database system is")))
        return ErrorKind::ClosedByPeer;
    if (message.contains(QLatin1String("server closed the connection")) ||
        message.contains(QLatin1String("Connection reset")))
        return ErrorKind::ConnectionReset;
    return ErrorKind::QueryError;
}

PgConnection::PgConnection(LoopScheduler &scheduler, QObject *parent) : QObject(parent), m_scheduler(&scheduler) {}

PgConnection::~PgConnection()
{
    close();
}

bool PgConnection::isOpen() const
{
    return m_conn && m_mode == Mode::Ready && !m_broken && PQstatus(m_conn) == CONNECTION_OK;
}

void PgConnection::dropNotifiers()
{
    // Disabled before the socket closes (no "invalid socket" from the dispatcher), deleted later
    // because this may run inside one of their own activated() emissions.
    for (QSocketNotifier **n : {&m_read, &m_write}) {
        if (*n) {
            (*n)->setEnabled(false);
            (*n)->deleteLater();
            *n = nullptr;
        }
    }
    m_socket = -1;
}

void PgConnection::close()
{
    dropNotifiers();
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
    m_mode = Mode::Closed;
    m_broken = false;
    m_latch.clear();
}

void PgConnection::attachSocket()
{
    // libpq may open a new socket while connecting (another address, SSL refused): follow it.
    const int fd = PQsocket(m_conn);
    if (fd == m_socket)
        return;
    dropNotifiers();
    if (fd < 0)
        return;
    m_socket = fd;
    m_read = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
    m_write = new QSocketNotifier(qintptr(fd), QSocketNotifier::Write, this);
    m_read->setEnabled(false);
    m_write->setEnabled(false);
    connect(m_read, &QSocketNotifier::activated, this, &PgConnection::onReadable);
    connect(m_write, &QSocketNotifier::activated, this, &PgConnection::onWritable);
}

void PgConnection::onReadable()
{
    if (m_mode == Mode::Ready && m_conn) {
        // Take what arrived into libpq now, so the socket stops being readable; at end of stream
        // stop watching (a closed socket is readable for ever).
        if (!PQconsumeInput(m_conn)) {
            m_broken = true;
            m_read->setEnabled(false);
        }
    } else {
        m_read->setEnabled(false); // connecting: PQconnectPoll reads, and says what to watch next
    }
    fire();
}

void PgConnection::onWritable()
{
    m_write->setEnabled(false);
    fire();
}

void PgConnection::watchWrites(bool on)
{
    if (m_write && m_write->isEnabled() != on)
        m_write->setEnabled(on);
}

PgOutcome PgConnection::outcomeOf(const PGresult *result)
{
    PgOutcome o;
    switch (PQresultStatus(result)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_SINGLE_TUPLE:
    case PGRES_PIPELINE_SYNC:
    case PGRES_EMPTY_QUERY:
        return o;
    default:
        break;
    }
    o.sqlState = QByteArray(PQresultErrorField(result, PG_DIAG_SQLSTATE));
    o.message = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    if (o.message.isEmpty())
        o.message = QString::fromLatin1(PQresStatus(PQresultStatus(result)));
    if (!o.sqlState.isEmpty())
        o.message = QStringLiteral("SQLSTATE %1: %2").arg(QString::fromLatin1(o.sqlState), o.message);
    // Class 28 is "invalid authorization specification"; class 08 a connection exception.
    o.kind = o.sqlState.startsWith("28")    ? ErrorKind::AuthenticationFailed
             : o.sqlState.startsWith("08")  ? ErrorKind::ConnectionReset
             : o.sqlState.startsWith("57P") ? ErrorKind::ClosedByPeer // admin shutdown, crash, starting up
                                            : ErrorKind::QueryError;
    return o;
}

PgOutcome PgConnection::connectionFailure() const
{
    PgOutcome o;
    o.message = m_conn ? QString::fromUtf8(PQerrorMessage(m_conn)).trimmed() : QStringLiteral("not connected");
    o.message.replace(u'\n', u' ');
    o.kind = m_conn ? pgConnectErrorKind(o.message) : ErrorKind::ConnectionReset;
    if (o.kind == ErrorKind::QueryError && m_mode == Mode::Ready)
        o.kind = ErrorKind::ConnectionReset; // lost mid-command, for a reason libpq words its own way
    return o;
}

PgOutcome PgConnection::failConnection()
{
    const PgOutcome o = connectionFailure();
    close();
    return o;
}

bool PgConnection::closeIfBroken(PgOutcome *first)
{
    if (PQstatus(m_conn) != CONNECTION_BAD)
        return false;
    if (first->ok())
        *first = connectionFailure();
    close();
    return true;
}

PgOutcome PgConnection::fail(ErrorKind kind, const QString &message)
{
    close();
    PgOutcome o;
    o.kind = kind;
    o.message = message;
    return o;
}

PgOutcome PgConnection::failOn(WakeReason reason)
{
    close();
    PgOutcome o;
    if (reason == WakeReason::Cancelled) {
        o.cancelled = true;
        o.message = QStringLiteral("cancelled");
    } else {
        o.kind = ErrorKind::Timeout;
        o.message = QStringLiteral("no answer from PostgreSQL before the deadline");
    }
    return o;
}

QCoro::Task<PgOutcome> PgConnection::open(PgConnection *self, QByteArray conninfo, QByteArray password,
                                          CancellationToken *token, qint64 deadlineNs)
{
    self->close();
    const char *keys[] = {"dbname", "password", "application_name", nullptr};
    const char *values[] = {conninfo.constData(), password.isEmpty() ? nullptr : password.constData(), "coroscope",
                            nullptr};
    if (password.isEmpty()) {
        keys[1] = "application_name";
        values[1] = "coroscope";
        keys[2] = nullptr;
    }
    self->m_conn = PQconnectStartParams(keys, values, /*expand_dbname=*/1);
    if (!self->m_conn)
        co_return self->fail(ErrorKind::Exception, QStringLiteral("libpq could not allocate a connection"));
    self->m_mode = Mode::Connecting;
    // Notices ("table already exists, skipping") would go to stderr by default.
    PQsetNoticeProcessor(
        self->m_conn, [](void *, const char *) {}, nullptr);
    if (PQstatus(self->m_conn) == CONNECTION_BAD) {
        co_return self->failConnection();
    }
    PostgresPollingStatusType poll = PGRES_POLLING_WRITING;
    for (;;) {
        if (poll == PGRES_POLLING_OK)
            break;
        if (poll == PGRES_POLLING_FAILED) {
            co_return self->failConnection();
        }
        self->attachSocket();
        if (!self->m_read)
            co_return self->fail(ErrorKind::SocketError, QStringLiteral("libpq has no socket to watch"));
        self->m_latch.clear();
        self->m_read->setEnabled(poll == PGRES_POLLING_READING);
        self->m_write->setEnabled(poll == PGRES_POLLING_WRITING);
        const WakeReason r = co_await self->next(token, deadlineNs);
        if (r == WakeReason::Cancelled || r == WakeReason::TimedOut) {
            PgOutcome o = self->failOn(r);
            if (r == WakeReason::TimedOut) {
                o.kind = ErrorKind::ConnectTimeout;
                o.message = QStringLiteral("no connection to PostgreSQL before the deadline");
            }
            co_return o;
        }
        poll = PQconnectPoll(self->m_conn);
    }
    self->attachSocket();
    if (!self->m_read || PQsetnonblocking(self->m_conn, 1) != 0)
        co_return self->fail(ErrorKind::SocketError, QStringLiteral("libpq could not switch to non-blocking mode"));
    self->m_mode = Mode::Ready;
    self->m_latch.clear();
    self->m_write->setEnabled(false);
    self->m_read->setEnabled(true);
    co_return PgOutcome{};
}

QCoro::Task<PgOutcome> PgConnection::flush(PgConnection *self, CancellationToken *token, qint64 deadlineNs)
{
    for (;;) {
        if (!self->m_conn)
            co_return self->fail(ErrorKind::ConnectionReset, QStringLiteral("not connected"));
        const int f = PQflush(self->m_conn);
        if (f < 0 || self->m_broken) {
            co_return self->failConnection();
        }
        self->watchWrites(f == 1);
        if (f == 0)
            co_return PgOutcome{};
        // Read while waiting to write: the server may be blocked writing results to us.
        const WakeReason r = co_await self->next(token, deadlineNs);
        if (r != WakeReason::Signalled)
            co_return self->failOn(r);
    }
}

QCoro::Task<PgOutcome> PgConnection::awaitResult(PgConnection *self, CancellationToken *token, qint64 deadlineNs)
{
    for (;;) {
        if (!self->m_conn)
            co_return self->fail(ErrorKind::ConnectionReset, QStringLiteral("not connected"));
        const int f = PQflush(self->m_conn);
        if (f < 0) {
            co_return self->failConnection();
        }
        self->watchWrites(f == 1);
        // A lost server: libpq turns it into an error result, which the caller reads.
        if (f == 0 && (!PQisBusy(self->m_conn) || self->m_broken || PQstatus(self->m_conn) == CONNECTION_BAD))
            co_return PgOutcome{};
        const WakeReason r = co_await self->next(token, deadlineNs);
        if (r != WakeReason::Signalled)
            co_return self->failOn(r);
    }
}

QCoro::Task<PgOutcome> PgConnection::finishCommand(PgConnection *self, CancellationToken *token, qint64 deadlineNs)
{
    PgOutcome first;
    for (;;) {
        const PgOutcome waited = co_await awaitResult(self, token, deadlineNs);
        if (!waited.ok())
            co_return waited;
        PGresult *res = PQgetResult(self->m_conn);
        if (!res)
            break;
        const ExecStatusType status = PQresultStatus(res);
        if (first.ok())
            first = outcomeOf(res);
        PQclear(res);
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            co_return self->fail(ErrorKind::ProtocolError, QStringLiteral("unexpected COPY in a plain statement"));
        }
        if (self->closeIfBroken(&first))
            co_return first;
    }
    co_return first;
}

QCoro::Task<PgOutcome> PgConnection::execute(PgConnection *self, QByteArray sql, CancellationToken *token,
                                             qint64 deadlineNs)
{
    if (!self->isOpen())
        co_return self->fail(ErrorKind::ConnectionReset, QStringLiteral("not connected"));
    if (!PQsendQueryParams(self->m_conn, sql.constData(), 0, nullptr, nullptr, nullptr, nullptr, 0)) {
        co_return self->failConnection();
    }
    co_return co_await finishCommand(self, token, deadlineNs);
}

} // namespace coroscope
