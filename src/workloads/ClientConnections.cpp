#include "workloads/ClientConnections.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/Gauge.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "core/Workload.h"

#include <QCoroTask>

namespace coroscope {

namespace {
// Connections that start connecting in the first pass when there is no ramp.
constexpr int kConnectsAtOnce = 256;
} // namespace

void ClientConnections::startAll(qint64 count, const std::function<void(ClientConnection *)> &run)
{
    m_startNs = nowNs();
    m_connections.reserve(size_t(count));
    for (qint64 i = 0; i < count; ++i) {
        auto c = std::make_unique<ClientConnection>();
        c->index = int(i);
        m_connections.push_back(std::move(c));
        ++m_counts[size_t(ConnectionState::Waiting)];
    }
    m_live = count;
    for (auto &c : m_connections)
        run(c.get());
}

QCoro::Task<bool> ClientConnections::awaitTurn(ClientConnections *self, ClientConnection *conn,
                                               const Workload *workload, LoopScheduler &scheduler, double rampPerSecond)
{
    if (rampPerSecond > 0 && conn->index > 0) {
        const qint64 at = self->m_startNs + qint64(double(conn->index) * 1e9 / rampPerSecond);
        co_await DeadlineWait(scheduler, &conn->token, at);
    } else if (conn->index >= kConnectsAtOnce) {
        // "All at once" is still spread over loop passes (the scheduler resumes a bounded number
        // per pass): nine thousand connects in one pass would stall the loop for all of them.
        co_await scheduler.yield();
    }
    co_return !conn->token.isCancelled() && !workload->isStopping();
}

void ClientConnections::setState(ClientConnection *conn, ConnectionState state)
{
    --m_counts[size_t(conn->state)];
    conn->state = state;
    ++m_counts[size_t(state)];
}

bool ClientConnections::end(ClientConnection *conn, ConnectionState state)
{
    conn->midRoundTrip = false;
    setState(conn, state);
    return --m_live == 0;
}

void ClientConnections::stopGracefully()
{
    for (auto &c : m_connections) {
        if (!c->midRoundTrip)
            c->token.cancel();
    }
}

void ClientConnections::cancelAll()
{
    for (auto &c : m_connections)
        c->token.cancel();
}

void ClientConnections::describe(WorkloadSnapshot &out, bool withClosing) const
{
    out.gauges.insert(Gauge::ConnectionsWaiting, double(count(ConnectionState::Waiting)));
    out.gauges.insert(Gauge::ConnectionsConnecting, double(count(ConnectionState::Connecting)));
    out.gauges.insert(Gauge::ConnectionsOpen, double(count(ConnectionState::Open)));
    if (withClosing)
        out.gauges.insert(Gauge::ConnectionsClosing, double(count(ConnectionState::Closing)));
    out.gauges.insert(Gauge::ConnectionsClosed, double(count(ConnectionState::Closed)));
    out.gauges.insert(Gauge::ConnectionsFailed, double(count(ConnectionState::Failed)));
}

} // namespace coroscope
