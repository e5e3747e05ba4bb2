#include "cli/EchoServeCommand.h"

#include "cli/SignalWatcher.h"
#include "net/EchoServer.h"
#include "net/OpenFileLimit.h"

#include <QEventLoop>

#include <cstdio>

namespace coroscope {

int EchoServeCommand::run(const CommandLine &options)
{
    raiseOpenFileLimit();
    EchoServerOptions o;
    o.port = quint16(*options.serveEchoPort);
    o.framing = echoFramingFromKey(options.framing);
    EchoServer server(o);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(error));
        return 2;
    }
    std::printf("%s\n", qPrintable(tr("echo server listening on %1:%2 (%3 framing); Ctrl+C to stop")
                                       .arg(server.address().toString())
                                       .arg(server.port())
                                       .arg(options.framing)));
    std::fflush(stdout);
    SignalWatcher signals;
    QEventLoop loop;
    QObject::connect(&signals, &SignalWatcher::interrupted, &loop, &QEventLoop::quit);
    loop.exec();
    server.stop();
    const EchoServerStats &s = server.stats();
    std::printf("%s\n", qPrintable(tr("connections %1, messages %2, bytes in %3, closed: by client %4, too long %5, "
                                      "idle %6, error %7, refused %8")
                                       .arg(s.accepted.load())
                                       .arg(s.messages.load())
                                       .arg(s.bytesIn.load())
                                       .arg(s.closedByClient.load())
                                       .arg(s.closedTooLong.load())
                                       .arg(s.closedIdle.load())
                                       .arg(s.closedError.load())
                                       .arg(s.refused.load())));
    return 0;
}

} // namespace coroscope
