#include "cli/ServeCommand.h"

#include "cli/OpenFileLimit.h"
#include "cli/SignalWatcher.h"
#include "net/EchoServer.h"
#include "net/HttpTargetServer.h"
#include "net/WebSocketServer.h"

#include <QEventLoop>

#include <atomic>
#include <cstdio>
#include <initializer_list>

namespace coroscope {

namespace {

// `text` with its %1, %2, ... replaced by the counters' values in order.
QString withCounts(QString text, std::initializer_list<const std::atomic<qint64> *> counters)
{
    for (const std::atomic<qint64> *c : counters)
        text = text.arg(c->load());
    return text;
}

} // namespace

int ServeCommand::run(const CommandLine &options)
{
    raiseOpenFileLimit();
    if (options.serveWsPort)
        return serveWebSocket(options);
    return options.serveEchoPort ? serveEcho(options) : serveHttp(options);
}

template<typename Server, typename Banner, typename Counters>
int ServeCommand::serveUntilInterrupted(typename Server::Options options, int port, Banner banner, Counters counters)
{
    options.port = quint16(port);
    Server server(std::move(options));
    // Watching for SIGINT/SIGTERM before the banner: whoever reads the banner may signal at once.
    SignalWatcher signals;
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "coroscope: %s\n", qPrintable(error));
        return 2;
    }
    std::printf("%s\n", qPrintable(banner(server)));
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
    o.framing = echoFramingFromKey(options.framing);
    return serveUntilInterrupted<EchoServer>(
        o, *options.serveEchoPort,
        [&](const EchoServer &server) {
            return tr("echo server listening on %1:%2 (%3 framing); Ctrl+C to stop")
                .arg(server.address().toString())
                .arg(server.port())
                .arg(options.framing);
        },
        [](const EchoServerStats &s) {
            return withCounts(tr("connections %1, messages %2, bytes in %3, closed: by client %4, too long %5, "
                                 "idle %6, error %7, refused %8"),
                              {&s.accepted, &s.messages, &s.bytesIn, &s.closedByClient, &s.closedTooLong, &s.closedIdle,
                               &s.closedError, &s.refused});
        });
}

int ServeCommand::serveHttp(const CommandLine &options)
{
    return serveUntilInterrupted<HttpTargetServer>(
        {}, *options.serveHttpPort,
        [](const HttpTargetServer &server) {
            return tr("HTTP target listening on %1; Ctrl+C to stop").arg(server.baseUrl());
        },
        [](const HttpTargetStats &s) {
            return QStringList{
                withCounts(tr("connections %1, requests %2, 2xx %3, 4xx %4, 5xx %5, dropped %6, closed: "
                              "idle %7, too large %8, bad request %9"),
                           {&s.accepted, &s.requests, &s.status2xx, &s.status4xx, &s.status5xx, &s.drops, &s.closedIdle,
                            &s.closedTooLarge, &s.closedBadRequest}),
                withCounts(tr("closed: request too slow (408) %1, answers not read %2; reading paused %3 "
                              "times; refused %4, accept errors %5"),
                           {&s.closedSlowRequest, &s.closedStalledReader, &s.readPauses, &s.refused, &s.acceptErrors})}
                .join(QLatin1Char('\n'));
        });
}

int ServeCommand::serveWebSocket(const CommandLine &options)
{
    return serveUntilInterrupted<WebSocketServer>(
        {}, *options.serveWsPort,
        [](const WebSocketServer &server) {
            return tr("WebSocket echo server listening on %1; Ctrl+C to stop").arg(server.url());
        },
        [](const WebSocketServerStats &s) {
            return withCounts(tr("connections %1, upgraded %2, messages %3, bytes in %4, closed: by client %5, "
                                 "too long %6, idle %7, slow reader %8, protocol error %9; upgrades refused %10, "
                                 "connections refused %11"),
                              {&s.accepted, &s.upgraded, &s.messages, &s.bytesIn, &s.closedByClient, &s.closedTooLong,
                               &s.closedIdle, &s.closedSlowReader, &s.closedProtocolError, &s.refusedUpgrades,
                               &s.refused});
        });
}

} // namespace coroscope
