#pragma once

#include "core/Snapshot.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace coroscope {

// "api p99_ms < 50": a metric of one workload (or of the whole run) compared with a value at the
// end of a run.
struct PassFailRule {
    QString workload; // empty = the whole run
    QString metric;
    QString op;
    double value = 0;

    QString text() const;
    static QStringList metrics();
    static QStringList operators();
};

struct RuleResult {
    QString rule;
    bool passed = false;
    double actual = 0;
    QString problem; // set when the rule could not be evaluated
};

class RuleEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(RuleEvaluator)
public:
    // `elapsedSeconds` turns counts into average rates.
    static std::optional<double> metricValue(const QString &metric, const Snapshot &s, int workload);
    static RuleResult evaluate(const PassFailRule &rule, const Snapshot &s);
    static QList<RuleResult> evaluateAll(const QList<PassFailRule> &rules, const Snapshot &s);
};

} // namespace coroscope
