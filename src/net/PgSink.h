#pragma once

#include "net/PgConnection.h"

#include <functional>

namespace coroscope {

// One row of the sink's table: an item's id (the primary key), its payload or log line, and when
// it was enqueued (Unix microseconds, 0 = unknown). The server stamps the insert time.
struct PgRow {
    qint64 id = 0;
    QByteArray payload;
    qint64 enqueuedUnixUs = 0;
};

enum class PgWriteMode { Insert, Copy };

struct PgSinkOptions {
    QByteArray table = "coroscope_items"; // a plain or schema-qualified identifier, checked by the caller
    PgWriteMode mode = PgWriteMode::Insert;
    bool createTable = true;
};

// Writes batches of rows into a table over one PgConnection so that each id lands exactly once,
// however often it is delivered (the id is the primary key and duplicates are skipped):
// - insert: one row is one prepared INSERT ... ON CONFLICT DO NOTHING; a batch is one prepared
//   INSERT ... SELECT FROM unnest(binary arrays) ... ON CONFLICT DO NOTHING and a Sync in libpq's
//   pipeline mode (the Sync commits the pipeline's implicit transaction);
// - copy: binary COPY straight into the table; when a row is already there (SQLSTATE 23505) the
//   batch is rolled back by the server and copied again through a temporary staging table with
//   INSERT ... SELECT ... ON CONFLICT DO NOTHING. A re-delivery costs the slow path, the common case
//   none. A batch is one transaction either way: it commits whole or not at all.
class PgSink
{
public:
    PgSink(PgConnection *connection, PgSinkOptions options);

    PgConnection *connection() const { return m_conn; }
    const PgSinkOptions &options() const { return m_options; }
    // Called once the rows are sent and written and only the commit is awaited.
    void setOnCommitting(std::function<void()> callback) { m_onCommitting = std::move(callback); }

    // After the connection opened: creates the table (when asked) and prepares the INSERT.
    static QCoro::Task<PgOutcome> setUp(PgSink *self, CancellationToken *token, qint64 deadlineNs);
    // Writes and commits one batch. `skipped` (when given) gets how many rows were already there
    // (insert mode; copy reports them only on its slow path).
    static QCoro::Task<PgOutcome> write(PgSink *self, const std::vector<PgRow> *rows, CancellationToken *token,
                                        qint64 deadlineNs, qint64 *skipped = nullptr);

    static QByteArray createTableSql(const QByteArray &table);
    // The binary COPY stream for rows (header, tuples, trailer).
    static QByteArray copyData(const std::vector<PgRow> &rows);

private:
    static QCoro::Task<PgOutcome> insertBatch(PgSink *self, const std::vector<PgRow> *rows, CancellationToken *token,
                                              qint64 deadlineNs, qint64 *skipped);
    static QCoro::Task<PgOutcome> copyBatch(PgSink *self, QByteArray sql, const QByteArray *data,
                                            CancellationToken *token, qint64 deadlineNs, qint64 *inserted);
    bool sendInsert(const PgRow &row);
    bool sendInsertMany(const std::vector<PgRow> &rows);
    void committing();

    PgConnection *m_conn;
    PgSinkOptions m_options;
    std::function<void()> m_onCommitting;
    bool m_stagingReady = false;
};

} // namespace coroscope
