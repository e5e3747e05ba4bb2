#include "gui/ResponseBreakdownModel.h"

#include "gui/StateCountsModel.h"

#include <array>

namespace coroscope {

namespace {

// In Column order; QT_TRANSLATE_NOOP lets lupdate see the titles under tr()'s context.
constexpr std::array<const char *, ResponseBreakdownModel::ColumnCount> kColumnTitles{
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "Workload"),
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "Check or URL"),
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "Passed / succeeded"),
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "Failed"),
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "Timed out"),
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "p50 ms"),
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "p95 ms"),
    QT_TRANSLATE_NOOP("coroscope::ResponseBreakdownModel", "p99 ms"),
};

} // namespace

ResponseBreakdownModel::ResponseBreakdownModel(QObject *parent)
    : ColumnTableModel(kColumnTitles, {Passed, Failed, TimedOut, P50, P95, P99}, parent)
{}

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

int ResponseBreakdownModel::rows() const
{
    return int(m_rows.size());
}

QVariant ResponseBreakdownModel::cell(const QModelIndex &index, int role) const
{
    if (!m_snapshot || role != Qt::DisplayRole)
        return {};
    const Row &r = m_rows[index.row()];
    const WorkloadSnapshot &w = m_snapshot->workloads[size_t(r.workload)];
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

} // namespace coroscope
