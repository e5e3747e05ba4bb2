#include "net/HttpTargetServer.h"

#include "core/Clock.h"
#include "core/DeadlineWait.h"
#include "net/HttpRequestParser.h"
#include "net/ReadBuffer.h"
#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QList>
#include <QRandomGenerator>
#include <QTcpSocket>

#include <cstring>

namespace coroscope {

namespace {

constexpr qint64 kMaxQueuedOut = 256 * 1024;
constexpr qint64 kWriteChunk = 64 * 1024;

QByteArray reasonPhrase(int code)
{
    switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

// The value of `name` in a query string, or -1.
qint64 queryNumber(const QByteArray &query, const char *name)
{
    const qsizetype n = qsizetype(std::strlen(name));
    for (const QByteArray &pair : query.split('&')) {
        if (pair.size() > n && pair.startsWith(name) && pair[n] == '=') {
            bool ok = false;
            const qint64 v = pair.mid(n + 1).toLongLong(&ok);
            return ok && v >= 0 ? v : -1;
        }
    }
    return -1;
}

struct Reply {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    qint64 generatedBytes = -1; // body of this many 'x' bytes, written in chunks
    qint64 trickleMs = 0;       // spread the generated body over this long
    qint64 delayMs = 0;         // wait before answering
    bool drop = false;          // close without answering
};

} // namespace

class HttpTargetServer::Worker : public TcpServerWorker
{
public:
    Worker(const HttpTargetOptions &options, HttpTargetStats *stats)
        : TcpServerWorker(options.maxConnections, stats), m_options(options), m_stats(stats),
          m_rng(QRandomGenerator::global()->generate())
    {
    }

protected:
    void serve(QTcpSocket *socket) override { run(this, socket); }

private:
    Reply route(const QByteArray &target);
    QByteArray head(int status, const QByteArray &contentType, qint64 length, bool keepAlive) const;
    void count(int status);
    static QCoro::Task<bool> writeGenerated(Worker *self, QTcpSocket *socket, SocketEvents *events, qint64 bytes,
                                            qint64 spreadMs);
    static QCoro::Task<void> run(Worker *self, QTcpSocket *socket);

    HttpTargetOptions m_options;
    HttpTargetStats *m_stats;
    QRandomGenerator m_rng;
};

Reply HttpTargetServer::Worker::route(const QByteArray &target)
{
    const qsizetype q = target.indexOf('?');
    const QByteArray path = q < 0 ? target : target.left(q);
    const QByteArray query = q < 0 ? QByteArray() : target.mid(q + 1);
    Reply r;
    if (path == "/delay") {
        qint64 ms = queryNumber(query, "ms");
        const qint64 lo = queryNumber(query, "min_ms"), hi = queryNumber(query, "max_ms");
        if (ms < 0 && lo >= 0 && hi >= lo)
            ms = lo + qint64(m_rng.bounded(quint32(hi - lo + 1)));
        if (ms < 0 || ms > m_options.maxDelayMs) {
            r.status = 400;
            r.body = QByteArray("{\"error\": \"expected ms=N or min_ms=A&max_ms=B, at most ") +
                     QByteArray::number(m_options.maxDelayMs) + " ms\"}";
            return r;
        }
        r.delayMs = ms;
        r.body = "{\"delay_ms\": " + QByteArray::number(ms) + "}";
    } else if (path.startsWith("/status/")) {
        bool ok = false;
        const int code = path.mid(8).toInt(&ok);
        if (!ok || code < 200 || code > 599) {
            r.status = 400;
            r.body = "{\"error\": \"expected /status/CODE with CODE from 200 to 599\"}";
            return r;
        }
        r.status = code;
        if (code != 204 && code != 304)
            r.body = "{\"status\": " + QByteArray::number(code) + "}";
    } else if (path.startsWith("/bytes/")) {
        bool ok = false;
        const qint64 n = path.mid(7).toLongLong(&ok);
        if (!ok || n < 0 || n > m_options.maxResponseBytes) {
            r.status = 400;
            r.body = "{\"error\": \"expected /bytes/N with N up to " + QByteArray::number(m_options.maxResponseBytes) + "\"}";
            return r;
        }
        r.contentType = "application/octet-stream";
        r.generatedBytes = n;
    } else if (path == "/drop") {
        r.drop = true;
    } else if (path == "/slow-body") {
        const qint64 n = queryNumber(query, "bytes"), ms = queryNumber(query, "ms");
        if (n < 0 || ms < 0 || n > m_options.maxResponseBytes || ms > m_options.maxDelayMs) {
            r.status = 400;
            r.body = "{\"error\": \"expected bytes=N&ms=M\"}";
            return r;
        }
        r.contentType = "application/octet-stream";
        r.generatedBytes = n;
        r.trickleMs = ms;
    } else if (path == "/") {
        r.contentType = "text/plain";
        r.body = "Coroscope built-in HTTP target: /delay?ms=N, /delay?min_ms=A&max_ms=B, /status/CODE, "
                 "/bytes/N, /drop, /slow-body?bytes=N&ms=M\n";
    } else {
        r.status = 404;
        r.body = "{\"error\": \"no such endpoint\"}";
    }
    return r;
}

QByteArray HttpTargetServer::Worker::head(int status, const QByteArray &contentType, qint64 length,
                                          bool keepAlive) const
{
    QByteArray h;
    h.reserve(160);
    h += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\nServer: coroscope\r\n";
    h += "Content-Type: " + contentType + "\r\nContent-Length: " + QByteArray::number(length) + "\r\n";
    if (!keepAlive)
        h += "Connection: close\r\n";
    h += "\r\n";
    return h;
}

void HttpTargetServer::Worker::count(int status)
{
    if (status >= 200 && status < 300)
        ++m_stats->status2xx;
    else if (status >= 400 && status < 500)
        ++m_stats->status4xx;
    else if (status >= 500)
        ++m_stats->status5xx;
    else
        ++m_stats->statusOther;
}

QCoro::Task<bool> HttpTargetServer::Worker::writeGenerated(Worker *self, QTcpSocket *socket, SocketEvents *events,
                                                           qint64 bytes, qint64 spreadMs)
{
    // Written in chunks behind the socket's queue, so a client that does not read cannot make us
    // buffer the whole body; a trickled body is spread over ten steps.
    const qint64 steps = spreadMs > 0 ? 10 : 1;
    const QByteArray chunk(std::min<qint64>(kWriteChunk, std::max<qint64>(bytes, 1)), 'x');
    const qint64 start = nowNs();
    for (qint64 step = 0; step < steps; ++step) {
        if (spreadMs > 0 && step > 0) {
            const qint64 at = start + spreadMs * kNsPerMs * step / steps;
            if (co_await DeadlineWait(self->m_scheduler, &self->m_shutdown, at) == WakeReason::Cancelled)
                co_return false;
        }
        qint64 left = bytes * (step + 1) / steps - bytes * step / steps;
        while (left > 0) {
            if (socket->state() != QAbstractSocket::ConnectedState)
                co_return false;
            if (socket->bytesToWrite() >= kMaxQueuedOut) {
                // A client that stops reading is dropped after the idle timeout, not kept forever.
                events->setWatchWrites(true);
                const int idle = self->m_options.idleTimeoutMs;
                const WakeReason r = co_await events->next(self->m_scheduler, &self->m_shutdown,
                                                           idle > 0 ? nowNs() + idle * kNsPerMs : 0);
                if (r == WakeReason::Cancelled || r == WakeReason::TimedOut)
                    co_return false;
                continue;
            }
            const qint64 n = std::min<qint64>(left, chunk.size());
            socket->write(chunk.constData(), n);
            self->m_stats->bytesOut += n;
            left -= n;
        }
        socket->flush();
    }
    events->setWatchWrites(false);
    co_return true;
}

QCoro::Task<void> HttpTargetServer::Worker::run(Worker *self, QTcpSocket *socket)
{
    const HttpTargetOptions &opt = self->m_options;
    HttpTargetStats &stats = *self->m_stats;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    socket->setReadBufferSize(64 * 1024);
    SocketEvents events(socket);
    HttpRequestParser parser(opt.maxHeaderBytes, opt.maxBodyBytes);
    ReadBuffer in;
    qint64 lastActivity = nowNs();
    bool open = true;
    bool abortive = false;

    while (open) {
        // Answer every complete request already buffered (pipelining), one at a time.
        while (!in.isEmpty() && open) {
            qsizetype used = 0;
            const auto result = parser.feed(in.data(), in.size(), &used);
            in.consume(used);
            if (result == HttpRequestParser::Result::NeedMore)
                break;
            if (result != HttpRequestParser::Result::Complete) {
                const bool tooLarge = result == HttpRequestParser::Result::TooLarge;
                const int status = tooLarge ? 431 : 400;
                const QByteArray body = tooLarge ? "{\"error\": \"request too large\"}" : "{\"error\": \"bad request\"}";
                socket->write(self->head(status, "application/json", body.size(), false) + body);
                socket->flush();
                ++(tooLarge ? stats.closedTooLarge : stats.closedBadRequest);
                self->count(status);
                open = false;
                break;
            }
            ++stats.requests;
            const bool keepAlive = parser.keepAlive();
            const bool headOnly = std::strcmp(parser.method(), "HEAD") == 0;
            Reply reply = self->route(parser.url());
            parser.reset();
            if (reply.drop) {
                ++stats.drops;
                open = false;
                abortive = true;
                break;
            }
            if (reply.delayMs > 0) {
                // Wait out the delay, but notice a client that gives up and closes meanwhile.
                const qint64 until = nowNs() + reply.delayMs * kNsPerMs;
                WakeReason r = WakeReason::None;
                while (socket->state() == QAbstractSocket::ConnectedState) {
                    r = co_await events.next(self->m_scheduler, &self->m_shutdown, until);
                    if (r != WakeReason::Signalled)
                        break;
                }
                if (r != WakeReason::TimedOut) {
                    open = false;
                    abortive = true;
                    break;
                }
            }
            const qint64 length = reply.generatedBytes >= 0 ? reply.generatedBytes : reply.body.size();
            QByteArray out = self->head(reply.status, reply.contentType, length, keepAlive);
            if (!headOnly && reply.generatedBytes < 0)
                out += reply.body;
            self->count(reply.status);
            stats.bytesOut += out.size();
            socket->write(out);
            socket->flush();
            if (!headOnly && reply.generatedBytes > 0 &&
                !co_await writeGenerated(self, socket, &events, reply.generatedBytes, reply.trickleMs)) {
                open = false;
                abortive = true;
                break;
            }
            lastActivity = nowNs();
            if (!keepAlive)
                open = false;
        }
        if (!open)
            break;
        if (socket->bytesAvailable() > 0) {
            in.fillFrom(socket);
            lastActivity = nowNs();
            continue;
        }
        if (socket->state() != QAbstractSocket::ConnectedState)
            break;
        const qint64 deadline = opt.idleTimeoutMs > 0 ? lastActivity + opt.idleTimeoutMs * kNsPerMs : 0;
        const WakeReason r = co_await events.next(self->m_scheduler, &self->m_shutdown, deadline);
        if (r == WakeReason::Cancelled) {
            abortive = true;
            break;
        }
        if (r == WakeReason::TimedOut) {
            ++stats.closedIdle;
            abortive = true;
            break;
        }
    }
    if (abortive)
        socket->abort();
    else
        socket->disconnectFromHost();
    --stats.open;
    socket->deleteLater();
}

HttpTargetServer::HttpTargetServer(HttpTargetOptions options) : m_options(std::move(options)) {}

HttpTargetServer::~HttpTargetServer()
{
    stop();
}

bool HttpTargetServer::start(QString *error)
{
    if (m_thread.isRunning())
        return true;
    const HttpTargetOptions options = m_options;
    HttpTargetStats *stats = &m_stats;
    return m_thread.start(QStringLiteral("http-target"), [options, stats] { return new Worker(options, stats); },
                          m_options.address, m_options.port, error, &m_port);
}

void HttpTargetServer::stop()
{
    m_thread.stop();
}

QString HttpTargetServer::baseUrl() const
{
    return QStringLiteral("http://%1:%2").arg(m_options.address.toString()).arg(m_port);
}

} // namespace coroscope
