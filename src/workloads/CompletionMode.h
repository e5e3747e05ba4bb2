#pragma once

#include <QString>
#include <QStringList>

namespace coroscope {

// How a workload waits for its tasks, after asyncio: gather, wait(FIRST_COMPLETED), as_completed.
enum class CompletionMode { All, First, AsCompleted };

inline QStringList completionModeKeys()
{
    return {QStringLiteral("all"), QStringLiteral("first"), QStringLiteral("as-completed")};
}

inline CompletionMode completionModeFromKey(const QString &key)
{
    if (key == QLatin1String("first"))
        return CompletionMode::First;
    if (key == QLatin1String("as-completed"))
        return CompletionMode::AsCompleted;
    return CompletionMode::All;
}

} // namespace coroscope
