#include "net/QnamAttempt.h"

#include "core/Clock.h"
#include "core/SignalWait.h"
#include "net/ErrorKinds.h"

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
                                          qint64 deadlineNs, HttpPhaseSink *phases)
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
    // The reply outlives no frame: it is finished (or aborted) before this coroutine returns.
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [&firstByte, phases] {
        if (!firstByte) {
            firstByte = nowNs();
            phases->enter(HttpPhaseSink::Phase::ReadingBody);
        }
    });
    WakeReason r = WakeReason::Signalled;
    if (!reply->isFinished())
        r = co_await SignalWait(scheduler, reply, &QNetworkReply::finished, token, deadlineNs);
    QObject::disconnect(reply, &QNetworkReply::metaDataChanged, reply, nullptr);
    if (r != WakeReason::Signalled) {
        reply->abort(); // cancel at the source; deleteLater, never delete (upstream #231)
        reply->deleteLater();
        a.outcome = r == WakeReason::Cancelled ? HttpAttempt::Outcome::Cancelled : HttpAttempt::Outcome::TimedOut;
        a.errorKind = r == WakeReason::TimedOut ? ErrorKind::Timeout : ErrorKind::None;
        co_return a;
    }
    a.firstByteNs = firstByte;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.bodyBytes = reply->readAll().size();
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
