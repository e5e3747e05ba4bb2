#pragma once

#include "core/JsonReader.h"
#include "core/LiveKey.h"

namespace coroscope {

// A workload's "stages" key, read and checked: [{"durationSeconds": 30, "target": 500}, ...], each
// a linear ramp from the previous target (the first from the workload's configured value).
struct StagesSpec {
    Q_DECLARE_TR_FUNCTIONS(StagesSpec)

public:
    static constexpr qsizetype kMaxStages = 1000;
    static constexpr double kMaxTarget = 10'000'000;

    // Empty when the workload has no "stages"; issues carry the JSON path of the entry and key
    // (workloads[0].stages[1].target).
    static LoadStages read(JsonReader &workload, QList<JsonIssue> *issues);
    // The highest numeric target of a workload object's stages (0 when none), read without a word:
    // read() reports what is wrong with them. A spec bounds what its stages may ask for with it.
    static double peakTarget(const QJsonObject &workload);
};

} // namespace coroscope
