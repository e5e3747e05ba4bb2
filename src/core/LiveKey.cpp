#include "core/LiveKey.h"

#include "core/KeyNameTable.h"

namespace coroscope {

namespace {

constexpr std::array<KeyName, size_t(LiveKey::Count)> kKeys{{
    {"rate", QT_TRANSLATE_NOOP("LiveKey", "rate (per second)")},
    {"concurrency", QT_TRANSLATE_NOOP("LiveKey", "concurrency")},
    {"connections", QT_TRANSLATE_NOOP("LiveKey", "connections")},
}};

} // namespace

QString liveKeyKey(LiveKey key)
{
    return keyAt(kKeys, int(key));
}

QString liveKeyName(LiveKey key)
{
    return nameAt(kKeys, int(key), "LiveKey");
}

std::optional<LiveKey> liveKeyFromKey(const QString &key)
{
    for (int i = 0; i < int(LiveKey::Count); ++i) {
        if (key == QLatin1String(kKeys[size_t(i)].key))
            return LiveKey(i);
    }
    return std::nullopt;
}

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
