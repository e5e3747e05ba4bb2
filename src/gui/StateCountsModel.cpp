#include "gui/StateCountsModel.h"

#include "gui/StateAppearance.h"

#include <QFont>
#include <QStringList>

#include <array>

namespace coroscope {

namespace {

// In Column order; the state columns (nullptr here) take their titles from stateTitle().
// QT_TRANSLATE_NOOP lets lupdate see the titles under tr()'s context.
constexpr std::array<const char *, StateCountsModel::ColumnCount> kColumnTitles{
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "Workload"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "Type"),
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "Done/s"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "Avg done/s"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "p50 ms"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "p95 ms"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "p99 ms"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "Finished at s"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "Running tasks wait on"),
    QT_TRANSLATE_NOOP("coroscope::StateCountsModel", "Target"),
};

} // namespace

StateCountsModel::StateCountsModel(QObject *parent)
    : ColumnTableModel(
          kColumnTitles,
          {Pending, Running, Succeeded, Failed, TimedOut, Cancelled, Rate, ActiveRate, P50, P95, P99, FinishedAt},
          parent)
{}

void StateCountsModel::setSnapshot(const SnapshotPtr &snapshot)
{
    const int before = rowCount();
    const int after = snapshot ? int(snapshot->workloads.size()) + 1 : 0;
    if (before != after) {
        beginResetModel();
        m_snapshot = snapshot;
        endResetModel();
        return;
    }
    m_snapshot = snapshot;
    if (after > 0)
        Q_EMIT dataChanged(index(0, 0), index(after - 1, ColumnCount - 1));
}

void StateCountsModel::setStartOffsets(const RunSpec &spec)
{
    m_startSeconds.clear();
    for (const WorkloadSpec &w : spec.workloads)
        m_startSeconds.insert(w.name, double(w.startAfterMs) / 1000.0);
}

double StateCountsModel::activeRate(int row) const
{
    if (!m_snapshot || row < 0 || row > int(m_snapshot->workloads.size()))
        return 0;
    const double elapsed = double(m_snapshot->elapsedNs) / 1e9;
    if (row == int(m_snapshot->workloads.size()))
        return elapsed > 0 ? double(m_snapshot->totalDone()) / elapsed : 0.0;
    const WorkloadSnapshot &w = m_snapshot->workloads[size_t(row)];
    const double end = w.finished && w.finishedAtSeconds >= 0 ? w.finishedAtSeconds : elapsed;
    const double active = end - m_startSeconds.value(w.name, 0.0);
    return active > 0 ? double(w.done()) / active : 0.0;
}

int StateCountsModel::rows() const
{
    return m_snapshot ? int(m_snapshot->workloads.size()) + 1 : 0;
}

QVariant StateCountsModel::cell(const QModelIndex &index, int role) const
{
    const bool isTotal = index.row() == int(m_snapshot->workloads.size());
    const WorkloadSnapshot *w = isTotal ? nullptr : &m_snapshot->workloads[size_t(index.row())];
    const StateCounts &counts = isTotal ? m_snapshot->totals : w->counts;

    if (role == Qt::FontRole && isTotal) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole && !isTotal && index.column() == Name) {
        // The workload's own figures (connections by state, server counters) as a tooltip.
        QStringList lines;
        for (auto it = w->gauges.cbegin(); it != w->gauges.cend(); ++it)
            lines << QStringLiteral("%1: %2").arg(gaugeName(it.key())).arg(it.value());
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(u'\n'));
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};

    switch (index.column()) {
    case Name:
        return isTotal ? tr("Total") : w->name;
    case Type:
        return isTotal ? QString() : w->type;
    case Pending:
    case Running:
    case Succeeded:
    case Failed:
    case TimedOut:
    case Cancelled:
        return counts[size_t(index.column() - Pending)];
    case Rate: {
        // The last second's completions: nothing completes any more once the run or workload ended.
        const bool ended = !m_snapshot->running || (w && w->finished);
        const double rate = ended ? 0.0 : isTotal ? m_snapshot->throughputPerSecond : w->throughputPerSecond;
        return QString::number(rate, 'f', 1);
    }
    case ActiveRate:
        return QString::number(activeRate(index.row()), 'f', 1);
    case P50:
        return isTotal ? QString() : QString::number(w->latency.p50Ms, 'f', 2);
    case P95:
        return isTotal ? QString() : QString::number(w->latency.p95Ms, 'f', 2);
    case P99:
        return isTotal ? QString() : QString::number(w->latency.p99Ms, 'f', 2);
    case FinishedAt:
        if (isTotal)
            return m_snapshot->running ? QString() : QString::number(double(m_snapshot->elapsedNs) / 1e9, 'f', 2);
        return w->finished && w->finishedAtSeconds >= 0 ? QString::number(w->finishedAtSeconds, 'f', 2) : QString();
    case WaitingOn: {
        if (isTotal)
            return QString();
        QStringList parts;
        for (auto it = w->runningByPhase.cbegin(); it != w->runningByPhase.cend(); ++it)
            parts << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
        return parts.join(QStringLiteral(", "));
    }
    case Target:
        return isTotal ? QString() : w->target;
    default:
        return {};
    }
}

QString StateCountsModel::untabledTitle(int section) const
{
    return section >= Pending && section <= Cancelled ? stateTitle(TaskState(section - Pending)) : QString();
}

QVariant StateCountsModel::headerToolTip(int section) const
{
    switch (section) {
    case Rate:
        return tr("Tasks done in the last second; 0 once the workload or the run has ended");
    case ActiveRate:
        return tr("Tasks done per second of the workload's own active time: from its start (startAfterMs) "
                  "to its finish, or to now while it runs");
    case FinishedAt:
        return tr("When the workload finished, in seconds since the run started");
    default:
        return {};
    }
}

} // namespace coroscope
