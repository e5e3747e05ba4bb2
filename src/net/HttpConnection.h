#pragma once

#include "core/CoroutineFwd.h"
#include "net/HttpAttempt.h"
#include "net/HttpResponseParser.h"
#include "net/ReadBuffer.h"
#include "net/TcpStream.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <memory>

namespace coroscope {

// One keep-alive HTTP/1.1 connection on a TcpStream, used by one worker coroutine at a time: it
// (re)connects as needed, sends a request, and parses the answer (Content-Length, chunked, or
// delimited by close). A cancelled or timed-out exchange aborts the socket: the answer may still be
// on its way, so the connection cannot be reused.
class HttpConnection
{
public:
    explicit HttpConnection(LoopScheduler &scheduler);
    ~HttpConnection();
    HttpConnection(const HttpConnection &) = delete;
    HttpConnection &operator=(const HttpConnection &) = delete;

    static QCoro::Task<HttpAttempt> exchange(HttpConnection *self, HttpEndpoint endpoint, QByteArray request,
                                             bool headRequest, CancellationToken *token, qint64 deadlineNs,
                                             qint64 connectTimeoutMs, HttpPhaseSink *phases);
    void close();
    bool isOpen() const;
    // What the next exchanges' answers are checked for (nullptr: nothing); the capture must outlive them.
    void setCapture(HttpResponseCapture *capture) { m_parser.setCapture(capture); }

private:
    static QCoro::Task<HttpAttempt> connectTo(HttpConnection *self, HttpEndpoint endpoint, CancellationToken *token,
                                              qint64 deadlineNs, qint64 connectTimeoutMs);
    void discard();

    LoopScheduler *m_scheduler;
    std::unique_ptr<TcpStream> m_stream;
    HttpEndpoint m_endpoint;
    HttpResponseParser m_parser;
    ReadBuffer m_in;
};

} // namespace coroscope
