#pragma once

#include "core/AsyncQueue.h"
#include "core/Distribution.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace coroscope {

class ItemWork;
class JsonReader;

// The largest payload a profile may ask for (the Redis reader's bulk cap leaves room for it).
constexpr qint64 kMaxPayloadBytes = 16 * 1024 * 1024;

// Where a queue's items live.
enum class QueueBackendKind { Memory, Redis };

// A queue workload as the profile gives it (docs/profile-format.md, type "queue").
struct QueueSpec {
    Q_DECLARE_TR_FUNCTIONS(QueueSpec)

public:
    QueueBackendKind backend = QueueBackendKind::Memory;
    qint64 capacity = 1000; // memory: 0 = unbounded (in fact 1 000 000: queued items are live tasks)
    AsyncQueueOrder::Order order = AsyncQueueOrder::Fifo;
    qint64 producers = 1; // 0 = drain what is already there
    qint64 items = 1000;  // produced in total; with no producers, consumed; 0 = until the run ends
    double ratePerSecond = 0;
    qint64 payloadBytes = 0;
    Distribution priority = Distribution::fixed(0);
    bool producerThread = false;
    qint64 consumers = 2;
    std::shared_ptr<ItemWork> work; // never null after a successful read()
    double failureProbability = 0;
    int retries = 0;
    qint64 idleStopMs = 1000;
    QString redis = QStringLiteral("redis://127.0.0.1:6379/0");
    QString key = QStringLiteral("coroscope:queue");
    QString passwordEnv;
    qint64 batch = 64;              // Redis: items moved per round trip
    qint64 commandTimeoutMs = 5000; // Redis: the deadline of every command
    qint64 setupTimeoutMs = 10'000; // the whole set-up before the run (connect, requeue, work)
    // The seed's TCP log collector: producers are line clients writing to a line server that puts
    // each line on the queue (reading stops while the queue is full: TCP pushes back on clients).
    bool tcpIntake = false;
    qint64 intakeConnections = 4;
    qint64 intakeLinesPerConnection = 250;
    qint64 intakeLineBytes = 80;

    // Producers that feed the queue: intake clients, the one producer thread, or coroutines.
    qint64 producerCount() const
    {
        return tcpIntake ? intakeConnections : producerThread && producers > 0 ? 1 : producers;
    }
    // A drain (no producers) of a given number of items: consumers take exactly that many.
    bool drainLimited() const { return producers == 0 && items > 0; }

    static QueueSpec read(JsonReader &r);
};

} // namespace coroscope
