#include "workloads/EchoWorkload.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "net/EchoServer.h"
#include "net/ErrorKinds.h"
#include "net/ReadBuffer.h"
#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QRegularExpression>
#include <QTcpSocket>

#include <cstring>
#include <deque>
#include <optional>

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
    static const char hex[] = "0123456789abcdef";
    const quint64 stamp = (quint64(connection) << 40) ^ seq;
    const qsizetype room = std::min<qsizetype>(16, payloadBytes - (framing == EchoFraming::Line ? 1 : 0));
    char *p = msg.data() + header;
    for (qsizetype i = 0; i < room; ++i)
        p[i] = hex[(stamp >> (4 * (room - 1 - i))) & 0xf];
}

} // namespace

EchoSpec EchoSpec::read(JsonReader &r)
{
    EchoSpec s;
    s.server = r.string(QStringLiteral("server"), s.server);
    static const QRegularExpression hostPort(QStringLiteral("^(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9.\\-]+):(\\d{1,5})$"));
    if (s.server != QLatin1String("builtin")) {
        const auto m = hostPort.match(s.server);
        if (!m.hasMatch() || m.captured(2).toInt() < 1 || m.captured(2).toInt() > 65535)
            r.error(QStringLiteral("server"),
                    tr("expected \"builtin\" or host:port with a port from 1 to 65535, found \"%1\"")
                        .arg(s.server));
    }
    s.connections = r.integer(QStringLiteral("connections"), s.connections, 1, 100'000);
    s.messagesPerConnection = r.integer(QStringLiteral("messagesPerConnection"), s.messagesPerConnection, 0, 1'000'000'000);
    s.framing = echoFramingFromKey(r.choice(QStringLiteral("framing"), echoFramingKeys(), QStringLiteral("line")));
    s.messageBytes = r.integer(QStringLiteral("messageBytes"), s.messageBytes,
                               s.framing == EchoFraming::Line ? 2 : 1, 16 * 1024 * 1024);
    s.pipeline = r.integer(QStringLiteral("pipeline"), s.pipeline, 1, 10'000);
    s.thinkTimeMs = r.integer(QStringLiteral("thinkTimeMs"), s.thinkTimeMs, 0, 3'600'000);
    s.rampPerSecond = r.number(QStringLiteral("rampPerSecond"), s.rampPerSecond, 0, 1e6);
    s.timeoutMs = r.integer(QStringLiteral("timeoutMs"), s.timeoutMs, 0, 3'600'000);
    s.connectTimeoutMs = r.integer(QStringLiteral("connectTimeoutMs"), s.connectTimeoutMs, 0, 3'600'000);
    s.serverMaxMessageBytes = r.integer(QStringLiteral("serverMaxMessageBytes"), s.serverMaxMessageBytes, 16,
                                        64 * 1024 * 1024);
    s.serverIdleTimeoutMs = r.integer(QStringLiteral("serverIdleTimeoutMs"), s.serverIdleTimeoutMs, 0, 86'400'000);
    s.serverMaxConnections = r.integer(QStringLiteral("serverMaxConnections"), s.serverMaxConnections, 1, 1'000'000);
    return s;
}

EchoWorkload::EchoWorkload(QString name, EchoSpec spec, QObject *parent)
    : Workload(std::move(name), QStringLiteral("echo"), parent), m_spec(std::move(spec))
{
}

EchoWorkload::~EchoWorkload() = default;

bool EchoWorkload::prepare(QString *error)
{
    if (m_spec.server == QLatin1String("builtin")) {
        if (!m_server) {
            EchoServerOptions o;
            o.framing = m_spec.framing;
            o.maxMessageBytes = m_spec.serverMaxMessageBytes;
            o.idleTimeoutMs = int(m_spec.serverIdleTimeoutMs);
            o.maxConnections = int(m_spec.serverMaxConnections);
            m_server = std::make_unique<EchoServer>(o);
            if (!m_server->start(error)) {
                m_server.reset();
                return false;
            }
        }
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
    m_startNs = nowNs();
    m_connections.reserve(size_t(m_spec.connections));
    for (qint64 i = 0; i < m_spec.connections; ++i) {
        auto c = std::make_unique<Connection>();
        c->index = int(i);
        m_connections.push_back(std::move(c));
        ++m_stateCounts[int(ConnState::Waiting)];
    }
    m_live = m_spec.connections;
    for (auto &c : m_connections)
        runConnection(this, c.get());
}

void EchoWorkload::setState(Connection *conn, ConnState state)
{
    --m_stateCounts[int(conn->state)];
    conn->state = state;
    ++m_stateCounts[int(state)];
}

void EchoWorkload::connectionEnded()
{
    if (--m_live == 0)
        markFinished();
}

void EchoWorkload::onStopping()
{
    // Graceful: connections mid round trip finish it; the others (waiting to connect, thinking) stop now.
    for (auto &c : m_connections) {
        if (!c->midRoundTrip)
            c->token.cancel();
    }
}

void EchoWorkload::onCancelAll()
{
    for (auto &c : m_connections)
        c->token.cancel();
}

void EchoWorkload::describe(WorkloadSnapshot &out) const
{
    out.target = m_server ? QStringLiteral("built-in echo server %1:%2").arg(m_host.toString()).arg(m_port)
                          : QStringLiteral("%1:%2").arg(m_host.toString()).arg(m_port);
    out.gauges.insert(Gauge::ConnectionsWaiting, double(m_stateCounts[int(ConnState::Waiting)]));
    out.gauges.insert(Gauge::ConnectionsConnecting, double(m_stateCounts[int(ConnState::Connecting)]));
    out.gauges.insert(Gauge::ConnectionsOpen, double(m_stateCounts[int(ConnState::Open)]));
    out.gauges.insert(Gauge::ConnectionsClosed, double(m_stateCounts[int(ConnState::Closed)]));
    out.gauges.insert(Gauge::ConnectionsFailed, double(m_stateCounts[int(ConnState::Failed)]));
    if (m_server) {
        const EchoServerStats &s = m_server->stats();
        out.gauges.insert(Gauge::ServerConnectionsOpen, double(s.open.load()));
        out.gauges.insert(Gauge::ServerMessages, double(s.messages.load()));
        out.gauges.insert(Gauge::ServerBytesIn, double(s.bytesIn.load()));
        out.gauges.insert(Gauge::ServerClosedTooLong, double(s.closedTooLong.load()));
        out.gauges.insert(Gauge::ServerClosedIdle, double(s.closedIdle.load()));
        out.gauges.insert(Gauge::ServerRefused, double(s.refused.load()));
    }
}

QCoro::Task<void> EchoWorkload::runConnection(EchoWorkload *self, Connection *conn)
{
    TaskTracker &tracker = self->tracker();
    LoopScheduler &scheduler = self->scheduler();
    const EchoSpec &spec = self->m_spec;
    const int workload = self->index();

    if (spec.rampPerSecond > 0 && conn->index > 0) {
        const qint64 at = self->m_startNs + qint64(double(conn->index) * 1e9 / spec.rampPerSecond);
        co_await DeadlineWait(scheduler, &conn->token, at);
    }
    if (conn->token.isCancelled() || self->isStopping()) {
        self->setState(conn, ConnState::Closed);
        self->connectionEnded();
        co_return;
    }

    auto *socket = new QTcpSocket; // owned by this coroutine; deleteLater() at the end, never delete
    SocketEvents events(socket);
    // The first round trip exists from the moment the connection is attempted: its phase shows
    // "connecting", and a refused connection fails it with a counted error kind.
    std::optional<TaskRef> prepared = tracker.create(workload, &conn->token);
    tracker.start(*prepared);
    tracker.setPhase(*prepared, self->m_phaseConnecting);
    self->setState(conn, ConnState::Connecting);
    socket->connectToHost(self->m_host, self->m_port);
    const qint64 connectDeadline = spec.connectTimeoutMs > 0 ? nowNs() + spec.connectTimeoutMs * kNsPerMs : 0;

    enum class End { Normal, Cancelled, TimedOut, Failed } end = End::Normal;
    ErrorKind failKind = ErrorKind::None;
    QString failMessage;
    switch (co_await SocketEvents::connected(&events, scheduler, &conn->token, connectDeadline)) {
    case ConnectOutcome::Connected:
        break;
    case ConnectOutcome::Failed:
        end = End::Failed;
        failKind = errorKindOf(socket->error());
        failMessage = socket->errorString();
        break;
    case ConnectOutcome::Cancelled:
        end = End::Cancelled;
        break;
    case ConnectOutcome::TimedOut:
        end = End::Failed;
        failKind = ErrorKind::ConnectTimeout;
        failMessage = QStringLiteral("no connection within %1 ms").arg(spec.connectTimeoutMs);
        break;
    }

    struct InFlight {
        TaskRef ref;
        quint64 seq;
        qint64 sentNs;
        bool sending = true;
    };
    std::deque<InFlight> inflight;
    if (end == End::Normal) {
        self->setState(conn, ConnState::Open);
        const quint64 total = spec.messagesPerConnection > 0 ? quint64(spec.messagesPerConnection) : ~quint64(0);
        const qsizetype frameBytes = spec.messageBytes + (spec.framing == EchoFraming::LengthPrefixed ? 4 : 0);
        QByteArray sendBuf, expectBuf;
        ReadBuffer in;
        quint64 nextSeq = 0;
        for (;;) {
            while (qint64(inflight.size()) < spec.pipeline && nextSeq < total && !self->isStopping()) {
                TaskRef ref;
                if (prepared) {
                    ref = *prepared;
                    prepared.reset();
                } else {
                    ref = tracker.create(workload, &conn->token);
                    tracker.start(ref);
                }
                tracker.setPhase(ref, self->m_phaseSending);
                stampMessage(sendBuf, spec.framing, spec.messageBytes, conn->index, nextSeq);
                socket->write(sendBuf);
                inflight.push_back(InFlight{ref, nextSeq++, nowNs(), true});
            }
            if (socket->bytesToWrite() > 0)
                socket->flush(); // now, not on the next loop pass through the write notifier
            // Messages still queued in the socket are "sending"; once the kernel has them, "awaiting echo".
            const bool stillSending = socket->bytesToWrite() > 0;
            events.setWatchWrites(stillSending);
            for (auto it = inflight.rbegin(); it != inflight.rend() && it->sending; ++it) {
                if (!stillSending) {
                    tracker.setPhase(it->ref, self->m_phaseAwaitingEcho);
                    it->sending = false;
                }
            }
            conn->midRoundTrip = !inflight.empty();
            if (inflight.empty())
                break; // everything sent and echoed, or stopping
            const qint64 deadline = spec.timeoutMs > 0 ? inflight.front().sentNs + spec.timeoutMs * kNsPerMs : 0;
            const WakeReason r = co_await events.next(scheduler, &conn->token, deadline);
            if (r == WakeReason::Cancelled) {
                end = End::Cancelled;
                break;
            }
            if (r == WakeReason::TimedOut) {
                end = End::TimedOut;
                break;
            }
            if (socket->bytesAvailable() > 0) {
                in.fillFrom(socket);
                qsizetype complete = 0, messages = 0;
                if (EchoFrameScanner::scan(spec.framing, in.data(), in.size(), frameBytes, &complete,
                                           &messages) == EchoFrameScanner::Status::TooLong) {
                    end = End::Failed;
                    failKind = ErrorKind::EchoMismatch;
                    failMessage = QStringLiteral("an echo longer than the %1 bytes sent").arg(frameBytes);
                    break;
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
                        end = End::Failed;
                        failKind = ErrorKind::UnexpectedData;
                        failMessage = QStringLiteral("the server sent more than was asked");
                        break;
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
                if (end != End::Normal)
                    break;
                in.consume(complete);
                if (spec.thinkTimeMs > 0 && inflight.empty() && nextSeq < total && !self->isStopping()) {
                    conn->midRoundTrip = false;
                    prepared = tracker.create(workload, &conn->token);
                    tracker.start(*prepared);
                    tracker.setPhase(*prepared, self->m_phaseThinking);
                    if (co_await DeadlineWait(scheduler, &conn->token, nowNs() + spec.thinkTimeMs * kNsPerMs) ==
                        WakeReason::Cancelled) {
                        end = End::Cancelled;
                        break;
                    }
                }
                continue;
            }
            if (socket->state() != QAbstractSocket::ConnectedState) {
                end = End::Failed;
                failKind = errorKindOf(socket->error());
                failMessage = socket->errorString();
                break;
            }
        }
    }

    // Whatever is still open ends with the connection.
    auto settle = [&](TaskRef ref) {
        switch (end) {
        case End::Normal:
        case End::Cancelled:
            tracker.finish(ref, TaskState::Cancelled);
            break;
        case End::TimedOut:
            tracker.finish(ref, TaskState::TimedOut);
            break;
        case End::Failed:
            tracker.finish(ref, TaskState::Failed, failKind, failMessage);
            break;
        }
    };
    for (const InFlight &f : inflight)
        settle(f.ref);
    if (prepared)
        settle(*prepared);
    conn->midRoundTrip = false;
    self->setState(conn, end == End::Normal || end == End::Cancelled ? ConnState::Closed : ConnState::Failed);
    if (end == End::Normal)
        socket->disconnectFromHost();
    else
        socket->abort();
    socket->deleteLater();
    self->connectionEnded();
}

} // namespace coroscope
