#pragma once

#include "net/HttpConnection.h"

#include "workloads/ItemWork.h"
#include <QCoreApplication>

#include <memory>

namespace coroscope {

class HttpTargetServer;

// Work kind "http": each item is one GET to `url` (http://IP:port/path, or builtin:/path on the
// built-in target, started in prepare()), on the consumer's own keep-alive connection.
class HttpWork : public ItemWork
{
    Q_DECLARE_TR_FUNCTIONS(HttpWork)

public:
    HttpWork(QString url, qint64 timeoutMs);
    ~HttpWork() override;
    static std::shared_ptr<ItemWork> read(JsonReader &work);

    QString kind() const override { return QStringLiteral("http"); }
    QStringList phaseNames() const override { return {QStringLiteral("http request")}; }
    QCoro::Task<QString> prepare(LoopScheduler *scheduler, CancellationToken *cancel, qint64 deadlineNs) override;
    std::unique_ptr<ItemWorker> createWorker(LoopScheduler *scheduler) override;
    qint64 descriptorsNeeded(qint64 consumers) const override;
    QString target() const override;

    const HttpEndpoint &endpoint() const { return m_endpoint; }
    const QByteArray &request() const { return m_request; }
    qint64 timeoutMs() const { return m_timeoutMs; }

private:
    QString m_url;
    qint64 m_timeoutMs;
    std::unique_ptr<HttpTargetServer> m_server;
    HttpEndpoint m_endpoint;
    QByteArray m_request;
};

} // namespace coroscope
