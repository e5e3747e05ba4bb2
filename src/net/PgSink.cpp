#include "net/PgSink.h"

#include <QCoroTask>
#include <QtEndian>

#include <libpq-fe.h>

namespace coroscope {

namespace {

constexpr const char *kInsertStatement = "coroscope_insert";
constexpr const char *kInsertManyStatement = "coroscope_insert_many";
// Oids of int8[], text[] and timestamptz[]: the binary parameters of the batch INSERT.
constexpr Oid kArrayTypes[3] = {1016, 1009, 1185};
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

// One value as PostgreSQL's binary formats hold it, both a COPY tuple's field and an array's
// element: its length, then its bytes; -1 and no bytes for NULL.
void appendInt8Value(QByteArray &out, qint64 v)
{
    appendBe32(out, 8);
    appendBe64(out, v);
}

void appendTextValue(QByteArray &out, const QByteArray &text)
{
    appendBe32(out, qint32(text.size()));
    out.append(text);
}

// `unixUs` 0 is NULL (the row has no enqueue time).
void appendTimestampValue(QByteArray &out, qint64 unixUs)
{
    if (unixUs)
        appendInt8Value(out, unixUs - kPgEpochUnixUs);
    else
        appendBe32(out, -1);
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
        appendInt8Value(out, r.id);
        appendTextValue(out, r.payload);
        appendTimestampValue(out, r.enqueuedUnixUs);
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
    const QByteArray columns = "INSERT INTO " + self->m_options.table + " (id, payload, enqueued_at) ";
    const QByteArray one = columns + "VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING";
    const QByteArray many = columns +
                            "SELECT * FROM unnest($1::int8[], $2::text[], $3::timestamptz[]) ON CONFLICT (id) "
                            "DO NOTHING";
    for (int k = 0; k < 2; ++k) {
        if (!conn->isOpen())
            co_return conn->fail(ErrorKind::ConnectionReset, QStringLiteral("not connected"));
        if (!PQsendPrepare(conn->handle(), k == 0 ? kInsertStatement : kInsertManyStatement,
                           (k == 0 ? one : many).constData(), 3, k == 0 ? kParamTypes : kArrayTypes)) {
            co_return conn->failConnection();
        }
        const PgOutcome o = co_await PgConnection::finishCommand(conn, token, deadlineNs);
        if (!o.ok())
            co_return o;
    }
    co_return PgOutcome{};
}

bool PgSink::sendInsertMany(const std::vector<PgRow> &rows)
{
    // PostgreSQL's binary array format: dimensions, null flag, element type, size and lower bound,
    // then each element as length + bytes (-1 = NULL).
    auto header = [&](QByteArray &a, Oid element, bool nulls) {
        appendBe32(a, 1);
        appendBe32(a, nulls ? 1 : 0);
        appendBe32(a, qint32(element));
        appendBe32(a, qint32(rows.size()));
        appendBe32(a, 1);
    };
    QByteArray ids, payloads, ats;
    qsizetype payloadBytes = 0;
    bool nullTimes = false;
    for (const PgRow &r : rows) {
        payloadBytes += 4 + r.payload.size();
        nullTimes = nullTimes || r.enqueuedUnixUs == 0;
    }
    ids.reserve(20 + qsizetype(rows.size()) * 12);
    payloads.reserve(20 + payloadBytes);
    ats.reserve(20 + qsizetype(rows.size()) * 12);
    header(ids, 20, false);
    header(payloads, 25, false);
    header(ats, 1184, nullTimes);
    for (const PgRow &r : rows) {
        appendInt8Value(ids, r.id);
        appendTextValue(payloads, r.payload);
        appendTimestampValue(ats, r.enqueuedUnixUs);
    }
    const char *values[3] = {ids.constData(), payloads.constData(), ats.constData()};
    const int lengths[3] = {int(ids.size()), int(payloads.size()), int(ats.size())};
    static const int formats[3] = {1, 1, 1};
    return PQsendQueryPrepared(m_conn->handle(), kInsertManyStatement, 3, values, lengths, formats, 0) == 1;
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
    // One row: its prepared INSERT alone, autocommitted. Several: one prepared INSERT ... SELECT
    // FROM unnest() over binary arrays of the batch's columns, then a Sync, in pipeline mode: one
    // round trip, one executor run for the batch (a statement per row measured slower here), and
    // the INSERT's result arrives apart from the Sync that commits it ("committing" is real).
    const bool many = n > 1;
    if (many && !PQenterPipelineMode(pg))
        co_return conn->fail(ErrorKind::ProtocolError, QStringLiteral("libpq refused pipeline mode"));
    const bool sent = many ? self->sendInsertMany(*rows) && PQpipelineSync(pg) : self->sendInsert(rows->front());
    if (!sent) {
        co_return conn->failConnection();
    }
    if (!many)
        self->committing();
    PgOutcome first;
    bool insertSeen = false;
    int nullsInARow = 0;
    for (;;) {
        const PgOutcome waited = co_await PgConnection::awaitResult(conn, token, deadlineNs);
        if (!waited.ok())
            co_return waited;
        PGresult *res = PQgetResult(pg);
        if (!res) {
            if (!many)
                break;
            // One null ends the INSERT's results; a second one with nothing pending is out of step.
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
        if (insertSeen && status != PGRES_PIPELINE_ABORTED && first.ok()) {
            first = conn->fail(ErrorKind::ProtocolError, QStringLiteral("an unexpected result in the pipeline"));
            PQclear(res);
            co_return first;
        }
        insertSeen = true;
        if (status == PGRES_COMMAND_OK) {
            if (skipped)
                *skipped += qint64(n) - QByteArray(PQcmdTuples(res)).toLongLong();
            if (many)
                self->committing();
        } else if (status != PGRES_PIPELINE_ABORTED && first.ok()) {
            first = PgConnection::outcomeOf(res);
        }
        PQclear(res);
        if (conn->closeIfBroken(&first))
            co_return first;
    }
    if (many && !PQexitPipelineMode(pg))
        co_return conn->fail(ErrorKind::ProtocolError, QStringLiteral("pipeline did not end cleanly"));
    if (first.ok() && !insertSeen)
        co_return conn->fail(ErrorKind::ProtocolError, QStringLiteral("no result for the INSERT"));
    co_return first;
}

QCoro::Task<PgOutcome> PgSink::copyBatch(PgSink *self, QByteArray sql, const QByteArray *data, CancellationToken *token,
                                         qint64 deadlineNs, qint64 *inserted)
{
    PgConnection *conn = self->m_conn;
    PGconn *pg = conn->handle();
    if (!PQsendQuery(pg, sql.constData())) {
        co_return conn->failConnection();
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
                co_return conn->failConnection();
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
        if (conn->closeIfBroken(&first))
            co_return first;
    }
    co_return first;
}

} // namespace coroscope
