#include "workloads/ClientConnections.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/Gauge.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "core/Workload.h"

#include <QCoroTask>

#include <algorithm>

namespace coroscope {

namespace {
// Connections that start connecting in the first pass when there is no ramp.
constexpr qint64 kConnectsAtOnce = 256;
} // namespace

bool ClientConnections::hasEnded(const ClientConnection &c)
{
    return c.state == ConnectionState::Closed || c.state == ConnectionState::Failed;
}

void ClientConnections::start(const std::function<void(ClientConnection *)> &run, double rampPerSecond)
{
    m_run = run;
    m_target = std::max<qint64>(0, m_target);
    startMore(m_target, rampPerSecond);
}

void ClientConnections::setTarget(qint64 target)
{
    m_target = std::clamp<qint64>(target, 0, kMaxConnections);
    if (!m_run)
        return; // start() opens them
    if (m_target > m_kept)
        startMore(m_target - m_kept, 0);
    else if (m_target < m_kept)
        retire(m_kept - m_target);
}

void ClientConnections::startMore(qint64 count, double rampPerSecond)
{
    // Retired connections that have ended are forgotten: their coroutines are done with them, and a
    // target going up and down for hours must not pile them up.
    std::erase_if(m_connections, [](const auto &c) { return c->retired && hasEnded(*c); });
    const qint64 startNs = nowNs();
    std::vector<ClientConnection *> fresh;
    fresh.reserve(size_t(count));
    for (qint64 i = 0; i < count; ++i) {
        auto c = std::make_unique<ClientConnection>();
        c->index = m_nextIndex++;
        if (rampPerSecond > 0)
            c->turnAtNs = i > 0 ? startNs + qint64(double(i) * 1e9 / rampPerSecond) : 0;
        else
            c->yieldFirst = i >= kConnectsAtOnce;
        fresh.push_back(c.get());
        m_connections.push_back(std::move(c));
    }
    m_counts[size_t(ConnectionState::Waiting)] += count;
    // All counted live before the first runs: one that ends at once must not look like the last.
    m_live += count;
    m_kept += count;
    for (ClientConnection *c : fresh)
        m_run(c);
}

void ClientConnections::retire(qint64 count)
{
    m_kept -= count;
    // Places of connections that ended on their own go first: giving them up closes nothing.
    for (auto it = m_connections.rbegin(); count > 0 && it != m_connections.rend(); ++it) {
        if (!(*it)->retired && hasEnded(**it)) {
            (*it)->retired = true;
            --count;
        }
    }
    // Then the newest open ones: those mid round trip finish it and close; the others close now.
    for (auto it = m_connections.rbegin(); count > 0 && it != m_connections.rend(); ++it) {
        ClientConnection &c = **it;
        if (c.retired)
            continue;
        c.retired = true;
        --count;
        if (!c.midRoundTrip)
            c.token.cancel();
    }
    std::erase_if(m_connections, [](const auto &c) { return c->retired && hasEnded(*c); });
}

QCoro::Task<bool> ClientConnections::awaitTurn(ClientConnection *conn, const Workload *workload,
                                               LoopScheduler &scheduler)
{
    if (conn->turnAtNs > 0) {
        co_await DeadlineWait(scheduler, &conn->token, conn->turnAtNs);
    } else if (conn->yieldFirst) {
        // "All at once" is still spread over loop passes (the scheduler resumes a bounded number
        // per pass): nine thousand connects in one pass would stall the loop for all of them.
        co_await scheduler.yield();
    }
    co_return !conn->token.isCancelled() && !conn->retired && !workload->isStopping();
}

bool ClientConnections::keepsSending(const ClientConnection *conn, const Workload *workload)
{
    return !conn->retired && !workload->isStopping();
}

void ClientConnections::setState(ClientConnection *conn, ConnectionState state)
{
    --m_counts[size_t(conn->state)];
    conn->state = state;
    ++m_counts[size_t(state)];
}

void ClientConnections::end(ClientConnection *conn, ConnectionState state)
{
    conn->midRoundTrip = false;
    setState(conn, state);
    --m_live;
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
