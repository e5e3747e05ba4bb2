#pragma once

#include "core/Gauge.h"
#include "core/Snapshot.h"

namespace coroscope {

// The gauges of a built-in echo-style server (the echo and WebSocket targets), read from its
// counters on another thread: every such server counts these the same way.
template<class ServerStats> void describeEchoServer(WorkloadSnapshot &out, const ServerStats &s)
{
    out.gauges.insert(Gauge::ServerConnectionsOpen, double(s.open.load()));
    out.gauges.insert(Gauge::ServerMessages, double(s.messages.load()));
    out.gauges.insert(Gauge::ServerBytesIn, double(s.bytesIn.load()));
    out.gauges.insert(Gauge::ServerClosedTooLong, double(s.closedTooLong.load()));
    out.gauges.insert(Gauge::ServerClosedIdle, double(s.closedIdle.load()));
    out.gauges.insert(Gauge::ServerRefused, double(s.refused.load()));
}

} // namespace coroscope
