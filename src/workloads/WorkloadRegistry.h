#pragma once

#include "core/JsonReader.h"
#include "core/RunSpec.h"
#include "core/Workload.h"

#include <QCoreApplication>
#include <QStringList>

#include <memory>
#include <vector>

namespace coroscope {

// Maps a profile's workload `type` to a factory that validates its keys and builds the workload.
class WorkloadRegistry
{
    Q_DECLARE_TR_FUNCTIONS(WorkloadRegistry)
public:
    static QStringList availableTypes();
    // Types the profile format defines whose engines this build does not have yet.
    static QStringList plannedTypes();

    // Validates spec.params; returns nullptr and appends issues (with JSON paths) when invalid.
    static std::unique_ptr<Workload> create(const WorkloadSpec &spec, QList<JsonIssue> *issues);
    // Every enabled workload of a run spec; empty with issues when any is invalid.
    static std::vector<std::unique_ptr<Workload>> createAll(const RunSpec &spec, QList<JsonIssue> *issues);
};

} // namespace coroscope
