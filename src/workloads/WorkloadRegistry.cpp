#include "workloads/WorkloadRegistry.h"

#include "workloads/EchoWorkload.h"
#include "workloads/HttpFanoutWorkload.h"
#include "workloads/QueueWorkload.h"
#include "workloads/SleepWorkload.h"
#include "workloads/WebSocketWorkload.h"

namespace coroscope {

QStringList WorkloadRegistry::availableTypes()
{
    return {QStringLiteral("sleep"), QStringLiteral("http-fanout"), QStringLiteral("echo"), QStringLiteral("queue"),
            QStringLiteral("websocket")};
}

QStringList WorkloadRegistry::plannedTypes()
{
    return {};
}

namespace {

// Reads a workload's typed spec; the workload exists only when its keys had no errors.
template<typename Spec, typename W>
std::unique_ptr<Workload> build(const WorkloadSpec &spec, JsonReader &reader, QList<JsonIssue> *issues)
{
    const qsizetype before = issues->size();
    Spec s = Spec::read(reader);
    reader.warnUnknownKeys();
    for (qsizetype i = before; i < issues->size(); ++i) {
        if (!issues->at(i).warning)
            return nullptr;
    }
    return std::make_unique<W>(spec.name, std::move(s));
}

} // namespace

std::unique_ptr<Workload> WorkloadRegistry::create(const WorkloadSpec &spec, QList<JsonIssue> *issues)
{
    JsonReader reader(spec.params, spec.jsonPath, issues);
    if (spec.type == QLatin1String("sleep"))
        return build<SleepSpec, SleepWorkload>(spec, reader, issues);
    if (spec.type == QLatin1String("echo"))
        return build<EchoSpec, EchoWorkload>(spec, reader, issues);
    if (spec.type == QLatin1String("http-fanout"))
        return build<HttpFanoutSpec, HttpFanoutWorkload>(spec, reader, issues);
    if (spec.type == QLatin1String("queue"))
        return build<QueueSpec, QueueWorkload>(spec, reader, issues);
    if (spec.type == QLatin1String("websocket"))
        return build<WebSocketSpec, WebSocketWorkload>(spec, reader, issues);
    const QString where = spec.jsonPath.isEmpty() ? QStringLiteral("type") : spec.jsonPath + QStringLiteral(".type");
    if (plannedTypes().contains(spec.type)) {
        issues->append(JsonIssue{where, QStringLiteral("workload type \"%1\" is not available in this build yet "
                                                       "(available: %2)")
                                            .arg(spec.type, availableTypes().join(QStringLiteral(", ")))});
    } else {
        issues->append(JsonIssue{where, tr("expected one of %1, found \"%2\"")
                                            .arg(availableTypes().join(QStringLiteral(", ")), spec.type)});
    }
    return nullptr;
}

std::vector<std::unique_ptr<Workload>> WorkloadRegistry::createAll(const RunSpec &spec, QList<JsonIssue> *issues)
{
    std::vector<std::unique_ptr<Workload>> out;
    bool failed = false;
    for (const WorkloadSpec &w : spec.workloads) {
        if (!w.enabled)
            continue;
        auto workload = create(w, issues);
        if (!workload) {
            failed = true;
            continue;
        }
        workload->setStartAfterMs(w.startAfterMs);
        out.push_back(std::move(workload));
    }
    if (failed)
        out.clear();
    return out;
}

} // namespace coroscope
