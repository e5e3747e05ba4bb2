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
    static void waitForInterrupt();
};

} // namespace coroscope
