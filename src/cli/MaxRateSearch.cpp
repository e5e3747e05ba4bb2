#include "cli/MaxRateSearch.h"

#include "cli/CommandLine.h"
#include "core/Run.h"
#include "core/Workload.h"
#include "profile/ProfileValidator.h"
#include "report/JsonReport.h"
#include "workloads/WorkloadRegistry.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>

#include <cmath>
#include <cstdio>

namespace coroscope {

namespace {

constexpr double kMaxRate = 10'000'000;

double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

QString rateText(double rate)
{
    return QString::number(std::round(rate * 10.0) / 10.0, 'f', rate >= 100 ? 0 : 1);
}

} // namespace

MaxRateSearch::MaxRateSearch(RunSpec profile, MaxRateOptions options, QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_options(std::move(options))
{
    qRegisterMetaType<coroscope::MaxRateStep>();
}

MaxRateSearch::~MaxRateSearch()
{
    if (m_run)
        disconnect(m_run.get(), nullptr, this, nullptr);
}

QString MaxRateSearch::problem(const RunSpec &profile, const MaxRateOptions &options)
{
    for (const WorkloadSpec &w : profile.workloads) {
        if (w.name != options.workload)
            continue;
        if (w.type != QLatin1String("http-fanout"))
            return tr("the workload \"%1\" is %2; the max-rate search drives an http-fanout workload")
                .arg(w.name, w.type);
        if (!(options.p99Ms > 0))
            return tr("--p99-ms: expected a positive number of milliseconds");
        if (!(options.maxErrorRate >= 0 && options.maxErrorRate <= 1))
            return tr("--max-error-rate: expected a fraction from 0 to 1");
        if (!(options.stepSeconds > 0))
            return tr("--step-seconds: expected a positive number of seconds");
        return QString();
    }
    QStringList names;
    for (const WorkloadSpec &w : profile.workloads)
        names << w.name;
    return tr("no workload named \"%1\" in the profile (it has: %2)")
        .arg(options.workload, names.join(QStringLiteral(", ")));
}

RunSpec MaxRateSearch::stepSpec(double rate) const
{
    RunSpec spec = m_profile;
    // Long enough for the histogram to hold minSamples requests at this rate, with room for the start.
    spec.durationSeconds = std::max(m_options.stepSeconds, 1.25 * m_options.minSamples / rate);
    spec.rules.clear();
    for (WorkloadSpec &w : spec.workloads) {
        w.enabled = w.name == m_options.workload;
        if (!w.enabled)
            continue;
        w.startAfterMs = 0;
        w.params.insert(QStringLiteral("ratePerSecond"), rate);
        w.params.insert(QStringLiteral("requests"), 0); // until the step's duration
        w.params.remove(QStringLiteral("stages"));
    }
    return spec;
}

void MaxRateSearch::start()
{
    if (m_running)
        return;
    m_running = true;
    m_cancelled = false;
    m_steps.clear();
    m_good = m_bad = 0;
    double first = m_options.startRate;
    for (const WorkloadSpec &w : m_profile.workloads) {
        if (first <= 0 && w.name == m_options.workload)
            first = w.params.value(QStringLiteral("ratePerSecond")).toDouble();
    }
    runStep(first > 0 ? first : 10);
}

void MaxRateSearch::cancel()
{
    m_cancelled = true;
    if (m_run)
        m_run->cancelAll();
}

void MaxRateSearch::runStep(double rate)
{
    if (m_cancelled) { // cancelled between two steps
        end(tr("cancelled"));
        return;
    }
    m_rate = rate;
    const RunSpec spec = stepSpec(rate);
    QList<JsonIssue> issues;
    auto workloads = WorkloadRegistry::buildAll(spec, &issues);
    if (workloads.empty()) {
        QStringList lines;
        for (const JsonIssue &i : issues)
            lines << i.toString();
        end(lines.join(u'\n'));
        return;
    }
    m_run = std::make_unique<Run>(spec, std::move(workloads));
    connect(m_run.get(), &Run::finished, this, &MaxRateSearch::onStepFinished);
    QString error;
    if (!m_run->prepare(&error)) {
        end(error);
        return;
    }
    Q_EMIT stepStarted(rate);
    m_run->start();
}

MaxRateStep MaxRateSearch::judge(double rate, const Snapshot &s) const
{
    MaxRateStep step;
    step.rate = rate;
    step.seconds = double(s.elapsedNs) / 1e9;
    step.loopLagP99Ms = s.loopLag.p99Ms;
    if (s.workloads.empty()) {
        step.why = tr("the workload did not run");
        return step;
    }
    const WorkloadSnapshot &w = s.workloads.front();
    step.samples = w.done();
    const qint64 errors = w.counts[stateIndex(TaskState::Failed)] + w.counts[stateIndex(TaskState::TimedOut)];
    step.errorRate = step.samples > 0 ? double(errors) / double(step.samples) : 0;
    step.p50Ms = w.latency.p50Ms;
    step.p99Ms = w.latency.p99Ms;
    const double lagLimit = std::min(m_options.maxLoopLagMs, m_options.p99Ms / 5);
    if (step.samples < m_options.minSamples)
        step.why = tr("only %1 requests finished, fewer than %2").arg(step.samples).arg(m_options.minSamples);
    else if (step.loopLagP99Ms > lagLimit) {
        step.generatorLimited = true;
        step.why = tr("the generator's loop lag p99 was %1 ms (over %2 ms): the generator, not the target, was "
                      "the limit")
                       .arg(step.loopLagP99Ms, 0, 'f', 1)
                       .arg(lagLimit, 0, 'f', 1);
    } else if (step.p99Ms > m_options.p99Ms)
        step.why = tr("p99 %1 ms over %2 ms").arg(step.p99Ms, 0, 'f', 1).arg(m_options.p99Ms);
    else if (step.errorRate > m_options.maxErrorRate)
        step.why = tr("error rate %1 over %2").arg(step.errorRate, 0, 'f', 4).arg(m_options.maxErrorRate);
    step.good = step.why.isEmpty();
    return step;
}

void MaxRateSearch::onStepFinished(const SnapshotPtr &s)
{
    m_finishedRun = std::move(m_run); // the one before it is deleted here, outside its signals
    if (m_cancelled) {
        end(tr("cancelled"));
        return;
    }
    const MaxRateStep step = judge(m_rate, *s);
    m_steps.append(step);
    Q_EMIT stepFinished(step);
    if (step.good)
        m_good = m_rate;
    else
        m_bad = m_rate;
    if (m_good <= 0) {
        end(QString()); // even the lowest step failed
        return;
    }
    double next = 0;
    if (m_bad <= 0)
        next = std::min(m_rate * 2, kMaxRate); // exponential steps until one fails
    else if ((m_bad - m_good) / m_good > m_options.knee)
        next = (m_good + m_bad) / 2; // bisection between the last good and the first bad
    if (next <= 0 || next == m_rate || m_steps.size() >= m_options.maxSteps) {
        end(QString());
        return;
    }
    // The next step starts on a fresh stack, not inside the finished Run's signal.
    QTimer::singleShot(0, this, [this, next] { runStep(next); });
}

void MaxRateSearch::end(const QString &error)
{
    if (m_run)
        m_finishedRun = std::move(m_run);
    m_running = false;
    Q_EMIT finished(error);
}

QJsonObject MaxRateStep::toJson() const
{
    QJsonObject o{{QStringLiteral("rate"), round3(rate)},
                  {QStringLiteral("seconds"), round3(seconds)},
                  {QStringLiteral("samples"), double(samples)},
                  {QStringLiteral("p50Ms"), round3(p50Ms)},
                  {QStringLiteral("p99Ms"), round3(p99Ms)},
                  {QStringLiteral("errorRate"), round3(errorRate * 1000) / 1000},
                  {QStringLiteral("loopLagP99Ms"), round3(loopLagP99Ms)},
                  {QStringLiteral("good"), good},
                  {QStringLiteral("generatorLimited"), generatorLimited}};
    if (!why.isEmpty())
        o.insert(QStringLiteral("why"), why);
    return o;
}

QJsonObject MaxRateSearch::toJson() const
{
    QJsonArray curve;
    for (const MaxRateStep &s : m_steps)
        curve.append(s.toJson());
    return QJsonObject{{QStringLiteral("profile"), m_profile.name},
                       {QStringLiteral("workload"), m_options.workload},
                       {QStringLiteral("p99TargetMs"), m_options.p99Ms},
                       {QStringLiteral("maxErrorRate"), m_options.maxErrorRate},
                       {QStringLiteral("stepSeconds"), m_options.stepSeconds},
                       {QStringLiteral("maxRatePerSecond"), m_good > 0 ? QJsonValue(round3(m_good)) : QJsonValue()},
                       {QStringLiteral("curve"), curve}};
}

int MaxRateSearch::runCommand(const CommandLine &options)
{
    const auto printErr = [](const QString &text) {
        std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
        std::fflush(stderr);
    };
    const ProfileLoader::Result checked = ProfileValidator::checkFile(options.profile);
    if (!checked.ok()) {
        printErr(checked.errorText(options.profile));
        return 2;
    }
    MaxRateOptions o;
    o.workload = options.maxRateWorkload;
    o.p99Ms = options.maxRateP99Ms;
    o.maxErrorRate = options.maxRateErrorRate;
    o.stepSeconds = options.maxRateStepSeconds;
    if (const QString why = problem(*checked.spec, o); !why.isEmpty()) {
        printErr(options.profile + QStringLiteral(": ") + why);
        return 2;
    }
    MaxRateSearch search(*checked.spec, o);
    QEventLoop loop;
    QString failure;
    connect(&search, &MaxRateSearch::stepStarted, &loop, [&](double rate) {
        if (!options.quiet)
            printErr(
                tr("step: %1/s for %2 s").arg(rateText(rate)).arg(search.stepSpec(rate).durationSeconds, 0, 'f', 1));
    });
    connect(&search, &MaxRateSearch::stepFinished, &loop, [&](const MaxRateStep &s) {
        printErr(tr("  %1/s: %2 requests, p50 %3 ms, p99 %4 ms, errors %5 %, loop lag p99 %6 ms: %7")
                     .arg(rateText(s.rate))
                     .arg(s.samples)
                     .arg(s.p50Ms, 0, 'f', 1)
                     .arg(s.p99Ms, 0, 'f', 1)
                     .arg(s.errorRate * 100, 0, 'f', 2)
                     .arg(s.loopLagP99Ms, 0, 'f', 1)
                     .arg(s.good ? tr("good") : s.why));
    });
    connect(&search, &MaxRateSearch::finished, &loop, [&](const QString &error) {
        failure = error;
        loop.quit();
    });
    QTimer::singleShot(0, &search, &MaxRateSearch::start);
    loop.exec();
    if (!failure.isEmpty()) {
        printErr(options.profile + QStringLiteral(": ") + failure);
        return 2;
    }
    if (!options.reportFile.isEmpty()) {
        QString error;
        if (!JsonReport::write(options.reportFile, search.toJson(), &error))
            printErr(tr("%1: cannot write the report: %2").arg(options.reportFile, error));
    }
    if (search.maxRate() <= 0) {
        std::printf("%s\n", qPrintable(tr("no rate met the targets, not even %1/s")
                                           .arg(rateText(search.steps().isEmpty() ? 0 : search.steps().first().rate))));
        return 1;
    }
    std::printf("max rate: %s/s\n", qPrintable(rateText(search.maxRate())));
    std::fflush(stdout);
    return 0;
}

} // namespace coroscope
