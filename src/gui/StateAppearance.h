#pragma once

#include "core/TaskState.h"

#include <QColor>
#include <QString>

namespace coroscope {

// How a task state looks wherever it is shown (tiles, charts, tables, filters): one colour, and one
// translated title ("Timed out"; stateKey() gives the report key "timedOut").
QColor stateColor(TaskState state);
QString stateTitle(TaskState state);

} // namespace coroscope
