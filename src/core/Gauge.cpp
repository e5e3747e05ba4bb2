#include "core/Gauge.h"

namespace coroscope {

// In enum order: the report key, then the source text of the translated name.
const KeyNameTable<Gauge, kGaugeCount> kGaugeNames{
    "Gauge",
    {{
        {"depth", QT_TRANSLATE_NOOP("Gauge", "queue depth")},
        {"produced", QT_TRANSLATE_NOOP("Gauge", "produced")},
        {"consumed", QT_TRANSLATE_NOOP("Gauge", "consumed")},
        {"rate in per s", QT_TRANSLATE_NOOP("Gauge", "rate in per s")},
        {"rate out per s", QT_TRANSLATE_NOOP("Gauge", "rate out per s")},
        {"wait p50 ms", QT_TRANSLATE_NOOP("Gauge", "wait p50 ms")},
        {"wait p99 ms", QT_TRANSLATE_NOOP("Gauge", "wait p99 ms")},
        {"service p50 ms", QT_TRANSLATE_NOOP("Gauge", "service p50 ms")},
        {"service p99 ms", QT_TRANSLATE_NOOP("Gauge", "service p99 ms")},
        {"little: rate in x mean wait", QT_TRANSLATE_NOOP("Gauge", "Little's law: rate in x mean wait")},
        {"dead letters", QT_TRANSLATE_NOOP("Gauge", "dead letters")},
        {"retries", QT_TRANSLATE_NOOP("Gauge", "retries")},
        {"producers waiting for room", QT_TRANSLATE_NOOP("Gauge", "producers waiting for room")},
        {"consumers waiting for items", QT_TRANSLATE_NOOP("Gauge", "consumers waiting for items")},
        {"reconnects", QT_TRANSLATE_NOOP("Gauge", "reconnects")},
        {"requeued at start", QT_TRANSLATE_NOOP("Gauge", "requeued at start")},
        {"hand-off p50 ms", QT_TRANSLATE_NOOP("Gauge", "hand-off p50 ms")},
        {"hand-off p99 ms", QT_TRANSLATE_NOOP("Gauge", "hand-off p99 ms")},
        {"connections waiting", QT_TRANSLATE_NOOP("Gauge", "connections waiting")},
        {"connections connecting", QT_TRANSLATE_NOOP("Gauge", "connections connecting")},
        {"connections open", QT_TRANSLATE_NOOP("Gauge", "connections open")},
        {"connections closed", QT_TRANSLATE_NOOP("Gauge", "connections closed")},
        {"connections failed", QT_TRANSLATE_NOOP("Gauge", "connections failed")},
        {"server connections open", QT_TRANSLATE_NOOP("Gauge", "server connections open")},
        {"server messages", QT_TRANSLATE_NOOP("Gauge", "server messages")},
        {"server bytes in", QT_TRANSLATE_NOOP("Gauge", "server bytes in")},
        {"server closed: message too long", QT_TRANSLATE_NOOP("Gauge", "server closed: message too long")},
        {"server closed: idle", QT_TRANSLATE_NOOP("Gauge", "server closed: idle")},
        {"server refused: too many connections", QT_TRANSLATE_NOOP("Gauge", "server refused: too many connections")},
        {"server requests", QT_TRANSLATE_NOOP("Gauge", "server requests")},
        {"bytes received", QT_TRANSLATE_NOOP("Gauge", "bytes received")},
        {"workers", QT_TRANSLATE_NOOP("Gauge", "workers")},
        {"ttfb p50 ms", QT_TRANSLATE_NOOP("Gauge", "time to first byte p50 ms")},
        {"ttfb p99 ms", QT_TRANSLATE_NOOP("Gauge", "time to first byte p99 ms")},
        {"queued for a worker", QT_TRANSLATE_NOOP("Gauge", "queued for a worker")},
        {"uncorrected p50 ms", QT_TRANSLATE_NOOP("Gauge", "uncorrected p50 ms")},
        {"uncorrected p99 ms", QT_TRANSLATE_NOOP("Gauge", "uncorrected p99 ms")},
        {"connections closing", QT_TRANSLATE_NOOP("Gauge", "connections closing")},
        {"close handshakes", QT_TRANSLATE_NOOP("Gauge", "close handshakes completed")},
        {"pings", QT_TRANSLATE_NOOP("Gauge", "ping/pong round trips")},
        {"ping p50 ms", QT_TRANSLATE_NOOP("Gauge", "ping p50 ms")},
        {"ping p99 ms", QT_TRANSLATE_NOOP("Gauge", "ping p99 ms")},
    }}};

} // namespace coroscope
