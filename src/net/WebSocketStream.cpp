#include "net/WebSocketStream.h"

#include "core/Clock.h"
#include "net/ErrorKinds.h"
#include "net/WebSocketHandshake.h"

#include <QCoroTask>
#include <QTcpSocket>

#include <cstring>

namespace coroscope {

namespace {

// How the peer's close code reads as an outcome: a normal goodbye, a complaint about what we sent
// (protocol, data type, UTF-8, size), or any other abnormal end.
ErrorKind kindOfPeerClose(quint16 code)
{
    switch (code) {
    case WebSocketClose::Normal:
    case WebSocketClose::NoStatus:
        return ErrorKind::ClosedByPeer;
    case WebSocketClose::ProtocolError:
    case WebSocketClose::UnsupportedData:
    case WebSocketClose::InvalidPayload:
    case WebSocketClose::TooBig:
        return ErrorKind::ProtocolError;
    default:
        return ErrorKind::AbnormalClose;
    }
}

} // namespace

WebSocketStream::WebSocketStream(Role role, Limits limits)
    : m_role(role), m_limits(limits),
      m_reader(role == Role::Server ? WebSocketFrameReader::Role::Server : WebSocketFrameReader::Role::Client,
               limits.maxFrameBytes, limits.maxMessageBytes),
      m_writer(/*masking=*/role == Role::Client)
{}

WebSocketStream::~WebSocketStream() = default;

QCoro::Task<ConnectOutcome> WebSocketStream::connect(WebSocketStream *self, QUrl url, LoopScheduler &scheduler,
                                                     CancellationToken *token, qint64 deadlineNs)
{
    TcpConnectResult c =
        co_await TcpStream::connectTo(url.host(), quint16(url.port(80)), self->m_in, scheduler, token, deadlineNs);
    if (c.outcome == ConnectOutcome::Failed)
        self->end(State::Failed, c.errorKind, c.message);
    if (c.outcome != ConnectOutcome::Connected)
        co_return c.outcome;
    self->m_tcp = std::move(c.stream);
    const QByteArray key = WebSocketHandshake::newKey();
    const QByteArray request = WebSocketHandshake::request(url, key);
    self->m_tcp->write(request.constData(), request.size());
    co_return co_await handshake(self, scheduler, token, deadlineNs, key);
}

QCoro::Task<ConnectOutcome> WebSocketStream::accept(WebSocketStream *self, QTcpSocket *socket, LoopScheduler &scheduler,
                                                    CancellationToken *token, qint64 deadlineNs)
{
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    QString why;
    self->m_tcp = TcpStream::takeOver(socket, self->m_in, &why);
    socket->deleteLater();
    if (!self->m_tcp) {
        self->end(State::Failed, ErrorKind::SocketError, why);
        co_return ConnectOutcome::Failed;
    }
    co_return co_await handshake(self, scheduler, token, deadlineNs, {});
}

QCoro::Task<ConnectOutcome> WebSocketStream::handshake(WebSocketStream *self, LoopScheduler &scheduler,
                                                       CancellationToken *token, qint64 deadlineNs, QByteArray key)
{
    WebSocketHandshake hs;
    TcpStream &tcp = *self->m_tcp;
    for (;;) {
        qsizetype used = 0;
        const WebSocketHandshake::Result r = self->m_role == Role::Client
                                                 ? hs.readResponse(self->m_in.data(), self->m_in.size(), key, &used)
                                                 : hs.readRequest(self->m_in.data(), self->m_in.size(), &used);
        if (r == WebSocketHandshake::Result::Done) {
            self->m_in.consume(used);
            if (self->m_role == Role::Server) {
                const QByteArray answer = hs.response();
                tcp.write(answer.constData(), answer.size());
            }
            self->m_state = State::Open;
            self->decode(); // frames that came with the head
            co_return ConnectOutcome::Connected;
        }
        if (r == WebSocketHandshake::Result::Failed) {
            if (self->m_role == Role::Server) {
                const QByteArray answer =
                    WebSocketHandshake::refusal(hs.status(), hs.status() == 426   ? "Upgrade Required"
                                                             : hs.status() == 431 ? "Request Header Fields Too Large"
                                                                                  : "Bad Request");
                tcp.write(answer.constData(), answer.size());
            }
            self->end(State::Failed,
                      hs.status() > 0 && self->m_role == Role::Client ? ErrorKind::UpgradeRefused
                                                                      : ErrorKind::ProtocolError,
                      hs.errorText());
            co_return ConnectOutcome::Failed;
        }
        if (!tcp.isOpen()) {
            self->end(State::Failed,
                      tcp.error() == QAbstractSocket::RemoteHostClosedError ? ErrorKind::ClosedByPeer
                                                                            : errorKindOf(tcp.error()),
                      QStringLiteral("the connection ended during the upgrade: %1").arg(tcp.errorString()));
            co_return ConnectOutcome::Failed;
        }
        const WakeReason w = co_await tcp.next(scheduler, token, deadlineNs);
        if (w == WakeReason::Cancelled)
            co_return ConnectOutcome::Cancelled;
        if (w == WakeReason::TimedOut)
            co_return ConnectOutcome::TimedOut;
        tcp.read(self->m_in, 4096);
    }
}

void WebSocketStream::end(State state, ErrorKind kind, QString message)
{
    m_state = state;
    if (m_endKind == ErrorKind::None) {
        m_endKind = kind;
        m_endMessage = std::move(message);
    }
}

void WebSocketStream::send(QByteArrayView payload, bool text)
{
    if (m_state == State::Open)
        m_writer.append(m_out, text ? WebSocketOpcode::Text : WebSocketOpcode::Binary, payload);
}

void WebSocketStream::ping(QByteArrayView payload)
{
    if (m_state == State::Open)
        m_writer.append(m_out, WebSocketOpcode::Ping, payload.first(std::min<qsizetype>(payload.size(), 125)));
}

void WebSocketStream::flush()
{
    if (m_out.isEmpty())
        return;
    if (m_tcp)
        m_tcp->write(m_out.constData(), m_out.size()); // a failure shows at the next read
    m_out.resize(0);                                   // keeps the allocation for the next batch
}

qint64 WebSocketStream::bytesToWrite() const
{
    return m_out.size() + (m_tcp ? m_tcp->bytesToWrite() : 0);
}

WebSocketStream::Wait WebSocketStream::next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs)
{
    if (m_tcp)
        return Wait(m_tcp->next(scheduler, token, deadlineNs), this);
    // Never connected: nothing to wait for but the token and the deadline.
    thread_local EventLatch never;
    return Wait(never.next(scheduler, token, deadlineNs, /*sourceGone=*/true), this);
}

void WebSocketStream::setWatchReads(bool watch)
{
    m_watchReads = watch;
    if (m_tcp)
        m_tcp->setWatchReads(watch);
}

void WebSocketStream::receive()
{
    if (m_taken == m_stored.size()) {
        m_stored.clear();
        m_taken = 0;
        m_store.resize(0);
    }
    if (!m_tcp)
        return;
    // A failed connection (a write found it reset) ends the stream even while reads are not watched.
    const qint64 got = !m_tcp->isOpen() ? -1 : m_watchReads ? m_tcp->read(m_in, m_limits.readChunkBytes) : 0;
    if (m_state != State::Open && m_state != State::Closing) {
        // Both close frames went (or the stream failed): what still comes is dropped, and only
        // the end of the stream matters.
        m_in.clear();
        return;
    }
    if (got > 0) {
        decode();
        return;
    }
    if (got < 0) {
        // The connection ended without a close frame, or after ours went unanswered.
        if (m_state == State::Closing) {
            m_state = State::Closed;
        } else if (m_state == State::Open) {
            m_closeCode = WebSocketClose::Abnormal;
            end(State::Failed, ErrorKind::AbnormalClose,
                QStringLiteral("the connection ended without a close frame (1006): %1").arg(m_tcp->errorString()));
        }
    }
}

void WebSocketStream::decode()
{
    qsizetype offset = 0;
    while (!m_overrun && (m_state == State::Open || m_state == State::Closing)) {
        qsizetype used = 0;
        const auto event = m_reader.next(m_in.data() + offset, m_in.size() - offset, &used);
        offset += used;
        if (event == WebSocketFrameReader::Event::NeedMore)
            break;
        switch (event) {
        case WebSocketFrameReader::Event::Message: {
            if (m_state != State::Open)
                break; // after our close frame, data is dropped (section 5.5.1)
            if (qsizetype(m_stored.size() - m_taken) >= m_limits.maxQueuedMessages) {
                m_overrun = true;
                break;
            }
            const QByteArrayView payload = m_reader.payload();
            const qsizetype at = m_store.size();
            m_store.resize(at + payload.size());
            if (!payload.isEmpty())
                std::memcpy(m_store.data() + at, payload.data(), size_t(payload.size()));
            m_stored.push_back(Stored{at, payload.size(), m_reader.isText()});
            break;
        }
        case WebSocketFrameReader::Event::Ping:
            if (m_state == State::Open)
                m_writer.append(m_out, WebSocketOpcode::Pong, m_reader.payload());
            break;
        case WebSocketFrameReader::Event::Pong:
            ++m_pongs;
            m_lastPongNs = nowNs();
            break;
        case WebSocketFrameReader::Event::Close:
            onPeerClose(m_reader.closeCode(), m_reader.closeReason());
            break;
        case WebSocketFrameReader::Event::Error:
            if (!m_sentClose) {
                m_writer.appendClose(m_out, m_reader.closeCode(), m_reader.errorText().toUtf8());
                m_sentClose = true;
            }
            m_closeCode = m_reader.closeCode();
            end(State::Failed, ErrorKind::ProtocolError,
                QStringLiteral("protocol error, closed with %1: %2").arg(m_closeCode).arg(m_reader.errorText()));
            break;
        case WebSocketFrameReader::Event::NeedMore:
            break;
        }
    }
    // What was decoded is gone; an overrun drops the rest (the owner ends the connection).
    if (m_overrun)
        m_in.clear();
    else
        m_in.consume(offset);
    flush(); // pongs and close frames leave now
}

void WebSocketStream::onPeerClose(quint16 code, QByteArrayView reason)
{
    m_receivedClose = true;
    if (m_sentClose) {
        m_state = State::Closed; // the answer to ours: the handshake is complete
        return;
    }
    // Answer with the same code (section 5.5.1); the peer's end is the outcome.
    m_writer.appendClose(m_out, code);
    m_sentClose = true;
    m_closeCode = code;
    m_closeReason = QString::fromUtf8(reason);
    end(State::Closed, kindOfPeerClose(code),
        QStringLiteral("closed by the peer with code %1 %2").arg(code).arg(m_closeReason).trimmed());
}

bool WebSocketStream::takeMessage(WebSocketMessageView *message)
{
    if (m_taken >= m_stored.size())
        return false;
    const Stored &s = m_stored[m_taken++];
    message->data = QByteArrayView(m_store.constData() + s.offset, s.size);
    message->text = s.text;
    return true;
}

qint64 WebSocketStream::takePongs(qint64 *lastArrivalNs)
{
    const qint64 n = m_pongs;
    m_pongs = 0;
    *lastArrivalNs = m_lastPongNs;
    return n;
}

void WebSocketStream::close(quint16 code, QByteArrayView reason)
{
    if (m_state != State::Open)
        return;
    m_writer.appendClose(m_out, code, reason);
    m_sentClose = true;
    m_state = State::Closing;
    flush();
}

void WebSocketStream::abort()
{
    if (m_tcp)
        m_tcp->close();
    if (m_state == State::Open || m_state == State::Closing || m_state == State::Connecting)
        m_state = State::Closed;
}

} // namespace coroscope
