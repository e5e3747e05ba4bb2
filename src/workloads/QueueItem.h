#pragma once

#include "core/TaskTracker.h"

#include <QByteArray>

namespace coroscope {

// One item travelling from a producer to a consumer through a QueueBackend.
struct QueueItem {
    // Memory: the item's task, created when it was put (it waits in the queue as a pending task).
    // Redis: empty until a consumer takes the item and creates its task.
    TaskRef task;
    qint64 enqueuedNs = 0; // 0 when unknown (pushed from outside)
    int priority = 0;      // lower first (memory, order "priority")
    QByteArray payload;    // memory: the payload; Redis: the list value as stored
};

} // namespace coroscope
