#include "fleet/FleetAgent.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/RuleEvaluator.h"
#include "core/Run.h"
#include "core/Workload.h"
#include "fleet/ProfileShare.h"
#include "net/MetricsServer.h"
#include "report/JsonReport.h"
#include "report/PrometheusText.h"
#include "workloads/WorkloadRegistry.h"

#include <QCoroTask>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>
#include <QThread>

#include <cstdio>

namespace coroscope {

namespace {

constexpr qint64 kRedisTimeoutMs = 5000;

void printErr(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace

FleetAgent::FleetAgent(Options options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    if (m_options.name.isEmpty())
        m_options.name =
            QStringLiteral("%1-%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid());
}

FleetAgent::~FleetAgent() = default;

int FleetAgent::exec()
{
    if (!FleetProtocol::validName(m_options.name)) {
        printErr(
            tr("--name: expected letters, digits, '.', '_' or '-' (at most 64), found \"%1\"").arg(m_options.name));
        return 2;
    }
    QString error;
    if (!FleetProtocol::resolveAddress(QStringLiteral("--redis"), m_options.redisUrl, m_options.passwordEnv, &m_address,
                                       &error)) {
        printErr(error);
        return 2;
    }
    if (!m_options.metricsAddress.isEmpty()) {
        m_metrics = std::make_unique<MetricsServer>([this] {
            const SnapshotPtr s = m_run ? m_run->latestSnapshot() : nullptr;
            return PrometheusText::render(s ? *s : Snapshot{}, m_run ? m_run->spec().name : QString(),
                                          QStringLiteral("agent=\"%1\"").arg(m_options.name));
        });
        if (!m_metrics->listen(m_options.metricsAddress, &error)) {
            printErr(QStringLiteral("--metrics: ") + error);
            return 2;
        }
    }
    QCoro::Task<void> task = main(this);
    if (!m_mainDone)
        m_loop.exec();
    return m_exitCode;
}

void FleetAgent::quit(int exitCode)
{
    if (!m_quitting || exitCode == 2)
        m_exitCode = std::max(m_exitCode, exitCode);
    m_quitting = true;
    m_stopReading.cancel();
    if (m_run)
        m_run->cancelAll();
}

void FleetAgent::fail(const QString &message)
{
    printErr(QStringLiteral("agent %1: %2").arg(m_options.name, message));
    quit(2);
}

QByteArray FleetAgent::heartbeat() const
{
    QJsonObject labels;
    for (auto it = m_options.labels.cbegin(); it != m_options.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    return QJsonDocument(
               QJsonObject{{QStringLiteral("name"), m_options.name},
                           {QStringLiteral("host"), QSysInfo::machineHostName()},
                           {QStringLiteral("cores"), QThread::idealThreadCount()},
                           {QStringLiteral("version"), FleetProtocol::version()},
                           {QStringLiteral("labels"), labels},
                           {QStringLiteral("state"), m_run ? QStringLiteral("running") : QStringLiteral("idle")},
                           {QStringLiteral("run"), QString::fromUtf8(m_runId)},
                           {QStringLiteral("pid"), QCoreApplication::applicationPid()}})
        .toJson(QJsonDocument::Compact);
}

QCoro::Task<void> FleetAgent::main(FleetAgent *self)
{
    try {
        RedisConnection::Result r = co_await FleetProtocol::openBoth(&self->m_reader, &self->m_writer, self->m_address);
        if (r.ok)
            r = co_await RedisConnection::run(
                &self->m_writer,
                FleetProtocol::batch(FleetProtocol::setKey(FleetProtocol::agentKey(self->m_options.name),
                                                           self->heartbeat(), FleetProtocol::kHeartbeatTtlMs, true)),
                nullptr, nowNs() + kRedisTimeoutMs * kNsPerMs);
        if (!r.ok) {
            self->fail(r.error);
        } else if (r.replies[0].isNil()) {
            self->fail(
                tr("an agent named %1 is already in this fleet (choose another --name)").arg(self->m_options.name));
        } else {
            // Runs published before this agent joined are not its own: read from the stream's end.
            QByteArray lastId = FleetProtocol::streamStart();
            r = co_await RedisConnection::run(
                &self->m_reader, FleetProtocol::batch(FleetProtocol::lastEntry(FleetProtocol::controlStream())),
                nullptr, nowNs() + kRedisTimeoutMs * kNsPerMs);
            QList<StreamEntry> newest;
            QString why;
            if (r.ok && FleetProtocol::parseRange(r.replies[0], &newest, &why) && !newest.isEmpty())
                lastId = newest.front().id;
            printErr(tr("agent %1 joined the fleet at %2 (version %3)")
                         .arg(self->m_options.name, self->m_options.redisUrl, FleetProtocol::version()));
            QCoro::Task<void> sending = sendLoop(self);
            while (!self->m_quitting) {
                r = co_await RedisConnection::run(
                    &self->m_reader,
                    FleetProtocol::batch(FleetProtocol::readAfter(FleetProtocol::controlStream(), lastId, 16, 500)),
                    &self->m_stopReading, nowNs() + kRedisTimeoutMs * kNsPerMs);
                if (!r.ok) {
                    if (!r.cancelled)
                        self->fail(tr("lost the connection to Redis: %1").arg(r.error));
                    break;
                }
                QList<StreamEntry> entries;
                if (!FleetProtocol::parseXread(r.replies[0], &entries, &why))
                    printErr(tr("agent %1: ignoring the control stream's answer: %2").arg(self->m_options.name, why));
                for (StreamEntry &e : entries) {
                    lastId = e.id;
                    co_await self->handle(std::move(e));
                }
            }
            // Ending: the run is cancelled and its final delta queued before the heartbeat goes.
            const qint64 giveUp = nowNs() + qint64(Run::kAbandonAfterCancelMs + 2000) * kNsPerMs;
            while (self->m_run && nowNs() < giveUp)
                co_await DeadlineWait(self->m_scheduler, nullptr, nowNs() + 20 * kNsPerMs);
            co_await sending;
        }
    } catch (const std::exception &e) {
        self->fail(tr("internal error: %1").arg(QString::fromLocal8Bit(e.what())));
    }
    self->m_mainDone = true;
    self->m_loop.quit();
}

QCoro::Task<void> FleetAgent::sendLoop(FleetAgent *self)
{
    qint64 nextBeatNs = 0;
    for (;;) {
        QList<QList<QByteArray>> batch;
        batch.swap(self->m_outbox);
        bool askedController = false;
        const bool last = self->m_quitting && batch.isEmpty() && !self->m_run;
        if (last) {
            batch << FleetProtocol::deleteKey(FleetProtocol::agentKey(self->m_options.name));
        } else if (nowNs() >= nextBeatNs) {
            batch << FleetProtocol::setKey(FleetProtocol::agentKey(self->m_options.name), self->heartbeat(),
                                           FleetProtocol::kHeartbeatTtlMs, false);
            // Whoever started the run must still hold the fleet: a controller that died leaves no
            // orphan load behind.
            batch << FleetProtocol::getKey(FleetProtocol::controllerKey());
            askedController = true;
            nextBeatNs = nowNs() + FleetProtocol::kHeartbeatEveryMs * kNsPerMs;
        }
        if (!batch.isEmpty()) {
            const RedisConnection::Result r =
                co_await RedisConnection::run(&self->m_writer, batch, nullptr, nowNs() + kRedisTimeoutMs * kNsPerMs);
            if (!r.ok) {
                if (!last)
                    self->fail(tr("lost the connection to Redis: %1").arg(r.error));
                co_return;
            }
            if (askedController)
                self->checkController(r.replies.back());
        }
        if (last)
            co_return;
        co_await DeadlineWait(self->m_scheduler, nullptr, nowNs() + 20 * kNsPerMs);
    }
}

QString FleetAgent::versionRefusal(const StreamEntry &entry) const
{
    const QString theirs = QString::fromUtf8(entry.fields.value("version").left(64));
    if (theirs == FleetProtocol::version())
        return QString();
    return tr("the controller runs version %1 and this agent version %2: versions must match")
        .arg(theirs, FleetProtocol::version());
}

QString FleetAgent::controllerRefusal(const StreamEntry &entry, const RedisConnection::Result &holder) const
{
    if (!holder.ok)
        return tr("cannot check who controls the fleet: %1").arg(holder.error);
    const QByteArray controller = entry.fields.value("controller");
    if (holder.replies[0].isNil() || holder.replies[0].text != controller)
        return tr("the run came from %1, which is not the controller of this fleet")
            .arg(QString::fromUtf8(controller.left(64)));
    return QString();
}

QCoro::Task<void> FleetAgent::handle(StreamEntry entry)
{
    int part = 0;
    int parts = 0;
    if (!takeRun(entry, &part, &parts))
        co_return;
    QString refusal = versionRefusal(entry);
    if (refusal.isEmpty()) {
        const RedisConnection::Result holder = co_await RedisConnection::run(
            &m_reader, FleetProtocol::batch(FleetProtocol::getKey(FleetProtocol::controllerKey())), &m_stopReading,
            nowNs() + kRedisTimeoutMs * kNsPerMs);
        refusal = controllerRefusal(entry, holder);
    }
    answerRun(entry, refusal, part, parts);
}

bool FleetAgent::takeRun(const StreamEntry &entry, int *part, int *parts)
{
    const QByteArray v = entry.fields.value("v");
    const QByteArray type = entry.fields.value("type");
    const QByteArray runId = entry.fields.value("run");
    const auto ignore = [&](const QString &why) {
        printErr(tr("agent %1: ignoring control message %2: %3")
                     .arg(m_options.name, QString::fromUtf8(entry.id.left(64)), why));
        return false;
    };
    if (v != QByteArray::number(FleetProtocol::kProtocolVersion))
        return ignore(tr("protocol version \"%1\", this agent speaks %2")
                          .arg(QString::fromUtf8(v.left(16)))
                          .arg(FleetProtocol::kProtocolVersion));
    if (!FleetProtocol::validName(QString::fromUtf8(runId)))
        return ignore(tr("no valid run id"));
    if (type == "stop" || type == "cancel") {
        if (m_run && runId == m_runId && entry.fields.value("controller") == m_controller) {
            printErr(tr("agent %1: the controller asked to %2 run %3")
                         .arg(m_options.name, QString::fromUtf8(type), QString::fromUtf8(runId)));
            type == "stop" ? m_run->stopGracefully() : m_run->cancelAll();
        }
        return false;
    }
    if (type != "run")
        return ignore(tr("unknown type \"%1\"").arg(QString::fromUtf8(type.left(32))));
    const QStringList agents = QString::fromUtf8(entry.fields.value("agents")).split(u',');
    *part = int(agents.indexOf(m_options.name));
    *parts = int(agents.size());
    if (*part < 0)
        return false; // a run for other agents
    if (!m_runId.isEmpty()) {
        sendRefusal(runId, "refused", tr("busy with run %1").arg(QString::fromUtf8(m_runId)));
        return false;
    }
    m_runId = runId;
    m_controller = entry.fields.value("controller");
    return true;
}

void FleetAgent::answerRun(const StreamEntry &entry, const QString &refusal, int part, int parts)
{
    if (!refusal.isEmpty()) {
        printErr(tr("agent %1: refused run %2: %3").arg(m_options.name, QString::fromUtf8(m_runId), refusal));
        sendRefusal(m_runId, "refused", refusal);
        m_runId.clear();
        m_controller.clear();
        return;
    }
    // Run::prepare may wait in a local event loop: not from inside the reading coroutine.
    QMetaObject::invokeMethod(
        this, [this, entry, part, parts] { startRun(entry, part, parts); }, Qt::QueuedConnection);
}

void FleetAgent::startRun(const StreamEntry &entry, int part, int parts)
{
    const QByteArray runId = m_runId;
    const auto refuse = [&](const QString &why) {
        printErr(tr("agent %1: cannot run %2: %3").arg(m_options.name, QString::fromUtf8(runId), why));
        sendRefusal(runId, "failed", why);
        m_runId.clear();
        m_run.reset();
    };
    if (m_quitting)
        return refuse(tr("the agent is stopping"));
    QString error;
    const std::optional<RunSpec> spec = ProfileShare::make(entry.fields.value("profile"), part, parts,
                                                           entry.fields.value("duration").toDouble(), &error);
    if (!spec)
        return refuse(error);
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(*spec, &issues);
    if (workloads.empty())
        return refuse(issues.isEmpty() ? tr("no workload") : issues.front().toString());
    m_run = std::make_unique<Run>(*spec, std::move(workloads));
    m_encoder = DeltaEncoder{};
    if (!m_run->prepare(&error))
        return refuse(error);
    connect(m_run.get(), &Run::snapshotReady, this, [this, runId](const SnapshotPtr &s) {
        send(runId, "delta", {"d", m_encoder.encode(*s)});
    });
    connect(m_run.get(), &Run::finished, this, &FleetAgent::onRunFinished);
    printErr(tr("agent %1: running part %2 of %3 of run %4")
                 .arg(m_options.name)
                 .arg(part + 1)
                 .arg(parts)
                 .arg(QString::fromUtf8(runId)));
    m_run->start();
}

void FleetAgent::onRunFinished(const SnapshotPtr &finalSnapshot)
{
    send(m_runId, "final", {"d", m_encoder.encode(*finalSnapshot)});
    if (!m_options.reportFile.isEmpty()) {
        const RunSpec &spec = m_run->spec();
        QString error;
        const QJsonObject report = JsonReport::build(spec, *finalSnapshot, m_run->startedAt(), m_quitting,
                                                     RuleEvaluator::evaluateAll(spec.rules, *finalSnapshot));
        if (!JsonReport::write(m_options.reportFile, report, &error))
            printErr(tr("agent %1: cannot write the report: %2").arg(m_options.name, error));
    }
    printErr(tr("agent %1: run %2 ended, %3 tasks done")
                 .arg(m_options.name, QString::fromUtf8(m_runId))
                 .arg(finalSnapshot->totalDone()));
    // Not deleted inside its own finished(); parented so that it goes with the agent at the latest.
    Run *ended = m_run.release();
    ended->setParent(this);
    ended->deleteLater();
    m_runId.clear();
    m_controller.clear();
    ++m_runsDone;
    if (m_options.once)
        quit(m_exitCode);
}

void FleetAgent::checkController(const RespReply &holder)
{
    if (!m_run || m_controller.isEmpty() || m_run->phase() == Run::Phase::Finished)
        return;
    if (holder.type == RespReply::Type::Bulk && holder.text == m_controller)
        return;
    printErr(tr("agent %1: the controller of run %2 is gone: cancelling it")
                 .arg(m_options.name, QString::fromUtf8(m_runId)));
    m_controller.clear();
    m_run->cancelAll();
}

void FleetAgent::sendRefusal(const QByteArray &runId, const QByteArray &type, const QString &reason)
{
    send(runId, type, {"reason", reason.toUtf8()});
}

void FleetAgent::send(const QByteArray &runId, const QByteArray &type, const QList<QByteArray> &fields)
{
    QList<QByteArray> command{"XADD",   FleetProtocol::dataStream(runId),
                              "MAXLEN", "~",
                              "100000", "*",
                              "v",      QByteArray::number(FleetProtocol::kProtocolVersion),
                              "agent",  m_options.name.toUtf8(),
                              "type",   type};
    command += fields;
    m_outbox << command;
}

} // namespace coroscope
