#include "report/ShapeReport.h"

#include <algorithm>
#include <cmath>

namespace coroscope {

namespace {

double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

} // namespace

QJsonArray ShapeReport::changes(const Snapshot &s)
{
    QList<LiveChange> all;
    for (const WorkloadSnapshot &w : s.workloads)
        all += w.changes;
    std::stable_sort(all.begin(), all.end(),
                     [](const LiveChange &a, const LiveChange &b) { return a.atSeconds < b.atSeconds; });
    QJsonArray out;
    for (const LiveChange &c : std::as_const(all)) {
        out.append(QJsonObject{{QStringLiteral("atSeconds"), round3(c.atSeconds)},
                               {QStringLiteral("workload"), c.workload},
                               {QStringLiteral("key"), liveKeyKey(c.key)},
                               {QStringLiteral("old"), round3(c.oldValue)},
                               {QStringLiteral("new"), round3(c.newValue)}});
    }
    return out;
}

void ShapeReport::addTo(QJsonObject &report, const Snapshot &s, const std::optional<RuleAbort> &abort)
{
    report.insert(QStringLiteral("changes"), changes(s));
    if (abort) {
        report.insert(QStringLiteral("abortedBy"), QJsonObject{{QStringLiteral("rule"), abort->rule},
                                                               {QStringLiteral("atSeconds"), round3(abort->atSeconds)},
                                                               {QStringLiteral("actual"), round3(abort->actual)}});
    }
}

} // namespace coroscope
