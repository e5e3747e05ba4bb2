#pragma once

#include "core/CoroutineFwd.h"
#include "core/ErrorKind.h"
#include "core/EventLatch.h"
#include "net/SocketEvents.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QSocketNotifier;

namespace coroscope {

class ReadBuffer;
class TcpStream;

// How TcpStream::connectTo ended; `stream` is set when `outcome` is Connected, `errorKind` and
// `message` when it is Failed.
struct TcpConnectResult {
    ConnectOutcome outcome = ConnectOutcome::Failed;
    std::unique_ptr<TcpStream> stream;
    ErrorKind errorKind = ErrorKind::None;
    QString message;
};

// A connected TCP socket read and written straight through its descriptor, for the round-trip hot
// paths (echo client and server). QTcpSocket asks the kernel how much is readable (ioctl FIONREAD)
// before every read, copies through its ring buffer and emits a signal per read: three syscalls and
// two copies where one read() into the caller's buffer does. Connecting and accepting stay Qt's
// (errors, timeouts, the listener): a connected QTcpSocket is taken over, and from then on a round
// trip costs one write and one read on each side, as it does for the C epoll pair.
// Owned by the coroutine that uses it; its notifiers are deleted later, never inside their signal.
class TcpStream : public QObject
{
public:
    // Takes over the connection of a connected socket (which is aborted, and may then be
    // deleteLater()ed); bytes it had already buffered are appended to `in`. Null when the socket is
    // not connected or its descriptor cannot be duplicated (`error` says why).
    static std::unique_ptr<TcpStream> takeOver(QAbstractSocket *socket, ReadBuffer &in, QString *error);
    // The one connect of every client on a stream, to an address or a host name (looked up by Qt),
    // within the deadline (0 = none); bytes that came with it are appended to `in`, which must
    // outlive the wait.
    static QCoro::Task<TcpConnectResult> connectTo(QString host, quint16 port, ReadBuffer &in, LoopScheduler &scheduler,
                                                   CancellationToken *token, qint64 deadlineNs);

    // Owns `descriptor`, a connected non-blocking stream socket.
    explicit TcpStream(int descriptor);
    ~TcpStream() override;
    TcpStream(const TcpStream &) = delete;
    TcpStream &operator=(const TcpStream &) = delete;

    bool isOpen() const { return m_fd >= 0 && m_error == QAbstractSocket::UnknownSocketError; }
    // Appends what the kernel holds, at most `maxBytes`, to `in`: the bytes read, 0 when nothing
    // has arrived, -1 when the connection has ended (error(): RemoteHostClosedError at end of stream).
    qint64 read(ReadBuffer &in, qint64 maxBytes);
    // Hands the bytes to the kernel; what it does not take now waits here (bytesToWrite()) and
    // leaves as room appears, each time waking the waiter. False when the connection has failed.
    bool write(const char *data, qsizetype size);
    qint64 bytesToWrite() const { return m_out.size() - m_outHead; }
    // Closes the descriptor; anything still queued is dropped.
    void close();

    QAbstractSocket::SocketError error() const { return m_error; }
    QString errorString() const { return m_errorString; }

    // Resumes when the socket becomes readable (while reads are watched), when queued bytes have
    // left, when the connection failed, or on cancel / deadline (0 = none); at once if one of
    // these happened since the last wait.
    EventLatch::Wait next(LoopScheduler &scheduler, CancellationToken *token, qint64 deadlineNs = 0);
    // A reader holding back (its peer does not read what it is sent) waits for writes alone: while
    // reads are not watched, a readable socket does not wake it.
    void setWatchReads(bool watch) { m_watchReads = watch; }

private:
    static QCoro::Task<TcpConnectResult> connectByName(QString host, quint16 port, ReadBuffer &in,
                                                       LoopScheduler &scheduler, CancellationToken *token,
                                                       qint64 deadlineNs);
    void onReadable();
    void onWritable();
    void fail(int errorNumber);

    int m_fd = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_out;
    qsizetype m_outHead = 0;
    bool m_watchReads = true;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    QString m_errorString;
    EventLatch m_latch;
};

} // namespace coroscope
