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
    // A row is the same while its workload and kind are: then only the counts and messages move.
    const auto sameError = [](const Row &a, const Row &b) { return a[Workload] == b[Workload] && a[Kind] == b[Kind]; };
    replaceRows(m_rows, std::move(rows), sameError, Count, LastMessage);
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
