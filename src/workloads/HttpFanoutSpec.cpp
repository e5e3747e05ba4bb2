#include "workloads/HttpFanoutSpec.h"

#include "core/NonEmptyArray.h"
#include "net/HttpTargetRouter.h"

#include <QDir>
#include <QHostAddress>
#include <QJsonArray>
#include <QUrl>

namespace coroscope {

HttpFanoutSpec HttpFanoutSpec::read(JsonReader &r)
{
    HttpFanoutSpec s;
    s.urls.clear();
    const bool hasUrl = r.has(QStringLiteral("url")), hasUrls = r.has(QStringLiteral("urls"));
    if (hasUrl)
        s.urls << r.string(QStringLiteral("url"), QString());
    if (hasUrls) {
        const QJsonArray a =
            readNonEmptyArray(r, QStringLiteral("urls"), tr("expected a non-empty array of URLs, found %1"));
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString())
                r.error(QStringLiteral("urls[%1]").arg(i),
                        tr("expected a URL string, found %1").arg(JsonReader::describe(a.at(i))));
            else
                s.urls << a.at(i).toString();
        }
    }
    if (!hasUrl && !hasUrls)
        r.error(QStringLiteral("url"), tr("expected a URL (or \"urls\": [...]), found nothing"));
    s.engine = r.choice(QStringLiteral("engine"),
                        {QStringLiteral("auto"), QStringLiteral("fast"), QStringLiteral("qnam")}, s.engine);
    for (qsizetype i = 0; i < s.urls.size(); ++i) {
        const QString key = hasUrls ? QStringLiteral("urls[%1]").arg(hasUrl ? i - 1 : i) : QStringLiteral("url");
        const QString &u = s.urls[i];
        if (u.startsWith(QLatin1String("builtin:"))) {
            const QString path = u.mid(8);
            if (!path.startsWith(u'/') ||
                !HttpTargetRouter::isEndpoint(QString(path).replace(QStringLiteral("{i}"), QStringLiteral("0"))))
                r.error(key, tr("expected a built-in endpoint (builtin:/delay?ms=N, /delay?min_ms=A&max_ms=B, "
                                "/work?ms=N&slots=K, "
                                "/status/CODE, /bytes/N, /drop, /slow-body?bytes=N&ms=M, /echo), found \"%1\"")
                                 .arg(u));
            continue;
        }
        const QUrl url(QString(u).replace(QStringLiteral("{i}"), QStringLiteral("0")));
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty() ||
            (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            r.error(key, tr("expected an http:// or https:// URL or builtin:/path, found \"%1\"").arg(u));
        } else if (scheme == QLatin1String("https") && s.engine == QLatin1String("fast")) {
            r.error(key, tr("expected an http:// URL with engine \"fast\" (https needs \"qnam\" or "
                            "\"auto\"), found \"%1\"")
                             .arg(u));
        } else if (s.engine == QLatin1String("fast") && url.host() != QLatin1String("localhost") &&
                   QHostAddress(url.host()).isNull()) {
            r.error(key,
                    tr("expected an IP address or localhost with engine \"fast\", found host \"%1\"").arg(url.host()));
        }
    }
    s.method = r.string(QStringLiteral("method"), QStringLiteral("GET")).toUpper().toLatin1();
    JsonReader headers = r.child(QStringLiteral("headers"));
    for (auto it = headers.object().constBegin(); it != headers.object().constEnd(); ++it)
        s.headers << qMakePair(it.key().toLatin1(), headers.string(it.key(), QString()).toUtf8());
    s.body = r.string(QStringLiteral("body"), QString()).toUtf8();
    {
        // The method and headers go on the wire as written: one that would break the request is refused.
        HttpRequestBuilder check(s.method, s.headers, s.body);
        QString why;
        if (!check.setUrl(QStringLiteral("http://127.0.0.1/"), &why))
            r.error(QStringLiteral("method"), why);
    }
    s.requests = r.integer(QStringLiteral("requests"), s.requests, 0, 1'000'000'000);
    s.concurrency = r.integer(QStringLiteral("concurrency"), s.concurrency, 0, kMaxWorkers);
    s.ratePerSecond = r.number(QStringLiteral("ratePerSecond"), 0, 0, 10'000'000);
    s.timeoutMs = r.integer(QStringLiteral("timeoutMs"), s.timeoutMs, 0, 3'600'000);
    s.connectTimeoutMs = r.integer(QStringLiteral("connectTimeoutMs"), s.connectTimeoutMs, 0, 3'600'000);
    JsonReader retries = r.child(QStringLiteral("retries"));
    s.retryMax = int(retries.integer(QStringLiteral("max"), 0, 0, 100));
    s.retryBackoffMs = retries.integer(QStringLiteral("backoffMs"), s.retryBackoffMs, 0, 600'000);
    s.attemptTimeoutMs = retries.integer(QStringLiteral("attemptTimeoutMs"), 0, 0, 3'600'000);
    if (retries.has(QStringLiteral("on"))) {
        const QJsonValue on = retries.value(QStringLiteral("on"));
        s.retryOn = 0;
        const QStringList kinds{QStringLiteral("connect"), QStringLiteral("reset"), QStringLiteral("timeout"),
                                QStringLiteral("5xx")};
        for (const QJsonValue &k : on.toArray()) {
            const qsizetype bit = kinds.indexOf(k.toString());
            if (bit < 0)
                retries.error(QStringLiteral("on"), tr("expected error kinds from connect, reset, timeout, "
                                                       "5xx, found %1")
                                                        .arg(JsonReader::describe(k)));
            else
                s.retryOn |= quint8(1u << bit);
        }
        if (!on.isArray())
            retries.error(QStringLiteral("on"),
                          tr("expected an array of error kinds, found %1").arg(JsonReader::describe(on)));
    }
    retries.warnUnknownKeys();
    s.mode = completionModeFromKey(r.choice(QStringLiteral("mode"), completionModeKeys(), QStringLiteral("all")));
    s.checks = HttpChecks::read(r);
    s.dataFile = r.string(QStringLiteral("dataFile"), QString());
    s.builtinBaseUrl = r.string(QStringLiteral("builtinBaseUrl"), QString());
    s.dataRandom = r.choice(QStringLiteral("dataOrder"), {QStringLiteral("sequential"), QStringLiteral("random")},
                            QStringLiteral("sequential")) == QLatin1String("random");
    return s;
}

void HttpFanoutSpec::loadFiles(JsonReader &r, const QString &baseDir)
{
    if (dataFile.isEmpty())
        return;
    const QString path =
        QDir::isAbsolutePath(dataFile) || baseDir.isEmpty() ? dataFile : QDir(baseDir).filePath(dataFile);
    QString why;
    feed = DataFeed::load(path, &why);
    if (!feed) {
        r.error(QStringLiteral("dataFile"), tr("cannot use the data file: %1").arg(why));
        return;
    }
    QStringList unknown;
    for (const QString &u : std::as_const(urls))
        feed->compile(u.toUtf8(), &unknown);
    feed->compile(body, &unknown);
    checks.bind(feed.get(), &unknown);
    for (const auto &h : std::as_const(headers)) {
        // A field with a line break would end the header early and inject whatever follows.
        for (int column : DataFeed::columnsOf(feed->compile(h.second, &unknown))) {
            for (qint64 row = 0; row < feed->rowCount(); ++row) {
                const QByteArray v = feed->field(row, column);
                if (v.contains('\r') || v.contains('\n') || v.contains('\0')) {
                    r.error(QStringLiteral("dataFile"),
                            tr("row %1 of column \"%2\" holds a line break, and the column fills the header \"%3\"")
                                .arg(row + 1)
                                .arg(feed->columns()[column], QString::fromLatin1(h.first)));
                    return;
                }
            }
        }
    }
    unknown.removeDuplicates();
    for (const QString &name : std::as_const(unknown))
        r.error(QStringLiteral("dataFile"), tr("\"{%1}\" names no column of the data file (columns: %2)")
                                                .arg(name, feed->columns().join(QStringLiteral(", "))));
}

qint64 HttpFanoutSpec::workers() const
{
    const qint64 w = concurrency > 0 ? concurrency : kMaxWorkers;
    return requests > 0 ? std::min(w, requests) : w;
}

} // namespace coroscope
