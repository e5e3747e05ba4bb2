#pragma once

#include <QtGlobal>

#include <chrono>

namespace coroscope {

// One monotonic clock for every timestamp in the engine, in nanoseconds.
inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

constexpr qint64 kNsPerMs = 1'000'000;
constexpr qint64 kNsPerSecond = 1'000'000'000;

} // namespace coroscope
