#include "gui/StateAppearance.h"

#include <QCoreApplication>

namespace coroscope {

QColor stateColor(TaskState state)
{
    switch (state) {
    case TaskState::Pending:
        return QColor(0x6b, 0x7a, 0x8f);
    case TaskState::Running:
        return QColor(0x1f, 0x6f, 0xc5);
    case TaskState::Succeeded:
        return QColor(0x2e, 0x8b, 0x3a);
    case TaskState::Failed:
        return QColor(0xc0, 0x39, 0x2b);
    case TaskState::TimedOut:
        return QColor(0xd3, 0x84, 0x00);
    case TaskState::Cancelled:
        return QColor(0x7d, 0x3c, 0x98);
    }
    return {};
}

QString stateTitle(TaskState state)
{
    switch (state) {
    case TaskState::Pending:
        return QCoreApplication::translate("StateAppearance", "Pending");
    case TaskState::Running:
        return QCoreApplication::translate("StateAppearance", "Running");
    case TaskState::Succeeded:
        return QCoreApplication::translate("StateAppearance", "Succeeded");
    case TaskState::Failed:
        return QCoreApplication::translate("StateAppearance", "Failed");
    case TaskState::TimedOut:
        return QCoreApplication::translate("StateAppearance", "Timed out");
    case TaskState::Cancelled:
        return QCoreApplication::translate("StateAppearance", "Cancelled");
    }
    return {};
}

} // namespace coroscope
