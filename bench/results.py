#!/usr/bin/env python3
"""The one parser of benchmark results for bench/run.

  results.py report PEER REPORT.json RATE_KEY   a coroscope JSON report as one line of JSON, with the rate
                                                under RATE_KEY (rt_per_s, req_per_s, items_per_s) like the peers'
  results.py summary CASE ROWS...               the median of each group of JSON lines (one argument per
                                                side, lines separated by newlines or "} {") and the case's ratios
"""
import json
import statistics
import sys


def from_report(peer, path, rate_key):
    r = json.load(open(path))
    w = r["workloads"][0] if r["workloads"] else {"latencyMs": {}}
    lat = w.get("latencyMs", {})
    return {"peer": peer, "done": r["totals"]["succeeded"], "failed": r["totals"]["failed"],
            "seconds": r["durationSeconds"], rate_key: round(r["totals"]["throughputPerSecond"]),
            "p50_us": lat.get("p50", 0) * 1000, "p99_us": lat.get("p99", 0) * 1000,
            "lag_p99_ms": r["loopLagMs"]["p99"], "lag_max_ms": r["loopLagMs"]["max"]}


def load(arg):
    return [json.loads(x) for x in arg.replace("} {", "}\n{").splitlines() if x.strip()]


def med(rows, key):
    return statistics.median(r[key] for r in rows)


def verdict(ok):
    return "met" if ok else "MISSED"


def echo(o, u, a, c):
    ro, ru, ra, rc = med(o, "rt_per_s"), med(u, "rt_per_s"), med(a, "rt_per_s"), med(c, "rt_per_s")
    lat = lambda rows: f"p50 {med(rows, 'p50_us'):.0f} us, p99 {med(rows, 'p99_us'):.0f} us"
    print(f"echo: coroscope {ro:,.0f} rt/s ({lat(o)}); uvloop pair {ru:,.0f} rt/s ({lat(u)}); "
          f"asyncio pair {ra:,.0f} rt/s ({lat(a)}); C epoll pair {rc:,.0f} rt/s")
    print(f"echo: ratio {ro/ru:.2f}x the uvloop pair (target >= 1.5: {verdict(ro/ru >= 1.5)}), {ro/ra:.2f}x the asyncio pair, "
          f"{ro/rc:.2f}x the C pair (target >= 0.9: {verdict(ro/rc >= 0.9)})")


def c10k(e, q, u, c):
    re_, rq, ru, rc = (med(rows, "rt_per_s") for rows in (e, q, u, c))
    lag = med(e, "lag_p99_ms")
    print(f"c10k: coroscope {re_:,.0f} rt/s with the epoll dispatcher (loop-lag p99 {lag:.0f} ms), {rq:,.0f} with Qt's "
          f"(loop-lag p99 {med(q, 'lag_p99_ms'):.0f} ms); uvloop pair {ru:,.0f}; C epoll pair {rc:,.0f}")
    print(f"c10k: {re_/ru:.2f}x the uvloop pair (target >= 2: {verdict(re_/ru >= 2)}), {re_/rc:.2f}x the C pair "
          f"(target >= 0.7: {verdict(re_/rc >= 0.7)}), loop-lag p99 under 50 ms: {verdict(lag < 50)}; "
          f"epoll dispatcher {re_/rq:.2f}x Qt's")


def http(f, q, u, a, wn, wb):
    k = "req_per_s"
    rf, rq, ru, ra, rwn, rwb = (med(rows, k) for rows in (f, q, u, a, wn, wb))
    print(f"http: coroscope fast {rf:,.0f} req/s (p50 {med(f, 'p50_us'):.0f} us, p99 {med(f, 'p99_us'):.0f} us), "
          f"qnam {rq:,.0f} req/s; aiohttp+uvloop {ru:,.0f} (p50 {med(u, 'p50_us'):.0f} us, p99 {med(u, 'p99_us'):.0f} us), "
          f"aiohttp {ra:,.0f}; wrk -t1 -c100 {rwn:,.0f} against nginx, {rwb:,.0f} against the built-in target")
    print(f"http: fast engine {rf/ru:.1f}x aiohttp+uvloop (target >= 10: {verdict(rf/ru >= 10)}), "
          f"{rf/rwn:.2f}x wrk (target >= 0.7: {verdict(rf/rwn >= 0.7)}); qnam {rq/ru:.1f}x aiohttp+uvloop; "
          f"built-in target {rwb/rwn:.2f}x nginx under wrk")


def queue(o, p):
    ro, rp = med(o, "items_per_s"), med(p, "items_per_s")
    print(f"queue: coroscope {ro:,.0f} items/s, asyncio.Queue {rp:,.0f} items/s -> {ro/rp:.2f}x "
          f"(target >= 2: {verdict(ro/rp >= 2)})")


def redis(o, p, b):
    ro, rp, rb = (med(rows, "items_per_s") for rows in (o, p, b))
    print(f"redis: coroscope {ro:,.0f} items/s (LMOVE batches + LREM acks), redis.asyncio reliable {rp:,.0f} items/s -> "
          f"{ro/rp:.1f}x (target >= 5: {verdict(ro/rp >= 5)}); redis-benchmark RPOP {rb:,.0f}/s "
          f"-> coroscope at {ro/rb:.2f} of that ceiling")


def gui(h, g):
    rh, rg = med(h, "rt_per_s"), med(g, "rt_per_s")
    lag = med(g, "lag_p99_ms")
    print(f"gui: window {rg:,.0f} rt/s vs headless {rh:,.0f} rt/s -> {rg/rh:.2f}x (target >= 0.9: "
          f"{verdict(rg/rh >= 0.9)}); loop-lag p99 in the window {lag:.2f} ms "
          f"(target <= 10 ms: {verdict(lag <= 10)}), headless {med(h, 'lag_p99_ms'):.2f} ms")


def tasks_mem(o, p):
    bo, bp, lag = med(o, "bytes_per_task"), med(p, "bytes_per_task"), med(o, "loop_lag_p99_ms")
    print(f"tasks-mem: coroscope {bo:.0f} B/task, asyncio {bp:.0f} B/task -> ratio {bo/bp:.2f} of asyncio "
          f"(target <= 0.50: {verdict(bo/bp <= 0.5)}); loop-lag p99 while sleeping {lag:.3f} ms "
          f"(target < 5 ms: {verdict(lag < 5)})")


def postgres(os_, oe, oc, ps, pe, pc):
    for mode, o, p, target in (("single", os_, ps, 2), ("executemany", oe, pe, 1.2), ("copy", oc, pc, 1)):
        ro, rp = med(o, "rows_per_s"), med(p, "rows_per_s")
        print(f"postgres {mode}: coroscope {ro:,.0f} rows/s, asyncpg {rp:,.0f} rows/s -> {ro/rp:.2f}x "
              f"(target >= {target}: {verdict(ro/rp >= target)})")


def websocket(o, p):
    ro, rp = med(o, "rt_per_s"), med(p, "rt_per_s")
    print(f"websocket: coroscope {ro:,.0f} rt/s (p50 {med(o, 'p50_us'):.0f} us, p99 {med(o, 'p99_us'):.0f} us), "
          f"websockets+uvloop {rp:,.0f} rt/s (p50 {med(p, 'p50_us'):.0f} us) -> {ro/rp:.2f}x "
          f"(target >= 3: {verdict(ro/rp >= 3)})")


def fleet(one, two):
    r1, r2 = med(one, "req_per_s"), med(two, "req_per_s")
    print(f"fleet: one process {r1:,.0f} req/s (p99 {med(one, 'p99_us'):.0f} us), two agents {r2:,.0f} req/s "
          f"(p99 {med(two, 'p99_us'):.0f} us) -> {r2/r1:.2f}x on this 2-core machine (nginx, the agents and the "
          f"controller share it)")


def c10k_http(o, w):
    ro, rw = med(o, "req_per_s"), med(w, "req_per_s")
    lag = med(o, "lag_p99_ms")
    print(f"c10k-http: coroscope {ro:,.0f} req/s over 5000 keep-alive connections (p99 {med(o, 'p99_us')/1000:.1f} ms, "
          f"loop-lag p99 {lag:.0f} ms); wrk -t1 -c5000 {rw:,.0f} req/s -> {ro/rw:.2f}x (target >= 0.9: "
          f"{verdict(ro/rw >= 0.9)}), loop-lag p99 under 50 ms: {verdict(lag < 50)}")


def c10k_memory(o, u):
    ko, ku = med(o, "kib_per_conn"), med(u, "kib_per_conn")
    print(f"c10k memory: coroscope echo client {ko:.1f} KiB RSS per connection, uvloop client {ku:.1f} KiB "
          f"-> {ko/ku:.2f}x (each client against its own server process; (RSS at 9000 - RSS at 100) / 8900)")


SUMMARIES = {"fleet": fleet, "c10k-http": c10k_http, "c10k-memory": c10k_memory, "postgres": postgres, "websocket": websocket, "echo": echo, "c10k": c10k, "http": http, "queue": queue, "redis": redis, "gui": gui, "tasks-mem": tasks_mem}

if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "report":
        print(json.dumps(from_report(sys.argv[2], sys.argv[3], sys.argv[4])))
    elif len(sys.argv) >= 3 and sys.argv[1] == "summary" and sys.argv[2] in SUMMARIES:
        SUMMARIES[sys.argv[2]](*(load(arg) for arg in sys.argv[3:]))
    else:
        sys.exit(__doc__)
