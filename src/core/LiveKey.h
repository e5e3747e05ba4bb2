#pragma once

#include "core/KeyNameTable.h"
#include <QList>

#include <QString>

#include <optional>

namespace coroscope {

// A workload setting that may change while the run goes on, by a user (the window's live control)
// or by the workload's stages; the key is the stable name reports and profiles use.
enum class LiveKey : quint8 { Rate, Concurrency, Connections, Count };

// Written in LiveKey.cpp; core/KeyNameTable.h does the lookups.
extern const KeyNameTable<LiveKey, size_t(LiveKey::Count)> kLiveKeyNames;

inline QString liveKeyKey(LiveKey key)
{
    return kLiveKeyNames.key(key);
}

inline QString liveKeyName(LiveKey key)
{
    return kLiveKeyNames.name(key);
}

// Part `part` of `parts` of a live key's value, as workloads/WorkloadShare splits the profile's:
// a rate in proportion, a count (connections, concurrency) evenly, remainders to the first parts.
double liveValueShare(LiveKey key, double value, int part, int parts);

// One user change of a live key, as the report and the charts show it.
struct LiveChange {
    double atSeconds = 0; // since the run started
    QString workload;
    LiveKey key = LiveKey::Rate;
    double oldValue = 0;
    double newValue = 0;
};

// One step of a workload's load shape: a linear ramp from the previous target to `target` over
// `durationSeconds` (the profile's "stages").
struct LoadStage {
    double durationSeconds = 0;
    double target = 0;
};

using LoadStages = QList<LoadStage>;

} // namespace coroscope
