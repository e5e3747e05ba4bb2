#pragma once

#include "core/RunSpec.h"
#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QObject>

#include <memory>

namespace coroscope {

class Run;
struct CommandLine;

// One step of the search: a run of the workload at a fixed rate, and what it measured.
struct MaxRateStep {
    double rate = 0;
    double seconds = 0;
    qint64 samples = 0;
    double p50Ms = 0, p99Ms = 0, errorRate = 0, loopLagP99Ms = 0;
    bool good = false;
    bool generatorLimited = false; // the generator's own loop lag, not the target, set the limit
    QString why;                   // why it is not good

    // The step as one point of the report's `curve` (keys in docs/profile-format.md).
    QJsonObject toJson() const;
};

struct MaxRateOptions {
    QString workload;
    double p99Ms = 50;
    double maxErrorRate = 0.01;
    double stepSeconds = 10;
    double startRate = 0; // 0: the workload's ratePerSecond, else 10/s
    int minSamples = 200; // a step lasts long enough to finish this many requests at its rate
    double knee = 0.05;   // the bisection stops when good and bad are this close (relative)
    int maxSteps = 40;
    double maxLoopLagMs = 20; // a step whose loop lag p99 passes min(this, p99Ms / 5) is not good
};

// Finds the highest rate an http-fanout workload sustains within a p99 and an error rate: successive
// Runs in the open model at rates that double until one fails, then bisection between the last good
// and the first bad rate until they are within `knee` of each other. Runs on the caller's thread,
// one Run at a time, so a window stays responsive.
class MaxRateSearch : public QObject
{
    Q_OBJECT
public:
    MaxRateSearch(RunSpec profile, MaxRateOptions options, QObject *parent = nullptr);
    ~MaxRateSearch() override;

    // What makes the search impossible (no such workload, not http-fanout); empty when it can run.
    static QString problem(const RunSpec &profile, const MaxRateOptions &options);
    // The profile with only the searched workload, at `rate` for a step's duration.
    RunSpec stepSpec(double rate) const;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    const QList<MaxRateStep> &steps() const { return m_steps; }
    // The highest rate found good; 0 when none was.
    double maxRate() const { return m_good; }
    QJsonObject toJson() const;

    // `coroscope --find-max-rate PROFILE --workload NAME --p99-ms MS ...`: exit 0 with "max rate: N/s"
    // as stdout's last line, 1 when even the lowest step failed, 2 on bad input.
    static int runCommand(const CommandLine &options);

Q_SIGNALS:
    void stepStarted(double rate);
    void stepFinished(const coroscope::MaxRateStep &step);
    // `error` is set when a step could not run at all.
    void finished(const QString &error);

private:
    void runStep(double rate);
    void onStepFinished(const SnapshotPtr &s);
    MaxRateStep judge(double rate, const Snapshot &s) const;
    void end(const QString &error);

    RunSpec m_profile;
    MaxRateOptions m_options;
    std::unique_ptr<Run> m_run;
    // The last finished step's Run: it emitted the signal that ended it, so it is deleted later
    // (at the next step's end, or with the search), never inside its own signal.
    std::unique_ptr<Run> m_finishedRun;
    QList<MaxRateStep> m_steps;
    double m_rate = 0;
    double m_good = 0;
    double m_bad = 0;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace coroscope

Q_DECLARE_METATYPE(coroscope::MaxRateStep)
