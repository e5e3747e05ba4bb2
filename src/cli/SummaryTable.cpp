#include "cli/SummaryTable.h"

#include <QStringList>

namespace coroscope {

namespace {

// Terminal columns a string takes: East Asian wide characters (the Chinese headings) take two.
qsizetype displayWidth(const QString &s)
{
    qsizetype w = 0;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        const bool wide = (u >= 0x1100 && u <= 0x115F) || (u >= 0x2E80 && u <= 0xA4CF) ||
                          (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0xF900 && u <= 0xFAFF) ||
                          (u >= 0xFE30 && u <= 0xFE4F) || (u >= 0xFF00 && u <= 0xFF60) || (u >= 0xFFE0 && u <= 0xFFE6);
        w += wide ? 2 : 1;
    }
    return w;
}

QString formatTable(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const auto &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths << 0;
            widths[i] = std::max(widths[i], displayWidth(row[i]));
        }
    }
    QString out;
    for (const auto &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const QString pad(widths[i] - displayWidth(row[i]), u' ');
            // Names left-aligned, numbers right-aligned.
            line += i < 2 ? row[i] + pad : pad + row[i];
            line += QStringLiteral("  ");
        }
        out += line.trimmed() + u'\n';
    }
    return out;
}

QString ms(double v)
{
    return QString::number(v, 'f', v < 10 ? 3 : 1);
}

} // namespace

QString SummaryTable::render(const QString &profile, const Snapshot &s, bool interrupted,
                             const QList<RuleResult> &rules)
{
    const double seconds = double(s.elapsedNs) / 1e9;
    QString out = tr("Profile \"%1\": %2 s%3\n")
                      .arg(profile, QString::number(seconds, 'f', 2),
                           interrupted ? tr(" (interrupted)") : QString());
    QList<QStringList> rows;
    rows << QStringList{tr("workload"), tr("type"),   tr("pending"), tr("running"), tr("succeeded"),
                        tr("failed"),   tr("timed out"), tr("cancelled"), tr("rate/s"), tr("p50 ms"),
                        tr("p90 ms"),   tr("p99 ms"), tr("max ms")};
    auto counts = [](const StateCounts &c) {
        QStringList l;
        for (qint64 v : c)
            l << QString::number(v);
        return l;
    };
    for (const auto &w : s.workloads) {
        rows << (QStringList{w.name, w.type} + counts(w.counts) +
                 QStringList{QString::number(seconds > 0 ? double(w.done()) / seconds : 0, 'f', 1),
                             ms(w.latency.p50Ms), ms(w.latency.p90Ms), ms(w.latency.p99Ms), ms(w.latency.maxMs)});
    }
    rows << (QStringList{tr("total"), QString()} + counts(s.totals) +
             QStringList{QString::number(seconds > 0 ? double(s.totalDone()) / seconds : 0, 'f', 1), QString(),
                         QString(), QString(), QString()});
    out += formatTable(rows);
    out += tr("event-loop lag: p50 %1 ms, p99 %2 ms, max %3 ms\n")
               .arg(ms(s.loopLag.p50Ms), ms(s.loopLag.p99Ms), ms(s.loopLag.maxMs));
    for (const auto &w : s.workloads) {
        for (auto it = w.errors.cbegin(); it != w.errors.cend(); ++it)
            out += tr("errors in %1: %2 x %3\n").arg(w.name, errorKindName(it.key())).arg(it->count);
    }
    for (const auto &r : rules) {
        const QString verdict = r.passed ? tr("PASS") : tr("FAIL");
        out += r.problem.isEmpty() ? tr("%1  %2 (actual %3)\n").arg(verdict, r.rule).arg(r.actual)
                                   : tr("%1  %2 (%3)\n").arg(verdict, r.rule, r.problem);
    }
    return out;
}

} // namespace coroscope
