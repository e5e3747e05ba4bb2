#include "cli/AgentCommand.h"

#include "cli/SignalWatcher.h"
#include "fleet/FleetAgent.h"

#include <QThread>

namespace coroscope {

int AgentCommand::run(const CommandLine &options)
{
    FleetAgent agent(FleetAgent::Options{options.redisUrl, options.passwordEnv, options.agentName, options.labels,
                                         options.metricsAddress, options.reportFile, options.once});
    SignalWatcher signals;
    // The agent's run is cancelled and its final delta sent before the process ends.
    QObject::connect(&signals, &SignalWatcher::interrupted, &agent,
                     [&agent](int) { agent.quit(SignalWatcher::kInterruptedExitCode); });
    const int code = agent.exec();
    if (!SignalWatcher::claimExit())
        for (;;)
            QThread::sleep(1); // the signal thread is ending the process
    return code;
}

} // namespace coroscope
