#include "cli/CommandLine.h"

#include "fleet/FleetProtocol.h"
#include "net/MetricsServer.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

#include <cstring>
#include <variant>

namespace coroscope {

std::optional<double> CommandLine::parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double v = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    if (unit == QLatin1String("ms"))
        return v / 1000.0;
    if (unit == QLatin1String("m"))
        return v * 60.0;
    if (unit == QLatin1String("h"))
        return v * 3600.0;
    return v;
}

bool CommandLine::wantsHeadless(int argc, char **argv)
{
    if (argc > 1 && !std::strcmp(argv[1], "agent"))
        return true;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--headless") || !std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h") ||
            !std::strcmp(argv[i], "--version") || !std::strcmp(argv[i], "--serve-echo") ||
            !std::strcmp(argv[i], "--serve-http") || !std::strcmp(argv[i], "--serve-ws") ||
            !std::strcmp(argv[i], "--find-max-rate"))
            return true;
    }
    return false;
}

QString CommandLine::helpText()
{
    return QCoreApplication::translate(
        "CommandLine",
        "Usage:\n"
        "  coroscope [PROFILE.json] [--start]            open the GUI (on PROFILE, else the bundled default);\n"
        "                                                it starts the run only with --start\n"
        "  coroscope --headless PROFILE.json [options]   run without a window\n"
        "  coroscope --serve-echo PORT [--framing line|length]\n"
        "                                                run the built-in echo server on 127.0.0.1 until Ctrl+C\n"
        "  coroscope --serve-http PORT                   run the built-in HTTP target on 127.0.0.1 until Ctrl+C\n"
        "  coroscope --serve-ws PORT                     run the built-in WebSocket echo server on 127.0.0.1 until "
        "Ctrl+C\n"
        "  coroscope agent --redis redis://HOST:PORT/DB [--name NAME] [--label k=v]... [--password-env VAR]\n"
        "                  [--once] [--report FILE.json] [--metrics [HOST:]PORT]\n"
        "                                                join a fleet: run the parts a controller publishes\n"
        "  coroscope --find-max-rate PROFILE.json --workload NAME --p99-ms MS [--max-error-rate F] "
        "[--step-seconds S]\n"
        "                                                find the highest rate NAME (http-fanout) sustains within\n"
        "                                                the p99 and the error rate (default 0.01); steps of S\n"
        "                                                seconds (default 10); last line \"max rate: N/s\"\n"
        "\n"
        "Options:\n"
        "  --duration 30s|2m|500ms     stop after this long (overrides run.durationSeconds)\n"
        "  --report FILE.json          write the full report (also on Ctrl+C: partial, \"interrupted\": true)\n"
        "  --csv FILE.csv              write the 1-second time series\n"
        "  --junit FILE.xml            write pass/fail rules as a JUnit test suite\n"
        "  --metrics [HOST:]PORT       serve Prometheus text at /metrics while running (127.0.0.1 unless told)\n"
        "  --fleet redis://HOST:PORT/DB  run on a fleet of agents (headless, or the window's Start)\n"
        "  --agents N                  how many agents (default 1); --agent-label k=v picks them by label\n"
        "  --agent-wait 30s            how long to wait for them (then exit 2 naming who is there)\n"
        "  --quiet                     no progress line\n"
        "  --lang zh_CN                user-interface language (default: the system locale)\n"
        "  --start                     GUI: start the run as the window opens\n"
        "  --exit-when-done            GUI: start at once, quit when the run ends (after writing --report)\n"
        "  --version, --help\n"
        "\n"
        "Exit codes: 0 passed, 1 a rule failed, 2 bad input, 130 interrupted.\n");
}

CommandLine CommandLine::parse(const QStringList &arguments)
{
    CommandLine c;
    auto fail = [&c](const QString &message) {
        c.error = message;
        return c;
    };
    // Options that only switch something on, options whose value is kept as given, and options that
    // take a positive number: the member each one sets.
    using Field = std::variant<bool CommandLine::*, QString CommandLine::*, double CommandLine::*>;
    static const QHash<QString, Field> fields = {{QStringLiteral("--headless"), &CommandLine::headless},
                                                 {QStringLiteral("--quiet"), &CommandLine::quiet},
                                                 {QStringLiteral("--exit-when-done"), &CommandLine::exitWhenDone},
                                                 {QStringLiteral("--start"), &CommandLine::startNow},
                                                 {QStringLiteral("--once"), &CommandLine::once},
                                                 {QStringLiteral("--help"), &CommandLine::showHelp},
                                                 {QStringLiteral("-h"), &CommandLine::showHelp},
                                                 {QStringLiteral("--version"), &CommandLine::showVersion},
                                                 {QStringLiteral("--report"), &CommandLine::reportFile},
                                                 {QStringLiteral("--csv"), &CommandLine::csvFile},
                                                 {QStringLiteral("--junit"), &CommandLine::junitFile},
                                                 {QStringLiteral("--lang"), &CommandLine::language},
                                                 {QStringLiteral("--redis"), &CommandLine::redisUrl},
                                                 {QStringLiteral("--name"), &CommandLine::agentName},
                                                 {QStringLiteral("--password-env"), &CommandLine::passwordEnv},
                                                 {QStringLiteral("--fleet"), &CommandLine::fleetUrl},
                                                 {QStringLiteral("--workload"), &CommandLine::maxRateWorkload},
                                                 {QStringLiteral("--p99-ms"), &CommandLine::maxRateP99Ms},
                                                 {QStringLiteral("--max-error-rate"), &CommandLine::maxRateErrorRate},
                                                 {QStringLiteral("--step-seconds"), &CommandLine::maxRateStepSeconds}};
    // Options that take a value: those above and the ones checked below.
    QStringList valued =
        QStringList{QStringLiteral("--duration"),   QStringLiteral("--metrics"),      QStringLiteral("--serve-echo"),
                    QStringLiteral("--serve-http"), QStringLiteral("--framing"),      QStringLiteral("--serve-ws"),
                    QStringLiteral("--label"),      QStringLiteral("--agent-label"),  QStringLiteral("--agents"),
                    QStringLiteral("--agent-wait"), QStringLiteral("--find-max-rate")};
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        if (!std::holds_alternative<bool CommandLine::*>(*it))
            valued << it.key();
    }
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        QString arg = arguments.at(i);
        QString value;
        bool hasInlineValue = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(u'=')) {
            value = arg.mid(arg.indexOf(u'=') + 1);
            arg = arg.left(arg.indexOf(u'='));
            hasInlineValue = true;
        }
        if (valued.contains(arg) && !hasInlineValue) {
            if (i + 1 >= arguments.size())
                return fail(QCoreApplication::translate("CommandLine", "%1 needs a value").arg(arg));
            value = arguments.at(++i);
        }
        const auto field = fields.constFind(arg);
        if (field != fields.cend() && std::holds_alternative<bool CommandLine::*>(*field)) {
            c.*std::get<bool CommandLine::*>(*field) = true;
        } else if (field != fields.cend() && std::holds_alternative<QString CommandLine::*>(*field)) {
            c.*std::get<QString CommandLine::*>(*field) = value;
        } else if (field != fields.cend()) {
            bool ok = false;
            const double v = value.toDouble(&ok);
            if (!ok || !(v >= 0) || (v == 0 && arg != QLatin1String("--max-error-rate")) ||
                (arg == QLatin1String("--max-error-rate") && v > 1))
                return fail(QCoreApplication::translate("CommandLine", "%1: expected a positive number, found \"%2\"")
                                .arg(arg, value));
            c.*std::get<double CommandLine::*>(*field) = v;
        } else if (arg == QLatin1String("--find-max-rate")) {
            c.findMaxRate = true;
            if (!c.profile.isEmpty())
                return fail(QCoreApplication::translate("CommandLine", "one profile only, found \"%1\" and \"%2\"")
                                .arg(c.profile, value));
            c.profile = value;
        } else if (arg == QLatin1String("--duration")) {
            c.durationSeconds = parseDuration(value);
            if (!c.durationSeconds || *c.durationSeconds <= 0)
                return fail(QCoreApplication::translate("CommandLine",
                                                        "--duration: expected a positive duration such as 30s, "
                                                        "2m or 500ms, found \"%1\"")
                                .arg(value));
        } else if (arg == QLatin1String("--label") || arg == QLatin1String("--agent-label")) {
            QString why;
            if (!FleetProtocol::parseLabel(value, arg == QLatin1String("--label") ? &c.labels : &c.agentLabels, &why))
                return fail(arg + QStringLiteral(": ") + why);
        } else if (arg == QLatin1String("--agents")) {
            bool ok = false;
            c.agentsWanted = value.toInt(&ok);
            if (!ok || c.agentsWanted < 1 || c.agentsWanted > 1000)
                return fail(QCoreApplication::translate("CommandLine", "--agents: expected 1 to 1000, found \"%1\"")
                                .arg(value));
        } else if (arg == QLatin1String("--agent-wait")) {
            const std::optional<double> wait = parseDuration(value);
            if (!wait || *wait <= 0)
                return fail(QCoreApplication::translate("CommandLine",
                                                        "--agent-wait: expected a positive duration such as 30s, "
                                                        "found \"%1\"")
                                .arg(value));
            c.agentWaitSeconds = *wait;
        } else if (arg == QLatin1String("--metrics")) {
            QHostAddress address;
            quint16 port = 0;
            QString why;
            if (!MetricsServer::parseAddress(value, &address, &port, &why))
                return fail(QStringLiteral("--metrics: ") + why);
            c.metricsAddress = value;
        } else if (arg == QLatin1String("--serve-echo") || arg == QLatin1String("--serve-http") ||
                   arg == QLatin1String("--serve-ws")) {
            bool ok = false;
            const int port = value.toInt(&ok);
            if (!ok || port < 0 || port > 65535)
                return fail(
                    QCoreApplication::translate("CommandLine", "%1: expected a port from 0 to 65535, found \"%2\"")
                        .arg(arg, value));
            (arg == QLatin1String("--serve-echo")   ? c.serveEchoPort
             : arg == QLatin1String("--serve-http") ? c.serveHttpPort
                                                    : c.serveWsPort) = port;
        } else if (arg == QLatin1String("--framing")) {
            if (value != QLatin1String("line") && value != QLatin1String("length"))
                return fail(
                    QCoreApplication::translate("CommandLine", "--framing: expected line or length, found \"%1\"")
                        .arg(value));
            c.framing = value;
        } else if (arg.startsWith(u'-') && arg.size() > 1) {
            return fail(QCoreApplication::translate("CommandLine", "unknown option %1 (see --help)").arg(arg));
        } else if (i == 1 && arg == QLatin1String("agent")) {
            c.agent = true;
            c.headless = true;
        } else if (c.profile.isEmpty()) {
            c.profile = arg;
        } else {
            return fail(QCoreApplication::translate("CommandLine", "one profile only, found \"%1\" and \"%2\"")
                            .arg(c.profile, arg));
        }
    }
    if (c.findMaxRate && (c.maxRateWorkload.isEmpty() || c.maxRateP99Ms <= 0))
        return fail(
            QCoreApplication::translate("CommandLine", "--find-max-rate needs --workload NAME and --p99-ms MS"));
    if (c.agent && c.redisUrl.isEmpty() && !c.showHelp && !c.showVersion)
        return fail(QCoreApplication::translate("CommandLine", "agent needs --redis redis://HOST:PORT/DB"));
    if (c.agent && !c.profile.isEmpty())
        return fail(QCoreApplication::translate("CommandLine", "an agent takes no profile: the controller sends it"));
    if (c.headless && !c.agent && c.profile.isEmpty() && !c.showHelp && !c.showVersion)
        return fail(QCoreApplication::translate("CommandLine", "--headless needs a PROFILE.json"));
    return c;
}

} // namespace coroscope
