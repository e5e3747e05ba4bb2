#include "profile/ProfileWriter.h"

#include "profile/JsonKeyOrder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace coroscope {

QJsonObject ProfileWriter::toJson(const RunSpec &spec)
{
    QJsonObject doc = spec.sourceDocument;
    doc.insert(QStringLiteral("schemaVersion"), spec.schemaVersion);
    doc.insert(QStringLiteral("name"), spec.name);
    if (!spec.description.isEmpty())
        doc.insert(QStringLiteral("description"), spec.description);
    else
        doc.remove(QStringLiteral("description"));

    QJsonObject run = doc.value(QStringLiteral("run")).toObject();
    const auto setOrDefault = [&run](const char *key, double value, double def) {
        if (value != def || run.contains(QLatin1String(key)))
            run.insert(QLatin1String(key), value);
    };
    setOrDefault("durationSeconds", spec.durationSeconds, 0);
    setOrDefault("drainTimeoutMs", spec.drainTimeoutMs, 1000);
    setOrDefault("snapshotIntervalMs", spec.snapshotIntervalMs, 100);
    if (spec.onAgentLoss != QLatin1String("continue") || run.contains(QLatin1String("onAgentLoss")))
        run.insert(QStringLiteral("onAgentLoss"), spec.onAgentLoss);
    setOrDefault("threads", spec.threads, 0);
    if (!run.isEmpty())
        doc.insert(QStringLiteral("run"), run);

    QJsonArray workloads;
    for (const WorkloadSpec &w : spec.workloads) {
        QJsonObject o = w.params;
        o.insert(QStringLiteral("type"), w.type);
        o.insert(QStringLiteral("name"), w.name);
        if (!w.enabled)
            o.insert(QStringLiteral("enabled"), false);
        if (w.startAfterMs > 0)
            o.insert(QStringLiteral("startAfterMs"), w.startAfterMs);
        workloads.append(o);
    }
    doc.insert(QStringLiteral("workloads"), workloads);

    if (!spec.rules.isEmpty() || doc.contains(QStringLiteral("rules"))) {
        QJsonArray rules;
        for (const PassFailRule &r : spec.rules) {
            QJsonObject o{
                {QStringLiteral("metric"), r.metric}, {QStringLiteral("op"), r.op}, {QStringLiteral("value"), r.value}};
            if (!r.workload.isEmpty())
                o.insert(QStringLiteral("workload"), r.workload);
            if (r.abortOnFail)
                o.insert(QStringLiteral("abortOnFail"), true);
            if (r.afterSeconds > 0)
                o.insert(QStringLiteral("afterSeconds"), r.afterSeconds);
            rules.append(o);
        }
        doc.insert(QStringLiteral("rules"), rules);
    }
    return doc;
}

QByteArray ProfileWriter::toBytes(const RunSpec &spec)
{
    // In the order the file gave its keys, new keys after them: a one-field change is a one-line diff.
    return JsonKeyOrder::of(spec.sourceText).write(toJson(spec));
}

bool ProfileWriter::save(const QString &path, const RunSpec &spec, QString *error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    f.write(toBytes(spec));
    if (!f.commit()) {
        *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace coroscope
