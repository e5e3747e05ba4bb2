#include "fleet/FleetController.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/Run.h"
#include "core/SnapshotMerge.h"
#include "report/PrometheusText.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace coroscope {

namespace {

constexpr qint64 kRedisTimeoutMs = 5000;
constexpr int kCheckEveryMs = 250;  // heartbeats, the controller key, control messages
constexpr int kFinalGraceMs = 5000; // after a cancel, how long agents get to send their final delta
constexpr int kRecentRows = 1000;

qint64 deadline(qint64 ms)
{
    return nowNs() + ms * kNsPerMs;
}

} // namespace

FleetController::FleetController(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)),
      m_id(QUuid::createUuid().toByteArray(QUuid::WithoutBraces).left(13)), m_latest(std::make_shared<Snapshot>())
{}

FleetController::~FleetController() = default;

void FleetController::start(const RunSpec &spec)
{
    m_spec = spec;
    auto task = main(this); // eager: it runs to its first wait and goes on from the loop
    Q_UNUSED(task);
}

void FleetController::stopGracefully()
{
    m_started ? control("stop") : void(m_stopRequested = QStringLiteral("stop"));
}

void FleetController::cancelAll()
{
    m_started ? control("cancel") : void(m_stopRequested = QStringLiteral("cancel"));
}

void FleetController::control(const QByteArray &type)
{
    if (m_finished || (type == "cancel" && m_cancelSent))
        return;
    m_cancelSent = m_cancelSent || type == "cancel";
    m_stopSent = true;
    m_outbox << FleetProtocol::add(FleetProtocol::controlStream(), 1000,
                                   {"type", type, "run", m_runId, "controller", m_id});
}

QList<QByteArray> FleetController::runMessage(const QStringList &agentNames) const
{
    return FleetProtocol::add(FleetProtocol::controlStream(), 1000,
                              {"type", "run", "run", m_runId, "controller", m_id, "version",
                               FleetProtocol::version().toUtf8(), "profile", m_spec.sourceText, "duration",
                               QByteArray::number(m_spec.durationSeconds), "agents", agentNames.join(u',').toUtf8()});
}

QList<QByteArray> FleetController::agentKeys() const
{
    QList<QByteArray> keys;
    for (const Agent &a : m_agents)
        keys << FleetProtocol::agentKey(a.status.name);
    return keys;
}

QCoro::Task<void> FleetController::main(FleetController *self)
{
    try {
        QString error;
        if (!FleetProtocol::resolveAddress(QStringLiteral("--fleet"), self->m_options.redisUrl,
                                           self->m_options.passwordEnv, &self->m_address, &error)) {
            Q_EMIT self->failed(error);
            co_return;
        }
        RedisConnection::Result r = co_await FleetProtocol::openBoth(&self->m_reader, &self->m_writer, self->m_address);
        if (r.ok)
            r = co_await RedisConnection::run(
                &self->m_writer,
                FleetProtocol::batch(FleetProtocol::setKey(FleetProtocol::controllerKey(), self->m_id,
                                                           FleetProtocol::kControllerTtlMs, true),
                                     FleetProtocol::getKey(FleetProtocol::controllerKey())),
                nullptr, deadline(kRedisTimeoutMs));
        if (!r.ok) {
            Q_EMIT self->failed(tr("the fleet's Redis: %1").arg(r.error));
            co_return;
        }
        if (r.replies[0].isNil()) {
            Q_EMIT self->failed(tr("another controller (%1) is running this fleet: one run at a time")
                                    .arg(QString::fromUtf8(r.replies[1].text.left(64))));
            co_return;
        }
        const bool ran = co_await self->waitForAgents();
        if (ran)
            co_await self->follow();
        self->m_finished = true;
        // The run is over (or never began): the fleet is free for the next controller; its data
        // stays an hour.
        co_await RedisConnection::run(
            &self->m_writer,
            FleetProtocol::batch(FleetProtocol::deleteKey(FleetProtocol::controllerKey()),
                                 FleetProtocol::expireKey(FleetProtocol::dataStream(self->m_runId), 3600)),
            nullptr, deadline(kRedisTimeoutMs));
        if (ran)
            Q_EMIT self->finished(self->m_latest);
        else
            Q_EMIT self->failed(self->m_setupError);
    } catch (const std::exception &e) {
        Q_EMIT self->failed(tr("internal error: %1").arg(QString::fromLocal8Bit(e.what())));
    }
}

QCoro::Task<std::optional<QList<AgentStatus>>> FleetController::listAgents()
{
    QList<QByteArray> keys;
    QByteArray cursor = FleetProtocol::scanStart();
    // SCAN in steps; bounded even if the database is huge or keeps changing.
    for (int step = 0; step < 100; ++step) {
        const RedisConnection::Result r = co_await RedisConnection::run(
            &m_writer, FleetProtocol::batch(FleetProtocol::scanAgents(cursor)), nullptr, deadline(kRedisTimeoutMs));
        if (!r.ok || r.replies[0].type != RespReply::Type::Array || r.replies[0].elements.size() != 2)
            co_return std::nullopt;
        cursor = r.replies[0].elements[0].text;
        for (const RespReply &k : r.replies[0].elements[1].elements)
            keys << k.text;
        if (cursor == "0")
            break;
    }
    QList<AgentStatus> out;
    if (keys.isEmpty())
        co_return out;
    const RedisConnection::Result r = co_await RedisConnection::run(
        &m_writer, FleetProtocol::batch(FleetProtocol::getKeys(keys)), nullptr, deadline(kRedisTimeoutMs));
    if (!r.ok)
        co_return std::nullopt;
    for (const RespReply &v : r.replies[0].elements) {
        const QJsonObject o = QJsonDocument::fromJson(v.text).object();
        AgentStatus a;
        a.name = o.value(QStringLiteral("name")).toString();
        if (!FleetProtocol::validName(a.name))
            continue; // expired between SCAN and MGET, or not an agent's
        a.host = o.value(QStringLiteral("host")).toString().left(128);
        a.state = o.value(QStringLiteral("state")).toString().left(32);
        a.version = o.value(QStringLiteral("version")).toString().left(64);
        a.cores = o.value(QStringLiteral("cores")).toInt();
        a.lastHeartbeat = QDateTime::currentDateTimeUtc();
        const QJsonObject labels = o.value(QStringLiteral("labels")).toObject();
        bool matches = true;
        for (auto it = m_options.labels.cbegin(); it != m_options.labels.cend(); ++it)
            matches = matches && labels.value(it.key()).toString() == it.value();
        if (!matches)
            a.state = tr("%1, other labels").arg(a.state);
        out << a;
    }
    std::sort(out.begin(), out.end(), [](const AgentStatus &a, const AgentStatus &b) { return a.name < b.name; });
    co_return out;
}

QCoro::Task<bool> FleetController::waitForAgents()
{
    const qint64 giveUp = deadline(m_options.waitMs);
    for (;;) {
        const std::optional<QList<AgentStatus>> present = co_await listAgents();
        if (!present) {
            m_setupError = (tr("the fleet's Redis stopped answering while waiting for agents"));
            co_return false;
        }
        QList<AgentStatus> idle;
        QStringList seen;
        for (const AgentStatus &a : *present) {
            seen << QStringLiteral("%1 (%2)").arg(a.name, a.state);
            if (a.state == QLatin1String("idle"))
                idle << a;
        }
        const QString who = seen.isEmpty() ? tr("none") : seen.join(QStringLiteral(", "));
        if (!m_stopRequested.isEmpty()) {
            m_setupError = (tr("interrupted while waiting for agents"));
            co_return false;
        }
        if (idle.size() >= m_options.agents) {
            QStringList names;
            QList<QPair<QString, QString>> workloads;
            for (const WorkloadSpec &w : m_spec.workloads)
                workloads << qMakePair(w.name, w.type);
            for (int i = 0; i < m_options.agents; ++i) {
                Agent agent;
                agent.status = idle[i];
                agent.status.state = QStringLiteral("running");
                agent.decoder = std::make_unique<DeltaDecoder>(workloads);
                names << idle[i].name;
                m_agents.push_back(std::move(agent));
            }
            m_runId = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
            const RedisConnection::Result r = co_await RedisConnection::run(
                &m_writer, FleetProtocol::batch(runMessage(names)), nullptr, deadline(kRedisTimeoutMs));
            if (!r.ok || r.replies[0].isError()) {
                m_setupError =
                    (tr("cannot publish the run: %1").arg(r.ok ? QString::fromUtf8(r.replies[0].text) : r.error));
                co_return false;
            }
            m_started = true;
            m_startedAt = QDateTime::currentDateTimeUtc();
            Q_EMIT started();
            Q_EMIT agentsChanged();
            co_return true;
        }
        if (nowNs() > giveUp) {
            m_setupError = (tr("waited %1 s for %2 idle agents; in the fleet: %3")
                                .arg(m_options.waitMs / 1000.0)
                                .arg(m_options.agents)
                                .arg(who));
            co_return false;
        }
        Q_EMIT waiting(who);
        co_await RedisConnection::run(
            &m_writer,
            FleetProtocol::batch(
                FleetProtocol::setKey(FleetProtocol::controllerKey(), m_id, FleetProtocol::kControllerTtlMs, false)),
            nullptr, deadline(kRedisTimeoutMs));
        co_await DeadlineWait(m_scheduler, nullptr, deadline(kCheckEveryMs));
    }
}

QCoro::Task<bool> FleetController::follow()
{
    QByteArray lastId = FleetProtocol::streamStart();
    qint64 nextCheckNs = 0;
    qint64 nextPublishNs = 0;
    qint64 finalDeadlineNs = 0;
    if (!m_stopRequested.isEmpty())
        control(m_stopRequested.toUtf8());
    for (;;) {
        const bool allDone =
            std::all_of(m_agents.cbegin(), m_agents.cend(), [](const Agent &a) { return a.finished || a.status.lost; });
        if (allDone)
            break;
        if (m_cancelSent && !finalDeadlineNs)
            finalDeadlineNs = deadline(Run::kAbandonAfterCancelMs + kFinalGraceMs);
        if (finalDeadlineNs && nowNs() > finalDeadlineNs) {
            for (Agent &a : m_agents)
                lose(a, tr("sent no final delta %1 ms after the cancel").arg(kFinalGraceMs));
            break;
        }
        RedisConnection::Result r = co_await RedisConnection::run(
            &m_reader,
            FleetProtocol::batch(FleetProtocol::readAfter(FleetProtocol::dataStream(m_runId), lastId, 512, 100)),
            nullptr, deadline(kRedisTimeoutMs));
        QList<StreamEntry> entries;
        QString why;
        if (!r.ok || !FleetProtocol::parseXread(r.replies[0], &entries, &why)) {
            m_failure = tr("lost the fleet's Redis: %1").arg(r.ok ? why : r.error);
            break;
        }
        for (const StreamEntry &e : entries) {
            lastId = e.id;
            apply(e);
        }
        if (!m_outbox.isEmpty() || nowNs() >= nextCheckNs) {
            QList<QList<QByteArray>> batch;
            batch.swap(m_outbox);
            batch << FleetProtocol::setKey(FleetProtocol::controllerKey(), m_id, FleetProtocol::kControllerTtlMs,
                                           false);
            batch << FleetProtocol::getKeys(agentKeys());
            r = co_await RedisConnection::run(&m_writer, batch, nullptr, deadline(kRedisTimeoutMs));
            if (!r.ok) {
                m_failure = tr("lost the fleet's Redis: %1").arg(r.error);
                break;
            }
            const QList<RespReply> &beats = r.replies.back().elements;
            for (size_t i = 0; i < m_agents.size() && qsizetype(i) < beats.size(); ++i) {
                Agent &agent = m_agents[i];
                if (!beats[qsizetype(i)].isNil()) {
                    agent.beatMissing = false;
                    if (!agent.status.lost)
                        agent.status.lastHeartbeat = QDateTime::currentDateTimeUtc();
                } else if (agent.beatMissing) {
                    lose(agent, tr("missed its heartbeats for %1 ms").arg(FleetProtocol::kHeartbeatTtlMs));
                } else {
                    // An agent that ends sends its final delta, then deletes its key: the next read
                    // of the stream holds that delta, so it is lost only if still missing after it.
                    agent.beatMissing = true;
                }
            }
            nextCheckNs = deadline(kCheckEveryMs);
            Q_EMIT agentsChanged();
        }
        if (nowNs() >= nextPublishNs) {
            publish();
            nextPublishNs = deadline(m_spec.snapshotIntervalMs);
        }
    }
    publish();
    co_return true;
}

FleetController::Agent *FleetController::find(const QString &name)
{
    for (Agent &a : m_agents) {
        if (a.status.name == name)
            return &a;
    }
    return nullptr;
}

void FleetController::apply(const StreamEntry &e)
{
    const QString name = QString::fromUtf8(e.fields.value("agent").left(64));
    Agent *agent = find(name);
    const QByteArray type = e.fields.value("type");
    if (e.fields.value("v") != QByteArray::number(FleetProtocol::kProtocolVersion) || !agent) {
        Q_EMIT warning(tr("ignoring entry %1 of the run's stream: not a protocol %2 message from one of its agents")
                           .arg(QString::fromUtf8(e.id.left(64)))
                           .arg(FleetProtocol::kProtocolVersion));
        return;
    }
    if (agent->status.lost || agent->finished)
        return;
    if (type == "delta" || type == "final") {
        QString error;
        if (!agent->decoder->apply(e.fields.value("d"), &error))
            return lose(*agent, tr("sent a delta that does not decode: %1").arg(error));
        if (type == "final") {
            agent->finished = true;
            agent->status.state = QStringLiteral("finished");
        }
    } else if (type == "refused" || type == "failed") {
        const QString reason = QString::fromUtf8(e.fields.value("reason").left(2048));
        agent->status.state = QString::fromUtf8(type);
        agent->status.lost = true;
        agent->status.lostReason = reason;
        if (m_failure.isEmpty())
            m_failure = type == "refused" ? tr("agent %1 refused the run: %2").arg(name, reason)
                                          : tr("agent %1 could not run its part: %2").arg(name, reason);
        m_refused = true;
        control("cancel");
    } else {
        lose(*agent, tr("sent a message of unknown type \"%1\"").arg(QString::fromUtf8(type.left(32))));
    }
}

void FleetController::lose(Agent &agent, const QString &reason)
{
    if (agent.status.lost || agent.finished)
        return;
    agent.status.lost = true;
    agent.status.state = QStringLiteral("lost");
    agent.status.lostReason = reason;
    Q_EMIT warning(tr("agent %1 lost: %2").arg(agent.status.name, reason));
    if (m_spec.onAgentLoss == QLatin1String("fail") && m_failure.isEmpty()) {
        m_failure = tr("agent %1 was lost (%2) and run.onAgentLoss is \"fail\"").arg(agent.status.name, reason);
        control("cancel");
    }
}

void FleetController::publish()
{
    std::vector<SnapshotPtr> parts;
    bool allDone = true;
    for (Agent &a : m_agents) {
        const SnapshotPtr s = a.decoder->snapshot();
        parts.push_back(s);
        allDone = allDone && (a.finished || a.status.lost);
        if (!a.stallWarned && s->loopLag.p99Ms > kStallLagMs) {
            a.stallWarned = true;
            Q_EMIT warning(tr("generator stall: agent %1's event loop lags %2 ms (p99), so its latencies include "
                              "its own delay: it, not the target, is the bottleneck")
                               .arg(a.status.name)
                               .arg(s->loopLag.p99Ms, 0, 'f', 1));
        }
    }
    auto merged = std::make_shared<Snapshot>(mergeSnapshots(parts, kRecentRows));
    merged->running = !allDone;
    merged->sequence = m_latest->sequence + 1;
    m_latest = merged;
    Q_EMIT snapshotReady(m_latest);
}

std::vector<AgentStatus> FleetController::agents() const
{
    std::vector<AgentStatus> out;
    for (const Agent &a : m_agents) {
        AgentStatus s = a.status;
        const SnapshotPtr snap = a.decoder->snapshot();
        LatencyHistogram all;
        for (const WorkloadSnapshot &w : snap->workloads)
            all.merge(w.histogram);
        s.done = snap->totalDone();
        s.donePerSecond = snap->throughputPerSecond;
        s.p99Ms = double(all.quantileNs(0.99)) / 1e6;
        s.loopLagMs = snap->loopLag.p99Ms;
        out.push_back(s);
    }
    return out;
}

QJsonObject FleetController::reportKeys() const
{
    QJsonArray agents;
    for (const AgentStatus &a : this->agents()) {
        QJsonObject o{{QStringLiteral("name"), a.name},   {QStringLiteral("host"), a.host},
                      {QStringLiteral("state"), a.state}, {QStringLiteral("done"), a.done},
                      {QStringLiteral("p99Ms"), a.p99Ms}, {QStringLiteral("loopLagMs"), a.loopLagMs},
                      {QStringLiteral("lost"), a.lost}};
        if (!a.lostReason.isEmpty())
            o.insert(QStringLiteral("lostReason"), a.lostReason);
        agents.append(o);
    }
    QJsonObject fleet{{QStringLiteral("agentsWanted"), m_options.agents},
                      {QStringLiteral("onAgentLoss"), m_spec.onAgentLoss},
                      {QStringLiteral("runId"), QString::fromUtf8(m_runId)}};
    if (!m_failure.isEmpty())
        fleet.insert(QStringLiteral("failure"), m_failure);
    return QJsonObject{{QStringLiteral("agents"), agents}, {QStringLiteral("fleet"), fleet}};
}

QByteArray FleetController::metrics(const QString &profileName) const
{
    QByteArray out = PrometheusText::render(*m_latest, profileName);
    const auto family = [&out](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    const std::vector<AgentStatus> all = agents();
    const auto each = [&](const char *name, auto value) {
        for (const AgentStatus &a : all)
            out += QByteArray(name) + "{agent=\"" + a.name.toUtf8() + "\"} " + QByteArray::number(value(a)) + '\n';
    };
    family("coroscope_fleet_agent_up", "gauge", "1 while the agent heartbeats, 0 once it is lost.");
    each("coroscope_fleet_agent_up", [](const AgentStatus &a) { return a.lost ? 0 : 1; });
    family("coroscope_fleet_agent_tasks_done_total", "counter", "Tasks the agent has finished (any outcome).");
    each("coroscope_fleet_agent_tasks_done_total", [](const AgentStatus &a) { return a.done; });
    family("coroscope_fleet_agent_loop_lag_seconds", "gauge", "The agent's event-loop lag, p99.");
    each("coroscope_fleet_agent_loop_lag_seconds", [](const AgentStatus &a) { return a.loopLagMs / 1000.0; });
    return out;
}

} // namespace coroscope
