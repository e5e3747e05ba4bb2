#include "cli/HeadlessRunner.h"

#include "cli/OpenFileLimit.h"
#include "cli/ProgressLine.h"
#include "cli/RunOutputs.h"
#include "cli/SignalWatcher.h"
#include "core/LiveRuleJudge.h"
#include "core/Run.h"
#include "core/Workload.h"
#include "net/MetricsServer.h"
#include "profile/ProfileValidator.h"
#include "report/CsvSeriesWriter.h"
#include "report/PrometheusText.h"
#include "report/TimeSeriesRecorder.h"
#include "workloads/WorkloadRegistry.h"

#include <QEventLoop>
#include <QThread>

#include <cstdio>

namespace coroscope {

void HeadlessRunner::printError(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

bool HeadlessRunner::openCsv(const CommandLine &options, CsvSeriesWriter *csv)
{
    QString error;
    if (options.csvFile.isEmpty() || csv->open(options.csvFile, &error))
        return true;
    printError(tr("%1: cannot write the CSV file: %2").arg(options.csvFile, error));
    return false;
}

QString HeadlessRunner::descriptorWarning(qint64 needed, long long limit)
{
    if (limit < 0 || needed <= limit)
        return QString();
    return tr("warning: this profile needs about %1 file descriptors, more than the limit of %2: connections "
              "beyond it will fail with \"too many open files\" (raise the hard limit, e.g. ulimit -Hn)")
        .arg(needed)
        .arg(limit);
}

int HeadlessRunner::run(const CommandLine &options)
{
    const ProfileLoader::Result checked = ProfileValidator::checkFile(options.profile);
    for (const QString &w : checked.warnings(options.profile))
        HeadlessRunner::printError(w);
    if (!checked.ok()) {
        HeadlessRunner::printError(checked.errorText(options.profile));
        return BadInput;
    }
    RunSpec spec = *checked.spec;
    if (options.durationSeconds)
        spec.durationSeconds = *options.durationSeconds;
    if (const QString problem = RunOutputs::unwritablePathProblem(options); !problem.isEmpty()) {
        HeadlessRunner::printError(problem);
        return BadInput;
    }

    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(spec, &issues);
    if (workloads.empty()) {
        for (const JsonIssue &i : issues)
            HeadlessRunner::printError(options.profile + QStringLiteral(": ") + i.toString());
        return BadInput;
    }
    qint64 descriptors = 0;
    for (const auto &w : workloads)
        descriptors += w->descriptorsNeeded();
    if (const QString warning = descriptorWarning(descriptors, openFileLimit()); !warning.isEmpty())
        HeadlessRunner::printError(options.profile + QStringLiteral(": ") + warning);

    CsvSeriesWriter csv;
    TimeSeriesRecorder series;
    QString error;
    if (!openCsv(options, &csv))
        return BadInput;
    if (!options.quiet) {
        HeadlessRunner::printError(spec.description.isEmpty()
                                       ? tr("Profile \"%1\"").arg(spec.name)
                                       : tr("Profile \"%1\": %2").arg(spec.name, spec.description));
    }

    workloads.clear(); // built to check the profile and count descriptors: each loop thread builds its share
    const std::unique_ptr<Run> ownRun = WorkloadRegistry::makeRun(spec);
    Run &run = *ownRun;
    // From here a signal writes the partial report of what is known, even while a set-up blocks.
    RunOutputs outputs(options, spec);
    outputs.offer(run.latestSnapshot(), QDateTime());
    SignalWatcher::setEmergencyExit([&outputs] { outputs.writeInterrupted(); });
    const auto leave = [](int code) {
        if (!SignalWatcher::claimExit()) {
            // The signal thread is writing the partial report and ends the process.
            for (;;)
                QThread::sleep(1);
        }
        return code;
    };

    // Served from before the set-up: a scraper sees the run from its first moment to its end.
    MetricsServer metrics([&run, &spec] { return PrometheusText::render(*run.latestSnapshot(), spec.name); });
    if (!options.metricsAddress.isEmpty() && !metrics.listen(options.metricsAddress, &error)) {
        HeadlessRunner::printError(QStringLiteral("--metrics: ") + error);
        return leave(BadInput);
    }
    if (!run.prepare(&error)) {
        HeadlessRunner::printError(options.profile + QStringLiteral(": ") + error);
        return leave(BadInput);
    }
    if (!options.quiet) {
        for (const WorkloadSnapshot &w : run.latestSnapshot()->workloads) {
            if (!w.target.isEmpty())
                HeadlessRunner::printError(tr("%1: target %2").arg(w.name, w.target));
        }
    }
    ProgressLine progress;
    SignalWatcher signals;
    bool interrupted = false;
    QEventLoop loop;
    SnapshotPtr finalSnapshot;

    QObject::connect(&run, &Run::snapshotReady, &loop, [&](const SnapshotPtr &s) {
        outputs.offer(s, run.startedAt());
        if (!options.quiet)
            progress.offer(*s);
        csv.offer(*s);
        series.offer(*s);
    });
    QObject::connect(&run, &Run::finished, &loop, [&](const SnapshotPtr &s) {
        finalSnapshot = s;
        loop.quit();
    });
    LiveRuleJudge judge(&run, spec.rules);
    QObject::connect(&judge, &LiveRuleJudge::aborted, &loop, [&](const RuleAbort &abort) {
        HeadlessRunner::printError(tr("rule failed at %1 s: %2 (actual %3): stopping the run")
                                       .arg(abort.atSeconds, 0, 'f', 1)
                                       .arg(abort.rule)
                                       .arg(abort.actual));
        outputs.setRuleAbort(abort);
    });
    QObject::connect(&signals, &SignalWatcher::interrupted, &loop, [&](int) {
        interrupted = true;
        HeadlessRunner::printError(tr("interrupted: cancelling every task (Ctrl+C again to exit at once)"));
        run.cancelAll();
    });

    run.start();
    loop.exec();
    if (!SignalWatcher::claimExit())
        return leave(Interrupted);

    if (!options.quiet)
        progress.finish();
    csv.finish(*finalSnapshot);
    series.finish(*finalSnapshot);
    return outputs.write(*finalSnapshot, run.startedAt(), interrupted, series.toJson());
}

} // namespace coroscope
