#pragma once

#include "core/JsonReader.h"

#include <QJsonArray>

namespace coroscope {

// The array under `key` of `r`; when the value is no array or an empty one, reports `message` (its
// %1 is what was found) at `key`. What the list-valued profile keys ("urls", checks' "status") read.
inline QJsonArray readNonEmptyArray(JsonReader &r, const QString &key, const QString &message)
{
    const QJsonValue v = r.value(key);
    const QJsonArray a = v.toArray();
    if (!v.isArray() || a.isEmpty())
        r.error(key, message.arg(JsonReader::describe(v)));
    return a;
}

} // namespace coroscope
