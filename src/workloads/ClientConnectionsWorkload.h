#pragma once

#include "core/JsonReader.h"
#include "core/Workload.h"
#include "workloads/ClientConnections.h"

#include <memory>

namespace coroscope {

// The keys every client-connection workload (echo, websocket) reads alike: how many connections,
// how they ramp in, what each does around its round trips, and the built-in server's shared limits.
struct ClientConnectionsSpec {
    Q_DECLARE_TR_FUNCTIONS(ClientConnectionsSpec)

public:
    QString server = QStringLiteral("builtin"); // or the protocol's address form
    qint64 connections = 100;                   // 0 only with stages (they ramp from it)
    qint64 messagesPerConnection = 1000;        // 0 = until the run's duration
    qint64 pipeline = 1;                        // messages in flight per connection
    qint64 thinkTimeMs = 0;
    double rampPerSecond = 0;       // new connections per second at the start; 0 = all at once
    qint64 timeoutMs = 0;           // per round trip; 0 = none
    qint64 connectTimeoutMs = 5000; // the protocol's whole opening
    qint64 serverIdleTimeoutMs = 60'000;
    qint64 serverMaxConnections = 10'000;
    // The most connections the profile asks for at once: `connections`, or a stage's higher target.
    qint64 peakConnections = 100;

    bool builtin() const { return server == QLatin1String("builtin"); }
    // Reads the keys above; the protocol checks the server's address form.
    void readConnectionKeys(JsonReader &r);
};

// A workload made of client connections (echo, WebSocket), each one coroutine: what they share
// around the protocol — the connections kept and their gauges, the live key `connections` that
// stages and the window change (more start, the surplus closes politely: see ClientConnections),
// the workload's end with its last connection, the descriptors they need, and the built-in server
// the other loop threads' parts reach.
class ClientConnectionsWorkload : public Workload
{
    Q_OBJECT
public:
    qint64 descriptorsNeeded() const override;
    QJsonObject paramsForOtherParts(QJsonObject params) const override;
    QList<LiveKey> liveKeys() const override;
    std::optional<LiveKey> stageKey() const override;
    std::optional<double> liveValue(LiveKey key) const override;
    bool applyLiveChange(LiveKey key, double value, QString *error) override;

protected:
    ClientConnectionsWorkload(QString name, QString type, QObject *parent);

    virtual const ClientConnectionsSpec &connectionSpec() const = 0;
    // The built-in server this part started, as the other parts' `server` reaches it; empty: none.
    virtual QString builtinServerAddress() const = 0;
    // Starts the coroutine of one connection (the protocol's).
    virtual void startConnection(ClientConnection *conn) = 0;
    // Whether `connections` open at once stay within the protocol's bounds; false with why.
    virtual bool connectionsFit(qint64 connections, QString *error) const;

    // Starts the protocol's built-in server once (part 0's prepare), with the limits every such
    // server takes from the spec alike; false with why.
    template<class Server, class Options>
    bool startBuiltinServer(std::unique_ptr<Server> &server, Options options, QString *error) const
    {
        if (server)
            return true;
        options.idleTimeoutMs = int(connectionSpec().serverIdleTimeoutMs);
        options.maxConnections = int(connectionSpec().serverMaxConnections);
        server = std::make_unique<Server>(options);
        if (server->start(error))
            return true;
        server.reset();
        return false;
    }

    // Starts the target's connections (the profile's, or the stages' first target).
    void startConnections();
    // The connection has ended in `state`; the workload finishes with its last one.
    void connectionEnded(ClientConnection *conn, ConnectionState state);
    void onStopping() override;
    void onCancelAll() override;

    ClientConnections m_connections;

private:
    void maybeFinish();
};

} // namespace coroscope
