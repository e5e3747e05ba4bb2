#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace coroscope {

// The command line of CONTRACT.md, shared by the GUI and the headless runner.
struct CommandLine {
    bool headless = false;
    bool quiet = false;
    bool showHelp = false;
    bool showVersion = false;
    bool exitWhenDone = false; // GUI: start at once and quit when the first run ends (scripts, benchmarks)
    bool startNow = false;     // GUI: --start, start the run as the window opens (otherwise it opens idle)
    QString profile;
    std::optional<double> durationSeconds;
    QString reportFile;
    QString csvFile;
    QString junitFile;
    QString metricsAddress; // --metrics [HOST:]PORT: Prometheus text at /metrics while running
    QString language;
    std::optional<int> serveEchoPort; // --serve-echo PORT: run the built-in echo server alone
    std::optional<int> serveHttpPort; // --serve-http PORT: run the built-in HTTP target alone
    std::optional<int> serveWsPort;   // --serve-ws PORT: run the built-in WebSocket echo server alone
    QString framing = QStringLiteral("line");
    // `coroscope agent --redis URL [--name NAME] [--label k=v]... [--password-env VAR] [--once]`
    bool agent = false;
    bool once = false; // agent: exit when its first run ends
    QString redisUrl;
    QString agentName;
    QMap<QString, QString> labels;
    QString passwordEnv; // agent and --fleet: the variable holding Redis's password
    // --fleet redis://... [--agents N] [--agent-label k=v]... [--agent-wait 30s]: run on a fleet
    QString fleetUrl;
    int agentsWanted = 1;
    QMap<QString, QString> agentLabels;
    double agentWaitSeconds = 30;
    // --find-max-rate PROFILE --workload NAME --p99-ms MS [--max-error-rate F] [--step-seconds S]
    bool findMaxRate = false;
    QString maxRateWorkload;
    double maxRateP99Ms = 0;
    double maxRateErrorRate = 0.01;
    double maxRateStepSeconds = 10;
    QString error; // set when the arguments are wrong

    static CommandLine parse(const QStringList &arguments);
    static QString helpText();
    // "30s", "2m", "500ms", "1h" or a bare number of seconds.
    static std::optional<double> parseDuration(const QString &text);
    // GUI: whether the run starts as the window opens (--start, or --exit-when-done).
    bool startsAtOnce() const { return startNow || exitWhenDone; }
    // Decides before any QCoreApplication exists whether the process needs a GUI.
    static bool wantsHeadless(int argc, char **argv);
};

} // namespace coroscope
