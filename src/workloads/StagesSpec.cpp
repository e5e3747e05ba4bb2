#include "workloads/StagesSpec.h"

#include <QJsonArray>

#include <algorithm>

namespace coroscope {

LoadStages StagesSpec::read(JsonReader &workload, QList<JsonIssue> *issues)
{
    LoadStages stages;
    const QString key = QStringLiteral("stages");
    if (!workload.has(key))
        return stages;
    const QJsonValue value = workload.value(key);
    const QJsonArray array = value.toArray();
    if (!value.isArray() || array.isEmpty()) {
        workload.error(key, tr("expected a non-empty array of {\"durationSeconds\": S, \"target\": N} objects, "
                               "found %1")
                                .arg(value.isArray() ? tr("an empty array") : JsonReader::describe(value)));
        return stages;
    }
    if (array.size() > kMaxStages) {
        workload.error(key, tr("expected at most %1 stages, found %2").arg(kMaxStages).arg(array.size()));
        return stages;
    }
    double total = 0;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString entry = QStringLiteral("stages[%1]").arg(i);
        if (!array.at(i).isObject()) {
            workload.error(entry, tr("expected a stage object, found %1").arg(JsonReader::describe(array.at(i))));
            continue;
        }
        JsonReader stage(array.at(i).toObject(), workload.path(entry), issues);
        LoadStage s;
        s.durationSeconds = stage.number(QStringLiteral("durationSeconds"), 0, 0, 7 * 24 * 3600);
        s.target = stage.number(QStringLiteral("target"), 0, 0, kMaxTarget);
        for (const char *required : {"durationSeconds", "target"}) {
            if (!stage.has(QLatin1String(required)))
                stage.error(QLatin1String(required), tr("expected a number, found nothing (the key is required)"));
        }
        stage.warnUnknownKeys();
        total += s.durationSeconds;
        stages.append(s);
    }
    if (!stages.isEmpty() && total <= 0)
        workload.error(
            key, tr("expected stages that last more than 0 seconds in all, found %1 of 0 seconds").arg(stages.size()));
    return stages;
}

double StagesSpec::peakTarget(const QJsonObject &workload)
{
    double peak = 0;
    for (const QJsonValue &stage : workload.value(QLatin1String("stages")).toArray())
        peak = std::max(peak, stage.toObject().value(QLatin1String("target")).toDouble(0));
    return peak;
}

} // namespace coroscope
