#pragma once

#include "core/CancellationToken.h"
#include "core/CoroutineFwd.h"
#include "core/ErrorKind.h"
#include "core/JsonReader.h"
#include "core/TaskTracker.h"
#include "net/EchoFraming.h"
#include "net/ReadBuffer.h"
#include "net/TcpStream.h"
#include "workloads/ClientConnectionsWorkload.h"

#include <QHostAddress>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace coroscope {

class EchoServer;

struct EchoSpec : ClientConnectionsSpec {
    Q_DECLARE_TR_FUNCTIONS(EchoSpec)

public:
    // server: "builtin" or host:port
    qint64 messageBytes = 64; // framing included for lines ('\n' is the last byte)
    EchoFraming framing = EchoFraming::Line;
    qint64 serverMaxMessageBytes = 64 * 1024; // the built-in server's limit

    static EchoSpec read(JsonReader &r);
    // Whether `connections` open at once keep their message buffers within bounds; false with why.
    bool fitsInMemory(qint64 connections, QString *why) const;
};

// Echo clients (seed 000's line-echo protocol): each connection sends messages, waits for each
// echo, verifies it byte for byte and times it. A task is one round trip; connections report their
// own states. Talks to the built-in echo server (started in prepare()) or to host:port.
class EchoWorkload : public ClientConnectionsWorkload
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

private:
    const ClientConnectionsSpec &connectionSpec() const override { return m_spec; }
    QString builtinServerAddress() const override;
    void startConnection(ClientConnection *conn) override;
    bool connectionsFit(qint64 connections, QString *error) const override;

    enum class End { Normal, Cancelled, TimedOut, Failed };
    struct InFlight {
        TaskRef ref;
        quint64 seq = 0;
        qint64 sentNs = 0;
        bool sending = true;
    };
    // One connection's round trips in flight and how the connection ended.
    struct Session {
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

    EchoSpec m_spec;
    std::unique_ptr<EchoServer> m_server;
    QHostAddress m_host;
    quint16 m_port = 0;
    bool m_exceptionLogged = false;
    quint8 m_phaseConnecting = 0, m_phaseSending = 0, m_phaseAwaitingEcho = 0, m_phaseThinking = 0;
};

} // namespace coroscope
