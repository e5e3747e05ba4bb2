#pragma once

#include "net/BuiltinServer.h"
#include "net/EchoServerWorker.h"

namespace coroscope {

// The built-in echo server: a QTcpServer on its own thread with its own event loop (so a client in
// the same process measures the server, not its own loop), one coroutine per connection, limits on
// message size, idle time and connections.
class EchoServer : public BuiltinServer<EchoServerWorker>
{
public:
    using BuiltinServer::BuiltinServer;
};

} // namespace coroscope
