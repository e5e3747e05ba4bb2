#pragma once

#include "net/TcpServerWorker.h"

#include <type_traits>

namespace coroscope {

// A TcpServerWorker with its options and the counters it writes: what every built-in server's worker
// keeps, and the Options / Stats names BuiltinServer<Worker> builds it from.
template<typename OptionsType, typename StatsType> class TcpServerWorkerFor : public TcpServerWorker
{
public:
    using Options = OptionsType;
    using Stats = StatsType;
    static_assert(std::is_base_of_v<ServerOptions, Options>);
    static_assert(std::is_base_of_v<ConnectionCounters, Stats>);

    TcpServerWorkerFor(const Options &options, Stats *stats)
        : TcpServerWorker(options, stats), m_options(options), m_stats(stats)
    {}

protected:
    const Options m_options;
    Stats *m_stats; // outlives the worker (BuiltinServer owns it)
};

} // namespace coroscope
