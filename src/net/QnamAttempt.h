#pragma once

#include "core/CoroutineFwd.h"
#include "net/HttpAttempt.h"

#include <QByteArray>
#include <QNetworkRequest>

class QNetworkAccessManager;

namespace coroscope {

class HttpResponseCapture;

// One request through QNetworkAccessManager — the engine for TLS, HTTP/2, proxies and host names,
// not a high-rate one (QT-QCORO-NOTES.md) — with the same deadline, cancellation and outcome as a
// raw exchange: a cancel or deadline aborts the reply at its source; a failure is mapped to an
// ErrorKind in net/ErrorKinds. The manager must outlive the attempt. The body is read as it arrives
// and only counted (and shown to `capture`), so a long answer is never held whole.
class QnamAttempt
{
public:
    static QCoro::Task<HttpAttempt> run(QNetworkAccessManager *qnam, QNetworkRequest request, QByteArray method,
                                        QByteArray body, LoopScheduler &scheduler, CancellationToken *token,
                                        qint64 deadlineNs, HttpPhaseSink *phases,
                                        HttpResponseCapture *capture = nullptr);
};

} // namespace coroscope
