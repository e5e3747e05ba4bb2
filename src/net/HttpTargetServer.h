#pragma once

#include "net/ServerThread.h"
#include "net/TcpServerWorker.h"

#include <QHostAddress>

namespace coroscope {

struct HttpTargetOptions {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0; // 0 = ephemeral
    qsizetype maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 1024 * 1024;
    int idleTimeoutMs = 60'000; // between requests; 0 = none
    int maxConnections = 10'000;
    qint64 maxDelayMs = 600'000;
    qint64 maxResponseBytes = 64 * 1024 * 1024;
};

struct HttpTargetStats : ConnectionCounters {
    std::atomic<qint64> requests{0};
    std::atomic<qint64> status2xx{0};
    std::atomic<qint64> status4xx{0};
    std::atomic<qint64> status5xx{0};
    std::atomic<qint64> statusOther{0};
    std::atomic<qint64> drops{0};
    std::atomic<qint64> bytesOut{0};
    std::atomic<qint64> closedIdle{0};
    std::atomic<qint64> closedTooLarge{0};
    std::atomic<qint64> closedBadRequest{0};
};

// The built-in HTTP/1.1 keep-alive target (the seeds' aiohttp `/aio` endpoint, and more), on its own
// thread. Endpoints:
//   /delay?ms=N or /delay?min_ms=A&max_ms=B   200 after the delay, body {"delay_ms": N}
//   /status/CODE                              that status
//   /bytes/N                                  N bytes of body
//   /drop                                     closes the connection without answering
//   /slow-body?bytes=N&ms=M                   N bytes trickled over M ms
// Limits on header size, body size, idle time and connections keep a misbehaving client bounded.
class HttpTargetServer
{
public:
    explicit HttpTargetServer(HttpTargetOptions options = {});
    ~HttpTargetServer();

    bool start(QString *error);
    void stop();

    quint16 port() const { return m_port; }
    QHostAddress address() const { return m_options.address; }
    QString baseUrl() const;
    const HttpTargetStats &stats() const { return m_stats; }

private:
    class Worker;

    HttpTargetOptions m_options;
    HttpTargetStats m_stats;
    ServerThread m_thread;
    quint16 m_port = 0;
};

} // namespace coroscope
