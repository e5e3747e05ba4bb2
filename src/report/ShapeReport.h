#pragma once

#include "core/LiveRuleJudge.h"
#include "core/Snapshot.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace coroscope {

// The report keys of a run's shape over time: "changes" (every user's live change: time, workload,
// key, old -> new) and "abortedBy" (the live rule that stopped the run, and when).
class ShapeReport
{
public:
    static QJsonArray changes(const Snapshot &s);
    static void addTo(QJsonObject &report, const Snapshot &s, const std::optional<RuleAbort> &abort);
};

} // namespace coroscope
