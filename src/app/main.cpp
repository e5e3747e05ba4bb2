// One binary: `--headless` builds a QCoreApplication and runs a profile without a window; otherwise a
// QApplication opens the main window on the given profile or the bundled default.
#include "cli/AgentCommand.h"
#include "cli/CommandLine.h"
#include "cli/FleetRunner.h"
#include "cli/HeadlessRunner.h"
#include "cli/MaxRateSearch.h"
#include "cli/MetricsEndpoint.h"
#include "cli/OpenFileLimit.h"
#include "cli/RunOutputs.h"
#include "cli/ServeCommand.h"
#include "cli/SignalWatcher.h"
#include "core/EpollEventDispatcher.h"
#include "gui/FleetSession.h"
#include "gui/MainWindow.h"
#include "profile/ProfileLoader.h"

#include <QApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTranslator>

#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <memory>

Q_LOGGING_CATEGORY(lcApp, "coroscope.app")

namespace {

QString languageFromArgs(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--lang") && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (!std::strncmp(argv[i], "--lang=", 7))
            return QString::fromLocal8Bit(argv[i] + 7);
    }
    return QString();
}

void installTranslators(QCoreApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("coroscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        app.installTranslator(own);
    else if (locale.language() != QLocale::English && locale.language() != QLocale::C)
        qCInfo(lcApp) << "no translation for" << locale.name() << "- using English";
}

int printAndExit(const QString &text, FILE *out, int code)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fprintf(out, "%s%s", bytes.constData(), bytes.endsWith('\n') ? "" : "\n");
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    // Buffers of 128 KiB and more (large messages, bodies) go back to the system when freed: glibc
    // otherwise raises its mmap threshold after the first such free, and a run that moved big
    // messages keeps their high-water mark as fragmented heap for the rest of its life.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    using namespace coroscope;
    QCoreApplication::setOrganizationName(QStringLiteral("Coroscope"));
    QCoreApplication::setApplicationName(QStringLiteral("coroscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COROSCOPE_VERSION));
    const QString language = languageFromArgs(argc, argv);

    // Qt's own UNIX dispatcher is measurably faster than GLib's for socket-heavy loops: ~10 % more
    // echo round trips headless, ~20 % in the window (bench/run gui). Without GLib's loop a native
    // GTK file dialog would not run, so the window then uses Qt's own dialogs. Users can override.
    const bool withoutGlib = !qEnvironmentVariableIsSet("QT_NO_GLIB");
    if (withoutGlib)
        qputenv("QT_NO_GLIB", "1");
    if (CommandLine::wantsHeadless(argc, argv)) {
        // Process set-up first: Ctrl+C is answered from here on, and sockets may open afterwards.
        SignalWatcher::installProcessHandlers();
        raiseOpenFileLimit();
        // The epoll dispatcher: a pass costs per ready socket (COROSCOPE_EVENT_DISPATCHER=qt for Qt's).
        // Not for the window: its loop must also deliver the window system's events.
        if (QAbstractEventDispatcher *dispatcher = EpollEventDispatcher::createIfWanted())
            QCoreApplication::setEventDispatcher(dispatcher);
        QCoreApplication app(argc, argv);
        installTranslators(app, language);
        const CommandLine options = CommandLine::parse(app.arguments());
        if (!options.error.isEmpty())
            return printAndExit(QStringLiteral("coroscope: ") + options.error, stderr, HeadlessRunner::BadInput);
        if (options.showHelp)
            return printAndExit(CommandLine::helpText(), stdout, 0);
        if (options.showVersion)
            return printAndExit(QStringLiteral("coroscope " COROSCOPE_VERSION), stdout, 0);
        if (options.serveEchoPort || options.serveHttpPort || options.serveWsPort)
            return ServeCommand::run(options);
        if (options.agent)
            return AgentCommand::run(options);
        if (!options.fleetUrl.isEmpty())
            return FleetRunner::run(options);
        if (options.findMaxRate)
            return MaxRateSearch::runCommand(options);
        return HeadlessRunner::run(options);
    }

    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        // The arguments are checked before the display: a wrong option is named as such.
        QCoreApplication app(argc, argv);
        installTranslators(app, language);
        const CommandLine options = CommandLine::parse(app.arguments());
        if (!options.error.isEmpty())
            return printAndExit(QStringLiteral("coroscope: ") + options.error, stderr, HeadlessRunner::BadInput);
        return printAndExit(QCoreApplication::translate("main", "coroscope: no display found (DISPLAY is not set). "
                                                                "Run `coroscope --headless PROFILE.json`, or the "
                                                                "GUI under xvfb-run."),
                            stderr, HeadlessRunner::BadInput);
    }
    raiseOpenFileLimit();
    if (withoutGlib)
        QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    QApplication app(argc, argv);
    installTranslators(app, language);
    const CommandLine options = CommandLine::parse(app.arguments());
    if (!options.error.isEmpty())
        return printAndExit(QStringLiteral("coroscope: ") + options.error, stderr, HeadlessRunner::BadInput);
    if (const QString problem = RunOutputs::unwritablePathProblem(options); !problem.isEmpty())
        return printAndExit(QStringLiteral("coroscope: ") + problem, stderr, HeadlessRunner::BadInput);

    MainWindow window;
    // --fleet: Start (and --start) runs on that fleet's agents.
    if (!options.fleetUrl.isEmpty())
        window.fleetSession()->arm(FleetRunner::fleetOptions(options));
    const ProfileLoader::Result bundled = ProfileLoader::loadFile(QStringLiteral(":/profiles/default.json"));
    if (bundled.ok())
        window.setRunSpec(*bundled.spec);
    else
        qCWarning(lcApp) << "the bundled default profile is broken:" << bundled.errorText(QStringLiteral("default"));
    const bool opened = options.profile.isEmpty() || window.openProfile(options.profile);
    // The window's runs at /metrics, like the headless runner's.
    MetricsEndpoint metrics([&window] { return window.latestSnapshot(); },
                            [&window] { return window.runSpec() ? window.runSpec()->name : QString(); });
    if (QString error; !options.metricsAddress.isEmpty() && !metrics.listen(options.metricsAddress, &error))
        return printAndExit(QStringLiteral("coroscope: --metrics: ") + error, stderr, HeadlessRunner::BadInput);
    window.show();
    if (!opened && options.exitWhenDone) {
        // Not the default profile's load in place of the one asked for.
        return printAndExit(QStringLiteral("coroscope: %1: the profile was not opened").arg(options.profile), stderr,
                            HeadlessRunner::BadInput);
    }
    if (opened && (options.exitWhenDone || !options.reportFile.isEmpty())) {
        // Scripted GUI runs (benchmarks, screenshots): the first run's report, the rules' exit code.
        QObject::connect(
            &window, &MainWindow::runFinished, &app,
            [&window, &options] {
                QString error;
                if (!options.reportFile.isEmpty() && !window.writeReport(options.reportFile, false, &error))
                    qCWarning(lcApp) << "cannot write the report:" << error;
                const bool passed = std::all_of(window.ruleResults().cbegin(), window.ruleResults().cend(),
                                                [](const RuleResult &r) { return r.passed; });
                if (options.exitWhenDone)
                    QCoreApplication::exit(!error.isEmpty() ? HeadlessRunner::BadInput
                                           : passed         ? HeadlessRunner::Passed
                                                            : HeadlessRunner::RuleFailed);
            },
            Qt::SingleShotConnection);
    }
    if (opened && options.exitWhenDone) {
        // A fleet run that never began (no agents, Redis down) ends a scripted run as bad input.
        QObject::connect(window.fleetSession(), &FleetSession::failed, &app, [&options](const QString &error) {
            QCoreApplication::exit(
                printAndExit(options.fleetUrl + QStringLiteral(": ") + error, stderr, HeadlessRunner::BadInput));
        });
    }
    // Opening never starts load: a user presses Start, a script says --start or --exit-when-done.
    if (!opened || !options.startsAtOnce())
        return app.exec();
    window.startRun();
    if (options.exitWhenDone && !window.isRunning())
        return printAndExit(QStringLiteral("coroscope: the run did not start: %1").arg(window.startBlockedReason()),
                            stderr, HeadlessRunner::BadInput);
    return app.exec();
}
