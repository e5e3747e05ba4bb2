#pragma once

#include "cli/CommandLine.h"

#include <QCoreApplication>

namespace coroscope {

// `coroscope --serve-echo PORT`: the built-in echo server on its own, for other tools to load, until
// SIGINT or SIGTERM; prints the bound port first and the server's counters at the end.
class EchoServeCommand
{
    Q_DECLARE_TR_FUNCTIONS(EchoServeCommand)
public:
    static int run(const CommandLine &options);
};

} // namespace coroscope
