#include "net/HttpConnection.h"

#include "core/Clock.h"
#include "net/ClientSocket.h"
#include "net/ErrorKinds.h"
#include "net/SocketEvents.h"

#include <QCoroTask>
#include <QTcpSocket>

namespace coroscope {

namespace {

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
    return m_client.isOpen();
}

void HttpConnection::discard()
{
    m_client.reset();
    m_in.clear();
}

void HttpConnection::close()
{
    if (m_client.isOpen())
        m_client.socket()->disconnectFromHost();
    discard();
}

QCoro::Task<HttpAttempt> HttpConnection::connectTo(HttpConnection *self, HttpEndpoint endpoint,
                                                   CancellationToken *token, qint64 deadlineNs, qint64 connectTimeoutMs)
{
    self->discard();
    self->m_endpoint = endpoint;
    self->m_client.connectTo(endpoint.address, endpoint.port);
    qint64 until = connectTimeoutMs > 0 ? nowNs() + connectTimeoutMs * kNsPerMs : 0;
    const bool overallFirst = deadlineNs > 0 && (until == 0 || deadlineNs < until);
    if (overallFirst)
        until = deadlineNs;
    HttpAttempt a;
    switch (co_await SocketEvents::connected(self->m_client.events(), *self->m_scheduler, token, until)) {
    case ConnectOutcome::Connected:
        break;
    case ConnectOutcome::Failed: {
        const QString message = self->m_client.socket()->errorString();
        const ErrorKind kind = connectErrorKindOf(*self->m_client.socket());
        self->discard();
        co_return ended(a, HttpAttempt::Outcome::Failed, kind, message);
    }
    case ConnectOutcome::Cancelled:
        self->discard();
        co_return ended(a, HttpAttempt::Outcome::Cancelled);
    case ConnectOutcome::TimedOut:
        self->discard();
        if (overallFirst)
            co_return ended(a, HttpAttempt::Outcome::TimedOut, ErrorKind::Timeout);
        co_return ended(a, HttpAttempt::Outcome::Failed, ErrorKind::ConnectTimeout,
                        QStringLiteral("no connection within %1 ms").arg(connectTimeoutMs));
    }
    a.outcome = HttpAttempt::Outcome::Ok;
    co_return a;
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
        QTcpSocket *socket = self->m_client.socket();
        SocketEvents *events = self->m_client.events();
        a.sentNs = nowNs();
        socket->write(request);
        socket->flush();
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
            if (socket->bytesAvailable() > 0) {
                self->m_in.fillFrom(socket);
                continue;
            }
            if (socket->state() != QAbstractSocket::ConnectedState) {
                if (answered && self->m_parser.finish() == HttpResponseParser::Result::Complete) {
                    a.status = self->m_parser.statusCode();
                    a.bodyBytes = self->m_parser.bodyBytes();
                    self->discard();
                    co_return ended(a, HttpAttempt::Outcome::Ok);
                }
                const QString message = socket->errorString();
                self->discard();
                if (!answered && reused && round == 0)
                    break; // the stale keep-alive case: once more, fresh
                co_return ended(a, HttpAttempt::Outcome::Failed,
                                answered ? ErrorKind::BadResponse : ErrorKind::ConnectionReset,
                                answered ? QStringLiteral("the connection closed in the middle of the answer")
                                         : QStringLiteral("the connection closed without an answer: %1").arg(message));
            }
            const WakeReason r = co_await events->next(*self->m_scheduler, token, deadlineNs);
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
