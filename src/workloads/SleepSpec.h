#pragma once

#include "core/Distribution.h"
#include "workloads/CompletionMode.h"

namespace coroscope {

class JsonReader;

// A sleep workload as the profile gives it (docs/profile-format.md, type "sleep").
struct SleepSpec {
    qint64 tasks = 3;
    qint64 concurrency = 0; // 0 = unlimited, like asyncio.gather
    Distribution delayMs = Distribution::fixed(1000);
    qint64 timeoutMs = 0; // 0 = none; counted from the task's start, like asyncio.wait_for
    CompletionMode mode = CompletionMode::All;

    static SleepSpec read(JsonReader &r);
};

} // namespace coroscope
