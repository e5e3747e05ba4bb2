#pragma once

#include "cli/CommandLine.h"
#include "fleet/FleetController.h"

#include <QCoreApplication>

namespace coroscope {

// `coroscope --headless PROFILE.json --fleet redis://...`: the headless controller. The run's
// Snapshot stream is the fleet's merged one; the progress line, summary, CSV, report and /metrics
// read it as they read a local run's. Exit codes as HeadlessRunner's; 1 also when an agent was lost
// under run.onAgentLoss "fail", 2 when the agents are not there or one refuses.
class FleetRunner
{
    Q_DECLARE_TR_FUNCTIONS(FleetRunner)
public:
    static int run(const CommandLine &options);
    // The fleet the command line names (--fleet, --password-env, --agents, --agent-label,
    // --agent-wait), for the headless controller and the window alike.
    static FleetController::Options fleetOptions(const CommandLine &options);
};

} // namespace coroscope
