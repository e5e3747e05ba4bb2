#pragma once

#include "core/CancellationToken.h"
#include "core/CoroutineFwd.h"
#include "core/ErrorKind.h"
#include "core/JsonReader.h"
#include "core/TaskTracker.h"
#include "core/Workload.h"
#include "net/EchoFraming.h"
#include "net/ReadBuffer.h"
#include "net/TcpStream.h"
#include "workloads/ClientConnections.h"

#include <QHostAddress>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

class QTcpSocket;

namespace coroscope {

class EchoServer;
class SocketEvents;

struct EchoSpec {
    Q_DECLARE_TR_FUNCTIONS(EchoSpec)

public:
    QString server = QStringLiteral("builtin"); // or host:port
    qint64 connections = 100;
    qint64 messagesPerConnection = 1000; // 0 = until the run's duration
    qint64 messageBytes = 64;            // framing included for lines ('\n' is the last byte)
    qint64 pipeline = 1;                 // messages in flight per connection
    qint64 thinkTimeMs = 0;
    double rampPerSecond = 0; // new connections per second; 0 = all at once
    qint64 timeoutMs = 0;     // per round trip; 0 = none
    qint64 connectTimeoutMs = 5000;
    EchoFraming framing = EchoFraming::Line;
    // Built-in server limits.
    qint64 serverMaxMessageBytes = 64 * 1024;
    qint64 serverIdleTimeoutMs = 60'000;
    qint64 serverMaxConnections = 10'000;

    static EchoSpec read(JsonReader &r);
};

// Echo clients (seed 000's line-echo protocol): each connection sends messages, waits for each
// echo, verifies it byte for byte and times it. A task is one round trip; connections report their
// own states. Talks to the built-in echo server (started in prepare()) or to host:port.
class EchoWorkload : public Workload
{
    Q_OBJECT
public:
    EchoWorkload(QString name, EchoSpec spec, QObject *parent = nullptr);
    ~EchoWorkload() override;

    const EchoSpec &spec() const { return m_spec; }
    EchoServer *builtinServer() const { return m_server.get(); }
    quint16 targetPort() const { return m_port; }

    bool prepare(QString *error) override;
    void start() override;
    void describe(WorkloadSnapshot &out) const override;
    qint64 descriptorsNeeded() const override;
    QJsonObject paramsForOtherParts(QJsonObject params) const override;

private:

    enum class End { Normal, Cancelled, TimedOut, Failed };
    struct InFlight {
        TaskRef ref;
        quint64 seq = 0;
        qint64 sentNs = 0;
        bool sending = true;
    };
    // One connection's round trips in flight and how the connection ended.
    struct Session {
        QTcpSocket *socket = nullptr; // connects; then the stream takes its connection over
        std::unique_ptr<TcpStream> stream;
        ReadBuffer in;
        std::deque<InFlight> inflight;
        std::optional<TaskRef> prepared; // the next round trip, created before its message is sent
        End end = End::Normal;
        ErrorKind failKind = ErrorKind::None;
        QString failMessage;
        void fail(ErrorKind kind, const QString &message)
        {
            end = End::Failed;
            failKind = kind;
            failMessage = message;
        }
    };

    static QCoro::Task<void> runConnection(EchoWorkload *self, ClientConnection *conn);
    static QCoro::Task<void> exchange(EchoWorkload *self, ClientConnection *conn, Session *session);
    // The connection has ended in `state`; the workload finishes with its last one.
    void connectionEnded(ClientConnection *conn, ConnectionState state);
    void onStopping() override;
    void onCancelAll() override;

    EchoSpec m_spec;
    std::unique_ptr<EchoServer> m_server;
    QHostAddress m_host;
    quint16 m_port = 0;
    ClientConnections m_connections;
    bool m_exceptionLogged = false;
    quint8 m_phaseConnecting = 0, m_phaseSending = 0, m_phaseAwaitingEcho = 0, m_phaseThinking = 0;
};

} // namespace coroscope
