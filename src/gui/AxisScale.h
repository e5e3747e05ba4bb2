#pragma once

#include <utility>

namespace coroscope {

// The top of a value axis starting at 0 that holds `value`: 1, 2, 2.5 or 5 times a power of ten,
// with the tick count that puts round numbers on the grid lines. Charts compute it themselves
// rather than call applyNiceNumbers(), which would change the range a second time per frame.
std::pair<double, int> niceAxisTop(double value);
// The same for counts: grid lines on whole numbers only (no 0.5 task).
std::pair<double, int> niceCountAxisTop(double value);

} // namespace coroscope
