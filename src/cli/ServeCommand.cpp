#include "cli/ServeCommand.h"

#include "cli/OpenFileLimit.h"
#include "cli/SignalWatcher.h"
#include "net/EchoServer.h"
#include "net/HttpTargetServer.h"
#include "net/WebSocketServer.h"

#include <QEventLoop>

#include <cstdio>

namespace coroscope {

int ServeCommand::run(const CommandLine &options)
{
    raiseOpenFileLimit();
    if (options.serveWsPort)
        return serveWebSocket(options);
    return options.serveEchoPort ? serveEcho(options) : serveHttp(options);
}

template<typename Server, typename Banner, typename Counters>
int ServeCommand::serveUntilInterrupted(Server &server, Banner banner, Counters counters)
{
    // Watching for SIGINT/SIGTERM before the banner: whoever reads the banner may signal at once.
    SignalWatcher signals;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(error));
        return 2;
    }
    std::printf("%s\n", qPrintable(banner()));
    std::fflush(stdout);
    QEventLoop loop;
    QObject::connect(&signals, &SignalWatcher::interrupted, &loop, &QEventLoop::quit);
    loop.exec(); // a signal that came before this is queued to the loop: it quits at once
    server.stop();
    std::printf("%s\n", qPrintable(counters(server.stats())));
    return 0;
}

int ServeCommand::serveEcho(const CommandLine &options)
{
    EchoServerOptions o;
    o.port = quint16(*options.serveEchoPort);
    o.framing = echoFramingFromKey(options.framing);
    EchoServer server(o);
    return serveUntilInterrupted(
        server,
        [&] {
            return tr("echo server listening on %1:%2 (%3 framing); Ctrl+C to stop")
                .arg(server.address().toString())
                .arg(server.port())
                .arg(options.framing);
        },
        [](const EchoServerStats &s) {
            return tr("connections %1, messages %2, bytes in %3, closed: by client %4, too long %5, "
                      "idle %6, error %7, refused %8")
                .arg(s.accepted.load())
                .arg(s.messages.load())
                .arg(s.bytesIn.load())
                .arg(s.closedByClient.load())
                .arg(s.closedTooLong.load())
                .arg(s.closedIdle.load())
                .arg(s.closedError.load())
                .arg(s.refused.load());
        });
}

int ServeCommand::serveHttp(const CommandLine &options)
{
    HttpTargetOptions o;
    o.port = quint16(*options.serveHttpPort);
    HttpTargetServer server(o);
    return serveUntilInterrupted(
        server, [&] { return tr("HTTP target listening on %1; Ctrl+C to stop").arg(server.baseUrl()); },
        [](const HttpTargetStats &s) {
            return QStringList{tr("connections %1, requests %2, 2xx %3, 4xx %4, 5xx %5, dropped %6, closed: "
                                  "idle %7, too large %8, bad request %9")
                                   .arg(s.accepted.load())
                                   .arg(s.requests.load())
                                   .arg(s.status2xx.load())
                                   .arg(s.status4xx.load())
                                   .arg(s.status5xx.load())
                                   .arg(s.drops.load())
                                   .arg(s.closedIdle.load())
                                   .arg(s.closedTooLarge.load())
                                   .arg(s.closedBadRequest.load()),
                               tr("closed: request too slow (408) %1, answers not read %2; reading paused %3 "
                                  "times; refused %4, accept errors %5")
                                   .arg(s.closedSlowRequest.load())
                                   .arg(s.closedStalledReader.load())
                                   .arg(s.readPauses.load())
                                   .arg(s.refused.load())
                                   .arg(s.acceptErrors.load())}
                .join(QLatin1Char('\n'));
        });
}

int ServeCommand::serveWebSocket(const CommandLine &options)
{
    WebSocketServerOptions o;
    o.port = quint16(*options.serveWsPort);
    WebSocketServer server(o);
    return serveUntilInterrupted(
        server, [&] { return tr("WebSocket echo server listening on %1; Ctrl+C to stop").arg(server.url()); },
        [](const WebSocketServerStats &s) {
            return tr("connections %1, upgraded %2, messages %3, bytes in %4, closed: by client %5, "
                      "too long %6, idle %7, slow reader %8, refused %9")
                .arg(s.accepted.load())
                .arg(s.upgraded.load())
                .arg(s.messages.load())
                .arg(s.bytesIn.load())
                .arg(s.closedByClient.load())
                .arg(s.closedTooLong.load())
                .arg(s.closedIdle.load())
                .arg(s.closedSlowReader.load())
                .arg(s.refused.load());
        });
}

} // namespace coroscope
