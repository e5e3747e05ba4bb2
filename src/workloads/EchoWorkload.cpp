#include "workloads/EchoWorkload.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "net/EchoServer.h"
#include "net/ErrorKinds.h"
#include "net/ReadBuffer.h"
#include "net/TcpStream.h"
#include "workloads/EchoServerGauges.h"

#include <QCoroTask>
#include <QRegularExpression>

#include <array>
#include <cstring>
#include <exception>
#include <utility>

namespace coroscope {

namespace {

// Fills `msg` with the message for (connection, seq): a hex stamp, padding, and the framing, so an
// echo can be checked byte for byte and a reordered or foreign echo is caught.
void stampMessage(QByteArray &msg, EchoFraming framing, qint64 payloadBytes, int connection, quint64 seq)
{
    const qsizetype header = framing == EchoFraming::LengthPrefixed ? 4 : 0;
    if (msg.size() != header + payloadBytes) {
        msg = QByteArray(header + payloadBytes, 'x');
        if (framing == EchoFraming::LengthPrefixed) {
            const quint32 n = quint32(payloadBytes);
            msg[0] = char(n >> 24);
            msg[1] = char(n >> 16);
            msg[2] = char(n >> 8);
            msg[3] = char(n);
        } else {
            msg[msg.size() - 1] = '\n';
        }
    }
    const quint64 stamp = (quint64(connection) << 40) ^ seq;
    const qsizetype room = std::min<qsizetype>(16, payloadBytes - (framing == EchoFraming::Line ? 1 : 0));
    char *p = msg.data() + header;
    // Stamped twice per round trip (sent, then expected): two digits per lookup, a third of the
    // instructions of one digit at a time (callgrind).
    static constexpr auto kHexPairs = [] {
        std::array<std::array<char, 2>, 256> t{};
        constexpr char hex[] = "0123456789abcdef";
        for (int b = 0; b < 256; ++b)
            t[b] = {hex[b >> 4], hex[b & 0xf]};
        return t;
    }();
    qsizetype i = 0;
    if (room % 2) {
        p[0] = kHexPairs[(stamp >> (4 * (room - 1))) & 0xf][1];
        i = 1;
    }
    for (; i < room; i += 2)
        std::memcpy(p + i, kHexPairs[(stamp >> (4 * (room - 2 - i))) & 0xff].data(), 2);
}

// The most memory a profile's messages may take at once (see EchoSpec::read).
constexpr qint64 kMaxMessageMemory = 1024LL * 1024 * 1024;
// Write back-pressure: no more messages are queued in a socket holding this much unsent.
constexpr qint64 kMaxQueuedOut = 256 * 1024;
// Round trips started, or settled when a connection ends, per loop pass.
constexpr int kSettleSlice = 512;
// The most one read takes from a socket (a full pipeline of echoes, when it fits).
constexpr qint64 kMaxReadChunk = 256 * 1024;

} // namespace

EchoSpec EchoSpec::read(JsonReader &r)
{
    EchoSpec s;
    s.readConnectionKeys(r);
    static const QRegularExpression hostPort(QStringLiteral("^(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9.\\-]+):(\\d{1,5})$"));
    if (!s.builtin()) {
        const auto m = hostPort.match(s.server);
        if (!m.hasMatch() || m.captured(2).toInt() < 1 || m.captured(2).toInt() > 65535)
            r.error(QStringLiteral("server"),
                    tr("expected \"builtin\" or host:port with a port from 1 to 65535, found \"%1\"").arg(s.server));
    }
    s.framing = echoFramingFromKey(r.choice(QStringLiteral("framing"), echoFramingKeys(), QStringLiteral("line")));
    s.messageBytes = r.integer(QStringLiteral("messageBytes"), s.messageBytes, s.framing == EchoFraming::Line ? 2 : 1,
                               16 * 1024 * 1024);
    s.serverMaxMessageBytes =
        r.integer(QStringLiteral("serverMaxMessageBytes"), s.serverMaxMessageBytes, 16, 64 * 1024 * 1024);
    // Back-pressure bounds what waits in a socket, but each connection still holds a few whole
    // messages at once (the one being sent, the echo being read, the copy it is checked against;
    // as many again on the built-in server's side): a profile whose worst case cannot fit is refused,
    // counting the stages' highest target.
    if (QString why; !s.fitsInMemory(s.peakConnections, &why))
        r.error(QStringLiteral("messageBytes"), why);
    return s;
}

bool EchoSpec::fitsInMemory(qint64 connections, QString *why) const
{
    const qint64 buffers = builtin() ? 6 : 3;
    const qint64 worst = connections * (messageBytes + 4) * buffers;
    if (worst <= kMaxMessageMemory)
        return true;
    *why = tr("%1 connections x %2-byte messages may hold %3 MiB at once (%4 copies of each message per "
              "connection); at most %5 MiB: fewer connections or smaller messages")
               .arg(connections)
               .arg(messageBytes)
               .arg(worst / (1024 * 1024))
               .arg(buffers)
               .arg(kMaxMessageMemory / (1024 * 1024));
    return false;
}

EchoWorkload::EchoWorkload(QString name, EchoSpec spec, QObject *parent)
    : ClientConnectionsWorkload(std::move(name), QStringLiteral("echo"), parent), m_spec(std::move(spec))
{}

EchoWorkload::~EchoWorkload() = default;

QString EchoWorkload::builtinServerAddress() const
{
    return m_server ? QStringLiteral("%1:%2").arg(m_host.toString()).arg(m_port) : QString();
}

bool EchoWorkload::prepare(QString *error)
{
    if (m_spec.builtin()) {
        EchoServerOptions o;
        o.framing = m_spec.framing;
        o.maxMessageBytes = m_spec.serverMaxMessageBytes;
        if (!startBuiltinServer(m_server, o, error))
            return false;
        m_host = m_server->address();
        m_port = m_server->port();
        return true;
    }
    const qsizetype colon = m_spec.server.lastIndexOf(u':');
    QString host = m_spec.server.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    m_port = quint16(m_spec.server.mid(colon + 1).toUInt());
    if (host == QLatin1String("localhost"))
        m_host = QHostAddress(QHostAddress::LocalHost);
    else if (!m_host.setAddress(host)) {
        *error = tr("server \"%1\": expected an IP address or localhost as the host").arg(m_spec.server);
        return false;
    }
    return true;
}

void EchoWorkload::start()
{
    m_phaseConnecting = tracker().internPhase(QStringLiteral("connecting"));
    m_phaseSending = tracker().internPhase(QStringLiteral("sending"));
    m_phaseAwaitingEcho = tracker().internPhase(QStringLiteral("awaiting echo"));
    m_phaseThinking = tracker().internPhase(QStringLiteral("thinking"));
    startConnections();
}

void EchoWorkload::startConnection(ClientConnection *conn)
{
    runConnection(this, conn);
}

bool EchoWorkload::connectionsFit(qint64 connections, QString *error) const
{
    return m_spec.fitsInMemory(connections, error);
}

void EchoWorkload::describe(WorkloadSnapshot &out) const
{
    out.target = m_server ? tr("built-in echo server %1:%2").arg(m_host.toString()).arg(m_port)
                          : QStringLiteral("%1:%2").arg(m_host.toString()).arg(m_port);
    m_connections.describe(out, /*withClosing=*/false);
    if (m_server)
        describeEchoServer(out, m_server->stats());
}

QCoro::Task<void> EchoWorkload::runConnection(EchoWorkload *self, ClientConnection *conn)
{
    TaskTracker &tracker = self->tracker();
    LoopScheduler &scheduler = self->scheduler();
    const EchoSpec &spec = self->m_spec;

    if (!co_await ClientConnections::awaitTurn(conn, self, scheduler)) {
        self->connectionEnded(conn, ConnectionState::Closed);
        co_return;
    }

    Session s;
    // The first round trip exists from the moment the connection is attempted: its phase shows
    // "connecting", and a refused connection fails it with a counted error kind.
    s.prepared = tracker.create(self->index(), &conn->token);
    tracker.start(*s.prepared);
    tracker.setPhase(*s.prepared, self->m_phaseConnecting);
    self->m_connections.setState(conn, ConnectionState::Connecting);
    try {
        const qint64 connectDeadline = spec.connectTimeoutMs > 0 ? nowNs() + spec.connectTimeoutMs * kNsPerMs : 0;
        TcpConnectResult c = co_await TcpStream::connectTo(self->m_host.toString(), self->m_port, s.in, scheduler,
                                                           &conn->token, connectDeadline);
        switch (c.outcome) {
        case ConnectOutcome::Connected:
            self->m_connections.setState(conn, ConnectionState::Open);
            s.stream = std::move(c.stream);
            co_await exchange(self, conn, &s);
            break;
        case ConnectOutcome::Failed:
            s.fail(c.errorKind, c.message);
            break;
        case ConnectOutcome::Cancelled:
            s.end = End::Cancelled;
            break;
        case ConnectOutcome::TimedOut:
            s.fail(ErrorKind::ConnectTimeout, QStringLiteral("no connection within %1 ms").arg(spec.connectTimeoutMs));
            break;
        }
    } catch (const std::exception &e) {
        // Caught at the connection's root: its round trips fail with the message, logged once.
        s.fail(ErrorKind::Exception, QString::fromLocal8Bit(e.what()));
        if (!std::exchange(self->m_exceptionLogged, true))
            qWarning("echo %s: a connection ended on an exception: %s", qPrintable(self->name()), e.what());
    }
    conn->midRoundTrip = false;
    s.stream.reset();
    // Whatever is still open ends with the connection: thousands of pipelined round trips are settled
    // in slices, so a connection that fails with a deep pipeline does not hold the loop.
    if (s.prepared)
        s.inflight.push_front(InFlight{*s.prepared, 0, 0, false});
    int inSlice = 0;
    for (const InFlight &f : s.inflight) {
        switch (s.end) {
        case End::Normal:
        case End::Cancelled:
            tracker.finish(f.ref, TaskState::Cancelled);
            break;
        case End::TimedOut:
            tracker.finish(f.ref, TaskState::TimedOut);
            break;
        case End::Failed:
            tracker.finish(f.ref, TaskState::Failed, s.failKind, s.failMessage);
            break;
        }
        if (++inSlice == kSettleSlice) {
            inSlice = 0;
            co_await scheduler.yield();
        }
    }
    self->connectionEnded(conn, s.end == End::Normal || s.end == End::Cancelled ? ConnectionState::Closed
                                                                                : ConnectionState::Failed);
}

QCoro::Task<void> EchoWorkload::exchange(EchoWorkload *self, ClientConnection *conn, Session *s)
{
    TaskTracker &tracker = self->tracker();
    LoopScheduler &scheduler = self->scheduler();
    const EchoSpec &spec = self->m_spec;
    TcpStream &stream = *s->stream;
    ReadBuffer &in = s->in;
    std::deque<InFlight> &inflight = s->inflight;
    const quint64 total = spec.messagesPerConnection > 0 ? quint64(spec.messagesPerConnection) : ~quint64(0);
    const qsizetype frameBytes = spec.messageBytes + (spec.framing == EchoFraming::LengthPrefixed ? 4 : 0);
    // Enough for a full pipeline of echoes in one read, within bounds.
    const qint64 readChunk = std::clamp<qint64>(frameBytes * spec.pipeline, 4096, kMaxReadChunk);
    QByteArray sendBuf, expectBuf, batch;
    quint64 nextSeq = 0;
    for (;;) {
        // Back-pressure: a message is written only while the socket's queue is short, so a deep
        // pipeline of large messages waits for the peer instead of piling up here; a round trip
        // (task) exists from the moment its message is written. The messages of one pass leave
        // in one write.
        int written = 0;
        while (qint64(inflight.size()) < spec.pipeline && nextSeq < total &&
               ClientConnections::keepsSending(conn, self) && stream.bytesToWrite() + batch.size() < kMaxQueuedOut &&
               written++ < kSettleSlice) {
            TaskRef ref;
            if (s->prepared) {
                ref = *s->prepared;
                s->prepared.reset();
            } else {
                ref = tracker.create(self->index(), &conn->token);
                tracker.start(ref);
            }
            tracker.setPhase(ref, self->m_phaseSending);
            stampMessage(sendBuf, spec.framing, spec.messageBytes, conn->index, nextSeq);
            batch.append(sendBuf);
            inflight.push_back(InFlight{ref, nextSeq++, nowNs(), true});
        }
        if (!batch.isEmpty()) {
            stream.write(batch.constData(), batch.size()); // a failure shows in isOpen() below
            batch.clear();
        }
        // Messages still queued in the stream are "sending"; once the kernel has them, "awaiting echo".
        const bool stillSending = stream.bytesToWrite() > 0;
        for (auto it = inflight.rbegin(); it != inflight.rend() && it->sending; ++it) {
            if (!stillSending) {
                tracker.setPhase(it->ref, self->m_phaseAwaitingEcho);
                it->sending = false;
            }
        }
        conn->midRoundTrip = !inflight.empty();
        if (inflight.empty())
            co_return; // everything sent and echoed, or stopping
        if (written > kSettleSlice) {
            // A deep pipeline is written a slice per loop pass: thousands of connections each
            // starting ten thousand round trips must not hold the loop in one go.
            co_await scheduler.yield();
            if (conn->token.isCancelled()) {
                s->end = End::Cancelled;
                co_return;
            }
            if (stream.isOpen())
                continue;
        }
        const qint64 deadline = spec.timeoutMs > 0 ? inflight.front().sentNs + spec.timeoutMs * kNsPerMs : 0;
        const WakeReason r = co_await stream.next(scheduler, &conn->token, deadline);
        if (r == WakeReason::Cancelled) {
            s->end = End::Cancelled;
            co_return;
        }
        if (r == WakeReason::TimedOut) {
            s->end = End::TimedOut;
            co_return;
        }
        if (stream.read(in, readChunk) > 0) {
            qsizetype complete = 0, messages = 0;
            if (EchoFrameScanner::scan(spec.framing, in.data(), in.size(), frameBytes, &complete, &messages) ==
                EchoFrameScanner::Status::TooLong) {
                s->fail(ErrorKind::EchoMismatch,
                        QStringLiteral("an echo longer than the %1 bytes sent").arg(frameBytes));
                co_return;
            }
            const qint64 now = nowNs();
            const char *p = in.data();
            const char *const endOfComplete = p + complete;
            while (p < endOfComplete) {
                qsizetype len;
                if (spec.framing == EchoFraming::Line) {
                    len = static_cast<const char *>(std::memchr(p, '\n', size_t(endOfComplete - p))) - p + 1;
                } else {
                    const auto *u = reinterpret_cast<const unsigned char *>(p);
                    len = 4 + qsizetype((quint32(u[0]) << 24) | (quint32(u[1]) << 16) | (quint32(u[2]) << 8) |
                                        quint32(u[3]));
                }
                if (inflight.empty()) {
                    s->fail(ErrorKind::UnexpectedData, QStringLiteral("the server sent more than was asked"));
                    co_return;
                }
                const InFlight f = inflight.front();
                inflight.pop_front();
                stampMessage(expectBuf, spec.framing, spec.messageBytes, conn->index, f.seq);
                if (len == expectBuf.size() && std::memcmp(p, expectBuf.constData(), size_t(len)) == 0) {
                    tracker.finish(f.ref, TaskState::Succeeded, ErrorKind::None, {}, now - f.sentNs);
                } else {
                    tracker.finish(f.ref, TaskState::Failed, ErrorKind::EchoMismatch,
                                   QStringLiteral("echo of message %1 differs from what was sent").arg(f.seq),
                                   now - f.sentNs);
                }
                p += len;
            }
            in.consume(complete);
            if (spec.thinkTimeMs > 0 && inflight.empty() && nextSeq < total &&
                ClientConnections::keepsSending(conn, self)) {
                conn->midRoundTrip = false;
                s->prepared = tracker.create(self->index(), &conn->token);
                tracker.start(*s->prepared);
                tracker.setPhase(*s->prepared, self->m_phaseThinking);
                if (co_await DeadlineWait(scheduler, &conn->token, nowNs() + spec.thinkTimeMs * kNsPerMs) ==
                    WakeReason::Cancelled) {
                    s->end = End::Cancelled;
                    co_return;
                }
            }
            continue;
        }
        if (!stream.isOpen()) {
            s->fail(errorKindOf(stream.error()), stream.errorString());
            co_return;
        }
    }
}

} // namespace coroscope
