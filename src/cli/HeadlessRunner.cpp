#include "cli/HeadlessRunner.h"

#include "cli/ProgressLine.h"
#include "cli/SignalWatcher.h"
#include "cli/SummaryTable.h"
#include "core/PassFailRule.h"
#include "core/Run.h"
#include "profile/ProfileLoader.h"
#include "report/CsvSeriesWriter.h"
#include "report/JUnitWriter.h"
#include "report/JsonReport.h"
#include "report/TimeSeriesRecorder.h"
#include "workloads/WorkloadRegistry.h"

#include <QEventLoop>
#include <QFileInfo>

#include <cstdio>

namespace coroscope {

namespace {

void printErr(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace

int HeadlessRunner::run(const CommandLine &options)
{
    const ProfileLoader::Result loaded = ProfileLoader::loadFile(options.profile);
    for (const QString &w : loaded.warnings(options.profile))
        printErr(w);
    if (!loaded.ok()) {
        printErr(loaded.errorText(options.profile));
        return BadInput;
    }
    RunSpec spec = *loaded.spec;
    if (options.durationSeconds)
        spec.durationSeconds = *options.durationSeconds;

    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::createAll(spec, &issues);
    bool bad = workloads.empty();
    for (const JsonIssue &i : issues) {
        printErr(options.profile + (i.warning ? QStringLiteral(": warning: ") : QStringLiteral(": ")) + i.toString());
        bad = bad || !i.warning;
    }
    if (bad) {
        if (issues.isEmpty())
            printErr(options.profile + QStringLiteral(": ") + tr("workloads: every workload is disabled"));
        return BadInput;
    }

    CsvSeriesWriter csv;
    TimeSeriesRecorder series;
    QString error;
    if (!options.csvFile.isEmpty() && !csv.open(options.csvFile, &error)) {
        printErr(tr("%1: cannot write the CSV file: %2").arg(options.csvFile, error));
        return BadInput;
    }

    Run run(spec, std::move(workloads));
    if (!run.prepare(&error)) {
        printErr(options.profile + QStringLiteral(": ") + error);
        return BadInput;
    }
    if (!options.quiet) {
        for (const WorkloadSnapshot &w : run.latestSnapshot()->workloads) {
            if (!w.target.isEmpty())
                printErr(tr("%1: target %2").arg(w.name, w.target));
        }
    }
    ProgressLine progress;
    SignalWatcher signals;
    bool interrupted = false;
    QEventLoop loop;
    SnapshotPtr finalSnapshot;

    QObject::connect(&run, &Run::snapshotReady, &loop, [&](const SnapshotPtr &s) {
        if (!options.quiet)
            progress.offer(*s);
        csv.offer(*s);
        series.offer(*s);
    });
    QObject::connect(&run, &Run::finished, &loop, [&](const SnapshotPtr &s) {
        finalSnapshot = s;
        loop.quit();
    });
    QObject::connect(&signals, &SignalWatcher::interrupted, &loop, [&](int) {
        if (interrupted) {
            // A second Ctrl+C: the user does not want to wait for the cancellation to unwind.
            printErr(tr("interrupted again: exiting without waiting"));
            std::_Exit(Interrupted);
        }
        interrupted = true;
        printErr(tr("interrupted: cancelling every task (Ctrl+C again to exit at once)"));
        run.cancelAll();
    });

    run.start();
    loop.exec();

    if (!options.quiet)
        progress.finish();
    csv.finish(*finalSnapshot);
    series.finish(*finalSnapshot);
    const QList<RuleResult> results = RuleEvaluator::evaluateAll(spec.rules, *finalSnapshot);
    int code = Passed;
    for (const auto &r : results) {
        if (!r.passed)
            code = RuleFailed;
    }
    if (interrupted)
        code = Interrupted;

    if (!options.reportFile.isEmpty()) {
        const QJsonObject report =
            JsonReport::build(spec, *finalSnapshot, run.startedAt(), interrupted, results, series.toJson());
        if (!JsonReport::write(options.reportFile, report, &error)) {
            printErr(tr("%1: cannot write the report: %2").arg(options.reportFile, error));
            code = code == Passed ? BadInput : code;
        }
    }
    if (!options.junitFile.isEmpty() &&
        !JUnitWriter::write(options.junitFile, spec.name, results, double(finalSnapshot->elapsedNs) / 1e9, &error)) {
        printErr(tr("%1: cannot write the JUnit file: %2").arg(options.junitFile, error));
        code = code == Passed ? BadInput : code;
    }
    const QByteArray summary = SummaryTable::render(spec.name, *finalSnapshot, interrupted, results).toLocal8Bit();
    std::fwrite(summary.constData(), 1, size_t(summary.size()), stdout);
    std::fflush(stdout);
    return code;
}

} // namespace coroscope
