// The libpq client and the PostgreSQL sink against a private PostgreSQL 15 cluster: every id lands
// exactly once (count and checksum) in each write mode, duplicates are skipped, errors carry their
// kind (refused, authentication, query error with SQLSTATE, timeout), a cancelled batch closes the
// connection and leaks nothing, and the loop never blocks on the database.
#include "PostgresServer.h"
#include "RedisServer.h"
#include "RunHarness.h"
#include "support/HeadlessProcess.h"
#include "support/Ports.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/LoopScheduler.h"
#include "net/PgConnection.h"
#include "net/PgSink.h"

#include "support/DataRows.h"

#include <QCoroTask>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <thread>

using namespace coroscope;
using coroscope::testing::PostgresServer;

namespace {

struct Result {
    bool done = false;
    PgOutcome outcome;
    qint64 skipped = 0;
};

std::vector<PgRow> rowsFrom(qint64 first, qint64 count)
{
    std::vector<PgRow> rows;
    for (qint64 i = first; i < first + count; ++i)
        rows.push_back(PgRow{i, QByteArray(79, 'x') + QByteArray::number(i % 10), 1'700'000'000'000'000 + i});
    return rows;
}

// Opens, sets up the sink and writes `batches` in order; stops at the first failure.
QCoro::Task<void> writeAll(PgConnection *conn, QByteArray dsn, QByteArray password, PgSinkOptions options,
                           std::vector<std::vector<PgRow>> batches, CancellationToken *token, Result *out)
{
    const qint64 deadline = nowNs() + 30 * kNsPerSecond;
    out->outcome = co_await PgConnection::open(conn, dsn, password, token, deadline);
    if (out->outcome.ok()) {
        PgSink sink(conn, options);
        out->outcome = co_await PgSink::setUp(&sink, token, deadline);
        for (const auto &batch : batches) {
            if (!out->outcome.ok())
                break;
            out->outcome = co_await PgSink::write(&sink, &batch, token, deadline, &out->skipped);
        }
    }
    out->done = true;
}

// writeAll() with a token of its own, waited for on the test's loop for up to `waitMs`; `done` is false
// when it had not finished by then (it is cancelled and waited out, so that it writes into nothing
// of this call's after it returns).
Result writeAndWait(PgConnection *conn, const QByteArray &dsn, const QByteArray &password, const PgSinkOptions &options,
                    std::vector<std::vector<PgRow>> batches, int waitMs = 30000)
{
    CancellationToken token;
    Result out;
    writeAll(conn, dsn, password, options, std::move(batches), &token, &out);
    if (QTest::qWaitFor([&out] { return out.done; }, waitMs))
        return out;
    token.cancel();
    if (!QTest::qWaitFor([&out] { return out.done; }, 10000))
        qFatal("a cancelled write to PostgreSQL did not end");
    out.done = false;
    return out;
}

QString describe(const PgOutcome &o)
{
    return QStringLiteral("%1 (%2)").arg(o.message, errorKindKey(o.kind));
}

} // namespace

class TestPostgres : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase() { m_server.reset(); }
    void rowsLandExactlyOnce_data();
    void rowsLandExactlyOnce();
    void serverDownIsRefused();
    void wrongPasswordIsAuthenticationError();
    void queryErrorCarriesSqlState();
    void cancelMidBatchClosesTheConnection();
    void restartedServerBreaksTheConnection();
    void queueIntoPostgres_data();
    void queueIntoPostgres();
    void redisQueueSurvivesAPostgresRestart();
    void serverDownAtStartIsExit2();
    void logCollectorScenarioWritesEveryLine();

private:
    std::unique_ptr<PostgresServer> m_server;
    LoopScheduler m_scheduler;
};

void TestPostgres::initTestCase()
{
    if (!PostgresServer::available())
        QSKIP("PostgreSQL 15 server binaries are not installed");
    m_server = std::make_unique<PostgresServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestPostgres::rowsLandExactlyOnce_data()
{
    testing::DataRows<int, int>("mode", "batchRows")
        .row("insert, one row per statement", int(PgWriteMode::Insert), 1)
        .row("insert, pipelined batches of 100", int(PgWriteMode::Insert), 100)
        .row("copy, batches of 100", int(PgWriteMode::Copy), 100)
        .row("copy, batches of 7", int(PgWriteMode::Copy), 7);
}

void TestPostgres::rowsLandExactlyOnce()
{
    QFETCH(int, mode);
    QFETCH(int, batchRows);
    const QByteArray table = "exactly_once_" + QByteArray::number(mode) + "_" + QByteArray::number(batchRows);
    PgSinkOptions options;
    options.table = table;
    options.mode = PgWriteMode(mode);
    // 1000 rows in batches, then rows 450..649 delivered again (a redelivery overlapping two runs
    // of batches), then 1000..1099 new with 990..999 again in the same batch.
    std::vector<std::vector<PgRow>> batches;
    for (qint64 first = 0; first < 1000; first += batchRows)
        batches.push_back(rowsFrom(first, std::min<qint64>(batchRows, 1000 - first)));
    for (qint64 first = 450; first < 650; first += batchRows)
        batches.push_back(rowsFrom(first, std::min<qint64>(batchRows, 650 - first)));
    batches.push_back(rowsFrom(990, 110));
    PgConnection conn(m_scheduler);
    const Result out = writeAndWait(&conn, m_server->dsn().toUtf8(), {}, options, batches, 60000);
    QVERIFY(out.done);
    QVERIFY2(out.outcome.ok(), qPrintable(describe(out.outcome)));
    QVERIFY(conn.isOpen());
    const qint64 expectedSum = 1099 * 1100 / 2;
    QCOMPARE(
        m_server->psql(
            QStringLiteral("SELECT count(*), sum(id), count(DISTINCT id) FROM %1").arg(QString::fromLatin1(table))),
        QStringLiteral("1100|%1|1100").arg(expectedSum));
    // Payload and enqueue time arrive as sent; the insert time is the server's.
    QCOMPARE(m_server->psql(QStringLiteral("SELECT payload, (extract(epoch FROM enqueued_at) * 1000000)::bigint, "
                                           "inserted_at <= now() FROM %1 WHERE id = 42")
                                .arg(QString::fromLatin1(table))),
             QStringLiteral("%1|1700000000000042|t").arg(QString(79, u'x') + u'2'));
    if (PgWriteMode(mode) == PgWriteMode::Insert)
        QCOMPARE(out.skipped, qint64(200 + 10));
    conn.close();
}

void TestPostgres::serverDownIsRefused()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 freePort = probe.serverPort();
    probe.close();
    PgConnection conn(m_scheduler);
    const Result out = writeAndWait(
        &conn, QStringLiteral("postgresql://coroscope@127.0.0.1:%1/postgres").arg(freePort).toUtf8(), {}, {}, {});
    QVERIFY(out.done);
    QCOMPARE(out.outcome.kind, ErrorKind::ConnectionRefused);
    QVERIFY2(out.outcome.message.contains(QLatin1String("refused")), qPrintable(out.outcome.message));
    QVERIFY(!conn.isOpen());
}

void TestPostgres::wrongPasswordIsAuthenticationError()
{
    PostgresServer secured(QStringLiteral("s3cret-pw"));
    QString error;
    QVERIFY2(secured.start(&error), qPrintable(error));
    {
        PgConnection conn(m_scheduler);
        const Result out = writeAndWait(&conn, secured.dsn().toUtf8(), "wrong", {}, {});
        QVERIFY(out.done);
        QCOMPARE(out.outcome.kind, ErrorKind::AuthenticationFailed);
        QVERIFY2(out.outcome.message.contains(QLatin1String("password authentication failed")),
                 qPrintable(out.outcome.message));
    }
    {
        PgConnection conn(m_scheduler);
        const Result out = writeAndWait(&conn, secured.dsn().toUtf8(), {}, {}, {});
        QVERIFY(out.done);
        QCOMPARE(out.outcome.kind, ErrorKind::AuthenticationFailed);
    }
    {
        PgConnection conn(m_scheduler);
        const Result out = writeAndWait(&conn, secured.dsn().toUtf8(), "s3cret-pw", {}, {rowsFrom(0, 3)});
        QVERIFY(out.done);
        QVERIFY2(out.outcome.ok(), qPrintable(describe(out.outcome)));
    }
}

void TestPostgres::queryErrorCarriesSqlState()
{
    const PgSinkOptions options{.table = "no_such_schema.items"};
    PgConnection conn(m_scheduler);
    const Result out = writeAndWait(&conn, m_server->dsn().toUtf8(), {}, options, {rowsFrom(0, 1)});
    QVERIFY(out.done);
    QCOMPARE(out.outcome.kind, ErrorKind::QueryError);
    QCOMPARE(out.outcome.sqlState, QByteArray("3F000")); // invalid_schema_name
    QVERIFY2(out.outcome.message.startsWith(QLatin1String("SQLSTATE 3F000")), qPrintable(out.outcome.message));
    // A failed statement leaves the connection usable.
    QVERIFY(conn.isOpen());
}

void TestPostgres::cancelMidBatchClosesTheConnection()
{
    // Hold a lock on the table so the batch waits on the server; cancel while it does.
    const PgSinkOptions options{.table = "cancel_mid_batch"};
    QCOMPARE(m_server->psql(QString::fromLatin1(PgSink::createTableSql(options.table))), QString());
    QProcess locker;
    locker.start(PostgresServer::bin(QStringLiteral("psql")),
                 {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                  QString::number(m_server->port()), QStringLiteral("-U"), QStringLiteral("coroscope"),
                  QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-c"),
                  QStringLiteral("BEGIN; LOCK TABLE cancel_mid_batch; SELECT pg_sleep(3); COMMIT;")});
    QVERIFY(locker.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(
        m_server->psql(QStringLiteral("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                                      "WHERE c.relname = 'cancel_mid_batch' AND l.mode = 'AccessExclusiveLock'")),
        QStringLiteral("1"), 10000);
    PgConnection conn(m_scheduler);
    CancellationToken token;
    Result out;
    writeAll(&conn, m_server->dsn().toUtf8(), {}, options, {rowsFrom(0, 100)}, &token, &out);
    QTest::qWait(300);
    QVERIFY(!out.done);
    token.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(out.done, 5000);
    QVERIFY(out.outcome.cancelled);
    QVERIFY(!conn.isOpen());
    QVERIFY(locker.waitForFinished(10000));
    // The cancelled batch never committed.
    QCOMPARE(m_server->psql(QStringLiteral("SELECT count(*) FROM cancel_mid_batch")), QStringLiteral("0"));
}

void TestPostgres::restartedServerBreaksTheConnection()
{
    const PgSinkOptions options{.table = "restart_breaks"};
    PgConnection conn(m_scheduler);
    const Result out = writeAndWait(&conn, m_server->dsn().toUtf8(), {}, options, {rowsFrom(0, 10)});
    QVERIFY(out.done);
    QVERIFY2(out.outcome.ok(), qPrintable(describe(out.outcome)));
    QString error;
    QVERIFY2(m_server->restart(&error), qPrintable(error));
    // The idle connection noticed (its socket was watched all along) or notices on the next write.
    PgSink sink(&conn, options);
    CancellationToken token;
    Result again;
    auto write = [](PgSink *sink, CancellationToken *token, Result *out) -> QCoro::Task<void> {
        const std::vector<PgRow> rows = rowsFrom(10, 10);
        out->outcome = co_await PgSink::write(sink, &rows, token, nowNs() + 10 * kNsPerSecond, &out->skipped);
        out->done = true;
    };
    write(&sink, &token, &again);
    QTRY_VERIFY_WITH_TIMEOUT(again.done, 15000);
    QVERIFY(!again.outcome.ok());
    QVERIFY2(again.outcome.kind == ErrorKind::ConnectionReset || again.outcome.kind == ErrorKind::ClosedByPeer,
             qPrintable(describe(again.outcome)));
    QVERIFY(!conn.isOpen());
}

void TestPostgres::queueIntoPostgres_data()
{
    testing::DataRows<QString, int>("mode", "batchRows")
        .row("insert, one row a statement", QStringLiteral("insert"), 1)
        .row("insert, batches of 100", QStringLiteral("insert"), 100)
        .row("copy, batches of 64", QStringLiteral("copy"), 64);
}

void TestPostgres::queueIntoPostgres()
{
    QFETCH(QString, mode);
    QFETCH(int, batchRows);
    const QString table = QStringLiteral("queue_%1_%2").arg(mode).arg(batchRows);
    constexpr int kItems = 2000;
    auto run = testing::makeRun(QStringLiteral("queue"), {{"backend", "memory"},
                                                          {"producers", 2},
                                                          {"items", kItems},
                                                          {"payloadBytes", 80},
                                                          {"consumers", 3},
                                                          {"work", QJsonObject{{"kind", "postgres"},
                                                                               {"dsn", m_server->dsn()},
                                                                               {"table", table},
                                                                               {"mode", mode},
                                                                               {"batchRows", batchRows},
                                                                               {"connections", 2}}}});
    QVERIFY(run);
    const SnapshotPtr s = testing::runToEnd(*run);
    QVERIFY(s);
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(kItems));
    QCOMPARE(testing::countOf(s, TaskState::Failed), qint64(0));
    // Keys are the task ids 1..N under one run stamp: count, distinct count and checksum.
    QCOMPARE(m_server->psql(QStringLiteral("SELECT count(*), count(DISTINCT id), sum(id & 4294967295), "
                                           "count(DISTINCT id >> 32), min(length(payload)) FROM %1")
                                .arg(table)),
             QStringLiteral("%1|%1|%2|1|80").arg(kItems).arg(qint64(kItems) * (kItems + 1) / 2));
    QVERIFY2(s->workloads[0].target.contains(QLatin1String("PostgreSQL")), qPrintable(s->workloads[0].target));
}

void TestPostgres::redisQueueSurvivesAPostgresRestart()
{
    if (testing::RedisServer::binary().isEmpty())
        QSKIP("redis-server is not installed");
    testing::RedisServer redis;
    QString error;
    QVERIFY2(redis.start(&error), qPrintable(error));
    constexpr int kItems = 4000;
    auto run = testing::makeRun(QStringLiteral("queue"), {{"backend", "redis"},
                                                          {"redis", redis.url()},
                                                          {"key", "logs"},
                                                          {"producers", 1},
                                                          {"items", kItems},
                                                          {"ratePerSecond", 2000},
                                                          {"payloadBytes", 80},
                                                          {"consumers", 2},
                                                          {"idleStopMs", 3000},
                                                          {"work", QJsonObject{{"kind", "postgres"},
                                                                               {"dsn", m_server->dsn()},
                                                                               {"table", "redis_restart"},
                                                                               {"batchRows", 50},
                                                                               {"connections", 2}}}});
    QVERIFY(run);
    QSignalSpy finished(run.get(), &Run::finished);
    QVERIFY2(run->prepare(&error), qPrintable(error));
    run->start();
    // Restart PostgreSQL (immediate shutdown, like a crash) once rows are flowing, off the loop thread.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->psql(QStringLiteral("SELECT count(*) FROM redis_restart")).toInt() > 300, 20000);
    bool restarted = false;
    QString restartError;
    std::thread restarter([&] { restarted = m_server->restart(&restartError); });
    while (!finished.count() && !restarted && restartError.isEmpty())
        QTest::qWait(20);
    restarter.join();
    QVERIFY2(restarted, qPrintable(restartError));
    const qint64 atRestart = m_server->psql(QStringLiteral("SELECT count(*) FROM redis_restart")).toLongLong();
    QVERIFY2(atRestart < kItems, "the run ended before the restart: nothing was tested");
    QVERIFY(finished.wait(60000));
    const SnapshotPtr s = finished.first().first().value<SnapshotPtr>();
    QCOMPARE(testing::countOf(s, TaskState::Succeeded), qint64(kItems));
    QCOMPARE(testing::countOf(s, TaskState::Failed), qint64(0));
    // Nothing lost, nothing doubled: every item once, and Redis holds nothing unacknowledged.
    QCOMPARE(m_server->psql(QStringLiteral("SELECT count(*), count(DISTINCT id) FROM redis_restart")),
             QStringLiteral("%1|%1").arg(kItems));
    QCOMPARE(redis.cliCall({QStringLiteral("LLEN"), QStringLiteral("logs")}).trimmed(), QByteArray("0"));
    QCOMPARE(redis.cliCall({QStringLiteral("KEYS"), QStringLiteral("logs:processing:*")}).trimmed(), QByteArray());
}

void TestPostgres::serverDownAtStartIsExit2()
{
    const quint16 port = testing::freePort();
    QTemporaryDir dir;
    const QString profile = testing::writeFile(
        dir, QStringLiteral("down.json"),
        QStringLiteral(R"({"schemaVersion":1,"workloads":[{"type":"queue","name":"logs","producers":1,
        "items":10,"consumers":1,"work":{"kind":"postgres","dsn":"postgresql://coroscope@127.0.0.1:%1/postgres"}}]})")
            .arg(port)
            .toUtf8());
    const testing::ProcessResult r = testing::runCoroscope({QStringLiteral("--headless"), profile}, 30000);
    const QByteArray &err = r.err;
    QCOMPARE(r.exitCode, 2);
    const QByteArray where = "PostgreSQL at postgresql://coroscope@127.0.0.1:" + QByteArray::number(port);
    QVERIFY2(err.contains(where) && err.contains("Connection refused"), err.constData());
}

void TestPostgres::logCollectorScenarioWritesEveryLine()
{
    // The bundled profile, pointed at the private server, run headless as a user would.
    QFile in(qEnvironmentVariable("COROSCOPE_SOURCE_DIR") +
             QStringLiteral("/resources/profiles/scenario-3b-log-collector-postgres.json"));
    QVERIFY(in.open(QIODevice::ReadOnly));
    QJsonObject profile = QJsonDocument::fromJson(in.readAll()).object();
    QJsonArray workloads = profile[QStringLiteral("workloads")].toArray();
    QJsonObject collector = workloads[0].toObject();
    QJsonObject work = collector[QStringLiteral("work")].toObject();
    QCOMPARE(work[QStringLiteral("kind")].toString(), QStringLiteral("postgres"));
    work[QStringLiteral("dsn")] = m_server->dsn();
    collector[QStringLiteral("work")] = work;
    workloads[0] = collector;
    profile[QStringLiteral("workloads")] = workloads;
    QTemporaryDir dir;
    QFile out(dir.filePath(QStringLiteral("collector.json")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(profile).toJson());
    out.close();
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("COROSCOPE_PG_PASSWORD"));
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("COROSCOPE_BINARY"),
            {QStringLiteral("--headless"), out.fileName(), QStringLiteral("--quiet")});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    // 4 clients x 250 lines of 80 bytes (the newline not kept): every line once.
    QCOMPARE(
        m_server->psql(QStringLiteral("SELECT count(*), count(DISTINCT id), min(length(payload)), "
                                      "max(length(payload)), bool_and(inserted_at >= enqueued_at) FROM log_lines")),
        QStringLiteral("1000|1000|79|79|t"));
}

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"
