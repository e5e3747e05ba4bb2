#pragma once

#include "core/PassFailRule.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QString>

namespace coroscope {

// The end-of-run table printed on stdout: aligned by terminal columns (a CJK character takes two),
// one precision per column.
class SummaryTable
{
    Q_DECLARE_TR_FUNCTIONS(SummaryTable)
public:
    static QString render(const RunSpec &spec, const Snapshot &s, bool interrupted, const QList<RuleResult> &rules);
    // Terminal columns a string takes: East Asian wide and fullwidth characters take two.
    static qsizetype displayWidth(const QString &s);
    // A workload's response checks and per-URL table; empty when it has neither.
    static QString breakdown(const WorkloadSnapshot &w);
};

} // namespace coroscope
