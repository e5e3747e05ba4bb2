#pragma once

#include "core/PassFailRule.h"
#include "core/RunSpec.h"
#include "core/Snapshot.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace coroscope {

// The JSON report of a finished (or interrupted) run, with the keys CONTRACT.md fixes plus the
// latency histograms.
class JsonReport
{
public:
    // `timeSeries`: the 1-second points (TimeSeriesRecorder::toJson()), may be empty.
    static QJsonObject build(const RunSpec &spec, const Snapshot &snapshot, const QDateTime &startedAt,
                             bool interrupted, const QList<RuleResult> &rules, const QJsonArray &timeSeries = {});
    // Atomic write (QSaveFile); false with `error` set when it fails.
    static bool write(const QString &path, const QJsonObject &report, QString *error);
};

} // namespace coroscope
