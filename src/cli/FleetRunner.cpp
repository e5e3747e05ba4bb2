#include "cli/FleetRunner.h"

#include "cli/HeadlessRunner.h"
#include "cli/ProgressLine.h"
#include "cli/RunOutputs.h"
#include "cli/SignalWatcher.h"
#include "fleet/FleetController.h"
#include "net/MetricsServer.h"
#include "profile/ProfileValidator.h"
#include "report/CsvSeriesWriter.h"
#include "report/TimeSeriesRecorder.h"

#include <QEventLoop>
#include <QThread>

namespace coroscope {

FleetController::Options FleetRunner::fleetOptions(const CommandLine &options)
{
    return FleetController::Options{options.fleetUrl, options.passwordEnv, options.agentsWanted, options.agentLabels,
                                    int(options.agentWaitSeconds * 1000)};
}

int FleetRunner::run(const CommandLine &options)
{
    const ProfileLoader::Result checked = ProfileValidator::checkFile(options.profile);
    if (!checked.ok()) {
        HeadlessRunner::printError(checked.errorText(options.profile));
        return HeadlessRunner::BadInput;
    }
    RunSpec spec = *checked.spec;
    if (options.durationSeconds)
        spec.durationSeconds = *options.durationSeconds;
    QString error;
    CsvSeriesWriter csv;
    if (const QString problem = RunOutputs::unwritablePathProblem(options); !problem.isEmpty()) {
        HeadlessRunner::printError(problem);
        return HeadlessRunner::BadInput;
    }
    if (!HeadlessRunner::openCsv(options, &csv))
        return HeadlessRunner::BadInput;

    FleetController controller(fleetOptions(options));
    MetricsServer metrics([&controller, &spec] { return controller.metrics(spec.name); });
    if (!options.metricsAddress.isEmpty() && !metrics.listen(options.metricsAddress, &error)) {
        HeadlessRunner::printError(QStringLiteral("--metrics: ") + error);
        return HeadlessRunner::BadInput;
    }
    RunOutputs outputs(options, spec);
    SignalWatcher::setEmergencyExit([&outputs] { outputs.writeInterrupted(); });
    SignalWatcher signals;
    ProgressLine progress;
    TimeSeriesRecorder series;
    QEventLoop loop;
    SnapshotPtr finalSnapshot;
    QString failedWith;
    bool interrupted = false;

    QString lastPresent;
    QObject::connect(&controller, &FleetController::waiting, &loop, [&](const QString &present) {
        if (!options.quiet && present != lastPresent)
            HeadlessRunner::printError(
                tr("waiting for %1 agents; in the fleet: %2").arg(options.agentsWanted).arg(present));
        lastPresent = present;
    });
    QObject::connect(&controller, &FleetController::started, &loop, [&] {
        if (options.quiet)
            return;
        QStringList names;
        for (const AgentStatus &a : controller.agents())
            names << QStringLiteral("%1 (%2)").arg(a.name, a.host);
        HeadlessRunner::printError(tr("Profile \"%1\" on %2 agents: %3")
                                       .arg(spec.name)
                                       .arg(names.size())
                                       .arg(names.join(QStringLiteral(", "))));
    });
    QObject::connect(&controller, &FleetController::snapshotReady, &loop, [&](const SnapshotPtr &s) {
        outputs.setExtraReportKeys(controller.reportKeys());
        outputs.offer(s, controller.startedAt());
        if (!options.quiet)
            progress.offer(*s);
        csv.offer(*s);
        series.offer(*s);
    });
    QObject::connect(&controller, &FleetController::warning, &loop,
                     [&](const QString &text) { HeadlessRunner::printError(text); });
    QObject::connect(&controller, &FleetController::failed, &loop, [&](const QString &e) {
        failedWith = e;
        loop.quit();
    });
    QObject::connect(&controller, &FleetController::finished, &loop, [&](const SnapshotPtr &s) {
        finalSnapshot = s;
        loop.quit();
    });
    QObject::connect(&signals, &SignalWatcher::interrupted, &loop, [&](int) {
        interrupted = true;
        HeadlessRunner::printError(tr("interrupted: cancelling every agent's tasks (Ctrl+C again to exit at once)"));
        controller.cancelAll();
    });

    controller.start(spec);
    if (!finalSnapshot && failedWith.isEmpty())
        loop.exec();
    if (!SignalWatcher::claimExit())
        for (;;)
            QThread::sleep(1); // the signal thread is writing the partial report and ends the process
    if (!failedWith.isEmpty()) {
        HeadlessRunner::printError(options.fleetUrl + QStringLiteral(": ") + failedWith);
        return interrupted ? HeadlessRunner::Interrupted : HeadlessRunner::BadInput;
    }
    if (!options.quiet)
        progress.finish();
    csv.finish(*finalSnapshot);
    series.finish(*finalSnapshot);
    outputs.setExtraReportKeys(controller.reportKeys());
    int code = outputs.write(*finalSnapshot, controller.startedAt(), interrupted, series.toJson());
    if (!controller.failure().isEmpty()) {
        HeadlessRunner::printError(tr("the fleet run failed: %1").arg(controller.failure()));
        if (controller.refused())
            return HeadlessRunner::BadInput;
        if (code == HeadlessRunner::Passed)
            code = HeadlessRunner::RuleFailed;
    }
    return code;
}

} // namespace coroscope
