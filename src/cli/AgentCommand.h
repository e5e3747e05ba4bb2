#pragma once

#include "cli/CommandLine.h"

namespace coroscope {

// `coroscope agent --redis URL ...`: a FleetAgent until SIGINT/SIGTERM (exit 130) or, with --once,
// until its first run ends (exit 0).
class AgentCommand
{
public:
    static int run(const CommandLine &options);
};

} // namespace coroscope
