#pragma once

#include "core/CancellationToken.h"
#include "core/CoroutineFwd.h"

#include <QtGlobal>

#include <functional>
#include <memory>
#include <vector>

namespace coroscope {

class LoopScheduler;
class Workload;
struct WorkloadSnapshot;

// Where one client connection of a connection-oriented workload stands (gauges count them).
enum class ConnectionState { Waiting, Connecting, Open, Closing, Closed, Failed, Count };

struct ClientConnection {
    CancellationToken token;
    int index = 0; // sets its place in the ramp and the stamp of its messages
    ConnectionState state = ConnectionState::Waiting;
    bool midRoundTrip = false; // graceful stop lets it finish
};

// The connections of a client workload (echo, WebSocket): what each of them shares around its own
// exchange — created at start, ramped in, counted per state, stopped gracefully (those mid round
// trip finish it) or cancelled, and the workload finished when the last one ends. Each connection
// is one coroutine of the workload: awaitTurn(), connect, exchange, end(); this class knows nothing
// of the protocol.
class ClientConnections
{
public:
    // Creates `count` waiting connections and starts `run` on each (the coroutine of one connection).
    void startAll(qint64 count, const std::function<void(ClientConnection *)> &run);

    // Waits for the connection's turn in a ramp of `rampPerSecond` new connections per second (0 =
    // all at once). False when it must not start: cancelled or stopping meanwhile (the caller ends it,
    // closed).
    static QCoro::Task<bool> awaitTurn(ClientConnections *self, ClientConnection *conn, const Workload *workload,
                                       LoopScheduler &scheduler, double rampPerSecond);

    void setState(ClientConnection *conn, ConnectionState state);
    qint64 count(ConnectionState state) const { return m_counts[size_t(state)]; }
    // The connection has ended in `state` (Closed or Failed); true when it was the last one.
    bool end(ClientConnection *conn, ConnectionState state);

    // Graceful: connections mid round trip finish it; the others (waiting, thinking) stop now.
    void stopGracefully();
    void cancelAll();

    // The connection gauges; "closing" only for protocols that have a closing state.
    void describe(WorkloadSnapshot &out, bool withClosing) const;

private:
    std::vector<std::unique_ptr<ClientConnection>> m_connections;
    qint64 m_counts[size_t(ConnectionState::Count)] = {};
    qint64 m_live = 0;
    qint64 m_startNs = 0;
};

} // namespace coroscope
