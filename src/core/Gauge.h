#pragma once

#include "core/KeyNameTable.h"

#include <QString>

namespace coroscope {

// A workload-specific figure in a snapshot ("queue depth", "connections open"). Layers refer to a
// gauge by this id; the key is the stable name reports use, the display name is translated.
enum class Gauge : quint16 {
    // queue
    QueueDepth,
    Produced,
    Consumed,
    RateInPerSecond,
    RateOutPerSecond,
    WaitP50Ms,
    WaitP99Ms,
    ServiceP50Ms,
    ServiceP99Ms,
    LittleEstimate,
    DeadLetters,
    Retries,
    ProducersWaitingForRoom,
    ConsumersWaitingForItems,
    Reconnects,
    RequeuedAtStart,
    HandoffP50Ms,
    HandoffP99Ms,
    // connections (echo, and later websocket)
    ConnectionsWaiting,
    ConnectionsConnecting,
    ConnectionsOpen,
    ConnectionsClosed,
    ConnectionsFailed,
    // built-in servers
    ServerConnectionsOpen,
    ServerMessages,
    ServerBytesIn,
    ServerClosedTooLong,
    ServerClosedIdle,
    ServerRefused,
    ServerRequests,
    // http
    BytesReceived,
    Workers,
    TtfbP50Ms,
    TtfbP99Ms,
    QueuedForWorker,
    UncorrectedP50Ms,
    UncorrectedP99Ms,
    // websocket
    ConnectionsClosing,
    CloseHandshakes,
    Pings,
    PingP50Ms,
    PingP99Ms,
    Count
};

constexpr int kGaugeCount = int(Gauge::Count);

// Written in Gauge.cpp; core/KeyNameTable.h does the lookups.
extern const KeyNameTable<Gauge, kGaugeCount> kGaugeNames;

inline QString gaugeKey(Gauge gauge)
{
    return kGaugeNames.key(gauge);
}

inline QString gaugeName(Gauge gauge)
{
    return kGaugeNames.name(gauge);
}

} // namespace coroscope
