#pragma once

#include "core/ErrorKind.h"

#include <QHostAddress>
#include <QString>

namespace coroscope {

// Where raw HTTP requests go: an address and a port.
struct HttpEndpoint {
    QHostAddress address;
    quint16 port = 0;
    bool operator==(const HttpEndpoint &o) const { return address == o.address && port == o.port; }
};

// What one request attempt came to, whichever engine made it (HttpConnection, QnamAttempt).
struct HttpAttempt {
    enum class Outcome { Ok, Cancelled, TimedOut, Failed };
    Outcome outcome = Outcome::Failed;
    ErrorKind errorKind = ErrorKind::None; // for Failed and TimedOut
    QString message;
    int status = 0;
    qint64 bodyBytes = 0;
    qint64 sentNs = 0;      // when the request went out
    qint64 firstByteNs = 0; // when the first byte of the answer arrived
};

// Reports what an attempt waits on, so the task table can show it.
class HttpPhaseSink
{
public:
    enum class Phase { Connecting, Sending, AwaitingFirstByte, ReadingBody };
    virtual ~HttpPhaseSink() = default;
    virtual void enter(Phase phase) = 0;
};

} // namespace coroscope
