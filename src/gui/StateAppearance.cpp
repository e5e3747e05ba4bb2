#include "gui/StateAppearance.h"

#include <QCoreApplication>

#include <array>

namespace coroscope {

namespace {

struct Appearance {
    QRgb color;
    const char *title;
};

// In TaskState order; QT_TRANSLATE_NOOP lets lupdate see the titles.
constexpr std::array<Appearance, kTaskStateCount> kAppearances{{
    {qRgb(0x6b, 0x7a, 0x8f), QT_TRANSLATE_NOOP("StateAppearance", "Pending")},
    {qRgb(0x1f, 0x6f, 0xc5), QT_TRANSLATE_NOOP("StateAppearance", "Running")},
    {qRgb(0x2e, 0x8b, 0x3a), QT_TRANSLATE_NOOP("StateAppearance", "Succeeded")},
    {qRgb(0xc0, 0x39, 0x2b), QT_TRANSLATE_NOOP("StateAppearance", "Failed")},
    {qRgb(0xd3, 0x84, 0x00), QT_TRANSLATE_NOOP("StateAppearance", "Timed out")},
    {qRgb(0x7d, 0x3c, 0x98), QT_TRANSLATE_NOOP("StateAppearance", "Cancelled")},
}};

bool inRange(TaskState state)
{
    return stateIndex(state) >= 0 && stateIndex(state) < kTaskStateCount;
}

} // namespace

QColor stateColor(TaskState state)
{
    return inRange(state) ? QColor(kAppearances[size_t(stateIndex(state))].color) : QColor();
}

QString stateTitle(TaskState state)
{
    return inRange(state)
               ? QCoreApplication::translate("StateAppearance", kAppearances[size_t(stateIndex(state))].title)
               : QString();
}

} // namespace coroscope
