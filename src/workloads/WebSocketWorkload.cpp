#include "workloads/WebSocketWorkload.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "core/TaskTracker.h"
#include "net/WebSocketServer.h"
#include "net/WebSocketStream.h"
#include "workloads/EchoServerGauges.h"

#include <QCoroTask>

#include <deque>
#include <optional>

namespace coroscope {

namespace {

// The message for (connection, seq): a hex stamp then padding, so an echo is checked byte for byte
// and a reordered or foreign one is caught.
void stampMessage(QByteArray &msg, qint64 bytes, int connection, quint64 seq)
{
    if (msg.size() != bytes)
        msg = QByteArray(bytes, 'x');
    static const char hex[] = "0123456789abcdef";
    const quint64 stamp = (quint64(connection) << 40) ^ seq;
    const qsizetype room = std::min<qsizetype>(16, bytes);
    char *p = msg.data(); // detached once (the last message may still be shared with the socket)
    for (qsizetype i = 0; i < room; ++i)
        p[i] = hex[(stamp >> (4 * (room - 1 - i))) & 0xf];
}

// Messages are queued for sending only while less than this waits for the kernel.
constexpr qint64 kMaxQueuedOut = 256 * 1024;

} // namespace

WebSocketSpec WebSocketSpec::read(JsonReader &r)
{
    WebSocketSpec s;
    s.readConnectionKeys(r);
    if (!s.builtin()) {
        const QUrl u(s.server);
        if (!u.isValid() || u.scheme() != QLatin1String("ws") || u.host().isEmpty() || u.port() == 0)
            r.error(QStringLiteral("server"),
                    tr("expected \"builtin\" or a ws://host:port/path URL, found \"%1\"").arg(s.server));
    }
    s.messageBytes = r.integer(QStringLiteral("messageBytes"), s.messageBytes, 1, 16 * 1024 * 1024);
    s.binary = r.choice(QStringLiteral("format"), {QStringLiteral("text"), QStringLiteral("binary")},
                        QStringLiteral("text")) == QLatin1String("binary");
    s.pingIntervalMs = r.integer(QStringLiteral("pingIntervalMs"), s.pingIntervalMs, 0, 3'600'000);
    s.closeTimeoutMs = r.integer(QStringLiteral("closeTimeoutMs"), s.closeTimeoutMs, 0, 600'000);
    s.serverMaxMessageBytes =
        r.integer(QStringLiteral("serverMaxMessageBytes"), s.serverMaxMessageBytes, 16, 256 * 1024 * 1024);
    s.serverMaxFrameBytes =
        r.integer(QStringLiteral("serverMaxFrameBytes"), s.serverMaxFrameBytes, 16, 256 * 1024 * 1024);
    return s;
}

WebSocketWorkload::WebSocketWorkload(QString name, WebSocketSpec spec, QObject *parent)
    : ClientConnectionsWorkload(std::move(name), QStringLiteral("websocket"), parent), m_spec(std::move(spec))
{}

WebSocketWorkload::~WebSocketWorkload() = default;

QString WebSocketWorkload::builtinServerAddress() const
{
    return m_server ? m_url.toString() : QString();
}

bool WebSocketWorkload::prepare(QString *error)
{
    if (!m_spec.builtin()) {
        m_url = QUrl(m_spec.server);
        return true;
    }
    WebSocketServerOptions o;
    o.maxMessageBytes = m_spec.serverMaxMessageBytes;
    o.maxFrameBytes = m_spec.serverMaxFrameBytes;
    if (!startBuiltinServer(m_server, o, error))
        return false;
    m_url = QUrl(m_server->url());
    return true;
}

void WebSocketWorkload::start()
{
    m_phaseConnecting = tracker().internPhase(QStringLiteral("connecting"));
    m_phaseAwaitingEcho = tracker().internPhase(QStringLiteral("open"));
    m_phaseThinking = tracker().internPhase(QStringLiteral("thinking"));
    startConnections();
}

void WebSocketWorkload::startConnection(ClientConnection *conn)
{
    runConnection(this, conn);
}

void WebSocketWorkload::describe(WorkloadSnapshot &out) const
{
    out.target =
        m_server ? QStringLiteral("built-in WebSocket echo server %1").arg(m_url.toString()) : m_url.toString();
    m_connections.describe(out, /*withClosing=*/true);
    out.gauges.insert(Gauge::CloseHandshakes, double(m_closeHandshakes));
    if (m_spec.pingIntervalMs > 0) {
        out.gauges.insert(Gauge::Pings, double(m_pings.count()));
        out.gauges.insert(Gauge::PingP50Ms, double(m_pings.quantileNs(0.5)) / 1e6);
        out.gauges.insert(Gauge::PingP99Ms, double(m_pings.quantileNs(0.99)) / 1e6);
    }
    if (m_server)
        describeEchoServer(out, m_server->stats());
}

QCoro::Task<void> WebSocketWorkload::runConnection(WebSocketWorkload *self, ClientConnection *conn)
{
    TaskTracker &tracker = self->tracker();
    LoopScheduler &scheduler = self->scheduler();
    const WebSocketSpec &spec = self->m_spec;
    const int workload = self->index();

    if (!co_await ClientConnections::awaitTurn(conn, self, scheduler)) {
        self->connectionEnded(conn, ConnectionState::Closed);
        co_return;
    }

    WebSocketStream::Limits limits;
    limits.maxFrameBytes = limits.maxMessageBytes = spec.messageBytes + 64;
    limits.maxQueuedMessages = spec.pipeline + 1;
    limits.readChunkBytes = std::clamp<qint64>((spec.messageBytes + 14) * spec.pipeline, 4096, 256 * 1024);
    WebSocketStream ws(WebSocketStream::Role::Client, limits);
    // The first round trip exists from the moment the connection is attempted: "connecting" covers
    // TCP and the upgrade, and a refused upgrade fails it with a counted kind.
    std::optional<TaskRef> prepared = tracker.create(workload, &conn->token);
    tracker.start(*prepared);
    tracker.setPhase(*prepared, self->m_phaseConnecting);
    self->m_connections.setState(conn, ConnectionState::Connecting);

    enum class End { Normal, Cancelled, TimedOut, Failed } end = End::Normal;
    ErrorKind failKind = ErrorKind::None;
    QString failMessage;
    auto failFromSocket = [&] {
        end = End::Failed;
        failKind = ws.endKind() == ErrorKind::None ? ErrorKind::SocketError : ws.endKind();
        failMessage = ws.endMessage();
    };

    const qint64 connectDeadline = spec.connectTimeoutMs > 0 ? nowNs() + spec.connectTimeoutMs * kNsPerMs : 0;
    switch (co_await WebSocketStream::connect(&ws, self->m_url, scheduler, &conn->token, connectDeadline)) {
    case ConnectOutcome::Connected:
        break;
    case ConnectOutcome::Failed:
        failFromSocket();
        break;
    case ConnectOutcome::Cancelled:
        end = End::Cancelled;
        break;
    case ConnectOutcome::TimedOut:
        end = End::Failed;
        failKind = ErrorKind::ConnectTimeout;
        failMessage = QStringLiteral("no upgrade within %1 ms").arg(spec.connectTimeoutMs);
        break;
    }

    struct InFlight {
        TaskRef ref;
        quint64 seq;
        qint64 sentNs;
    };
    std::deque<InFlight> inflight;
    if (end == End::Normal) {
        self->m_connections.setState(conn, ConnectionState::Open);
        const quint64 total = spec.messagesPerConnection > 0 ? quint64(spec.messagesPerConnection) : ~quint64(0);
        QByteArray sendBuf, expectBuf;
        quint64 nextSeq = 0;
        qint64 nextPingNs = spec.pingIntervalMs > 0 ? nowNs() + spec.pingIntervalMs * kNsPerMs : 0;
        qint64 pingSentNs = 0;
        for (;;) {
            bool sent = false;
            // Back-pressure: a deep pipeline of large messages waits for the server to read.
            while (qint64(inflight.size()) < spec.pipeline && nextSeq < total &&
                   ClientConnections::keepsSending(conn, self) && ws.bytesToWrite() < kMaxQueuedOut) {
                TaskRef ref;
                if (prepared) {
                    ref = *prepared;
                    prepared.reset();
                } else {
                    ref = tracker.create(workload, &conn->token);
                    tracker.start(ref);
                }
                tracker.setPhase(ref, self->m_phaseAwaitingEcho);
                stampMessage(sendBuf, spec.messageBytes, conn->index, nextSeq);
                ws.send(sendBuf, !spec.binary);
                inflight.push_back(InFlight{ref, nextSeq++, nowNs()});
                sent = true;
            }
            if (nextPingNs > 0 && pingSentNs == 0 && nowNs() >= nextPingNs) {
                pingSentNs = nowNs();
                ws.ping(QByteArray::number(pingSentNs));
                sent = true;
            }
            if (sent)
                ws.flush(); // the messages of one pass in one write
            conn->midRoundTrip = !inflight.empty();
            if (inflight.empty())
                break; // everything sent and echoed, or stopping
            qint64 deadline = spec.timeoutMs > 0 ? inflight.front().sentNs + spec.timeoutMs * kNsPerMs : 0;
            if (nextPingNs > 0 && pingSentNs == 0 && (deadline == 0 || nextPingNs < deadline))
                deadline = nextPingNs;
            const WakeReason r = co_await ws.next(scheduler, &conn->token, deadline);
            if (r == WakeReason::Cancelled) {
                end = End::Cancelled;
                break;
            }
            if (r == WakeReason::TimedOut && spec.timeoutMs > 0 &&
                nowNs() >= inflight.front().sentNs + spec.timeoutMs * kNsPerMs) {
                end = End::TimedOut;
                break;
            }
            qint64 pongAt = 0;
            if (pingSentNs > 0 && ws.takePongs(&pongAt) > 0) {
                self->m_pings.record(pongAt - pingSentNs);
                pingSentNs = 0;
                nextPingNs = pongAt + spec.pingIntervalMs * kNsPerMs;
            }
            if (ws.overrun()) {
                end = End::Failed;
                failKind = ErrorKind::UnexpectedData;
                failMessage = QStringLiteral("the server sent more messages than were asked");
                break;
            }
            const qint64 now = nowNs();
            WebSocketMessageView m;
            while (ws.takeMessage(&m)) {
                if (inflight.empty()) {
                    end = End::Failed;
                    failKind = ErrorKind::UnexpectedData;
                    failMessage = QStringLiteral("the server sent more than was asked");
                    break;
                }
                const InFlight f = inflight.front();
                inflight.pop_front();
                stampMessage(expectBuf, spec.messageBytes, conn->index, f.seq);
                if (m.text != !spec.binary || m.data != QByteArrayView(expectBuf)) {
                    tracker.finish(f.ref, TaskState::Failed, ErrorKind::EchoMismatch,
                                   QStringLiteral("echo of message %1 differs from what was sent").arg(f.seq),
                                   now - f.sentNs);
                } else {
                    tracker.finish(f.ref, TaskState::Succeeded, ErrorKind::None, {}, now - f.sentNs);
                }
            }
            if (end != End::Normal)
                break;
            if (!ws.isOpen() && !inflight.empty()) {
                failFromSocket();
                break;
            }
            if (spec.thinkTimeMs > 0 && inflight.empty() && nextSeq < total &&
                ClientConnections::keepsSending(conn, self)) {
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
        }
    }

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

    if (ws.isOpen() && end != End::Failed) {
        // The close handshake: our close frame, the server's answer, then the server closes TCP.
        self->m_connections.setState(conn, ConnectionState::Closing);
        ws.close(WebSocketClose::Normal);
        CancellationToken none; // a cancelled run still closes politely, within the deadline
        const qint64 closeDeadline = nowNs() + std::max<qint64>(1, spec.closeTimeoutMs) * kNsPerMs;
        while (!ws.isTcpClosed() && (ws.state() == WebSocketStream::State::Closing || ws.closeHandshakeDone())) {
            if (co_await ws.next(scheduler, &none, closeDeadline) != WakeReason::Signalled)
                break;
        }
        if (ws.closeHandshakeDone())
            ++self->m_closeHandshakes;
    }
    ws.abort();
    self->connectionEnded(conn, end == End::Failed ? ConnectionState::Failed : ConnectionState::Closed);
}

} // namespace coroscope
