#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QRandomGenerator>

namespace coroscope {

// What the built-in HTTP target answers to one request.
struct HttpTargetReply {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    qint64 generatedBytes = -1; // body of this many 'x' bytes, written in chunks
    qint64 trickleMs = 0;       // spread the generated body over this long
    qint64 delayMs = 0;         // wait before answering
    int slots = 0;     // > 0: the wait holds one of this many slots (a worker pool), queueing when none is free
    bool drop = false; // close without answering
};

// The built-in HTTP target's endpoints, from a request target to the reply (no I/O):
//   /delay?ms=N or /delay?min_ms=A&max_ms=B   200 after the delay, body {"delay_ms": N}
//   /work?ms=N&slots=K                        as /delay, behind a pool of K slots (a server of known
//                                             capacity K * 1000 / N per second; more requests queue)
//   /status/CODE                              that status
//   /bytes/N                                  N bytes of body
//   /drop                                     closes the connection without answering
//   /slow-body?bytes=N&ms=M                   N bytes trickled over M ms
//   /echo[/...][?...]                         200, body: JSON of the method, target, headers and body it got
class HttpTargetRouter
{
public:
    HttpTargetRouter(qint64 maxDelayMs, qint64 maxResponseBytes);

    HttpTargetReply route(const QByteArray &target);
    // The status line and headers of a reply.
    static QByteArray head(int status, const QByteArray &contentType, qint64 length, bool keepAlive);
    // An error reply of the server itself (400, 408, 413, 431), closing the connection.
    static QByteArray errorReply(int status, const QByteArray &message);
    static QByteArray reasonPhrase(int status);
    // /echo's answer (the request parser keeps headers and body for /echo only, within its limits).
    static HttpTargetReply echo(const QByteArray &method, const QByteArray &target,
                                const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    // Whether a path (query ignored) names one of the endpoints above.
    static bool isEndpoint(const QString &path);

    static constexpr int kMaxSlots = 1024;

private:
    qint64 m_maxDelayMs;
    qint64 m_maxResponseBytes;
    QRandomGenerator m_rng;
};

} // namespace coroscope
