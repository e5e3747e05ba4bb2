#pragma once

#include "net/BuiltinServer.h"
#include "net/HttpTargetWorker.h"

namespace coroscope {

// The built-in HTTP/1.1 keep-alive target (the seeds' aiohttp `/aio` endpoint, and more), on its own
// thread; HttpTargetRouter lists its endpoints. Limits on header and body size, header deadline,
// idle time, unread answers and connections keep a misbehaving client bounded.
class HttpTargetServer : public BuiltinServer<HttpTargetWorker>
{
public:
    using BuiltinServer::BuiltinServer;
};

} // namespace coroscope
