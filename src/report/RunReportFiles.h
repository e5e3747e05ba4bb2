#pragma once

#include "core/LiveRuleJudge.h"
#include "core/PassFailRule.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace coroscope {

class TimeSeriesRecorder;

// The files a finished run leaves when the window exports it: the JSON report and, beside it, the
// 1-second series as CSV (the columns `--csv` writes), both written atomically.
class RunReportFiles
{
    Q_DECLARE_TR_FUNCTIONS(RunReportFiles)
public:
    struct Run {
        const RunSpec *spec = nullptr;
        const Snapshot *finalSnapshot = nullptr;
        QDateTime startedAt;
        QList<RuleResult> rules;
        const TimeSeriesRecorder *series = nullptr; // may be null: no series in the report, no CSV
        std::optional<RuleAbort> abort;             // the live rule that stopped the run, if one did
        QJsonObject extraKeys;                      // added at the top level (a fleet run's `agents`, `fleet`)
    };

    // "DIR/NAME.csv" for "DIR/NAME.json".
    static QString csvPathBeside(const QString &reportPath);
    // Writes the report, and the CSV beside it when `csv`; false with `error` naming the file.
    static bool write(const Run &run, const QString &reportPath, bool csv, QString *error);
};

} // namespace coroscope
