#pragma once

#include "core/TaskState.h"

#include <QColor>

namespace coroscope {

// One colour per task state wherever states are drawn: the tiles, the stacked chart.
QColor stateColor(TaskState state);

} // namespace coroscope
