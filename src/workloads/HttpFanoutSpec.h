#pragma once

#include "core/JsonReader.h"
#include "net/HttpRequestBuilder.h"
#include "workloads/CompletionMode.h"
#include "workloads/DataFeed.h"
#include "workloads/HttpChecks.h"

#include <QCoreApplication>
#include <QStringList>

#include <memory>

namespace coroscope {

// An http-fanout workload's profile keys, read and checked.
struct HttpFanoutSpec {
    Q_DECLARE_TR_FUNCTIONS(HttpFanoutSpec)

public:
    QStringList urls; // each may hold {i}; "builtin:/path" is the built-in target
    // Internal (set by workloadShare's other parts, not a profile key): the built-in target another
    // loop thread's part started, which `builtin:` URLs then go to; URLs keep their written names.
    QString builtinBaseUrl;
    QByteArray method = "GET";
    HttpHeaders headers;
    QByteArray body;
    qint64 requests = 1000;   // 0 = until the run's duration
    qint64 concurrency = 100; // 0 = unlimited (one connection per request, up to kMaxWorkers)
    double ratePerSecond = 0; // > 0: open model, latency from the intended send time
    qint64 timeoutMs = 0;     // total per request, retries included; 0 = none
    qint64 connectTimeoutMs = 5000;
    int retryMax = 0;
    qint64 retryBackoffMs = 100;
    qint64 attemptTimeoutMs = 0;
    // Which failures are retried (the profile's retries.on).
    enum class RetryOn : quint8 { Connect = 1, Reset = 2, Timeout = 4, Status5xx = 8 };
    quint8 retryOn = quint8(RetryOn::Connect) | quint8(RetryOn::Reset) | quint8(RetryOn::Status5xx);
    QString engine = QStringLiteral("auto"); // auto | fast | qnam
    CompletionMode mode = CompletionMode::All;
    HttpChecks checks;
    QString dataFile;                     // as written; relative to the profile's folder
    bool dataRandom = false;              // dataOrder "random"; else "sequential"
    std::shared_ptr<const DataFeed> feed; // the rows of dataFile, read by loadFiles()

    static constexpr qint64 kMaxWorkers = 10'000;
    static HttpFanoutSpec read(JsonReader &r);
    // Reads dataFile (relative paths against `baseDir`, the profile's folder) and checks that the
    // placeholders of url, headers, body and checks fit its columns; errors go to `r`'s issues.
    void loadFiles(JsonReader &r, const QString &baseDir);
    // Workers (connections) the run uses at most.
    qint64 workers() const;
};

} // namespace coroscope
