#include "gui/ErrorsModel.h"

#include <array>

namespace coroscope {

namespace {

// In Column order; QT_TRANSLATE_NOOP lets lupdate see the titles under tr()'s context.
constexpr std::array<const char *, ErrorsModel::ColumnCount> kColumnTitles{
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Workload"),
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Error kind"),
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Count"),
    QT_TRANSLATE_NOOP("coroscope::ErrorsModel", "Last message"),
};

} // namespace

ErrorsModel::ErrorsModel(QObject *parent) : ColumnTableModel(kColumnTitles, {Count}, parent) {}

void ErrorsModel::setSnapshot(const SnapshotPtr &snapshot)
{
    QList<Row> rows;
    if (snapshot) {
        for (const WorkloadSnapshot &w : snapshot->workloads) {
            for (auto it = w.errors.cbegin(); it != w.errors.cend(); ++it)
                rows.push_back(Row{w.name, errorKindName(it.key()), it->count, it->lastMessage});
        }
    }
    const bool sameShape = rows.size() == m_rows.size() &&
                           std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(), [](const Row &a, const Row &b) {
                               return a[Workload] == b[Workload] && a[Kind] == b[Kind];
                           });
    if (!sameShape) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    m_rows = std::move(rows);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Count), index(int(m_rows.size()) - 1, LastMessage));
}

int ErrorsModel::rows() const
{
    return int(m_rows.size());
}

QVariant ErrorsModel::cell(const QModelIndex &index, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    return m_rows[index.row()][size_t(index.column())];
}

} // namespace coroscope
