#include "net/TcpStream.h"

#include "net/ReadBuffer.h"

#include "core/DirectSocketNotifier.h"
#include "net/ErrorKinds.h"

#include <QCoroTask>
#include <QTcpSocket>

#include <QHostAddress>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace coroscope {

namespace {

// Queued output is compacted once its sent part passes this, so a long-lived stream's buffer does
// not creep forward for ever.
constexpr qsizetype kCompactAfter = 64 * 1024;

// errno -> the socket error QTcpSocket reports for it; 0 is the end of the stream.
QAbstractSocket::SocketError socketErrorOf(int errorNumber)
{
    switch (errorNumber) {
    case 0:
    case ECONNRESET:
    case EPIPE:
        return QAbstractSocket::RemoteHostClosedError; // as QTcpSocket reports them
    case ETIMEDOUT:
        return QAbstractSocket::SocketTimeoutError;
    case ECONNREFUSED:
        return QAbstractSocket::ConnectionRefusedError;
    case EMFILE:
    case ENFILE:
    case ENOBUFS:
    case ENOMEM:
        return QAbstractSocket::SocketResourceError;
    default:
        return QAbstractSocket::NetworkError;
    }
}

} // namespace

std::unique_ptr<TcpStream> TcpStream::takeOver(QAbstractSocket *socket, ReadBuffer &in, QString *error)
{
    if (socket->state() != QAbstractSocket::ConnectedState) {
        *error = socket->errorString();
        return nullptr;
    }
    const int fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (fd < 0) {
        *error = qt_error_string(errno);
        return nullptr;
    }
    while (socket->bytesAvailable() > 0) {
        const qint64 n = socket->bytesAvailable();
        const qint64 got = socket->read(in.reserve(n), n);
        in.commit(std::max<qint64>(0, got));
        if (got <= 0)
            break;
    }
    // The duplicate keeps the connection open: abort() only closes the socket's own descriptor. It
    // shares the socket's file status flags, so it is non-blocking already.
    socket->abort();
    return std::make_unique<TcpStream>(fd);
}

// Connecting through QTcpSocket cost about 100 000 instructions per connection at c10k scale
// (callgrind, 9000 connections): its construction, and a 30-second connect QTimer each, whose
// unregistering in Qt's timer list is linear in the timers registered - quadratic over a connect
// storm, and a 400 ms loop stall. An address is connected here with socket() and a non-blocking
// connect(); only a host name goes through Qt (the lookup).
QCoro::Task<TcpConnectResult> TcpStream::connectTo(QString host, quint16 port, ReadBuffer &in, LoopScheduler &scheduler,
                                                   CancellationToken *token, qint64 deadlineNs)
{
    QHostAddress address;
    if (!address.setAddress(host))
        co_return co_await connectByName(host, port, in, scheduler, token, deadlineNs);
    sockaddr_storage peer{};
    socklen_t peerSize = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *v6 = reinterpret_cast<sockaddr_in6 *>(&peer);
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&v6->sin6_addr, &bytes, sizeof bytes);
        v6->sin6_scope_id = address.scopeId().toUInt();
        peerSize = sizeof(sockaddr_in6);
    } else {
        auto *v4 = reinterpret_cast<sockaddr_in *>(&peer);
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        v4->sin_addr.s_addr = htonl(address.toIPv4Address());
        peerSize = sizeof(sockaddr_in);
    }
    TcpConnectResult result;
    const int fd = ::socket(peer.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        result.errorKind = connectErrorKindOf(socketErrorOf(errno));
        result.message = qt_error_string(errno);
        co_return result;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // as QTcpSocket's LowDelayOption
    int rc;
    do {
        rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&peer), peerSize);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0 && errno != EINPROGRESS) {
        result.errorKind = connectErrorKindOf(socketErrorOf(errno));
        result.message = qt_error_string(errno);
        ::close(fd);
        co_return result;
    }
    auto stream = std::make_unique<TcpStream>(fd);
    stream->m_writeNotifier->setEnabled(true); // writable once connected; a failure wakes both notifiers
    for (;;) {
        int error = 0;
        socklen_t errorSize = sizeof error;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &errorSize) == 0 && error != 0) {
            result.errorKind = connectErrorKindOf(socketErrorOf(error));
            result.message = qt_error_string(error);
            co_return result; // the stream closes the descriptor
        }
        sockaddr_storage connectedTo{};
        socklen_t connectedToSize = sizeof connectedTo;
        if (::getpeername(fd, reinterpret_cast<sockaddr *>(&connectedTo), &connectedToSize) == 0) {
            result.outcome = ConnectOutcome::Connected;
            result.stream = std::move(stream);
            co_return result;
        }
        const WakeReason r = co_await stream->next(scheduler, token, deadlineNs);
        if (r == WakeReason::Cancelled || r == WakeReason::TimedOut) {
            result.outcome = r == WakeReason::Cancelled ? ConnectOutcome::Cancelled : ConnectOutcome::TimedOut;
            co_return result;
        }
    }
}

QCoro::Task<TcpConnectResult> TcpStream::connectByName(QString host, quint16 port, ReadBuffer &in,
                                                       LoopScheduler &scheduler, CancellationToken *token,
                                                       qint64 deadlineNs)
{
    auto *socket = new QTcpSocket; // deleteLater()ed, never deleted: a wait may still point at it
    TcpConnectResult result;
    {
        SocketEvents events(socket);
        socket->connectToHost(host, port);
        result.outcome = co_await SocketEvents::connected(&events, scheduler, token, deadlineNs);
    }
    if (result.outcome == ConnectOutcome::Failed) {
        result.errorKind = connectErrorKindOf(*socket);
        result.message = socket->errorString();
    } else if (result.outcome == ConnectOutcome::Connected) {
        result.stream = takeOver(socket, in, &result.message);
        if (!result.stream) {
            result.outcome = ConnectOutcome::Failed;
            result.errorKind = ErrorKind::SocketError;
        }
    }
    socket->abort();
    socket->deleteLater();
    co_return result;
}

TcpStream::TcpStream(int descriptor) : m_fd(descriptor)
{
    // Parentless (this object is their context, not their parent): they are deleted later (see
    // close()), never together with this object, which may end inside their activation.
    m_readNotifier = new DirectSocketNotifier(
        qintptr(m_fd), QSocketNotifier::Read, [](void *self) { static_cast<TcpStream *>(self)->onReadable(); }, this);
    m_writeNotifier = new DirectSocketNotifier(
        qintptr(m_fd), QSocketNotifier::Write, [](void *self) { static_cast<TcpStream *>(self)->onWritable(); }, this);
    m_writeNotifier->setEnabled(false);
}

TcpStream::~TcpStream()
{
    close();
}

void TcpStream::close()
{
    // A coroutine resumed inside a notifier's activated() may end here: the notifiers are disabled
    // before the descriptor closes (no "invalid socket" from the dispatcher) and deleted later.
    for (QSocketNotifier **n : {&m_readNotifier, &m_writeNotifier}) {
        if (*n) {
            (*n)->setEnabled(false); // a disabled DirectSocketNotifier never calls this object again
            (*n)->deleteLater();
            *n = nullptr;
        }
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_out.clear();
    m_outHead = 0;
}

void TcpStream::fail(int errorNumber)
{
    if (m_error != QAbstractSocket::UnknownSocketError)
        return;
    m_error = socketErrorOf(errorNumber);
    m_errorString = m_error == QAbstractSocket::RemoteHostClosedError
                        ? QStringLiteral("The remote host closed the connection")
                        : qt_error_string(errorNumber);
    // A failed socket stays readable (or hung up) for ever: stop watching it.
    if (m_readNotifier)
        m_readNotifier->setEnabled(false);
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
}

// A connection's buffer holds only what it has not parsed yet. Reading into it directly would make
// it as large as a read chunk for good (8 KiB at 64-byte echoes: half of what a connection costs at
// c10k scale), so a read that does not fit its spare room lands in one scratch buffer per thread and
// only the bytes that arrived are copied.
qint64 TcpStream::read(ReadBuffer &in, qint64 maxBytes)
{
    if (!isOpen())
        return -1;
    thread_local QByteArray scratch;
    const bool direct = in.spare() >= maxBytes;
    if (!direct && scratch.size() < maxBytes)
        scratch.resize(maxBytes);
    char *const target = direct ? in.reserve(maxBytes) : scratch.data();
    for (;;) {
        const ssize_t got = ::recv(m_fd, target, size_t(maxBytes), 0);
        if (got > 0) {
            if (direct)
                in.commit(got);
            else
                in.append(target, got);
            return got;
        }
        if (got == 0) {
            fail(0);
            return -1;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        fail(errno);
        return -1;
    }
}

bool TcpStream::write(const char *data, qsizetype size)
{
    if (!isOpen())
        return false;
    qsizetype sent = 0;
    if (bytesToWrite() == 0) {
        while (sent < size) {
            const ssize_t n = ::send(m_fd, data + sent, size_t(size - sent), MSG_NOSIGNAL);
            if (n >= 0) {
                sent += n;
                continue;
            }
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            fail(errno);
            return false;
        }
    }
    if (sent < size) {
        m_out.append(data + sent, size - sent);
        m_writeNotifier->setEnabled(true);
    }
    return true;
}

void TcpStream::onWritable()
{
    while (bytesToWrite() > 0) {
        const ssize_t n = ::send(m_fd, m_out.constData() + m_outHead, size_t(bytesToWrite()), MSG_NOSIGNAL);
        if (n > 0) {
            m_outHead += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            fail(errno);
        break;
    }
    if (bytesToWrite() == 0) {
        m_out.clear();
        m_outHead = 0;
        if (m_writeNotifier)
            m_writeNotifier->setEnabled(false);
    } else if (m_outHead > kCompactAfter) {
        m_out.remove(0, m_outHead);
        m_outHead = 0;
    }
    m_latch.fire();
}

void TcpStream::onReadable()
{
    if (m_latch.hasWaiter()) {
        m_latch.fire(); // the waiter reads inside this activation: no extra loop pass
        return;
    }
    // Nobody waits: remember it, and stop the level-triggered notifier from firing every pass
    // until someone does.
    m_readNotifier->setEnabled(false);
    m_latch.fire();
}

EventLatch::Wait TcpStream::next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs)
{
    if (m_readNotifier && m_readNotifier->isEnabled() != m_watchReads && isOpen())
        m_readNotifier->setEnabled(m_watchReads);
    return m_latch.next(scheduler, token, deadlineNs, /*sourceGone=*/!isOpen());
}

} // namespace coroscope
