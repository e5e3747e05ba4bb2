#pragma once

#include "core/ErrorKind.h"
#include "core/EventLatch.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <vector>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
class QSocketNotifier;

namespace QCoro {
template<typename T> class Task;
}

namespace coroscope {

// How a PostgreSQL call ended. A failure carries an error kind, libpq's message (with the SQLSTATE
// in front for server errors) and the SQLSTATE itself; `cancelled` when the token fired.
struct PgOutcome {
    ErrorKind kind = ErrorKind::None;
    QString message;
    QByteArray sqlState;
    bool cancelled = false;
    bool ok() const { return kind == ErrorKind::None && !cancelled; }
};

// One libpq connection in non-blocking mode, driven by the Qt event loop: its socket sits on
// QSocketNotifiers this object owns, and every wait is "socket activity OR cancel OR deadline" on
// the engine's scheduler, like every other socket here. No call blocks the loop (no PQconnectdb,
// no PQexec). A call that is cancelled, times out or loses the server closes the connection, so a
// connection is either idle and usable or closed — never stuck mid-command.
// The coroutine that uses a connection owns it; one call at a time.
class PgConnection : public QObject
{
    Q_OBJECT
public:
    explicit PgConnection(LoopScheduler &scheduler, QObject *parent = nullptr);
    ~PgConnection() override;

    bool isOpen() const;
    PGconn *handle() const { return m_conn; }
    LoopScheduler &scheduler() const { return *m_scheduler; }
    // Drops the connection now: notifiers off first, then PQfinish (which closes the socket).
    void close();

    // Connects to `conninfo` (a postgresql:// URI or key=value pairs); `password` overrides any in it.
    static QCoro::Task<PgOutcome> open(PgConnection *self, QByteArray conninfo, QByteArray password,
                                       CancellationToken *token, qint64 deadlineNs);
    // One statement without parameters (DDL, BEGIN, COMMIT, ...); every result read, first error wins.
    static QCoro::Task<PgOutcome> execute(PgConnection *self, QByteArray sql, CancellationToken *token,
                                          qint64 deadlineNs);
    // After PQsendQuery*/PQsendPrepare: reads results until the command is complete.
    static QCoro::Task<PgOutcome> finishCommand(PgConnection *self, CancellationToken *token, qint64 deadlineNs);
    // Sends what libpq has buffered and waits until PQgetResult would not block. A failure closes.
    static QCoro::Task<PgOutcome> awaitResult(PgConnection *self, CancellationToken *token, qint64 deadlineNs);
    // Waits until libpq's output buffer is empty (after PQputCopyData/End returned 0, or a big pipeline).
    static QCoro::Task<PgOutcome> flush(PgConnection *self, CancellationToken *token, qint64 deadlineNs);

    // The outcome of a result that is not a success (null when it is), and of a failed connection.
    static PgOutcome outcomeOf(const PGresult *result);
    PgOutcome connectionFailure() const;
    // connectionFailure(), and the connection closed: what a caller returns once libpq gave up.
    PgOutcome failConnection();
    // After each result of a command: when the connection broke, closes it and keeps in `*first`
    // the first failure seen (this one if none was); true then, and the caller returns `*first`.
    bool closeIfBroken(PgOutcome *first);
    // Turns a failure into its outcome and closes the connection.
    PgOutcome fail(ErrorKind kind, const QString &message);
    PgOutcome failOn(WakeReason reason);

    // "socket activity OR cancel OR deadline". Reading is always watched once connected (input is
    // consumed into libpq at once, so a readable socket never spins the loop); writing only on request.
    EventLatch::Wait next(CancellationToken *token, qint64 deadlineNs)
    {
        return m_latch.next(*m_scheduler, token, deadlineNs, /*sourceGone=*/!m_conn || m_broken);
    }
    void watchWrites(bool on);

private:
    enum class Mode { Closed, Connecting, Ready };
    void attachSocket();
    void dropNotifiers();
    void onReadable();
    void onWritable();
    void fire() { m_latch.fire(); }

    LoopScheduler *m_scheduler;
    PGconn *m_conn = nullptr;
    Mode m_mode = Mode::Closed;
    int m_socket = -1;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    EventLatch m_latch;
    bool m_broken = false; // reading failed: the server went away
};

// libpq's failure text -> error kind: refused, authentication, timeout, host not found, ...
ErrorKind pgConnectErrorKind(const QString &message);

} // namespace coroscope
