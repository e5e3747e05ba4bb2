#pragma once

#include "core/PassFailRule.h"
#include "core/Snapshot.h"

#include <QCoreApplication>

#include <optional>

namespace coroscope {

// Computes a rule's metric from a run's final snapshot and compares it with the rule's value.
class RuleEvaluator
{
    Q_DECLARE_TR_FUNCTIONS(RuleEvaluator)
public:
    // The metric of one workload (by index) or of the whole run (-1); nothing for an unknown metric.
    static std::optional<double> metricValue(const QString &metric, const Snapshot &s, int workload);
    static RuleResult evaluate(const PassFailRule &rule, const Snapshot &s);
    static QList<RuleResult> evaluateAll(const QList<PassFailRule> &rules, const Snapshot &s);
};

} // namespace coroscope
