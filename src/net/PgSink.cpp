#include "net/PgSink.h"

#include <QCoroTask>
#include <QtEndian>

#include <libpq-fe.h>

namespace coroscope {

namespace {

constexpr const char *kInsertStatement = "coroscope_insert";
constexpr const char *kStagingTable = "coroscope_staging";
// Oids of int8, text and timestamptz: the binary parameters of the prepared INSERT.
constexpr Oid kParamTypes[3] = {20, 25, 1184};
// PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.
constexpr qint64 kPgEpochUnixUs = 946'684'800LL * 1'000'000;

void appendBe32(QByteArray &out, qint32 v)
{
    char b[4];
    qToBigEndian(v, b);
    out.append(b, 4);
}

void appendBe64(QByteArray &out, qint64 v)
{
    char b[8];
    qToBigEndian(v, b);
    out.append(b, 8);
}

} // namespace

PgSink::PgSink(PgConnection *connection, PgSinkOptions options) : m_conn(connection), m_options(std::move(options)) {}

QByteArray PgSink::createTableSql(const QByteArray &table)
{
    return "CREATE TABLE IF NOT EXISTS " + table +
           " (id bigint PRIMARY KEY, payload text NOT NULL, enqueued_at timestamptz,"
           " inserted_at timestamptz NOT NULL DEFAULT now())";
}

QByteArray PgSink::copyData(const std::vector<PgRow> &rows)
{
    QByteArray out;
    qsizetype bytes = 19 + 2;
    for (const PgRow &r : rows)
        bytes += 2 + 4 + 8 + 4 + r.payload.size() + 4 + 8;
    out.reserve(bytes);
    out.append("PGCOPY\n\377\r\n\0", 11);
    appendBe32(out, 0); // flags
    appendBe32(out, 0); // header extension length
    for (const PgRow &r : rows) {
        char n[2];
        qToBigEndian<qint16>(3, n); // fields per tuple
        out.append(n, 2);
        appendBe32(out, 8);
        appendBe64(out, r.id);
        appendBe32(out, qint32(r.payload.size()));
        out.append(r.payload);
        if (r.enqueuedUnixUs) {
            appendBe32(out, 8);
            appendBe64(out, r.enqueuedUnixUs - kPgEpochUnixUs);
        } else {
            appendBe32(out, -1); // NULL
        }
    }
    out.append("\xff\xff", 2);
    return out;
}

void PgSink::committing()
{
    if (m_onCommitting)
        m_onCommitting();
}

QCoro::Task<PgOutcome> PgSink::setUp(PgSink *self, CancellationToken *token, qint64 deadlineNs)
{
    PgConnection *conn = self->m_conn;
    self->m_stagingReady = false;
    if (self->m_options.createTable) {
        PgOutcome o = co_await PgConnection::execute(conn, createTableSql(self->m_options.table), token, deadlineNs);
        // Two connections creating the same table at once: the loser sees a duplicate in the catalog.
        if (!o.ok() && o.sqlState != "23505" && o.sqlState != "42P07")
            co_return o;
    }
    if (self->m_options.mode == PgWriteMode::Copy)
        co_return PgOutcome{};
    const QByteArray sql = "INSERT INTO " + self->m_options.table +
                           " (id, payload, enqueued_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING";
    if (!conn->isOpen())
        co_return conn->fail(ErrorKind::ConnectionReset, QStringLiteral("not connected"));
    if (!PQsendPrepare(conn->handle(), kInsertStatement, sql.constData(), 3, kParamTypes)) {
        const PgOutcome o = conn->connectionFailure();
        conn->close();
        co_return o;
    }
    co_return co_await PgConnection::finishCommand(conn, token, deadlineNs);
}

bool PgSink::sendInsert(const PgRow &row)
{
    char id[8], at[8];
    qToBigEndian<qint64>(row.id, id);
    qToBigEndian<qint64>(row.enqueuedUnixUs - kPgEpochUnixUs, at);
    const char *values[3] = {id, row.payload.constData(), row.enqueuedUnixUs ? at : nullptr};
    const int lengths[3] = {8, int(row.payload.size()), 8};
    static const int formats[3] = {1, 1, 1};
    return PQsendQueryPrepared(m_conn->handle(), kInsertStatement, 3, values, lengths, formats, 0) == 1;
}

QCoro::Task<PgOutcome> PgSink::write(PgSink *self, const std::vector<PgRow> *rows, CancellationToken *token,
                                     qint64 deadlineNs, qint64 *skipped)
{
    if (rows->empty())
        co_return PgOutcome{};
    if (!self->m_conn->isOpen())
        co_return self->m_conn->fail(ErrorKind::ConnectionReset, QStringLiteral("not connected"));
    if (self->m_options.mode == PgWriteMode::Insert)
        co_return co_await insertBatch(self, rows, token, deadlineNs, skipped);

    const QByteArray data = copyData(*rows);
    const QByteArray direct =
        "COPY " + self->m_options.table + " (id, payload, enqueued_at) FROM STDIN (FORMAT binary)";
    PgOutcome o = co_await copyBatch(self, direct, &data, token, deadlineNs, nullptr);
    if (o.sqlState != "23505")
        co_return o;
    // Some id is already there (a re-delivery): the server rolled the batch back; copy it again
    // through the staging table and keep only the new rows. One simple query, one transaction.
    QByteArray staged;
    if (!self->m_stagingReady)
        staged = "CREATE TEMP TABLE IF NOT EXISTS " + QByteArray(kStagingTable) + " (LIKE " + self->m_options.table +
                 " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS; ";
    staged += "COPY " + QByteArray(kStagingTable) +
              " (id, payload, enqueued_at) FROM STDIN (FORMAT binary); INSERT INTO " + self->m_options.table +
              " (id, payload, enqueued_at) SELECT id, payload, enqueued_at FROM " + kStagingTable +
              " ON CONFLICT (id) DO NOTHING";
    qint64 inserted = -1;
    o = co_await copyBatch(self, staged, &data, token, deadlineNs, &inserted);
    if (o.ok()) {
        self->m_stagingReady = true;
        if (skipped && inserted >= 0)
            *skipped += qint64(rows->size()) - inserted;
    }
    co_return o;
}

QCoro::Task<PgOutcome> PgSink::insertBatch(PgSink *self, const std::vector<PgRow> *rows, CancellationToken *token,
                                           qint64 deadlineNs, qint64 *skipped)
{
    PgConnection *conn = self->m_conn;
    PGconn *pg = conn->handle();
    const size_t n = rows->size();
    if (n == 1) {
        // One row, one statement in its own (implicit) transaction: no pipeline to set up.
        if (!self->sendInsert(rows->front())) {
            const PgOutcome o = conn->connectionFailure();
            conn->close();
            co_return o;
        }
        self->committing();
    } else {
        if (!PQenterPipelineMode(pg))
            co_return conn->fail(ErrorKind::ProtocolError, QStringLiteral("libpq refused pipeline mode"));
        for (const PgRow &row : *rows) {
            if (!self->sendInsert(row)) {
                const PgOutcome o = conn->connectionFailure();
                conn->close();
                co_return o;
            }
        }
        if (!PQpipelineSync(pg)) {
            const PgOutcome o = conn->connectionFailure();
            conn->close();
            co_return o;
        }
    }
    // Results: one per row (each followed by a null), then, in a pipeline, the Sync that commits.
    PgOutcome first;
    size_t results = 0;
    int nullsInARow = 0;
    for (;;) {
        const PgOutcome waited = co_await PgConnection::awaitResult(conn, token, deadlineNs);
        if (!waited.ok())
            co_return waited;
        PGresult *res = PQgetResult(pg);
        if (!res) {
            if (n == 1)
                break;
            // Two nulls in a row with nothing pending: the pipeline is out of step with us.
            if (++nullsInARow > 1 && !PQisBusy(pg))
                co_return conn->fail(ErrorKind::ProtocolError, QStringLiteral("pipeline results out of step"));
            continue;
        }
        nullsInARow = 0;
        const ExecStatusType status = PQresultStatus(res);
        if (status == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            break;
        }
        if (status == PGRES_COMMAND_OK) {
            if (skipped && PQcmdTuples(res)[0] == '0')
                ++*skipped;
        } else if (status != PGRES_PIPELINE_ABORTED && first.ok()) {
            first = PgConnection::outcomeOf(res);
        }
        PQclear(res);
        if (++results == n && n > 1)
            self->committing();
        if (PQstatus(pg) == CONNECTION_BAD) {
            if (first.ok())
                first = conn->connectionFailure();
            conn->close();
            co_return first;
        }
    }
    if (n > 1 && !PQexitPipelineMode(pg))
        co_return conn->fail(ErrorKind::ProtocolError, QStringLiteral("pipeline did not end cleanly"));
    if (first.ok() && results != n)
        co_return conn->fail(ErrorKind::ProtocolError,
                             QStringLiteral("%1 results for %2 rows").arg(results).arg(qulonglong(n)));
    co_return first;
}

QCoro::Task<PgOutcome> PgSink::copyBatch(PgSink *self, QByteArray sql, const QByteArray *data, CancellationToken *token,
                                         qint64 deadlineNs, qint64 *inserted)
{
    PgConnection *conn = self->m_conn;
    PGconn *pg = conn->handle();
    if (!PQsendQuery(pg, sql.constData())) {
        const PgOutcome o = conn->connectionFailure();
        conn->close();
        co_return o;
    }
    PgOutcome first;
    bool copied = false;
    for (;;) {
        const PgOutcome waited = co_await PgConnection::awaitResult(conn, token, deadlineNs);
        if (!waited.ok())
            co_return waited;
        PGresult *res = PQgetResult(pg);
        if (!res)
            break;
        const ExecStatusType status = PQresultStatus(res);
        if (status == PGRES_COPY_IN) {
            PQclear(res);
            if (copied)
                co_return conn->fail(ErrorKind::ProtocolError, QStringLiteral("a second COPY in one batch"));
            copied = true;
            // Non-blocking: 0 means libpq's buffer is full; flush (reading meanwhile) and try again.
            int put;
            while ((put = PQputCopyData(pg, data->constData(), int(data->size()))) == 0) {
                const PgOutcome f = co_await PgConnection::flush(conn, token, deadlineNs);
                if (!f.ok())
                    co_return f;
            }
            while (put > 0 && (put = PQputCopyEnd(pg, nullptr)) == 0) {
                const PgOutcome f = co_await PgConnection::flush(conn, token, deadlineNs);
                if (!f.ok())
                    co_return f;
            }
            if (put < 0) {
                const PgOutcome o = conn->connectionFailure();
                conn->close();
                co_return o;
            }
            self->committing();
            continue;
        }
        if (status == PGRES_COMMAND_OK) {
            // The last command's count: the INSERT ... SELECT of the staging path.
            if (inserted)
                *inserted = QByteArray(PQcmdTuples(res)).toLongLong();
        } else if (first.ok()) {
            first = PgConnection::outcomeOf(res);
        }
        PQclear(res);
        if (PQstatus(pg) == CONNECTION_BAD) {
            if (first.ok())
                first = conn->connectionFailure();
            conn->close();
            co_return first;
        }
    }
    co_return first;
}

} // namespace coroscope
