#include "workloads/QueueSpec.h"

#include "core/JsonReader.h"
#include "net/RedisConnection.h"
#include "workloads/ItemWork.h"
#include "workloads/NoneWork.h"

namespace coroscope {

QueueSpec QueueSpec::read(JsonReader &r)
{
    QueueSpec s;
    s.backend = r.choice(QStringLiteral("backend"), {QStringLiteral("memory"), QStringLiteral("redis")},
                         QStringLiteral("memory")) == QLatin1String("redis")
                    ? QueueBackendKind::Redis
                    : QueueBackendKind::Memory;
    s.capacity = r.integer(QStringLiteral("capacity"), s.capacity, 0, 100'000'000);
    const QString order =
        r.choice(QStringLiteral("order"), {QStringLiteral("fifo"), QStringLiteral("lifo"), QStringLiteral("priority")},
                 QStringLiteral("fifo"));
    s.order = order == QLatin1String("lifo")       ? AsyncQueueOrder::Lifo
              : order == QLatin1String("priority") ? AsyncQueueOrder::Priority
                                                   : AsyncQueueOrder::Fifo;
    s.producers = r.integer(QStringLiteral("producers"), s.producers, 0, 10'000);
    s.items = r.integer(QStringLiteral("items"), s.items, 0, 1'000'000'000'000);
    s.ratePerSecond = r.number(QStringLiteral("ratePerSecond"), 0, 0, 100'000'000);
    s.payloadBytes = r.integer(QStringLiteral("payloadBytes"), 0, 0, kMaxPayloadBytes);
    s.priority = r.distribution(QStringLiteral("priority"), s.priority, -1e9, 1e9);
    s.producerThread = r.boolean(QStringLiteral("producerThread"), false);
    s.consumers = r.integer(QStringLiteral("consumers"), s.consumers, 1, 10'000);
    JsonReader work = r.child(QStringLiteral("work"));
    s.work = ItemWork::fromProfile(work);
    if (!s.work)
        s.work = std::make_shared<NoneWork>(); // the reader holds the error; keep the spec usable
    s.failureProbability = r.number(QStringLiteral("failureProbability"), 0, 0, 1);
    s.retries = int(r.integer(QStringLiteral("retries"), 0, 0, 100));
    s.idleStopMs = r.integer(QStringLiteral("idleStopMs"), s.idleStopMs, 0, 3'600'000);
    s.redis = r.string(QStringLiteral("redis"), s.redis);
    s.key = r.string(QStringLiteral("key"), s.key);
    s.passwordEnv = r.string(QStringLiteral("passwordEnv"), QString());
    s.batch = r.integer(QStringLiteral("batch"), s.batch, 1, 10'000);
    s.commandTimeoutMs = r.integer(QStringLiteral("commandTimeoutMs"), s.commandTimeoutMs, 10, 600'000);
    s.setupTimeoutMs = r.integer(QStringLiteral("setupTimeoutMs"), s.setupTimeoutMs, 100, 600'000);
    if (r.has(QStringLiteral("intake"))) {
        JsonReader intake = r.child(QStringLiteral("intake"));
        s.tcpIntake = intake.choice(QStringLiteral("kind"), {QStringLiteral("tcp")}, QStringLiteral("tcp")) ==
                      QLatin1String("tcp");
        s.intakeConnections = intake.integer(QStringLiteral("connections"), s.intakeConnections, 1, 10'000);
        s.intakeLinesPerConnection =
            intake.integer(QStringLiteral("linesPerConnection"), s.intakeLinesPerConnection, 1, 100'000'000);
        s.intakeLineBytes = intake.integer(QStringLiteral("lineBytes"), s.intakeLineBytes, 2, 64 * 1024);
        intake.warnUnknownKeys();
        if (s.backend != QueueBackendKind::Memory)
            intake.error(QStringLiteral("kind"), tr("expected the memory backend with a tcp intake"));
    }
    if (s.backend == QueueBackendKind::Redis) {
        RedisAddress a;
        QString why;
        if (!RedisAddress::parse(s.redis, &a, &why))
            r.error(QStringLiteral("redis"), why);
        if (s.key.isEmpty())
            r.error(QStringLiteral("key"), tr("expected a non-empty list key"));
    }
    // Stages drive the production rate of coroutine producers (QueueWorkload::stageKey()).
    if (r.has(QStringLiteral("stages")) &&
        !(s.ratePerSecond > 0 && !s.tcpIntake && !s.producerThread && s.producers > 0))
        r.error(QStringLiteral("stages"), tr("stages change the production rate: they need \"ratePerSecond\" above 0, "
                                             "coroutine producers (no producerThread, no TCP intake)"));
    return s;
}

} // namespace coroscope
