#pragma once

#include "core/RunSpec.h"

#include <QByteArray>
#include <QCoreApplication>

#include <optional>

namespace coroscope {

// What an agent runs: part `part` of `parts` of the profile the controller published (each
// workload through workloadShare), validated exactly as a profile file is.
class ProfileShare
{
    Q_DECLARE_TR_FUNCTIONS(ProfileShare)
public:
    // `durationSeconds` > 0 overrides run.durationSeconds (the controller's --duration).
    static std::optional<RunSpec> make(const QByteArray &profileText, int part, int parts, double durationSeconds,
                                       QString *error);
};

} // namespace coroscope
