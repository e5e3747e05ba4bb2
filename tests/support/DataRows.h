#pragma once

// A data-driven test's table written as a table: its columns, then one row per case, typed, the row's
// name first. What a _data() slot's addColumn and newRow lines say:
//     testing::DataRows<int, int>("pipeline", "messages")
//         .row("one at a time", 1, 37)
//         .row("deeper than the count", 64, 37);
#include <QTest>

#include <concepts>
#include <tuple>

namespace coroscope::testing {

template<typename... Columns> class DataRows
{
public:
    explicit DataRows(std::convertible_to<const char *> auto... names) requires(sizeof...(names) == sizeof...(Columns))
    {
        (QTest::addColumn<Columns>(names), ...);
    }

    const DataRows &row(const char *name, const Columns &...values) const
    {
        (QTest::newRow(name) << ... << values);
        return *this;
    }
};

// The current row's values of `names`, as QFETCH gives them one by one (and as strictly typed):
//     const auto [pipeline, messages] = testing::fetch<int, int>("pipeline", "messages");
template<typename... Columns>
std::tuple<Columns...> fetch(std::convertible_to<const char *> auto... names) requires(sizeof...(names) ==
                                                                                       sizeof...(Columns))
{
    return {*static_cast<Columns *>(QTest::qData(names, ::qMetaTypeId<Columns>()))...};
}

} // namespace coroscope::testing
