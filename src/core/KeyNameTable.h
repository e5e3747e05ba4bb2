#pragma once

#include <QCoreApplication>
#include <QString>

#include <array>

namespace coroscope {

// An enum's stable keys (reports, rules, scripts) and the source texts of its translated names, in
// enum order; QT_TRANSLATE_NOOP marks the names for lupdate where the table is written.
struct KeyName {
    const char *key;
    const char *name;
};

template<size_t N> QString keyAt(const std::array<KeyName, N> &table, int index)
{
    return index >= 0 && size_t(index) < N ? QString::fromLatin1(table[size_t(index)].key) : QString();
}

template<size_t N> QString nameAt(const std::array<KeyName, N> &table, int index, const char *context)
{
    return index >= 0 && size_t(index) < N && *table[size_t(index)].name
               ? QCoreApplication::translate(context, table[size_t(index)].name)
               : QString();
}

} // namespace coroscope
