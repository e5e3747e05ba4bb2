#include "gui/StateCountsModel.h"

#include "gui/StateAppearance.h"

#include <QFont>
#include <QStringList>

namespace coroscope {

StateCountsModel::StateCountsModel(QObject *parent) : QAbstractTableModel(parent) {}

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

int StateCountsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_snapshot)
        return 0;
    return int(m_snapshot->workloads.size()) + 1;
}

int StateCountsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StateCountsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_snapshot)
        return {};
    const bool isTotal = index.row() == int(m_snapshot->workloads.size());
    const WorkloadSnapshot *w = isTotal ? nullptr : &m_snapshot->workloads[size_t(index.row())];
    const StateCounts &counts = isTotal ? m_snapshot->totals : w->counts;

    if (role == Qt::FontRole && isTotal) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() <= Type || index.column() >= WaitingOn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                                     : QVariant(Qt::AlignRight | Qt::AlignVCenter);
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
    case Rate:
        return QString::number(isTotal ? m_snapshot->throughputPerSecond : w->throughputPerSecond, 'f', 1);
    case P50:
        return isTotal ? QString() : QString::number(w->latency.p50Ms, 'f', 2);
    case P99:
        return isTotal ? QString() : QString::number(w->latency.p99Ms, 'f', 2);
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

QVariant StateCountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section >= Pending && section <= Cancelled)
        return stateTitle(TaskState(section - Pending));
    switch (section) {
    case Name:
        return tr("Workload");
    case Type:
        return tr("Type");
    case Rate:
        return tr("Done/s");
    case P50:
        return tr("p50 ms");
    case P99:
        return tr("p99 ms");
    case WaitingOn:
        return tr("Running tasks wait on");
    case Target:
        return tr("Target");
    default:
        return {};
    }
}

} // namespace coroscope
