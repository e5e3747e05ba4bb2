#include "workloads/ClientConnectionsWorkload.h"

#include "workloads/StagesSpec.h"

#include <algorithm>
#include <cmath>

namespace coroscope {

void ClientConnectionsSpec::readConnectionKeys(JsonReader &r)
{
    const qint64 max = ClientConnections::kMaxConnections;
    server = r.string(QStringLiteral("server"), server);
    // With stages, `connections` is only where the first ramp starts: 0 is a ramp from nothing.
    connections = r.integer(QStringLiteral("connections"), connections, r.has(QStringLiteral("stages")) ? 0 : 1, max);
    messagesPerConnection = r.integer(QStringLiteral("messagesPerConnection"), messagesPerConnection, 0, 1'000'000'000);
    pipeline = r.integer(QStringLiteral("pipeline"), pipeline, 1, 10'000);
    thinkTimeMs = r.integer(QStringLiteral("thinkTimeMs"), thinkTimeMs, 0, 3'600'000);
    rampPerSecond = r.number(QStringLiteral("rampPerSecond"), rampPerSecond, 0, 1e6);
    timeoutMs = r.integer(QStringLiteral("timeoutMs"), timeoutMs, 0, 3'600'000);
    connectTimeoutMs = r.integer(QStringLiteral("connectTimeoutMs"), connectTimeoutMs, 0, 3'600'000);
    serverIdleTimeoutMs = r.integer(QStringLiteral("serverIdleTimeoutMs"), serverIdleTimeoutMs, 0, 86'400'000);
    serverMaxConnections = r.integer(QStringLiteral("serverMaxConnections"), serverMaxConnections, 1, 1'000'000);
    const double peakTarget = StagesSpec::peakTarget(r.object());
    if (peakTarget > double(max))
        r.error(QStringLiteral("stages"),
                tr("expected connection targets of at most %1, found %2").arg(max).arg(peakTarget));
    peakConnections = std::max(connections, qint64(std::ceil(std::min(peakTarget, double(max)))));
}

ClientConnectionsWorkload::ClientConnectionsWorkload(QString name, QString type, QObject *parent)
    : Workload(std::move(name), std::move(type), parent)
{}

qint64 ClientConnectionsWorkload::descriptorsNeeded() const
{
    // Every connection at once (the stages' highest target too), and the built-in server's end of each.
    return connectionSpec().peakConnections * (connectionSpec().builtin() ? 2 : 1);
}

QJsonObject ClientConnectionsWorkload::paramsForOtherParts(QJsonObject params) const
{
    // Every loop thread's connections go to the one built-in server part 0 started.
    if (const QString address = builtinServerAddress(); !address.isEmpty())
        params.insert(QStringLiteral("server"), address);
    return params;
}

QList<LiveKey> ClientConnectionsWorkload::liveKeys() const
{
    return {LiveKey::Connections};
}

std::optional<LiveKey> ClientConnectionsWorkload::stageKey() const
{
    return LiveKey::Connections;
}

std::optional<double> ClientConnectionsWorkload::liveValue(LiveKey key) const
{
    if (key != LiveKey::Connections)
        return std::nullopt;
    const qint64 target = m_connections.target();
    return double(target >= 0 ? target : connectionSpec().connections);
}

bool ClientConnectionsWorkload::connectionsFit(qint64, QString *) const
{
    return true;
}

bool ClientConnectionsWorkload::applyLiveChange(LiveKey key, double value, QString *error)
{
    if (key != LiveKey::Connections) {
        *error = tr("a %1 workload changes its connections, not its %2").arg(type(), liveKeyName(key));
        return false;
    }
    if (!(value >= 0 && value <= double(ClientConnections::kMaxConnections))) {
        *error = tr("expected from 0 to %1 connections, found %2").arg(ClientConnections::kMaxConnections).arg(value);
        return false;
    }
    // A ramp's values are fractional: the connections follow it to the nearest whole one.
    const qint64 connections = std::llround(value);
    if (!connectionsFit(connections, error))
        return false;
    m_connections.setTarget(connections);
    return true;
}

void ClientConnectionsWorkload::startConnections()
{
    if (m_connections.target() < 0)
        m_connections.setTarget(connectionSpec().connections);
    m_connections.start([this](ClientConnection *c) { startConnection(c); }, connectionSpec().rampPerSecond);
    maybeFinish(); // stages that start from 0 connections: parked until the target goes up
}

void ClientConnectionsWorkload::connectionEnded(ClientConnection *conn, ConnectionState state)
{
    m_connections.end(conn, state);
    maybeFinish();
}

void ClientConnectionsWorkload::maybeFinish()
{
    // At a target of 0 the workload is parked, not finished: stages or the user may raise it again.
    if (m_connections.live() == 0 && (isStopping() || m_connections.target() > 0))
        markFinished();
}

void ClientConnectionsWorkload::onStopping()
{
    m_connections.stopGracefully();
    maybeFinish(); // parked at 0: no connection is left to end it
}

void ClientConnectionsWorkload::onCancelAll()
{
    m_connections.cancelAll();
    maybeFinish();
}

} // namespace coroscope
