#pragma once

#include <QString>

#include <array>

namespace coroscope {

// asyncio's four states, with Done split by outcome.
enum class TaskState : quint8 { Pending, Running, Succeeded, Failed, TimedOut, Cancelled };

constexpr int kTaskStateCount = 6;

using StateCounts = std::array<qint64, kTaskStateCount>;

inline constexpr int stateIndex(TaskState s) { return static_cast<int>(s); }

inline constexpr bool isFinal(TaskState s) { return s >= TaskState::Succeeded; }

// Legal moves: Pending -> Running | Cancelled; Running -> any final state.
inline constexpr bool isLegalTransition(TaskState from, TaskState to)
{
    switch (from) {
    case TaskState::Pending:
        return to == TaskState::Running || to == TaskState::Cancelled;
    case TaskState::Running:
        return isFinal(to);
    default:
        return false;
    }
}

// Stable machine names, used as report keys.
QString stateKey(TaskState s);

} // namespace coroscope
