#include "cli/ProgressLine.h"

#include <unistd.h>

namespace coroscope {

ProgressLine::ProgressLine(FILE *out) : m_out(out), m_tty(::isatty(::fileno(out)) == 1) {}

QString ProgressLine::format(const Snapshot &s)
{
    const auto n = [&s](TaskState st) { return s.totals[stateIndex(st)]; };
    double p99 = 0;
    for (const auto &w : s.workloads)
        p99 = std::max(p99, w.latency.p99Ms);
    return tr("%1s  pending %2  running %3  done %4 (ok %5, failed %6, timed out %7)  cancelled %8  "
              "%9/s  p99 %10 ms  lag p99 %11 ms")
        .arg(QString::number(double(s.elapsedNs) / 1e9, 'f', 1))
        .arg(n(TaskState::Pending))
        .arg(n(TaskState::Running))
        .arg(s.totalDone())
        .arg(n(TaskState::Succeeded))
        .arg(n(TaskState::Failed))
        .arg(n(TaskState::TimedOut))
        .arg(n(TaskState::Cancelled))
        .arg(QString::number(s.throughputPerSecond, 'f', 0))
        .arg(QString::number(p99, 'f', 2))
        .arg(QString::number(s.loopLag.p99Ms, 'f', 2));
}

void ProgressLine::offer(const Snapshot &s)
{
    const qint64 every = m_tty ? 250'000'000 : 1'000'000'000;
    if (s.elapsedNs - m_lastShownNs < every)
        return;
    m_lastShownNs = s.elapsedNs;
    const QByteArray line = format(s).toLocal8Bit();
    if (m_tty)
        std::fprintf(m_out, "\r\x1b[K%s", line.constData());
    else
        std::fprintf(m_out, "%s\n", line.constData());
    m_drawn = true;
    std::fflush(m_out);
}

void ProgressLine::finish()
{
    if (m_tty && m_drawn)
        std::fprintf(m_out, "\n");
    std::fflush(m_out);
}

} // namespace coroscope
