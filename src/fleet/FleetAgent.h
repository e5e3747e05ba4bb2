#pragma once

#include "core/CancellationToken.h"
#include "core/LoopScheduler.h"
#include "core/Snapshot.h"
#include "fleet/DeltaEncoder.h"
#include "fleet/FleetProtocol.h"
#include "net/RedisConnection.h"

#include <QEventLoop>
#include <QMap>
#include <QObject>

#include <memory>

namespace coroscope {

class Run;
class MetricsServer;

// `coroscope agent --redis URL`: announces itself with a heartbeat key, waits on the fleet's
// control stream for a run that names it, runs its share and streams a delta per Snapshot (and a
// final one) to the run's data stream. Runs only what the controller holding the fleet's
// controller key published, and only when its version is this agent's.
class FleetAgent : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString redisUrl;
        QString passwordEnv; // the environment variable holding Redis's password, if any
        QString name;        // default: host name and process id
        QMap<QString, QString> labels;
        QString metricsAddress;
        QString reportFile; // each run's own report (the agent's part), rewritten per run
        bool once = false;  // exit when the first run ends
    };

    explicit FleetAgent(Options options, QObject *parent = nullptr);
    ~FleetAgent() override;

    // Runs until interrupted (or, with `once`, until its first run ends); the exit code of
    // CONTRACT.md: 0, 2 (Redis unreachable, name taken, flags), 130 (interrupted).
    int exec();
    // Ends the agent: its run is cancelled, its final delta sent, its heartbeat key removed.
    void quit(int exitCode);

private:
    static QCoro::Task<void> main(FleetAgent *self);
    static QCoro::Task<void> sendLoop(FleetAgent *self);
    QCoro::Task<void> handle(StreamEntry entry);
    // Checks a control message and acts on stop/cancel; true for a run this agent is named in.
    bool takeRun(const StreamEntry &entry, int *part, int *parts);
    QString versionRefusal(const StreamEntry &entry) const;
    QString controllerRefusal(const StreamEntry &entry, const RedisConnection::Result &holder) const;
    void answerRun(const StreamEntry &entry, const QString &refusal, int part, int parts);
    void startRun(const StreamEntry &entry, int part, int parts);
    void onRunFinished(const SnapshotPtr &finalSnapshot);
    void send(const QByteArray &runId, const QByteArray &type, const QList<QByteArray> &fields);
    void sendRefusal(const QByteArray &runId, const QByteArray &type, const QString &reason);
    QByteArray heartbeat() const;
    // Cancels the run when the controller that started it no longer holds the fleet.
    void checkController(const RespReply &holder);
    void fail(const QString &message);

    Options m_options;
    LoopScheduler m_scheduler;
    RedisConnection m_reader{m_scheduler}; // blocks in XREAD on the control stream
    RedisConnection m_writer{m_scheduler}; // heartbeats and deltas, one pipeline at a time
    RedisAddress m_address;
    CancellationToken m_stopReading;
    QEventLoop m_loop;
    std::unique_ptr<MetricsServer> m_metrics;
    std::unique_ptr<Run> m_run;
    DeltaEncoder m_encoder;
    QByteArray m_runId;
    QByteArray m_controller;
    QList<QList<QByteArray>> m_outbox;
    bool m_quitting = false;
    bool m_mainDone = false;
    int m_exitCode = 0;
    int m_runsDone = 0;
};

} // namespace coroscope
