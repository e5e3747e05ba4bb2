#pragma once

#include "profile/ProfileLoader.h"

namespace coroscope {

// The one check of a profile that the command line and the window both use: the file, the JSON, the
// top level and `run` (ProfileLoader), every enabled workload's own keys (WorkloadRegistry::validate)
// and the rules. A result with a spec is a profile a Run can be built from.
class ProfileValidator
{
    Q_DECLARE_TR_FUNCTIONS(ProfileValidator)
public:
    static ProfileLoader::Result checkFile(const QString &path);
    static ProfileLoader::Result checkText(const QByteArray &data, const QString &sourceName);
    // What the loader cannot see in a spec edited in memory: the workloads' own keys, that something
    // is enabled, and rules that name a disabled workload. Errors and warnings, with JSON paths.
    static QList<JsonIssue> checkSpec(const RunSpec &spec);

private:
    static ProfileLoader::Result withSpecChecked(ProfileLoader::Result loaded);
};

} // namespace coroscope
