#pragma once

#include "net/BuiltinServer.h"
#include "net/WebSocketServerWorker.h"

namespace coroscope {

// The built-in WebSocket echo server on the shared server shell: its own thread and loop, limits
// on frame and message size, connections, idle time, handshake time and unread echo.
class WebSocketServer : public BuiltinServer<WebSocketServerWorker>
{
public:
    using BuiltinServer::BuiltinServer;
    QString url() const { return QStringLiteral("ws://%1:%2/").arg(address().toString()).arg(port()); }
};

} // namespace coroscope
