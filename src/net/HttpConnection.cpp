#include "net/HttpConnection.h"

#include "core/Clock.h"

#include <QCoroTask>

namespace coroscope {

namespace {

// The most one read takes from the socket: a whole small answer, or a good slice of a large body.
constexpr qint64 kReadChunk = 64 * 1024;

HttpAttempt ended(HttpAttempt a, HttpAttempt::Outcome outcome, ErrorKind kind = ErrorKind::None,
                  const QString &message = {})
{
    a.outcome = outcome;
    a.errorKind = kind;
    a.message = message;
    return a;
}

} // namespace

HttpConnection::HttpConnection(LoopScheduler &scheduler) : m_scheduler(&scheduler) {}

HttpConnection::~HttpConnection()
{
    discard();
}

bool HttpConnection::isOpen() const
{
    return m_stream && m_stream->isOpen();
}

void HttpConnection::discard()
{
    m_stream.reset();
    m_in.clear();
}

void HttpConnection::close()
{
    discard(); // closing the descriptor is the orderly close: nothing is left unread
}

QCoro::Task<HttpAttempt> HttpConnection::connectTo(HttpConnection *self, HttpEndpoint endpoint,
                                                   CancellationToken *token, qint64 deadlineNs, qint64 connectTimeoutMs)
{
    self->discard();
    self->m_endpoint = endpoint;
    qint64 until = connectTimeoutMs > 0 ? nowNs() + connectTimeoutMs * kNsPerMs : 0;
    const bool overallFirst = deadlineNs > 0 && (until == 0 || deadlineNs < until);
    if (overallFirst)
        until = deadlineNs;
    HttpAttempt a;
    TcpConnectResult c = co_await TcpStream::connectTo(endpoint.address.toString(), endpoint.port, self->m_in,
                                                       *self->m_scheduler, token, until);
    switch (c.outcome) {
    case ConnectOutcome::Connected:
        self->m_stream = std::move(c.stream);
        a.outcome = HttpAttempt::Outcome::Ok;
        co_return a;
    case ConnectOutcome::Failed:
        co_return ended(a, HttpAttempt::Outcome::Failed, c.errorKind, c.message);
    case ConnectOutcome::Cancelled:
        co_return ended(a, HttpAttempt::Outcome::Cancelled);
    case ConnectOutcome::TimedOut:
        if (overallFirst)
            co_return ended(a, HttpAttempt::Outcome::TimedOut, ErrorKind::Timeout);
        break;
    }
    co_return ended(a, HttpAttempt::Outcome::Failed, ErrorKind::ConnectTimeout,
                    QStringLiteral("no connection within %1 ms").arg(connectTimeoutMs));
}

QCoro::Task<HttpAttempt> HttpConnection::exchange(HttpConnection *self, HttpEndpoint endpoint, QByteArray request,
                                                  bool headRequest, CancellationToken *token, qint64 deadlineNs,
                                                  qint64 connectTimeoutMs, HttpPhaseSink *phases)
{
    // A kept-alive connection the server closed meanwhile fails before any answer: send once more
    // on a fresh connection, as browsers do; that is not a retry the user asked for.
    for (int round = 0; round < 2; ++round) {
        const bool reused = self->isOpen() && self->m_endpoint == endpoint;
        if (!reused) {
            phases->enter(HttpPhaseSink::Phase::Connecting);
            HttpAttempt c = co_await connectTo(self, endpoint, token, deadlineNs, connectTimeoutMs);
            if (c.outcome != HttpAttempt::Outcome::Ok)
                co_return c;
        }
        HttpAttempt a;
        phases->enter(HttpPhaseSink::Phase::Sending);
        TcpStream &stream = *self->m_stream;
        a.sentNs = nowNs();
        stream.write(request.constData(), request.size()); // a failure shows as the end of the stream below
        self->m_parser.reset(headRequest);
        phases->enter(HttpPhaseSink::Phase::AwaitingFirstByte);
        bool answered = false;
        for (;;) {
            if (!self->m_in.isEmpty()) {
                if (!answered) {
                    answered = true;
                    a.firstByteNs = nowNs();
                    phases->enter(HttpPhaseSink::Phase::ReadingBody);
                }
                qsizetype used = 0;
                const auto result = self->m_parser.feed(self->m_in.data(), self->m_in.size(), &used);
                self->m_in.consume(used);
                if (result == HttpResponseParser::Result::Complete) {
                    a.status = self->m_parser.statusCode();
                    a.bodyBytes = self->m_parser.bodyBytes();
                    if (!self->m_parser.keepAlive())
                        self->close();
                    co_return ended(a, HttpAttempt::Outcome::Ok);
                }
                if (result == HttpResponseParser::Result::Error) {
                    const QString why = QString::fromLatin1(self->m_parser.errorName());
                    self->discard();
                    co_return ended(a, HttpAttempt::Outcome::Failed, ErrorKind::BadResponse,
                                    QStringLiteral("unparsable answer (%1)").arg(why));
                }
            }
            const qint64 got = stream.read(self->m_in, kReadChunk);
            if (got > 0)
                continue;
            if (got < 0) {
                if (answered && self->m_parser.finish() == HttpResponseParser::Result::Complete) {
                    a.status = self->m_parser.statusCode();
                    a.bodyBytes = self->m_parser.bodyBytes();
                    self->discard();
                    co_return ended(a, HttpAttempt::Outcome::Ok);
                }
                const QString message = stream.errorString();
                self->discard();
                if (!answered && reused && round == 0)
                    break; // the stale keep-alive case: once more, fresh
                co_return ended(a, HttpAttempt::Outcome::Failed,
                                answered ? ErrorKind::BadResponse : ErrorKind::ConnectionReset,
                                answered ? QStringLiteral("the connection closed in the middle of the answer")
                                         : QStringLiteral("the connection closed without an answer: %1").arg(message));
            }
            const WakeReason r = co_await stream.next(*self->m_scheduler, token, deadlineNs);
            if (r == WakeReason::Cancelled || r == WakeReason::TimedOut) {
                self->discard();
                co_return ended(
                    a, r == WakeReason::Cancelled ? HttpAttempt::Outcome::Cancelled : HttpAttempt::Outcome::TimedOut,
                    r == WakeReason::TimedOut ? ErrorKind::Timeout : ErrorKind::None);
            }
        }
    }
    co_return HttpAttempt{};
}

} // namespace coroscope
