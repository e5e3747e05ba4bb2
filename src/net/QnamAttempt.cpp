#include "net/QnamAttempt.h"

#include "core/Clock.h"
#include "core/SignalWait.h"
#include "net/ErrorKinds.h"
#include "net/HttpResponseCapture.h"

#include <QCoroTask>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace coroscope {

namespace {
struct NoPhases : HttpPhaseSink {
    void enter(Phase) override {}
};
} // namespace

QCoro::Task<HttpAttempt> QnamAttempt::run(QNetworkAccessManager *qnam, QNetworkRequest request, QByteArray method,
                                          QByteArray body, LoopScheduler &scheduler, CancellationToken *token,
                                          qint64 deadlineNs, HttpPhaseSink *phases, HttpResponseCapture *capture)
{
    NoPhases none;
    if (!phases)
        phases = &none;
    HttpAttempt a;
    phases->enter(HttpPhaseSink::Phase::Sending);
    a.sentNs = nowNs();
    QNetworkReply *reply = qnam->sendCustomRequest(request, method, body);
    phases->enter(HttpPhaseSink::Phase::AwaitingFirstByte);
    qint64 firstByte = 0;
    qint64 bodyBytes = 0;
    if (capture)
        capture->begin();
    const auto drain = [reply, capture, &bodyBytes] {
        // Read in slices and drop them: QNAM keeps nothing once it is read.
        char chunk[16 * 1024];
        for (qint64 n; (n = reply->read(chunk, sizeof chunk)) > 0;) {
            bodyBytes += n;
            if (capture)
                capture->body(chunk, qsizetype(n));
        }
    };
    // The reply outlives no frame: it is finished (or aborted) before this coroutine returns.
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [&firstByte, phases] {
        if (!firstByte) {
            firstByte = nowNs();
            phases->enter(HttpPhaseSink::Phase::ReadingBody);
        }
    });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, drain);
    WakeReason r = WakeReason::Signalled;
    if (!reply->isFinished())
        r = co_await SignalWait(scheduler, reply, &QNetworkReply::finished, token, deadlineNs);
    QObject::disconnect(reply, &QNetworkReply::metaDataChanged, reply, nullptr);
    QObject::disconnect(reply, &QNetworkReply::readyRead, reply, nullptr);
    if (r != WakeReason::Signalled) {
        reply->abort(); // cancel at the source; deleteLater, never delete (upstream #231)
        reply->deleteLater();
        a.outcome = r == WakeReason::Cancelled ? HttpAttempt::Outcome::Cancelled : HttpAttempt::Outcome::TimedOut;
        a.errorKind = r == WakeReason::TimedOut ? ErrorKind::Timeout : ErrorKind::None;
        co_return a;
    }
    a.firstByteNs = firstByte;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    drain();
    a.bodyBytes = bodyBytes;
    if (capture) {
        for (const auto &h : reply->rawHeaderPairs())
            capture->header(h.first, h.second);
    }
    if (a.status > 0) {
        a.outcome = HttpAttempt::Outcome::Ok;
    } else {
        a.outcome = HttpAttempt::Outcome::Failed;
        a.errorKind = errorKindOf(reply->error());
        a.message = reply->errorString();
    }
    reply->deleteLater();
    co_return a;
}

} // namespace coroscope
