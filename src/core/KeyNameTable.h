#pragma once

#include <QCoreApplication>
#include <QString>

#include <array>
#include <optional>

namespace coroscope {

// An enum's stable keys (reports, rules, scripts) and the source texts of its translated names, in
// enum order; QT_TRANSLATE_NOOP marks the names for lupdate where the table is written.
struct KeyName {
    const char *key;
    const char *name;
};

// The one lookup behind ErrorKind, Gauge and LiveKey: `context` is the translation context the
// names were marked with. A row with an empty key (ErrorKind::None) is never found by fromKey().
template<typename Enum, size_t N> struct KeyNameTable {
    const char *context;
    std::array<KeyName, N> rows;

    QString key(Enum value) const
    {
        const KeyName *row = at(value);
        return row ? QString::fromLatin1(row->key) : QString();
    }

    QString name(Enum value) const
    {
        const KeyName *row = at(value);
        return row && *row->name ? QCoreApplication::translate(context, row->name) : QString();
    }

    std::optional<Enum> fromKey(const QString &key) const
    {
        for (size_t i = 0; i < N; ++i) {
            if (*rows[i].key && key == QLatin1String(rows[i].key))
                return Enum(i);
        }
        return std::nullopt;
    }

private:
    const KeyName *at(Enum value) const
    {
        const auto index = size_t(value);
        return index < N ? &rows[index] : nullptr;
    }
};

} // namespace coroscope
