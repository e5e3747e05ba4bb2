#include "gui/ResponseBreakdownModel.h"

#include "gui/StateCountsModel.h"

namespace coroscope {

ResponseBreakdownModel::ResponseBreakdownModel(QObject *parent) : QAbstractTableModel(parent) {}

void ResponseBreakdownModel::follow(StateCountsModel *counts)
{
    const auto update = [this, counts] { setSnapshot(counts->snapshot()); };
    connect(counts, &QAbstractItemModel::modelReset, this, update);
    connect(counts, &QAbstractItemModel::dataChanged, this, update);
}

void ResponseBreakdownModel::setSnapshot(const SnapshotPtr &snapshot)
{
    QList<Row> rows;
    if (snapshot) {
        for (int w = 0; w < int(snapshot->workloads.size()); ++w) {
            const WorkloadSnapshot &ws = snapshot->workloads[size_t(w)];
            for (int c = 0; c < ws.checks.size(); ++c)
                rows << Row{w, c, -1};
            for (int u = 0; u < ws.urls.size(); ++u)
                rows << Row{w, -1, u};
        }
    }
    if (rows.size() != m_rows.size()) {
        beginResetModel();
        m_snapshot = snapshot;
        m_rows = rows;
        endResetModel();
        return;
    }
    m_snapshot = snapshot;
    m_rows = rows;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int ResponseBreakdownModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResponseBreakdownModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ResponseBreakdownModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || !m_snapshot)
        return {};
    const Row &r = m_rows[index.row()];
    const WorkloadSnapshot &w = m_snapshot->workloads[size_t(r.workload)];
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Passed ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role != Qt::DisplayRole)
        return {};
    if (r.check >= 0) {
        const CheckTally &c = w.checks[r.check];
        switch (index.column()) {
        case Workload:
            return w.name;
        case Item:
            return tr("check %1").arg(c.name);
        case Passed:
            return c.passed;
        case Failed:
            return c.failed;
        default:
            return QString();
        }
    }
    const UrlSummary &u = w.urls[r.url];
    switch (index.column()) {
    case Workload:
        return w.name;
    case Item:
        return u.url == QLatin1String("other") ? tr("(other URLs)") : u.url;
    case Passed:
        return u.succeeded;
    case Failed:
        return u.failed;
    case TimedOut:
        return u.timedOut;
    case P50:
        return QString::number(u.latency.p50Ms, 'f', 2);
    case P95:
        return QString::number(u.latency.p95Ms, 'f', 2);
    case P99:
        return QString::number(u.latency.p99Ms, 'f', 2);
    default:
        return {};
    }
}

QVariant ResponseBreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Workload:
        return tr("Workload");
    case Item:
        return tr("Check or URL");
    case Passed:
        return tr("Passed / succeeded");
    case Failed:
        return tr("Failed");
    case TimedOut:
        return tr("Timed out");
    case P50:
        return tr("p50 ms");
    case P95:
        return tr("p95 ms");
    case P99:
        return tr("p99 ms");
    default:
        return {};
    }
}

} // namespace coroscope
