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
    int index = 0; // the stamp of its messages, unique in the workload
    ConnectionState state = ConnectionState::Waiting;
    bool midRoundTrip = false; // graceful stop and retirement let it finish
    // No longer kept (a lower target): it sends nothing more, finishes the round trips in flight,
    // then closes politely; or, ended already, its place is given up.
    bool retired = false;
    qint64 turnAtNs = 0;     // a ramp's time for it to start connecting; 0 = at once
    bool yieldFirst = false; // one of many started at once: it connects on a later loop pass
};

// The connections of a client workload (echo, WebSocket): what each of them shares around its own
// exchange — created, ramped in, counted per state, retired when the target goes down, stopped
// gracefully (those mid round trip finish it) or cancelled. Each connection is one coroutine of the
// workload: awaitTurn(), connect, exchange while keepsSending(), end(); this class knows nothing
// of the protocol.
//
// The target (the profile's connections, its stages, a user's live change) counts the connections
// kept: started and not retired. One that ends on its own (its messages done, or failed) keeps its
// place and is not replaced, so a refusing server is not hammered with reconnects; a lower target
// gives up such ended places first, then retires the newest open connections.
class ClientConnections
{
public:
    static constexpr qint64 kMaxConnections = 100'000;

    // Starts the target's connections, running `run` (the coroutine of one connection) on each, the
    // first ones `rampPerSecond` a second (0 = all at once); later targets start or retire at once.
    void start(const std::function<void(ClientConnection *)> &run, double rampPerSecond);
    bool isStarted() const { return bool(m_run); }
    // Before start(): how many start. After: connections start or retire to meet it.
    void setTarget(qint64 target);
    qint64 target() const { return m_target; } // -1 until set

    // Waits for the connection's turn (a ramp, or a later loop pass). False when it must not start:
    // cancelled, retired or stopping meanwhile (the caller ends it, closed).
    static QCoro::Task<bool> awaitTurn(ClientConnection *conn, const Workload *workload, LoopScheduler &scheduler);
    // Whether the connection starts another round trip (not when stopping or retired).
    static bool keepsSending(const ClientConnection *conn, const Workload *workload);

    void setState(ClientConnection *conn, ConnectionState state);
    qint64 count(ConnectionState state) const { return m_counts[size_t(state)]; }
    qint64 live() const { return m_live; }
    // The connection has ended in `state` (Closed or Failed); it is not touched again.
    void end(ClientConnection *conn, ConnectionState state);

    // Graceful: connections mid round trip finish it; the others (waiting, thinking) stop now.
    void stopGracefully();
    void cancelAll();

    // The connection gauges; "closing" only for protocols that have a closing state.
    void describe(WorkloadSnapshot &out, bool withClosing) const;

private:
    void startMore(qint64 count, double rampPerSecond);
    void retire(qint64 count);
    static bool hasEnded(const ClientConnection &c);

    std::function<void(ClientConnection *)> m_run;
    // Every connection not yet forgotten: the kept ones, and retired ones until they have ended.
    std::vector<std::unique_ptr<ClientConnection>> m_connections;
    qint64 m_counts[size_t(ConnectionState::Count)] = {};
    qint64 m_target = -1; // not set yet
    qint64 m_kept = 0;
    qint64 m_live = 0;
    int m_nextIndex = 0;
};

} // namespace coroscope
