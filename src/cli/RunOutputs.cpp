#include "cli/RunOutputs.h"

#include "cli/OpenFileLimit.h"

#include "cli/HeadlessRunner.h"
#include "cli/SummaryTable.h"
#include "core/RuleEvaluator.h"
#include "report/JUnitWriter.h"
#include "report/JsonReport.h"
#include "report/ShapeReport.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace coroscope {

namespace {

void printErr(const QString &text)
{
    std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

// Why `path` cannot take a new file written atomically (QSaveFile writes beside it, then renames).
QString whyUnwritable(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return RunOutputs::tr("it is a directory");
    const QFileInfo dir(info.absolutePath());
    if (!dir.exists())
        return RunOutputs::tr("the directory %1 does not exist").arg(QDir::toNativeSeparators(dir.filePath()));
    if (!dir.isDir())
        return RunOutputs::tr("%1 is not a directory").arg(QDir::toNativeSeparators(dir.filePath()));
    if (!dir.isWritable())
        return RunOutputs::tr("the directory %1 is not writable").arg(QDir::toNativeSeparators(dir.filePath()));
    if (info.exists() && !info.isWritable())
        return RunOutputs::tr("the file is not writable");
    return QString();
}

} // namespace

RunOutputs::RunOutputs(const CommandLine &options, const RunSpec &spec) : m_options(options), m_spec(spec) {}

QString RunOutputs::unwritablePathProblem(const CommandLine &options)
{
    const std::pair<const char *, QString> outputs[] = {
        {"--report", options.reportFile}, {"--csv", options.csvFile}, {"--junit", options.junitFile}};
    QStringList problems;
    for (const auto &[flag, path] : outputs) {
        if (path.isEmpty())
            continue;
        const QString why = whyUnwritable(path);
        if (!why.isEmpty())
            problems << tr("%1 %2: cannot write there: %3").arg(QLatin1String(flag), path, why);
    }
    return problems.join(u'\n');
}

void RunOutputs::setRuleAbort(const RuleAbort &abort)
{
    std::lock_guard lock(m_mutex);
    m_abort = abort;
}

void RunOutputs::offer(const SnapshotPtr &latest, const QDateTime &startedAt)
{
    std::lock_guard lock(m_mutex);
    m_latest = latest;
    m_startedAt = startedAt;
}

void RunOutputs::setExtraReportKeys(const QJsonObject &keys)
{
    std::lock_guard lock(m_mutex);
    m_extraKeys = keys;
}

int RunOutputs::write(const Snapshot &s, const QDateTime &startedAt, bool interrupted,
                      const QJsonArray &timeSeries) const
{
    const QList<RuleResult> results = RuleEvaluator::evaluateAll(m_spec.rules, s);
    int code = HeadlessRunner::Passed;
    for (const auto &r : results) {
        if (!r.passed)
            code = HeadlessRunner::RuleFailed;
    }
    std::optional<RuleAbort> abort;
    {
        std::lock_guard lock(m_mutex);
        abort = m_abort;
    }
    if (abort)
        code = HeadlessRunner::RuleFailed;
    if (interrupted)
        code = HeadlessRunner::Interrupted;

    QString error;
    releaseSpareDescriptors();
    if (!m_options.reportFile.isEmpty()) {
        QJsonObject report = JsonReport::build(m_spec, s, startedAt, interrupted, results, timeSeries);
        ShapeReport::addTo(report, s, abort);
        {
            std::lock_guard lock(m_mutex);
            for (auto it = m_extraKeys.constBegin(); it != m_extraKeys.constEnd(); ++it)
                report.insert(it.key(), it.value());
        }
        if (!JsonReport::write(m_options.reportFile, report, &error)) {
            printErr(tr("%1: cannot write the report: %2").arg(m_options.reportFile, error));
            code = code == HeadlessRunner::Passed ? HeadlessRunner::BadInput : code;
        }
    }
    if (!m_options.junitFile.isEmpty() &&
        !JUnitWriter::write(m_options.junitFile, m_spec.name, results, double(s.elapsedNs) / 1e9, &error)) {
        printErr(tr("%1: cannot write the JUnit file: %2").arg(m_options.junitFile, error));
        code = code == HeadlessRunner::Passed ? HeadlessRunner::BadInput : code;
    }
    const QByteArray summary = SummaryTable::render(m_spec, s, interrupted, results).toLocal8Bit();
    std::fwrite(summary.constData(), 1, size_t(summary.size()), stdout);
    if (abort) {
        const QByteArray line = tr("Stopped at %1 s by the rule %2 (actual %3)")
                                    .arg(abort->atSeconds, 0, 'f', 1)
                                    .arg(abort->rule)
                                    .arg(abort->actual)
                                    .toLocal8Bit() +
                                '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    }
    std::fflush(stdout);
    return code;
}

void RunOutputs::writeInterrupted() const
{
    SnapshotPtr latest;
    QDateTime startedAt;
    {
        std::lock_guard lock(m_mutex);
        latest = m_latest;
        startedAt = m_startedAt;
    }
    printErr(tr("interrupted: writing the partial report of what is known and exiting"));
    if (latest)
        write(*latest, startedAt, true, QJsonArray());
}

} // namespace coroscope
