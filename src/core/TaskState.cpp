#include "core/TaskState.h"

namespace coroscope {

QString stateKey(TaskState s)
{
    switch (s) {
    case TaskState::Pending:
        return QStringLiteral("pending");
    case TaskState::Running:
        return QStringLiteral("running");
    case TaskState::Succeeded:
        return QStringLiteral("succeeded");
    case TaskState::Failed:
        return QStringLiteral("failed");
    case TaskState::TimedOut:
        return QStringLiteral("timedOut");
    case TaskState::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace coroscope
