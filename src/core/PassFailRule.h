#pragma once

#include <QString>
#include <QStringList>

namespace coroscope {

// "api p99_ms < 50": a metric of one workload (or of the whole run) compared with a value at the
// end of a run.
struct PassFailRule {
    QString workload; // empty = the whole run
    QString metric;
    QString op;
    double value = 0;
    // Judged every second while the run goes on once afterSeconds have passed; the first failure
    // stops the run gracefully (k6's abortOnFail and delayAbortEval).
    bool abortOnFail = false;
    double afterSeconds = 0;

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

} // namespace coroscope

// Transitional: callers that used RuleEvaluator through this header before it had its own pair.
// Remove once every includer names core/RuleEvaluator.h.
#include "core/RuleEvaluator.h"
