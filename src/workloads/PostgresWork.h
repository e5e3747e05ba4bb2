#pragma once

#include "core/AsyncSemaphore.h"
#include "net/PgSink.h"
#include "workloads/ItemWork.h"

#include <QCoreApplication>

#include <memory>
#include <vector>

namespace coroscope {

struct PostgresWorkOptions {
    QString dsn;         // postgresql://user@host:port/db (no password in it)
    QString passwordEnv; // the environment variable that holds the password; empty = none
    QByteArray table = "coroscope_items";
    bool createTable = true;
    int batchRows = 100;
    PgWriteMode mode = PgWriteMode::Insert;
    int connections = 2;
    qint64 timeoutMs = 10'000;      // one batch, connected
    qint64 reconnectForMs = 30'000; // how long a batch waits for a lost server to come back
};

// Work kind "postgres" (seed 000's log collector ends in PostgreSQL): every item becomes a row of
// `table` (its id as primary key, its payload or intake line, when it was enqueued; the server
// stamps the insert), a consumer's batch is one transaction, and an id delivered twice lands once.
// The consumers share a pool of `connections` libpq connections; a batch waits for a free one.
// A connection lost mid-run is reopened with backoff and the batch written again (the primary key
// makes that safe), so a restarted server loses and doubles nothing. An item's outcome is ok only
// after its transaction committed: with the Redis backend, acknowledged only then.
class PostgresWork : public ItemWork
{
    Q_DECLARE_TR_FUNCTIONS(PostgresWork)

public:
    enum Phase { WaitingForConnection, Connecting, Inserting, Committing };

    explicit PostgresWork(PostgresWorkOptions options);
    ~PostgresWork() override;
    static std::shared_ptr<ItemWork> read(JsonReader &work);

    QString kind() const override { return QStringLiteral("postgres"); }
    QStringList phaseNames() const override;
    int batchSize() const override { return m_options.batchRows; }
    QCoro::Task<QString> prepare(LoopScheduler *scheduler, CancellationToken *cancel, qint64 deadlineNs) override;
    std::unique_ptr<ItemWorker> createWorker(LoopScheduler *scheduler) override;
    qint64 descriptorsNeeded(qint64 consumers) const override;
    QString target() const override;

    const PostgresWorkOptions &options() const { return m_options; }
    // The row of an item. Its key: a Redis item's own identity (so a redelivery lands on the same
    // row), a value pushed from outside by its content, else the task id under a per-run stamp
    // (run stamp << 32 | task id).
    PgRow rowFor(const WorkItem &item) const;

    qint64 reconnects() const { return m_reconnects; }

private:
    friend class PostgresWorker;
    struct Slot {
        std::unique_ptr<PgConnection> conn;
        std::unique_ptr<PgSink> sink;
        bool busy = false;
        bool everOpened = false;
        qint64 retryAtNs = 0;
        qint64 backoffMs = 100;
    };

    PostgresWorkOptions m_options;
    QByteArray m_password;
    std::vector<std::unique_ptr<Slot>> m_slots;
    std::unique_ptr<AsyncSemaphore> m_free;
    qint64 m_wallOffsetUs = 0; // Unix microseconds minus nowNs() in microseconds
    qint64 m_reconnects = 0;
    qint64 m_runStamp = 0; // seconds since 2023-11-14, 31 bits
};

} // namespace coroscope
