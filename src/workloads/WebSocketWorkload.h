#pragma once

#include "core/CancellationToken.h"
#include "core/JsonReader.h"
#include "core/LatencyHistogram.h"
#include "workloads/ClientConnectionsWorkload.h"

#include <QUrl>

#include <memory>
#include <vector>

namespace QCoro {
template<typename T> class Task;
}

namespace coroscope {

class WebSocketServer;

struct WebSocketSpec : ClientConnectionsSpec {
    Q_DECLARE_TR_FUNCTIONS(WebSocketSpec)

public:
    // server: "builtin" or ws://host:port/path; connectTimeoutMs covers TCP connect + upgrade
    qint64 messageBytes = 64;
    bool binary = false;          // text messages by default, like seed 002's client
    qint64 pingIntervalMs = 0;    // ping/pong round trips, timed apart; 0 = none
    qint64 closeTimeoutMs = 2000; // close handshake
    // Built-in server limits.
    qint64 serverMaxMessageBytes = 1024 * 1024;
    qint64 serverMaxFrameBytes = 1024 * 1024;

    static WebSocketSpec read(JsonReader &r);
};

// WebSocket echo clients (seed 002's `websockets` client): each connection opens (TCP + HTTP
// upgrade), sends text or binary messages, waits for each echo, verifies it byte for byte and times
// it; optionally pings at an interval (pong round trips are a figure of their own); ends with the
// close handshake, counted. A task is one round trip. Talks to the built-in server or a ws:// URL.
class WebSocketWorkload : public ClientConnectionsWorkload
{
    Q_OBJECT
public:
    WebSocketWorkload(QString name, WebSocketSpec spec, QObject *parent = nullptr);
    ~WebSocketWorkload() override;

    const WebSocketSpec &spec() const { return m_spec; }
    WebSocketServer *builtinServer() const { return m_server.get(); }
    QUrl targetUrl() const { return m_url; }

    bool prepare(QString *error) override;
    void start() override;
    void describe(WorkloadSnapshot &out) const override;

private:
    const ClientConnectionsSpec &connectionSpec() const override { return m_spec; }
    QString builtinServerAddress() const override;
    void startConnection(ClientConnection *conn) override;
    static QCoro::Task<void> runConnection(WebSocketWorkload *self, ClientConnection *conn);

    WebSocketSpec m_spec;
    std::unique_ptr<WebSocketServer> m_server;
    QUrl m_url;
    qint64 m_closeHandshakes = 0;
    LatencyHistogram m_pings;
    quint8 m_phaseConnecting = 0, m_phaseAwaitingEcho = 0, m_phaseThinking = 0;
};

} // namespace coroscope
