#include "cli/SummaryTable.h"

#include "report/WorkloadRate.h"

#include <QStringList>

namespace coroscope {

namespace {

bool isWide(char32_t u)
{
    return (u >= 0x1100 && u <= 0x115F) || (u >= 0x2E80 && u <= 0x303E) || (u >= 0x3041 && u <= 0x33FF) ||
           (u >= 0x3400 && u <= 0x4DBF) || (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xA000 && u <= 0xA4CF) ||
           (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0xF900 && u <= 0xFAFF) || (u >= 0xFE30 && u <= 0xFE4F) ||
           (u >= 0xFF00 && u <= 0xFF60) || (u >= 0xFFE0 && u <= 0xFFE6) || (u >= 0x1F300 && u <= 0x1F64F) ||
           (u >= 0x20000 && u <= 0x3FFFD);
}

// Columns: names left-aligned, then numbers right-aligned.
QString formatTable(const QList<QStringList> &rows, qsizetype leftAligned)
{
    QList<qsizetype> widths;
    for (const auto &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths << 0;
            widths[i] = std::max(widths[i], SummaryTable::displayWidth(row[i]));
        }
    }
    QString out;
    for (const auto &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const QString pad(widths[i] - SummaryTable::displayWidth(row[i]), u' ');
            line += i < leftAligned ? row[i] + pad : pad + row[i];
            line += QStringLiteral("  ");
        }
        while (line.endsWith(u' '))
            line.chop(1);
        out += line + u'\n';
    }
    return out;
}

// One precision per kind of figure, so that a column's decimal points line up.
QString ms(double v)
{
    return QString::number(v, 'f', 3);
}

QString rate(double v)
{
    return QString::number(v, 'f', 1);
}

QString seconds(double v)
{
    return QString::number(v, 'f', 2);
}

} // namespace

QString SummaryTable::breakdown(const WorkloadSnapshot &w)
{
    QString out;
    for (const CheckTally &c : w.checks)
        out += tr("check %1 in %2: %3 passed, %4 failed\n").arg(c.name, w.name).arg(c.passed).arg(c.failed);
    if (w.urls.isEmpty())
        return out;
    out += tr("per URL in %1:\n").arg(w.name);
    QList<QStringList> rows;
    rows << QStringList{tr("URL"),    tr("succeeded"), tr("failed"), tr("timed out"),
                        tr("p50 ms"), tr("p95 ms"),    tr("p99 ms"), tr("max ms")};
    for (const UrlSummary &u : w.urls) {
        const QString name = u.url == QLatin1String("other") ? tr("(other URLs)") : u.url;
        rows << QStringList{QStringLiteral("  ") + name, QString::number(u.succeeded), QString::number(u.failed),
                            QString::number(u.timedOut), ms(u.latency.p50Ms),          ms(u.latency.p95Ms),
                            ms(u.latency.p99Ms),         ms(u.latency.maxMs)};
    }
    return out + formatTable(rows, 1);
}

qsizetype SummaryTable::displayWidth(const QString &s)
{
    qsizetype w = 0;
    for (const char32_t u : s.toUcs4())
        w += isWide(u) ? 2 : 1;
    return w;
}

QString SummaryTable::render(const RunSpec &spec, const Snapshot &s, bool interrupted, const QList<RuleResult> &rules)
{
    const double runSeconds = double(s.elapsedNs) / 1e9;
    QString out = tr("Profile \"%1\": %2 s%3\n")
                      .arg(spec.name, seconds(runSeconds), interrupted ? tr(" (interrupted)") : QString());
    QList<QStringList> rows;
    rows << QStringList{tr("workload"), tr("type"),      tr("pending"),   tr("running"), tr("succeeded"),
                        tr("failed"),   tr("timed out"), tr("cancelled"), tr("rate/s"),  tr("finished s"),
                        tr("p50 ms"),   tr("p90 ms"),    tr("p95 ms"),    tr("p99 ms"),  tr("max ms")};
    auto counts = [](const StateCounts &c) {
        QStringList l;
        for (qint64 v : c)
            l << QString::number(v);
        return l;
    };
    for (const auto &w : s.workloads) {
        rows << (QStringList{w.name, w.type} + counts(w.counts) +
                 QStringList{rate(WorkloadRate::donePerSecond(w, s, spec)),
                             w.finishedAtSeconds >= 0 ? seconds(w.finishedAtSeconds) : QStringLiteral("-"),
                             ms(w.latency.p50Ms), ms(w.latency.p90Ms), ms(w.latency.p95Ms), ms(w.latency.p99Ms),
                             ms(w.latency.maxMs)});
    }
    rows << (QStringList{tr("total"), QString()} + counts(s.totals) +
             QStringList{rate(runSeconds > 0 ? double(s.totalDone()) / runSeconds : 0),
                         s.running ? QStringLiteral("-") : seconds(runSeconds)});
    out += formatTable(rows, 2);
    if (s.loopLagPerThread.size() > 1) {
        // The worst thread is the stall signal; which one it was tells a hot shard from a slow host.
        size_t worst = 0;
        for (size_t t = 1; t < s.loopLagPerThread.size(); ++t) {
            if (s.loopLagPerThread[t].p99Ms > s.loopLagPerThread[worst].p99Ms)
                worst = t;
        }
        out += tr("event-loop lag (worst of %4 loop threads, thread %5): p50 %1 ms, p99 %2 ms, max %3 ms\n")
                   .arg(ms(s.loopLag.p50Ms), ms(s.loopLag.p99Ms), ms(s.loopLag.maxMs))
                   .arg(s.loopLagPerThread.size())
                   .arg(worst + 1);
    } else {
        out += tr("event-loop lag: p50 %1 ms, p99 %2 ms, max %3 ms\n")
                   .arg(ms(s.loopLag.p50Ms), ms(s.loopLag.p99Ms), ms(s.loopLag.maxMs));
    }
    for (const auto &w : s.workloads) {
        for (auto it = w.errors.cbegin(); it != w.errors.cend(); ++it)
            out += tr("errors in %1: %2 x %3\n").arg(w.name, errorKindName(it.key())).arg(it->count);
    }
    for (const auto &w : s.workloads)
        out += breakdown(w);
    for (const auto &r : rules) {
        const QString verdict = r.passed ? tr("PASS") : tr("FAIL");
        out += r.problem.isEmpty() ? tr("%1  %2 (actual %3)\n").arg(verdict, r.rule, QString::number(r.actual, 'f', 3))
                                   : tr("%1  %2 (%3)\n").arg(verdict, r.rule, r.problem);
    }
    return out;
}

} // namespace coroscope
