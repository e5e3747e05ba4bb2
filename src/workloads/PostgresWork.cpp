#include "workloads/PostgresWork.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "core/JsonReader.h"

#include <QCoroTask>
#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>

namespace coroscope {

namespace {

// Failures a reconnect can cure: the server went away or is not back yet.
bool isTransient(const PgOutcome &o)
{
    return o.kind == ErrorKind::ConnectionRefused || o.kind == ErrorKind::ConnectionReset ||
           o.kind == ErrorKind::ClosedByPeer || o.kind == ErrorKind::ConnectTimeout || o.kind == ErrorKind::Timeout ||
           o.kind == ErrorKind::SocketError;
}

// FNV-1a, 64 bits: stable across processes and runs, unlike qHash.
quint64 fnv1a64(const char *p, qsizetype n)
{
    quint64 h = 14695981039346656037ULL;
    for (qsizetype i = 0; i < n; ++i) {
        h ^= quint8(p[i]);
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace

PgRow PostgresWork::rowFor(const WorkItem &item) const
{
    PgRow row;
    row.enqueuedUnixUs = item.enqueuedNs > 0 ? item.enqueuedNs / 1000 + m_wallOffsetUs : 0;
    // A Redis value ("cs1:<run>.<n>:<enqueued ns>:<payload>") keeps its identity across deliveries,
    // the consumer's task id does not: the key is a hash of "<run>.<n>", the payload what follows.
    if (item.payload.startsWith("cs1:")) {
        const qsizetype idEnd = item.payload.indexOf(':', 4);
        const qsizetype atEnd = idEnd < 0 ? -1 : item.payload.indexOf(':', idEnd + 1);
        if (atEnd > 0) {
            row.id = qint64(fnv1a64(item.payload.constData() + 4, idEnd - 4) >> 1);
            row.payload = item.payload.mid(atEnd + 1);
            return row;
        }
    }
    if (item.enqueuedNs <= 0) {
        // Pushed into Redis from outside (no enqueue time): the value is the identity.
        row.id = qint64(fnv1a64(item.payload.constData(), item.payload.size()) >> 1);
        row.payload = item.payload;
        return row;
    }
    // Memory: the task id, under this run's stamp, so a second run into the same table adds its rows.
    row.id = (m_runStamp << 32) | qint64(item.id & 0xffffffffULL);
    row.payload = item.payload;
    return row;
}

class PostgresWorker : public ItemWorker
{
public:
    PostgresWorker(PostgresWork *work, LoopScheduler *scheduler) : m_work(work), m_scheduler(scheduler) {}

    QCoro::Task<void> process(WorkBatch *batch) override;

private:
    using Slot = PostgresWork::Slot;
    QCoro::Task<PgOutcome> write(Slot *slot, WorkBatch *batch, const std::vector<PgRow> *rows);

    PostgresWork *m_work;
    LoopScheduler *m_scheduler;
};

QCoro::Task<void> PostgresWorker::process(WorkBatch *batch)
{
    PostgresWork *work = m_work;
    batch->phases->enterPhase(PostgresWork::WaitingForConnection);
    if (!co_await work->m_free->acquire(*m_scheduler, batch->cancel))
        co_return; // cancelled while waiting: no outcome, the consumer ends the items cancelled
    Slot *slot = nullptr;
    for (auto &s : work->m_slots) {
        if (!s->busy) {
            slot = s.get();
            break;
        }
    }
    Q_ASSERT(slot);
    slot->busy = true;
    std::vector<PgRow> rows;
    rows.reserve(size_t(batch->items.size()));
    for (const WorkItem &item : std::as_const(batch->items))
        rows.push_back(work->rowFor(item));
    const PgOutcome o = co_await write(slot, batch, &rows);
    slot->busy = false;
    work->m_free->release();
    if (o.cancelled)
        co_return;
    for (qsizetype i = 0; i < batch->items.size(); ++i)
        batch->outcomes << (o.ok() ? WorkOutcome{} : WorkOutcome{o.kind, o.message});
}

QCoro::Task<PgOutcome> PostgresWorker::write(Slot *slot, WorkBatch *batch, const std::vector<PgRow> *rows)
{
    PostgresWork *work = m_work;
    const PostgresWorkOptions &opt = work->m_options;
    const qint64 giveUpNs = nowNs() + opt.reconnectForMs * kNsPerMs;
    WorkPhaseSink *phases = batch->phases;
    slot->sink->setOnCommitting([phases] { phases->enterPhase(PostgresWork::Committing); });
    PgOutcome last;
    for (;;) {
        if (!slot->conn->isOpen()) {
            batch->phases->enterPhase(PostgresWork::Connecting);
            if (slot->retryAtNs > nowNs() &&
                co_await DeadlineWait(*m_scheduler, batch->cancel, slot->retryAtNs) == WakeReason::Cancelled) {
                last = PgOutcome{};
                last.cancelled = true;
                break;
            }
            const qint64 connectDeadline = std::min(giveUpNs, nowNs() + opt.timeoutMs * kNsPerMs);
            last = co_await PgConnection::open(slot->conn.get(), opt.dsn.toUtf8(), work->m_password, batch->cancel,
                                               connectDeadline);
            if (last.ok())
                last = co_await PgSink::setUp(slot->sink.get(), batch->cancel, connectDeadline);
            if (last.cancelled)
                break;
            if (!last.ok()) {
                slot->conn->close();
                slot->retryAtNs = nowNs() + slot->backoffMs * kNsPerMs;
                slot->backoffMs = std::min<qint64>(slot->backoffMs * 2, 2000);
                if (!isTransient(last) || nowNs() >= giveUpNs)
                    break;
                continue;
            }
            slot->backoffMs = 100;
            if (slot->everOpened)
                ++work->m_reconnects;
            slot->everOpened = true;
        }
        batch->phases->enterPhase(PostgresWork::Inserting);
        last = co_await PgSink::write(slot->sink.get(), rows, batch->cancel, nowNs() + opt.timeoutMs * kNsPerMs);
        // Lost mid-batch: the transaction did not commit (or did, and the key skips it next time).
        if (last.ok() || last.cancelled || slot->conn->isOpen() || !isTransient(last) || nowNs() >= giveUpNs)
            break;
    }
    slot->sink->setOnCommitting({});
    co_return last;
}

PostgresWork::PostgresWork(PostgresWorkOptions options) : m_options(std::move(options)) {}

PostgresWork::~PostgresWork()
{
    for (auto &s : m_slots)
        s->conn->close();
}

std::shared_ptr<ItemWork> PostgresWork::read(JsonReader &work)
{
    PostgresWorkOptions o;
    o.dsn = work.string(QStringLiteral("dsn"), QString(), true);
    if (!o.dsn.isEmpty()) {
        const QUrl u(o.dsn);
        if (!u.isValid() || (u.scheme() != QLatin1String("postgresql") && u.scheme() != QLatin1String("postgres")))
            work.error(QStringLiteral("dsn"),
                       tr("expected a postgresql://user@host:port/database URL, found \"%1\"").arg(o.dsn));
        else if (!u.password().isEmpty())
            work.error(QStringLiteral("dsn"), tr("a password does not belong in the profile: name the environment "
                                                 "variable that holds it in passwordEnv"));
    }
    o.passwordEnv = work.string(QStringLiteral("passwordEnv"), QString());
    const QString table = work.string(QStringLiteral("table"), QString::fromLatin1(o.table));
    static const QRegularExpression identifier(
        QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$"));
    if (!identifier.match(table).hasMatch())
        work.error(QStringLiteral("table"),
                   tr("expected a table name (letters, digits, _; optionally schema.table), found \"%1\"").arg(table));
    o.table = table.toLatin1();
    o.createTable = work.boolean(QStringLiteral("createTable"), o.createTable);
    o.batchRows = int(work.integer(QStringLiteral("batchRows"), o.batchRows, 1, 10'000));
    o.mode = work.choice(QStringLiteral("mode"), {QStringLiteral("insert"), QStringLiteral("copy")},
                         QStringLiteral("insert")) == QLatin1String("copy")
                 ? PgWriteMode::Copy
                 : PgWriteMode::Insert;
    o.connections = int(work.integer(QStringLiteral("connections"), o.connections, 1, 1000));
    o.timeoutMs = work.integer(QStringLiteral("timeoutMs"), o.timeoutMs, 1, 3'600'000);
    o.reconnectForMs = work.integer(QStringLiteral("reconnectForMs"), o.reconnectForMs, 0, 86'400'000);
    return std::make_shared<PostgresWork>(o);
}

QStringList PostgresWork::phaseNames() const
{
    // In Phase order.
    return {QStringLiteral("waiting for connection"), QStringLiteral("connecting"), QStringLiteral("inserting"),
            QStringLiteral("committing")};
}

QCoro::Task<QString> PostgresWork::prepare(LoopScheduler *scheduler, CancellationToken *cancel, qint64 deadlineNs)
{
    // Unset means no password (a server that trusts local connections); if the server wants one,
    // its authentication error says so and the hint below names the variable.
    m_password =
        m_options.passwordEnv.isEmpty() ? QByteArray() : qgetenv(m_options.passwordEnv.toLocal8Bit().constData());
    m_wallOffsetUs = QDateTime::currentMSecsSinceEpoch() * 1000 - nowNs() / 1000;
    m_runStamp = (QDateTime::currentSecsSinceEpoch() - 1'700'000'000) & 0x7fffffff;
    if (m_slots.empty()) {
        for (int i = 0; i < m_options.connections; ++i) {
            auto slot = std::make_unique<Slot>();
            slot->conn = std::make_unique<PgConnection>(*scheduler);
            PgSinkOptions so;
            so.table = m_options.table;
            so.mode = m_options.mode;
            so.createTable = m_options.createTable;
            slot->sink = std::make_unique<PgSink>(slot->conn.get(), so);
            m_slots.push_back(std::move(slot));
        }
        m_free = std::make_unique<AsyncSemaphore>(m_options.connections);
    }
    // One connection now: a server that is down, a wrong password or a bad table is a clear error
    // before the run starts; the others open on first use.
    Slot *first = m_slots.front().get();
    PgOutcome o =
        co_await PgConnection::open(first->conn.get(), m_options.dsn.toUtf8(), m_password, cancel, deadlineNs);
    if (o.ok())
        o = co_await PgSink::setUp(first->sink.get(), cancel, deadlineNs);
    if (!o.ok()) {
        first->conn->close();
        QString message = tr("work: PostgreSQL at %1: %2 (%3)").arg(m_options.dsn, o.message, errorKindName(o.kind));
        if (o.kind == ErrorKind::AuthenticationFailed && m_password.isEmpty())
            message += m_options.passwordEnv.isEmpty()
                           ? tr("; name the environment variable that holds the password in work.passwordEnv")
                           : tr("; the environment variable %1 is not set").arg(m_options.passwordEnv);
        co_return message;
    }
    first->everOpened = true;
    co_return QString();
}

std::unique_ptr<ItemWorker> PostgresWork::createWorker(LoopScheduler *scheduler)
{
    return std::make_unique<PostgresWorker>(this, scheduler);
}

qint64 PostgresWork::descriptorsNeeded(qint64) const
{
    return m_options.connections;
}

QString PostgresWork::target() const
{
    return tr("work: PostgreSQL %1, table %2 (%3, %4 rows a batch, %5 connections)")
        .arg(m_options.dsn, QString::fromLatin1(m_options.table),
             m_options.mode == PgWriteMode::Copy ? QStringLiteral("copy") : QStringLiteral("insert"))
        .arg(m_options.batchRows)
        .arg(m_options.connections);
}

} // namespace coroscope
