#include "core/LiveKey.h"

namespace coroscope {

const KeyNameTable<LiveKey, size_t(LiveKey::Count)> kLiveKeyNames{
    "LiveKey",
    {{
        {"rate", QT_TRANSLATE_NOOP("LiveKey", "rate (per second)")},
        {"concurrency", QT_TRANSLATE_NOOP("LiveKey", "concurrency")},
        {"connections", QT_TRANSLATE_NOOP("LiveKey", "connections")},
    }}};

double liveValueShare(LiveKey key, double value, int part, int parts)
{
    if (parts <= 1)
        return value;
    if (key == LiveKey::Rate)
        return value / parts;
    const qint64 whole = qint64(value);
    return double(whole / parts + (part < whole % parts ? 1 : 0));
}

} // namespace coroscope
