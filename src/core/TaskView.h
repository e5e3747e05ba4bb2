#pragma once

#include "core/Snapshot.h"
#include "core/TaskTracker.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace coroscope {

// What one loop thread's tracker holds at a moment, copied out so another thread may read it: its
// live tasks (phases index phaseNames) and its ring of recently finished ones.
struct TaskView {
    QStringList phaseNames;
    std::vector<LiveTask> live;
    QList<TaskRow> recent;
};
using TaskViewPtr = std::shared_ptr<const TaskView>;

} // namespace coroscope
