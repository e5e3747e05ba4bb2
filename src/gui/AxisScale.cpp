#include "gui/AxisScale.h"

#include <algorithm>
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

std::pair<double, int> niceCountAxisTop(double value)
{
    // Below 5 the nice tops (1, 2, 2.5) would put grid lines on fractions: one line per whole count.
    if (value <= 5) {
        const int top = std::max(1, int(std::ceil(value - 1e-9)));
        return {double(top), top + 1};
    }
    // Above 5 every nice top is at least 10 with 6 ticks, 20 with 5, 25 with 6: whole steps already.
    return niceAxisTop(value);
}

} // namespace coroscope
