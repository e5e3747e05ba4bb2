#include "workloads/HttpWork.h"

#include "core/Clock.h"
#include "core/JsonReader.h"
#include "net/HttpTargetServer.h"

#include <QCoroTask>
#include <QUrl>

namespace coroscope {

namespace {

class HttpWorker : public ItemWorker
{
public:
    HttpWorker(HttpWork *work, LoopScheduler *scheduler) : m_work(work), m_http(*scheduler) {}

    QCoro::Task<void> process(WorkBatch *batch) override
    {
        struct NoPhases : HttpPhaseSink {
            void enter(Phase) override {}
        } phases;
        batch->phases->enterPhase(0);
        for (qsizetype i = 0; i < batch->items.size(); ++i) {
            const HttpAttempt a =
                co_await HttpConnection::exchange(&m_http, m_work->endpoint(), m_work->request(), false, batch->cancel,
                                                  nowNs() + m_work->timeoutMs() * kNsPerMs, 5000, &phases);
            if (a.outcome == HttpAttempt::Outcome::Cancelled)
                co_return;
            if (a.outcome == HttpAttempt::Outcome::Ok && a.status < 400)
                batch->outcomes << WorkOutcome{};
            else if (a.outcome == HttpAttempt::Outcome::Ok)
                batch->outcomes << WorkOutcome{a.status >= 500 ? ErrorKind::Http5xx : ErrorKind::Http4xx,
                                               QStringLiteral("HTTP %1").arg(a.status)};
            else
                batch->outcomes << WorkOutcome{a.errorKind == ErrorKind::None ? ErrorKind::NetworkError : a.errorKind,
                                               a.message};
        }
    }
    void close() override { m_http.close(); }

private:
    HttpWork *m_work;
    HttpConnection m_http;
};

} // namespace

HttpWork::HttpWork(QString url, qint64 timeoutMs) : m_url(std::move(url)), m_timeoutMs(timeoutMs) {}

HttpWork::~HttpWork() = default;

std::shared_ptr<ItemWork> HttpWork::read(JsonReader &work)
{
    work.distribution(QStringLiteral("ms"), Distribution::fixed(0), 0, 3'600'000); // accepted, unused
    const QString url = work.string(QStringLiteral("url"), QString(), true);
    const qint64 timeoutMs = work.integer(QStringLiteral("timeoutMs"), 30'000, 1, 3'600'000);
    if (!url.isEmpty() && !url.startsWith(QLatin1String("builtin:/")) &&
        !(url.startsWith(QLatin1String("http://")) && QUrl(url).isValid()))
        work.error(QStringLiteral("url"), tr("expected an http:// URL or builtin:/path, found \"%1\"").arg(url));
    return std::make_shared<HttpWork>(url, timeoutMs);
}

QCoro::Task<QString> HttpWork::prepare(LoopScheduler *, CancellationToken *, qint64)
{
    QString url = m_url;
    if (url.startsWith(QLatin1String("builtin:"))) {
        if (!m_server) {
            m_server = std::make_unique<HttpTargetServer>();
            QString error;
            if (!m_server->start(&error))
                co_return error;
        }
        url = m_server->baseUrl() + url.mid(8);
    }
    const QUrl u(url);
    m_endpoint.address =
        u.host() == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(u.host());
    m_endpoint.port = quint16(u.port(80));
    if (m_endpoint.address.isNull())
        co_return tr("work.url: expected an IP address or localhost, found \"%1\"").arg(u.host());
    const qsizetype slash = url.indexOf(u'/', url.indexOf(QStringLiteral("//")) + 2);
    m_request = "GET " + (slash < 0 ? QByteArray("/") : url.mid(slash).toUtf8()) +
                " HTTP/1.1\r\nHost: " + u.host().toUtf8() + "\r\n\r\n";
    co_return QString();
}

std::unique_ptr<ItemWorker> HttpWork::createWorker(LoopScheduler *scheduler)
{
    return std::make_unique<HttpWorker>(this, scheduler);
}

qint64 HttpWork::descriptorsNeeded(qint64 consumers) const
{
    // One keep-alive connection per consumer, and the built-in target's side of each.
    return m_url.startsWith(QLatin1String("builtin:")) ? 2 * consumers + 1 : consumers;
}

QString HttpWork::target() const
{
    return m_server ? tr("work: GET %1 on the built-in HTTP target").arg(m_url.mid(8)) : tr("work: GET %1").arg(m_url);
}

} // namespace coroscope
