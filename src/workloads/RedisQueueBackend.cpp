#include "workloads/RedisQueueBackend.h"

#include "core/CancellationToken.h"
#include "core/Clock.h"
#include "core/DeadlineWait.h"

#include <QCoroTask>
#include <QRandomGenerator>

namespace coroscope {

namespace {

constexpr char kValueTag[] = "cs1:";
// Set-up never loops past these, whatever the server answers.
constexpr int kMaxScanRounds = 10'000;
constexpr qint64 kMaxRequeue = 10'000'000;
constexpr qint64 kRequeueChunk = 1000;

QString replyText(const RespReply &r)
{
    return QString::fromUtf8(r.text.left(200));
}

// A producer's or consumer's link: its own connection, and for a consumer its processing list.
// Bookkeeping is buffered and sent in the same round trip as the next take (or by flush()).
class RedisChannel : public QueueChannel
{
public:
    RedisChannel(RedisQueueBackend *backend, QByteArray processingKey)
        : m_backend(backend), m_conn(*backend->scheduler()), m_processing(std::move(processingKey))
    {}

    QCoro::Task<QueueOpResult> put(QList<QueueItem> items, CancellationToken *stop) override
    {
        QueueOpResult r = co_await ensureOpen(stop);
        if (r.failed() || stop->isCancelled())
            co_return r;
        QList<QByteArray> push{"LPUSH", m_backend->key()};
        for (const QueueItem &item : std::as_const(items))
            push << m_backend->encode(item);
        QList<QList<QByteArray>> commands{push};
        const auto done =
            co_await RedisConnection::run(&m_conn, commands, stop, nowNs() + m_backend->commandTimeoutNs());
        if (!failed(done, &r) && !replyFailed(done.replies.first(), RespReply::Type::Integer, "LPUSH", &r)) {
            r.put = items.size();
            m_failures = 0;
        }
        co_return r;
    }

    QCoro::Task<QueueOpResult> take(qint64 max, CancellationToken *cancel, qint64 idleNs) override
    {
        QueueOpResult r = co_await ensureOpen(cancel);
        if (r.failed() || cancel->isCancelled())
            co_return r;
        QList<QList<QByteArray>> commands = bookkeeping();
        const qsizetype first = commands.size();
        for (qint64 k = 0; k < max; ++k)
            commands << QList<QByteArray>{"LMOVE", m_backend->key(), m_processing, "RIGHT", "LEFT"};
        auto done = co_await RedisConnection::run(&m_conn, commands, cancel, nowNs() + m_backend->commandTimeoutNs());
        if (failed(done, &r))
            co_return r;
        clearBookkeeping();
        for (qsizetype k = first; k < done.replies.size(); ++k) {
            if (!done.replies[k].isNil() && !replyFailed(done.replies[k], RespReply::Type::Bulk, "LMOVE", &r))
                r.items << item(done.replies[k].text);
        }
        if (r.failed() || !r.items.isEmpty() || idleNs <= 0) {
            m_failures = r.failed() ? m_failures + 1 : 0;
            co_return r;
        }
        // Nothing there: block briefly on the list rather than spin.
        // Named, not a braced temporary in the co_await: GCC 12 miscompiles those (PR 101367).
        QList<QList<QByteArray>> block;
        block << QList<QByteArray>{QByteArray("BLMOVE"), m_backend->key(),
                                   m_processing,         QByteArray("RIGHT"),
                                   QByteArray("LEFT"),   QByteArray::number(double(idleNs) / 1e9, 'f', 3)};
        done = co_await RedisConnection::run(&m_conn, block, cancel, nowNs() + idleNs + m_backend->commandTimeoutNs());
        if (failed(done, &r))
            co_return r;
        if (!done.replies.first().isNil() && !replyFailed(done.replies.first(), RespReply::Type::Bulk, "BLMOVE", &r))
            r.items << item(done.replies.first().text);
        m_failures = r.failed() ? m_failures + 1 : 0;
        co_return r;
    }

    void acknowledge(const QueueItem &item) override { m_acks << item.payload; }
    void deadLetter(const QueueItem &item) override { m_dead << item.payload; }
    void retry(const QueueItem &item) override { m_back << item.payload; }

    QCoro::Task<bool> flush(CancellationToken *cancel, qint64 deadlineNs) override
    {
        // The consumer's end: acknowledgements and dead letters go out, and whatever its processing
        // list still holds (given back, or moved by a take it stopped waiting for) returns to the
        // head of the list in the order it was taken — over a new connection if the old one broke.
        const bool giveBack = !m_back.isEmpty() || m_abandonedTake;
        QList<QList<QByteArray>> commands;
        for (const QByteArray &v : std::as_const(m_dead))
            commands << QList<QByteArray>{"LPUSH", m_backend->key() + ":dead", v};
        for (const QByteArray &v : m_acks + m_dead)
            commands << QList<QByteArray>{"LREM", m_processing, "1", v};
        clearBookkeeping();
        if (commands.isEmpty() && !giveBack)
            co_return true;
        if (!m_conn.isOpen()) {
            const qint64 ms = std::max<qint64>(1, (deadlineNs - nowNs()) / kNsPerMs);
            if (!(co_await RedisConnection::open(&m_conn, m_backend->address(), cancel, ms)).ok)
                co_return false; // what it holds goes back at the next set-up
        }
        if (!commands.isEmpty() && !(co_await RedisConnection::run(&m_conn, commands, cancel, deadlineNs)).ok)
            co_return false;
        if (!giveBack)
            co_return true;
        QString error;
        co_return co_await RedisQueueBackend::requeue(&m_conn, m_processing, m_backend->key(), cancel, deadlineNs,
                                                      &error) >= 0;
    }

    void close() override { m_conn.close(); }

private:
    // Connects when needed, after a backoff once something failed (100 ms doubling to 2 s).
    QCoro::Task<QueueOpResult> ensureOpen(CancellationToken *cancel)
    {
        QueueOpResult r;
        if (m_failures > 0) {
            const qint64 backoffMs = std::min<qint64>(100LL << std::min(m_failures - 1, 5), 2000);
            if (co_await DeadlineWait(*m_backend->scheduler(), cancel, nowNs() + backoffMs * kNsPerMs) ==
                WakeReason::Cancelled)
                co_return r;
        }
        if (m_conn.isOpen())
            co_return r;
        if (m_everOpened)
            m_backend->countReconnect();
        const auto opened = co_await RedisConnection::open(&m_conn, m_backend->address(), cancel,
                                                           m_backend->commandTimeoutNs() / kNsPerMs);
        if (failed(opened, &r))
            co_return r;
        m_everOpened = true;
        if (m_processing.isEmpty())
            co_return r;
        // What this consumer held when its connection broke goes back first; its acknowledgements
        // were lost with the connection, so those items are processed again (at-least-once).
        clearBookkeeping();
        m_abandonedTake = false;
        QString error;
        if (co_await RedisQueueBackend::requeue(&m_conn, m_processing, m_backend->key(), cancel,
                                                nowNs() + m_backend->commandTimeoutNs(), &error) < 0 &&
            !cancel->isCancelled()) {
            r.error = ErrorKind::RedisError;
            r.message = error;
            ++m_failures;
        }
        co_return r;
    }

    // Copies a failed round trip into `r` (nothing when cancelled); true when it failed.
    bool failed(const RedisConnection::Result &done, QueueOpResult *r)
    {
        if (done.ok)
            return false;
        m_abandonedTake = m_abandonedTake || !m_processing.isEmpty(); // LMOVEs may have run without us
        if (!done.cancelled) {
            r->error = done.kind == ErrorKind::None ? ErrorKind::RedisError : done.kind;
            r->message = done.error;
            ++m_failures;
        }
        m_conn.close();
        return true;
    }
    // A reply that is not what the command answers: an error reply, or a protocol error.
    bool replyFailed(const RespReply &reply, RespReply::Type expected, const char *command, QueueOpResult *r)
    {
        if (reply.type == expected)
            return false;
        if (r->failed())
            return true;
        r->error = reply.isError() ? ErrorKind::RedisError : ErrorKind::ProtocolError;
        r->message =
            reply.isError()
                ? QStringLiteral("%1: %2").arg(QLatin1String(command), replyText(reply))
                : RedisQueueBackend::tr("Redis answered %1 with an unexpected reply").arg(QLatin1String(command));
        if (!reply.isError())
            m_conn.close(); // what else it says cannot be trusted
        return true;
    }
    QList<QList<QByteArray>> bookkeeping() const
    {
        QList<QList<QByteArray>> commands;
        for (const QByteArray &v : m_dead)
            commands << QList<QByteArray>{"LPUSH", m_backend->key() + ":dead", v};
        for (const QByteArray &v : m_acks + m_dead)
            commands << QList<QByteArray>{"LREM", m_processing, "1", v};
        // Newest first to the right end: the oldest ends rightmost, so it is taken next.
        for (qsizetype k = m_back.size() - 1; k >= 0; --k) {
            commands << QList<QByteArray>{"LREM", m_processing, "1", m_back[k]};
            commands << QList<QByteArray>{"RPUSH", m_backend->key(), m_back[k]};
        }
        return commands;
    }
    void clearBookkeeping()
    {
        m_acks.clear();
        m_dead.clear();
        m_back.clear();
    }
    static QueueItem item(const QByteArray &value)
    {
        QueueItem item;
        item.enqueuedNs = RedisQueueBackend::enqueuedNsOf(value);
        item.payload = value;
        return item;
    }

    RedisQueueBackend *m_backend;
    RedisConnection m_conn;
    QByteArray m_processing; // empty for a producer
    QList<QByteArray> m_acks, m_dead, m_back;
    int m_failures = 0;
    bool m_everOpened = false;
    bool m_abandonedTake = false; // a take failed or was cancelled: the processing list may hold items we never saw
};

} // namespace

RedisQueueBackend::RedisQueueBackend(const QueueSpec &spec, const QString &workloadName, LoopScheduler *scheduler)
    : m_url(spec.redis), m_passwordEnv(spec.passwordEnv), m_key(spec.key.toUtf8()),
      m_processingPrefix(m_key + ":processing:" + workloadName.toUtf8() + ':'),
      m_commandTimeoutMs(spec.commandTimeoutMs), m_scheduler(scheduler),
      m_valuePrefix(QByteArray::number(QRandomGenerator::global()->generate64() & 0xffffffffffffULL, 36) + '.')
{
    QString ignored; // the spec was validated
    RedisAddress::parse(spec.redis, &m_address, &ignored);
}

RedisQueueBackend::~RedisQueueBackend() = default;

QCoro::Task<QString> RedisQueueBackend::setUp(CancellationToken *cancel, qint64 deadlineNs)
{
    if (!m_passwordEnv.isEmpty()) {
        if (!qEnvironmentVariableIsSet(qPrintable(m_passwordEnv)))
            co_return tr("passwordEnv names %1, which is not set").arg(m_passwordEnv);
        m_address.password = qgetenv(qPrintable(m_passwordEnv));
    }
    RedisConnection conn(*m_scheduler);
    QString error = co_await setUpSteps(this, &conn, cancel, deadlineNs);
    conn.close();
    if (error.isEmpty() && cancel->isCancelled())
        error = tr("set-up cancelled");
    co_return error;
}

QCoro::Task<QString> RedisQueueBackend::setUpSteps(RedisQueueBackend *self, RedisConnection *conn,
                                                   CancellationToken *cancel, qint64 deadlineNs)
{
    // A Redis that is down is a clear error now, not a run of failed tasks.
    const qint64 connectMs = std::max<qint64>(1, std::min<qint64>(3000, (deadlineNs - nowNs()) / kNsPerMs));
    auto r = co_await RedisConnection::open(conn, self->m_address, cancel, connectMs);
    if (!r.ok)
        co_return r.error;
    QList<QList<QByteArray>> ping{{"PING"}};
    r = co_await RedisConnection::run(conn, ping, cancel, deadlineNs);
    if (!r.ok)
        co_return tr("Redis did not answer PING: %1").arg(r.error);
    if (r.replies.first().isError())
        co_return tr("Redis answered PING with an error: %1").arg(replyText(r.replies.first()));
    // At-least-once: items a crashed consumer took but never acknowledged go back on the list. SCAN,
    // not KEYS: a large keyspace is walked in steps, and each step has the set-up's deadline.
    QByteArray cursor = "0";
    QList<QByteArray> orphans;
    for (int round = 0; round < kMaxScanRounds; ++round) {
        QList<QList<QByteArray>> scan{{"SCAN", cursor, "MATCH", self->m_key + ":processing:*", "COUNT", "1000"}};
        r = co_await RedisConnection::run(conn, scan, cancel, deadlineNs);
        if (!r.ok)
            co_return tr("Redis did not answer SCAN: %1").arg(r.error);
        const RespReply &reply = r.replies.first();
        if (reply.type != RespReply::Type::Array || reply.elements.size() != 2 ||
            reply.elements[0].type != RespReply::Type::Bulk || reply.elements[1].type != RespReply::Type::Array)
            co_return tr("Redis answered SCAN with an unexpected reply");
        for (const RespReply &k : reply.elements[1].elements) {
            if (k.type == RespReply::Type::Bulk && orphans.size() < kMaxScanRounds)
                orphans << k.text;
        }
        cursor = reply.elements[0].text;
        if (cursor == "0")
            break;
    }
    for (const QByteArray &list : std::as_const(orphans)) {
        QString error;
        const qint64 moved = co_await requeue(conn, list, self->m_key, cancel, deadlineNs, &error);
        if (moved < 0)
            co_return tr("cannot requeue %1: %2").arg(QString::fromUtf8(list), error);
        self->m_requeued += moved;
    }
    co_return QString();
}

QCoro::Task<qint64> RedisQueueBackend::requeue(RedisConnection *conn, QByteArray from, QByteArray to,
                                               CancellationToken *cancel, qint64 deadlineNs, QString *error)
{
    // Bounded by the list's length when we start: a server that keeps answering cannot loop us.
    QList<QList<QByteArray>> llen{{"LLEN", from}};
    auto r = co_await RedisConnection::run(conn, llen, cancel, deadlineNs);
    if (!r.ok || r.replies.first().type != RespReply::Type::Integer) {
        *error = r.ok ? tr("Redis answered LLEN with an unexpected reply") : r.error;
        co_return -1;
    }
    const qint64 length = std::clamp<qint64>(r.replies.first().integer, 0, kMaxRequeue);
    qint64 moved = 0;
    for (qint64 done = 0; done < length;) {
        QList<QList<QByteArray>> moves;
        for (qint64 k = 0; k < std::min(kRequeueChunk, length - done); ++k)
            moves << QList<QByteArray>{"LMOVE", from, to, "LEFT", "RIGHT"};
        done += moves.size();
        r = co_await RedisConnection::run(conn, moves, cancel, deadlineNs);
        if (!r.ok) {
            *error = r.error;
            co_return -1;
        }
        bool emptied = false;
        for (const RespReply &m : std::as_const(r.replies)) {
            if (m.type == RespReply::Type::Bulk)
                ++moved;
            else
                emptied = true;
        }
        if (emptied)
            break;
    }
    co_return moved;
}

std::unique_ptr<QueueChannel> RedisQueueBackend::openChannel(int consumer)
{
    return std::make_unique<RedisChannel>(this, consumer < 0 ? QByteArray()
                                                             : m_processingPrefix + QByteArray::number(consumer));
}

QCoro::Task<void> RedisQueueBackend::watch(CancellationToken *stop)
{
    RedisConnection conn(*m_scheduler);
    while (!stop->isCancelled()) {
        if (!conn.isOpen())
            co_await RedisConnection::open(&conn, m_address, stop, std::min<qint64>(1000, m_commandTimeoutMs));
        if (conn.isOpen()) {
            QList<QList<QByteArray>> llen;
            llen << QList<QByteArray>{QByteArray("LLEN"), m_key};
            const auto r = co_await RedisConnection::run(&conn, llen, stop, nowNs() + commandTimeoutNs());
            if (r.ok && r.replies.first().type == RespReply::Type::Integer)
                m_depth = r.replies.first().integer;
        }
        if (co_await DeadlineWait(*m_scheduler, stop, nowNs() + 200 * kNsPerMs) == WakeReason::Cancelled)
            break;
    }
    conn.close();
}

QByteArray RedisQueueBackend::encode(const QueueItem &item)
{
    return kValueTag + m_valuePrefix + QByteArray::number(++m_nextValue) + ':' + QByteArray::number(item.enqueuedNs) +
           ':' + item.payload;
}

qint64 RedisQueueBackend::enqueuedNsOf(const QByteArray &value)
{
    if (!value.startsWith(kValueTag))
        return 0;
    const qsizetype a = value.indexOf(':', 4);
    const qsizetype b = a < 0 ? -1 : value.indexOf(':', a + 1);
    if (b < 0)
        return 0;
    bool ok = false;
    const qint64 ns = value.mid(a + 1, b - a - 1).toLongLong(&ok);
    return ok && ns > 0 ? ns : 0;
}

QString RedisQueueBackend::target() const
{
    return tr("Redis list %1 at %2").arg(QString::fromUtf8(m_key), m_url);
}

void RedisQueueBackend::addGauges(QMap<Gauge, double> &gauges) const
{
    gauges.insert(Gauge::Reconnects, double(m_reconnects));
    gauges.insert(Gauge::RequeuedAtStart, double(m_requeued));
}

qint64 RedisQueueBackend::descriptorsNeeded(qint64 producers, qint64 consumers) const
{
    // A connection per producer and consumer, the depth watcher's, and set-up's (closed before the run).
    return producers + consumers + 2;
}

} // namespace coroscope
