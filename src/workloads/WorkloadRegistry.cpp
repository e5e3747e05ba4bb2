#include "workloads/WorkloadRegistry.h"

#include "core/Run.h"

#include "workloads/EchoWorkload.h"
#include "workloads/EmptyShareWorkload.h"
#include "workloads/HttpFanoutWorkload.h"
#include "workloads/QueueWorkload.h"
#include "workloads/SleepWorkload.h"
#include "workloads/StagesSpec.h"
#include "workloads/WebSocketWorkload.h"
#include "workloads/WorkloadShare.h"

#include <QJsonArray>
#include <QThread>

#include <algorithm>
#include <optional>

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

QStringList WorkloadRegistry::typesWithStages()
{
    return {QStringLiteral("http-fanout"), QStringLiteral("queue"), QStringLiteral("echo"),
            QStringLiteral("websocket")};
}

namespace {

// Calls `f.template operator()<Spec, Workload>()` with the types of a profile `type`; false when the
// type is unknown. A new workload type is one line here.
template<typename F> bool withTypes(const QString &type, F &&f)
{
    if (type == QLatin1String("sleep"))
        f.template operator()<SleepSpec, SleepWorkload>();
    else if (type == QLatin1String("echo"))
        f.template operator()<EchoSpec, EchoWorkload>();
    else if (type == QLatin1String("http-fanout"))
        f.template operator()<HttpFanoutSpec, HttpFanoutWorkload>();
    else if (type == QLatin1String("queue"))
        f.template operator()<QueueSpec, QueueWorkload>();
    else if (type == QLatin1String("websocket"))
        f.template operator()<WebSocketSpec, WebSocketWorkload>();
    else
        return false;
    return true;
}

// A share's internal keys (workloads/WorkloadShare.h) are not the type's: they are taken out before
// the type's keys are read, and applied to the workload built.
struct ShareKeys {
    qint64 indexOffset = 0;
    qint64 indexStride = 1;
    bool empty = false;
};

ShareKeys takeShareKeys(QJsonObject *params)
{
    ShareKeys k;
    k.indexOffset = qint64(params->take(QLatin1String(share_keys::kIndexOffset)).toDouble(0));
    k.indexStride = std::max<qint64>(1, qint64(params->take(QLatin1String(share_keys::kIndexStride)).toDouble(1)));
    k.empty = params->take(QLatin1String(share_keys::kEmpty)).toBool(false);
    return k;
}

// Reads a workload's typed spec and its stages; nothing when its keys had an error.
template<typename Spec>
std::optional<Spec> readSpec(const WorkloadSpec &spec, QList<JsonIssue> *issues, LoadStages *stages = nullptr)
{
    QJsonObject params = spec.params;
    takeShareKeys(&params);
    JsonReader reader(params, spec.jsonPath, issues);
    const qsizetype before = issues->size();
    Spec s = Spec::read(reader);
    // Files a spec names (http-fanout's dataFile) are read and checked here, at load, like keys.
    if constexpr (requires { s.loadFiles(reader, spec.baseDir); }) {
        bool keysOk = true;
        for (qsizetype i = before; i < issues->size(); ++i)
            keysOk = keysOk && issues->at(i).warning;
        if (keysOk)
            s.loadFiles(reader, spec.baseDir);
    }
    const LoadStages read = StagesSpec::read(reader, issues);
    if (!read.isEmpty() && !WorkloadRegistry::typesWithStages().contains(spec.type))
        reader.error(QStringLiteral("stages"),
                     WorkloadRegistry::tr("a %1 workload takes no stages (those that do: %2)")
                         .arg(spec.type, WorkloadRegistry::typesWithStages().join(QStringLiteral(", "))));
    if (stages)
        *stages = read;
    reader.warnUnknownKeys();
    for (qsizetype i = before; i < issues->size(); ++i) {
        if (!issues->at(i).warning)
            return std::nullopt;
    }
    return s;
}

void reportUnknownType(const WorkloadSpec &spec, QList<JsonIssue> *issues)
{
    const QString where = spec.jsonPath.isEmpty() ? QStringLiteral("type") : spec.jsonPath + QStringLiteral(".type");
    const QString available = WorkloadRegistry::availableTypes().join(QStringLiteral(", "));
    if (WorkloadRegistry::plannedTypes().contains(spec.type)) {
        issues->append(JsonIssue{where, WorkloadRegistry::tr("workload type \"%1\" is not available in this build "
                                                             "yet (available: %2)")
                                            .arg(spec.type, available)});
    } else {
        issues->append(
            JsonIssue{where, WorkloadRegistry::tr("expected one of %1, found \"%2\"").arg(available, spec.type)});
    }
}

} // namespace

bool WorkloadRegistry::validate(const WorkloadSpec &spec, QList<JsonIssue> *issues)
{
    bool valid = false;
    const bool known =
        withTypes(spec.type, [&]<typename Spec, typename W>() { valid = readSpec<Spec>(spec, issues).has_value(); });
    if (!known)
        reportUnknownType(spec, issues);
    return valid;
}

std::unique_ptr<Workload> WorkloadRegistry::build(const WorkloadSpec &spec, QList<JsonIssue> *issues)
{
    QJsonObject params = spec.params;
    const ShareKeys share = takeShareKeys(&params);
    if (share.empty && availableTypes().contains(spec.type)) {
        auto idle = std::make_unique<EmptyShareWorkload>(spec.name, spec.type);
        idle->setStartAfterMs(spec.startAfterMs);
        return idle;
    }
    std::unique_ptr<Workload> workload;
    LoadStages stages;
    const bool known = withTypes(spec.type, [&]<typename Spec, typename W>() {
        if (std::optional<Spec> s = readSpec<Spec>(spec, issues, &stages))
            workload = std::make_unique<W>(spec.name, std::move(*s));
    });
    if (!known)
        reportUnknownType(spec, issues);
    if (workload) {
        workload->setStartAfterMs(spec.startAfterMs);
        workload->setIndexSpace(share.indexOffset, share.indexStride);
        workload->setStages(stages);
    }
    return workload;
}

std::unique_ptr<Workload> WorkloadRegistry::buildShare(const WorkloadSpec &spec, int part, int parts,
                                                       const Workload *first, QString *error)
{
    WorkloadSpec share = spec;
    if (parts > 1) {
        QJsonObject whole = spec.params;
        whole.insert(QStringLiteral("type"), spec.type);
        share.params = workloadShare(whole, part, parts);
        share.params.remove(QStringLiteral("type"));
    }
    if (first)
        share.params = first->paramsForOtherParts(share.params);
    QList<JsonIssue> issues;
    std::unique_ptr<Workload> w = build(share, &issues);
    if (!w) {
        QStringList errors;
        for (const JsonIssue &i : issues)
            errors << i.toString();
        *error = errors.join(u'\n');
    }
    return w;
}

namespace {

bool namesBuiltinTarget(const QJsonValue &url)
{
    return url.toString().startsWith(QLatin1String("builtin:"));
}

// Read from the params as written (not the typed specs, which would read data files again): the
// keys that start a server are the echo and websocket `server` (default "builtin"), and a builtin: URL
// in http-fanout's url/urls or a queue's work.url. All parts share part 0's servers.
bool startsBuiltinServer(const WorkloadSpec &w)
{
    if (w.type == QLatin1String("echo") || w.type == QLatin1String("websocket"))
        return w.params.value(QLatin1String("server")).toString(QStringLiteral("builtin")) == QLatin1String("builtin");
    if (namesBuiltinTarget(w.params.value(QLatin1String("url"))) ||
        namesBuiltinTarget(w.params.value(QLatin1String("work")).toObject().value(QLatin1String("url"))))
        return true;
    const QJsonArray urls = w.params.value(QLatin1String("urls")).toArray();
    return std::any_of(urls.begin(), urls.end(), [](const QJsonValue &u) { return namesBuiltinTarget(u); });
}

} // namespace

int WorkloadRegistry::builtinServers(const RunSpec &spec)
{
    return int(std::count_if(spec.workloads.begin(), spec.workloads.end(),
                             [](const WorkloadSpec &w) { return w.enabled && startsBuiltinServer(w); }));
}

int WorkloadRegistry::loopThreads(const RunSpec &spec)
{
    if (spec.threads > 0)
        return spec.threads;
    return std::max(1, QThread::idealThreadCount() - builtinServers(spec));
}

std::unique_ptr<Run> WorkloadRegistry::makeRun(RunSpec &spec, QObject *parent)
{
    spec.threads = loopThreads(spec);
    return std::make_unique<Run>(spec, &WorkloadRegistry::buildShare, parent);
}

std::vector<std::unique_ptr<Workload>> WorkloadRegistry::buildAll(const RunSpec &spec, QList<JsonIssue> *issues)
{
    std::vector<std::unique_ptr<Workload>> out;
    bool failed = false;
    for (const WorkloadSpec &w : spec.workloads) {
        if (!w.enabled)
            continue;
        if (auto workload = build(w, issues))
            out.push_back(std::move(workload));
        else
            failed = true;
    }
    if (failed)
        out.clear();
    return out;
}

} // namespace coroscope
