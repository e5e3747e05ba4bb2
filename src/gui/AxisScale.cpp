#include "gui/AxisScale.h"

#include <cmath>

namespace coroscope {

std::pair<double, int> niceAxisTop(double value)
{
    if (!(value > 0))
        return {1.0, 6};
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    const std::pair<double, int> steps[] = {{1.0, 6}, {2.0, 5}, {2.5, 6}, {5.0, 6}, {10.0, 6}};
    for (const auto &[step, ticks] : steps) {
        if (value <= step * magnitude * 1.000001)
            return {step * magnitude, ticks};
    }
    return {10.0 * magnitude, 6};
}

} // namespace coroscope
