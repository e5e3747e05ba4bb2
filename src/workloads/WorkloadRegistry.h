#pragma once

#include "core/JsonReader.h"
#include "core/RunSpec.h"
#include "core/Workload.h"

#include <QCoreApplication>
#include <QStringList>

#include <memory>
#include <vector>

namespace coroscope {

class Run;

// Maps a profile's workload `type` to its typed spec (which checks the type's own keys) and to the
// workload built from it. Checking a whole profile goes through profile/ProfileValidator.
class WorkloadRegistry
{
    Q_DECLARE_TR_FUNCTIONS(WorkloadRegistry)
public:
    static QStringList availableTypes();
    // Types the profile format defines whose engines this build does not have yet.
    static QStringList plannedTypes();
    // Types whose workloads take "stages" (their load model's key changes while they run).
    static QStringList typesWithStages();

    // Checks spec.params against the type's keys without building anything; false when there is an
    // error. Appends errors and warnings (unknown keys) with JSON paths.
    static bool validate(const WorkloadSpec &spec, QList<JsonIssue> *issues);
    // The workload a valid spec describes; nullptr and issues when it is not valid.
    static std::unique_ptr<Workload> build(const WorkloadSpec &spec, QList<JsonIssue> *issues);
    // Every enabled workload of a run spec, in order; empty with issues when any is invalid.
    static std::vector<std::unique_ptr<Workload>> buildAll(const RunSpec &spec, QList<JsonIssue> *issues);

    // Builds one loop thread's share of a workload for a Run (core/Run::WorkloadFactory): the spec's
    // params split with workloadShare(), pointed at part 0's built-in servers for the other parts.
    static std::unique_ptr<Workload> buildShare(const WorkloadSpec &spec, int part, int parts, const Workload *first,
                                                QString *error);

    // How many loop threads a Run of `spec` gets: `run.threads` when set; else one per core, less one
    // per built-in server the run starts (each serves on a thread of its own, and a client loop that
    // shares a core with the server it measures slows both).
    static int loopThreads(const RunSpec &spec);
    // The Run of `spec`, each loop thread building its share of every workload: the one place that
    // settles `spec.threads` (to loopThreads) before a Run is made of it.
    static std::unique_ptr<Run> makeRun(RunSpec &spec, QObject *parent = nullptr);
    // The built-in servers (each on its own thread) the enabled workloads of `spec` start.
    static int builtinServers(const RunSpec &spec);
};

} // namespace coroscope
