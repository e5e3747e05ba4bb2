#pragma once

#include "cli/CommandLine.h"
#include "core/LiveRuleJudge.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <mutex>

namespace coroscope {

// What a headless run leaves behind: the JSON report, the JUnit file and the summary table on
// stdout, written from one snapshot. Keeps the latest snapshot under a lock of its own so that the
// signal thread can write a partial report while the event loop is blocked (SignalWatcher).
class RunOutputs
{
    Q_DECLARE_TR_FUNCTIONS(RunOutputs)
public:
    RunOutputs(const CommandLine &options, const RunSpec &spec);

    // Refuses, before anything runs, a --report/--csv/--junit path that cannot be written; the
    // message names the option and the path.
    static QString unwritablePathProblem(const CommandLine &options);

    void offer(const SnapshotPtr &latest, const QDateTime &startedAt);
    // Keys added to the JSON report beside the ones JsonReport writes (a fleet's `agents`).
    void setExtraReportKeys(const QJsonObject &keys);
    // The live rule that stopped the run: exit code 1 and "abortedBy" in the report.
    void setRuleAbort(const RuleAbort &abort);
    // Writes every output and returns the exit code of CONTRACT.md.
    int write(const Snapshot &s, const QDateTime &startedAt, bool interrupted, const QJsonArray &timeSeries) const;
    // From the signal thread: the latest snapshot offered, as an interrupted run.
    void writeInterrupted() const;

private:
    CommandLine m_options;
    RunSpec m_spec;
    mutable std::mutex m_mutex;
    SnapshotPtr m_latest;
    QDateTime m_startedAt;
    QJsonObject m_extraKeys;
    std::optional<RuleAbort> m_abort;
};

} // namespace coroscope
