#pragma once

// The profile JSON of queue workloads, written once for the tests that drive them: the work a
// consumer does, a queue workload that drains a Redis list.
#include <QJsonObject>
#include <QString>

namespace coroscope::testing {

// A queue consumer's `work` object: `kind` ("sleep", "cpu", "none", ...) for `ms` an item.
inline QJsonObject queueWork(const char *kind, double ms = 0)
{
    return QJsonObject{{QStringLiteral("kind"), QLatin1String(kind)}, {QStringLiteral("ms"), ms}};
}

// A queue workload named `name` on the list `key` of the Redis at `url` that only drains it (no
// producers, no item limit), with `more` keys added or replacing these.
inline QJsonObject redisDrainWorkload(const QString &name, const QString &url, const QString &key,
                                      const QJsonObject &more)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("queue")},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("backend"), QStringLiteral("redis")},
                  {QStringLiteral("redis"), url},
                  {QStringLiteral("key"), key},
                  {QStringLiteral("producers"), 0},
                  {QStringLiteral("items"), 0}};
    for (auto it = more.begin(); it != more.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

} // namespace coroscope::testing
