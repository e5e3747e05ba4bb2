#pragma once

#include "core/CancellationToken.h"
#include "core/LoopScheduler.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"
#include "fleet/DeltaDecoder.h"
#include "fleet/FleetProtocol.h"
#include "net/RedisConnection.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>
#include <vector>

namespace coroscope {

// One agent as the controller sees it (the Agents view, the report's `agents`).
struct AgentStatus {
    QString name;
    QString host;
    QString state; // idle, running, finished, lost, refused
    QString version;
    int cores = 0;
    QDateTime lastHeartbeat;
    bool lost = false;
    QString lostReason;
    qint64 done = 0;
    double donePerSecond = 0;
    double p99Ms = 0;
    double loopLagMs = 0; // p99 of its loop lag
};

// The controller of a fleet run, for the headless CLI and the window alike: waits for agents on
// the fleet's Redis, publishes the profile and each agent's part, rebuilds every agent's Snapshot
// from its deltas and merges them (mergeSnapshots) into the one Snapshot stream a local Run would
// give. Stop and cancel reach every agent; an agent whose heartbeat key expires is lost, and the run
// goes on or fails as run.onAgentLoss says.
class FleetController : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString redisUrl;
        QString passwordEnv;
        int agents = 1;
        QMap<QString, QString> labels; // an agent must carry every one
        int waitMs = 30000;            // for the agents wanted
    };

    // An agent's loop lag (p99) above which its latencies are its own delay: a generator stall.
    static constexpr double kStallLagMs = 20;

    explicit FleetController(Options options, QObject *parent = nullptr);
    ~FleetController() override;

    // Starts the whole sequence; the end is failed() (nothing ran: bad input, exit 2) or finished().
    void start(const RunSpec &spec);
    void stopGracefully();
    void cancelAll();

    bool isRunning() const { return m_started && !m_finished; }
    // A stop or a cancel was asked for (and reaches the agents once the run is published).
    bool isStopping() const { return !m_stopRequested.isEmpty() || m_stopSent; }
    const Options &options() const { return m_options; }
    QDateTime startedAt() const { return m_startedAt; }
    SnapshotPtr latestSnapshot() const { return m_latest; }
    std::vector<AgentStatus> agents() const;
    // Why the run failed although it ran (an agent lost under onAgentLoss "fail", Redis lost); empty if not.
    QString failure() const { return m_failure; }
    // An agent refused the run or could not set up its part: bad input rather than a failed run.
    bool refused() const { return m_refused; }
    // The report's `agents` array and `fleet` object.
    QJsonObject reportKeys() const;
    // The merged figures and per-agent families with an `agent` label, as Prometheus text.
    QByteArray metrics(const QString &profileName) const;

Q_SIGNALS:
    void waiting(const QString &present);
    void started();
    void snapshotReady(coroscope::SnapshotPtr snapshot);
    void agentsChanged();
    void warning(const QString &text);
    void failed(const QString &error);
    void finished(coroscope::SnapshotPtr finalSnapshot);

private:
    struct Agent {
        AgentStatus status;
        std::unique_ptr<DeltaDecoder> decoder;
        bool finished = false;
        bool stallWarned = false;
        bool beatMissing = false; // its key was gone at the last check
    };
    static QCoro::Task<void> main(FleetController *self);
    QCoro::Task<bool> waitForAgents();
    QCoro::Task<bool> follow();
    QCoro::Task<std::optional<QList<AgentStatus>>> listAgents();
    void apply(const StreamEntry &entry);
    void lose(Agent &agent, const QString &reason);
    void control(const QByteArray &type);
    QList<QByteArray> runMessage(const QStringList &agentNames) const;
    QList<QByteArray> agentKeys() const;
    void publish();
    Agent *find(const QString &name);

    Options m_options;
    RunSpec m_spec;
    LoopScheduler m_scheduler;
    RedisConnection m_reader{m_scheduler};
    RedisConnection m_writer{m_scheduler};
    RedisAddress m_address;
    QByteArray m_id;
    QByteArray m_runId;
    std::vector<Agent> m_agents;
    QList<QList<QByteArray>> m_outbox;
    SnapshotPtr m_latest;
    QDateTime m_startedAt;
    bool m_started = false;
    QString m_setupError; // why the run could not begin
    // How it ends: asked to stop or cancel, or failed (an agent refused or was lost, Redis went away).
    QString m_stopRequested; // "stop" or "cancel" asked before the run was published
    bool m_stopSent = false;
    bool m_cancelSent = false;
    QString m_failure;
    bool m_refused = false; // an agent refused the run or could not run its part
    bool m_finished = false;
};

} // namespace coroscope
