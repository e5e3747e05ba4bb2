#pragma once

#include "core/CoroutineFwd.h"
#include "core/ErrorKind.h"
#include "net/ReadBuffer.h"
#include "net/SocketEvents.h"
#include "net/TcpStream.h"
#include "net/WebSocketFrameReader.h"
#include "net/WebSocketFrameWriter.h"

#include <QByteArray>
#include <QUrl>

#include <memory>
#include <vector>

class QTcpSocket;

namespace coroscope {

// A received message, valid until the next next() or takeMessage() of its stream.
struct WebSocketMessageView {
    QByteArrayView data;
    bool text = false;
};

// One WebSocket connection, client or server side, spoken straight on a TcpStream: the upgrade
// (WebSocketHandshake), frames (WebSocketFrameReader/Writer), pings answered, the close handshake,
// protocol errors closed with their code. Sending appends frames to a batch that flush() hands
// to the kernel in one write; next() waits like TcpStream::next() and, on waking, reads once and
// decodes what arrived, so a round trip costs one write and one read on each side.
// Bounded: at most maxQueuedMessages decoded messages wait to be taken (past that, overrun());
// input beyond one frame header is never buffered (the reader takes payloads as they arrive).
// Owned by the coroutine that uses it, like TcpStream.
class WebSocketStream
{
public:
    enum class Role { Client, Server };
    enum class State { Connecting, Open, Closing, Closed, Failed };
    struct Limits {
        qint64 maxFrameBytes = 1024 * 1024;
        qint64 maxMessageBytes = 1024 * 1024;
        qsizetype maxQueuedMessages = 1024;
        qint64 readChunkBytes = 16 * 1024; // the most one read takes
    };

    WebSocketStream(Role role, Limits limits);
    ~WebSocketStream();
    WebSocketStream(const WebSocketStream &) = delete;
    WebSocketStream &operator=(const WebSocketStream &) = delete;

    // Client: TCP connect and upgrade to `url` (ws://host:port/path). Connected: open; Failed:
    // endKind() and endMessage() say why (a refused upgrade carries its HTTP status).
    static QCoro::Task<ConnectOutcome> connect(WebSocketStream *self, QUrl url, LoopScheduler &scheduler,
                                               CancellationToken *token, qint64 deadlineNs);
    // Server: takes over an accepted socket (deleteLater()s it), reads the request and answers it:
    // 101, or an HTTP error and Failed.
    static QCoro::Task<ConnectOutcome> accept(WebSocketStream *self, QTcpSocket *socket, LoopScheduler &scheduler,
                                              CancellationToken *token, qint64 deadlineNs);

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }

    // Queues a message (one frame) or a ping in the batch; flush() writes the batch.
    void send(QByteArrayView payload, bool text);
    void ping(QByteArrayView payload);
    void flush();
    // Bytes not yet taken by the kernel (the batch included): the sender's back-pressure.
    qint64 bytesToWrite() const;

    // Resumes as TcpStream::next() does, then reads once and decodes what arrived.
    class Wait
    {
    public:
        Wait(EventLatch::Wait inner, WebSocketStream *stream) : m_inner(std::move(inner)), m_stream(stream) {}
        bool await_ready() { return m_inner.await_ready(); }
        void await_suspend(std::coroutine_handle<> h) { m_inner.await_suspend(h); }
        WakeReason await_resume()
        {
            const WakeReason r = m_inner.await_resume();
            m_stream->receive();
            return r;
        }

    private:
        EventLatch::Wait m_inner;
        WebSocketStream *m_stream;
    };
    Wait next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs = 0);
    // While reads are not watched (a server whose client does not read its echo), next() wakes
    // for writes alone and reads nothing: TCP flow control pushes back on the peer.
    void setWatchReads(bool watch);

    // The next decoded message, in order; false when none is waiting.
    bool takeMessage(WebSocketMessageView *message);
    // More messages arrived than maxQueuedMessages allowed to wait: the peer sent unasked ones.
    bool overrun() const { return m_overrun; }
    // Pongs received since the last call; `lastArrivalNs` the time the last one arrived.
    qint64 takePongs(qint64 *lastArrivalNs);

    // Starts the close handshake (Closing); Closed when the peer's close frame answers.
    void close(quint16 code, QByteArrayView reason = {});
    // Both close frames went: the close handshake completed.
    bool closeHandshakeDone() const { return m_sentClose && m_receivedClose; }
    // The TCP connection ended (end of stream or error) or was closed here.
    bool isTcpClosed() const { return !m_tcp || !m_tcp->isOpen(); }
    // Closes the TCP connection now.
    void abort();

    // Why the stream left Open other than by its own close(): the peer closed (its code and reason),
    // a protocol error (ours or theirs), the connection dropped, or the upgrade failed.
    quint16 closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    ErrorKind endKind() const { return m_endKind; }
    QString endMessage() const { return m_endMessage; }

private:
    static QCoro::Task<ConnectOutcome> handshake(WebSocketStream *self, LoopScheduler &scheduler,
                                                 CancellationToken *token, qint64 deadlineNs, QByteArray key);
    void receive();
    void decode();
    void end(State state, ErrorKind kind, QString message);
    void onPeerClose(quint16 code, QByteArrayView reason);

    Role m_role;
    Limits m_limits;
    State m_state = State::Connecting;
    std::unique_ptr<TcpStream> m_tcp;
    ReadBuffer m_in;
    QByteArray m_out;
    WebSocketFrameReader m_reader;
    WebSocketFrameWriter m_writer;
    // Decoded messages waiting to be taken, back to back in one buffer.
    struct Stored {
        qsizetype offset;
        qsizetype size;
        bool text;
    };
    QByteArray m_store;
    std::vector<Stored> m_stored;
    size_t m_taken = 0;
    bool m_overrun = false;
    bool m_watchReads = true;
    qint64 m_pongs = 0;
    qint64 m_lastPongNs = 0;
    bool m_sentClose = false;
    bool m_receivedClose = false;
    quint16 m_closeCode = 0;
    QString m_closeReason;
    ErrorKind m_endKind = ErrorKind::None;
    QString m_endMessage;
};

} // namespace coroscope
