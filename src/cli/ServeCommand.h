#pragma once

#include "cli/CommandLine.h"

#include <QCoreApplication>

namespace coroscope {

// `coroscope --serve-echo PORT` / `--serve-http PORT` / `--serve-ws PORT`: a built-in target on its own, for other
// tools to load, until SIGINT or SIGTERM; prints the bound port first and the server's counters at the end.
class ServeCommand
{
    Q_DECLARE_TR_FUNCTIONS(ServeCommand)
public:
    static int run(const CommandLine &options);

private:
    static int serveEcho(const CommandLine &options);
    static int serveHttp(const CommandLine &options);
    static int serveWebSocket(const CommandLine &options);
    // Starts a Server with `options` on `port`, prints what `banner` says of it (with the bound
    // address) and waits for SIGINT or SIGTERM; then stops it and prints what `counters` says of its
    // stats. 2 when it cannot start.
    template<typename Server, typename Banner, typename Counters>
    static int serveUntilInterrupted(typename Server::Options options, int port, Banner banner, Counters counters);
};

} // namespace coroscope
